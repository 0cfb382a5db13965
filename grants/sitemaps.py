from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from grants.models import Fund, GrantAward, Round


class GrantFundSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Fund.objects.order_by("position", "pk")


class GrantRoundSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Round.objects.order_by("-closes_on", "pk")


class GrantAwardSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.4
    limit = 5000

    def items(self):
        # Only what a sitemap entry needs (its number and date), not the award's text.
        return GrantAward.objects.published().only("created_at").order_by("-awarded_on", "-pk")

    def lastmod(self, award):
        return award.created_at

    def get_latest_lastmod(self):
        # For the sitemap index: one aggregate, not every award read to find the latest.
        return GrantAward.objects.published().aggregate(latest=Max("created_at"))["latest"]


SITEMAPS = {
    "grant-funds": GrantFundSitemap,
    "grant-rounds": GrantRoundSitemap,
    "grant-awards": GrantAwardSitemap,
}

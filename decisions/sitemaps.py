from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from decisions.models import DecisionRecord


class DecisionSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.6
    limit = 5000

    def items(self):
        # Only what a sitemap entry needs: not the records' text (thousands of them).
        return (
            DecisionRecord.objects.published()
            .only("slug", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return item.published_at

    def get_latest_lastmod(self):
        # For the sitemap index: one aggregate, not every record read to find the latest.
        return DecisionRecord.objects.published().aggregate(latest=Max("published_at"))["latest"]


SITEMAPS = {"decisions": DecisionSitemap}

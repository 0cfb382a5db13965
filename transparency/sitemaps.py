from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class TransparencySitemap(Sitemap):
    """The publication scheme, the two registers and the alerts sign-up page."""

    changefreq = "weekly"

    def items(self):
        return [
            "transparency:publication-scheme",
            "transparency:interests",
            "transparency:gifts-and-hospitality",
            "transparency:alerts",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"transparency": TransparencySitemap}

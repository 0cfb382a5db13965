from django.contrib.sitemaps import Sitemap

from commissioning.models import Contract


class ContractSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Contract.objects.published().order_by("title", "pk")

    def lastmod(self, contract):
        return contract.updated_at


SITEMAPS = {"contracts": ContractSitemap}

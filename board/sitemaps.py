from django.contrib.sitemaps import Sitemap

from board.models import Meeting, Report


class MeetingSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Meeting.objects.public().order_by("-date", "pk")

    def lastmod(self, meeting):
        return meeting.updated_at


class ReportSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.4
    limit = 5000

    def items(self):
        # Only what the report's address needs, not its body (thousands of reports).
        return (
            Report.objects.published()
            .select_related("agenda_item__meeting__board")
            .only(
                "agenda_item__number",
                "agenda_item__meeting__date",
                "agenda_item__meeting__board__slug",
            )
            .order_by("-agenda_item__meeting__date", "pk")
        )

    def location(self, report):
        return report.agenda_item.get_report_url()


SITEMAPS = {"meetings": MeetingSitemap, "board-reports": ReportSitemap}

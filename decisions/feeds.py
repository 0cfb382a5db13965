"""The Atom feed of published decisions, newest first."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from decisions.models import DecisionRecord
from pcc_portal.richtext import as_html

FEED_SIZE = 50


class LatestDecisionsFeed(Feed):
    feed_type = Atom1Feed
    title = "Decisions of the Police and Crime Commissioner"
    link = reverse_lazy("decisions:list")
    subtitle = "Decision records as they are published."

    def items(self):
        return (
            DecisionRecord.objects.published()
            .select_related("office")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.reference}: {item.title}"

    def item_description(self, item):
        # The summary is rich text; a feed reader shows the entry's summary as HTML.
        return as_html(item.executive_summary or item.decision)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.office.name

    def item_categories(self, item):
        return [item.office.area]

"""Per-board Atom feeds of published agendas and approved minutes, and per-board
calendars, beside the site-wide /meetings.ics."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, get_tag_uri
from django.views.decorators.http import require_safe

from board import ics
from board.models import Board, Meeting
from board.papers import published_papers

FEED_LENGTH = 50


class BoardPapersFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Board.objects.select_related("office"), slug=slug)

    def title(self, board):
        return f"{board.name}: agendas and minutes"

    def subtitle(self, board):
        return f"Agendas, reports and approved minutes of the {board.name} of the {board.office}."

    def link(self, board):
        return f"{reverse('board:meetings')}?board={board.slug}"

    def feed_url(self, board):
        return reverse("board:board-feed", args=[board.slug])

    def items(self, board):
        return published_papers(board, limit=FEED_LENGTH)[:FEED_LENGTH]

    def item_title(self, paper):
        return paper.title

    def item_description(self, paper):
        return paper.summary

    def item_link(self, paper):
        return paper.meeting.get_absolute_url()

    def item_guid(self, paper):
        # A tag URI names the site's host, so it stays the same however the feed is fetched.
        return get_tag_uri(
            f"{settings.SITE_URL.rstrip('/')}{paper.meeting.get_absolute_url()}{paper.kind}",
            paper.published_at,
        )

    item_guid_is_permalink = False

    def item_pubdate(self, paper):
        return paper.published_at

    def item_updateddate(self, paper):
        return paper.published_at


@require_safe
def board_calendar(request, slug):
    """The board's meetings as iCalendar, built by the same writer as /meetings.ics."""
    board = get_object_or_404(Board, slug=slug)
    meetings = Meeting.objects.public().filter(board=board).order_by("date", "start_time")
    response = HttpResponse(
        ics.calendar(meetings, site_url=request.build_absolute_uri("/"), name=board.name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{board.slug}.ics"'
    return response

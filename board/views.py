"""Public pages of board meetings. Every read starts from a ``published()`` (or, for the
meetings themselves, ``public()``) queryset of ``board/models.py``."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from board import ics, selectors
from board.filters import MeetingPageFilter
from board.models import AgendaItem, Appendix, Meeting, Report
from board.registers import BOARD, MeetingPaginator
from pcc_portal.register_cache import cached_for_readers, filters_key

PAGE_SIZE = 20


def _meeting_or_404(slug, queryset=None):
    queryset = queryset if queryset is not None else Meeting.objects.public()
    try:
        return queryset.find(slug)
    except Meeting.DoesNotExist:
        raise Http404("No such meeting.") from None


@require_safe
@cached_for_readers(BOARD)
def meeting_list(request):
    today = timezone.localdate()
    meetings = MeetingPageFilter(request.GET, queryset=Meeting.objects.public(), request=request)
    filtered = meetings.qs
    upcoming = list(filtered.upcoming(today).order_by("date", "start_time"))
    # Counted once per version of the register (which moves at midnight) and filters.
    paginator = MeetingPaginator(
        filtered.past(today).order_by("-date", "board__name"),
        PAGE_SIZE,
        key=filters_key(request.GET, meetings.filters),
        version=BOARD.version_for(request),
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "board/meeting_list.html",
        {
            "form": meetings.form,
            "upcoming": upcoming,
            "page_obj": page_obj,
            "past": page_obj.object_list,
            "filtered": any(request.GET.get(name) for name in meetings.form.fields),
            "crumbs": [("Home", reverse("home")), ("Meetings", None)],
        },
    )


@require_safe
@cached_for_readers(BOARD)
def meeting_detail(request, slug):
    meeting = _meeting_or_404(slug, Meeting.objects.public())
    items = selectors.agenda(meeting)
    return render(
        request,
        "board/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "minutes": selectors.minutes(meeting, items),
            "standing": selectors.standing_content(meeting, items),
            "crumbs": [
                ("Home", reverse("home")),
                ("Meetings", reverse("board:meetings")),
                (f"{meeting.board.short_name} {meeting.date:%-d %B %Y}", None),
            ],
        },
    )


def _published_report(slug, number):
    meeting = _meeting_or_404(slug)
    for item in AgendaItem.objects.published().filter(meeting=meeting):
        if item.number_slug == number:
            try:
                report = (
                    Report.objects.published()
                    .select_related("agenda_item__meeting__board__office")
                    .get(agenda_item=item)
                )
            except Report.DoesNotExist:
                break
            return meeting, report
    raise Http404("No such report.")


@require_safe
def report_detail(request, slug, number):
    meeting, report = _published_report(slug, number)
    item = report.agenda_item
    return render(
        request,
        "board/report_detail.html",
        {
            "meeting": meeting,
            "item": item,
            "report": report,
            "appendices": report.appendices.all(),
            "crumbs": [
                ("Home", reverse("home")),
                ("Meetings", reverse("board:meetings")),
                (
                    f"{meeting.board.short_name} {meeting.date:%-d %B %Y}",
                    meeting.get_absolute_url(),
                ),
                (f"Item {item.number}", None),
            ],
        },
    )


@require_safe
def appendix_download(request, slug, number, position):
    meeting, report = _published_report(slug, number)
    try:
        appendix = report.appendices.get(position=position)
    except Appendix.DoesNotExist:
        raise Http404("No such appendix.") from None
    return FileResponse(
        appendix.file.open("rb"),
        content_type="application/pdf",
        filename=f"{meeting.slug}-{report.agenda_item.number_slug}-appendix-{position}.pdf",
    )


@require_safe
def agenda_pack(request, slug):
    meeting = _meeting_or_404(slug, Meeting.objects.public().agenda_published())
    if not meeting.pack:
        raise Http404("The agenda pack has not been generated yet.")
    return FileResponse(
        meeting.pack.open("rb"),
        content_type="application/pdf",
        filename=f"{meeting.slug}-agenda-pack.pdf",
    )


@require_safe
def meetings_ics(request):
    meetings = Meeting.objects.public().order_by("date", "start_time")
    return HttpResponse(
        ics.calendar(meetings, site_url=request.build_absolute_uri("/")),
        content_type="text/calendar; charset=utf-8",
    )

"""Factories for the board app, one per state of a meeting."""

import datetime
import itertools

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from weasyprint import HTML

from board.models import (
    Action,
    AgendaItem,
    Appendix,
    Attendance,
    Board,
    Declaration,
    Meeting,
    Minute,
    PlannedItem,
    PublicQuestion,
    Report,
    Resolution,
    ResolutionAmount,
)
from decisions.models import DecisionRecord
from tests.factories import DerbyshireOfficeFactory, first_free


def pdf_bytes(pages=2, *, size="A4", label="Appendix page", rotate=0):
    """A real PDF of ``pages`` pages, each saying "<label> <n>"."""
    body = "".join(f'<p class="page">{label} {number}</p>' for number in range(1, pages + 1))
    content = HTML(
        string=f"<style>@page {{ size: {size}; }} .page + .page {{ break-before: page; }}</style>"
        f"{body}"
    ).write_pdf()
    if not rotate:
        return content
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    for page in writer.pages:
        page.rotate(rotate)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ("slug",)

    office = factory.SubFactory(DerbyshireOfficeFactory)
    name = "Strategic Priorities Assurance Board"
    short_name = "SPA Board"
    slug = "spa-board"


def _mondays_from_6_january_2020():
    return (datetime.date(2020, 1, 6) + datetime.timedelta(weeks=n) for n in itertools.count())


class MeetingFactory(factory.django.DjangoModelFactory):
    """A scheduled meeting (agenda not yet published), in the past unless told: on the
    first Monday from 6 January 2020 when its board does not meet yet."""

    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    date = factory.LazyAttribute(
        lambda meeting: first_free(
            Meeting, "date", _mondays_from_6_january_2020(), board=meeting.board
        )
    )
    start_time = datetime.time(14, 0)
    is_virtual = True


class MeetingAgendaPublishedFactory(MeetingFactory):
    status = Meeting.Status.AGENDA_PUBLISHED
    agenda_published_at = factory.LazyFunction(timezone.now)


class MeetingMinutesDraftFactory(MeetingAgendaPublishedFactory):
    status = Meeting.Status.MINUTES_DRAFT
    closed_at = datetime.time(16, 12)
    minutes_recorded_at = factory.LazyFunction(timezone.now)


class MeetingMinutesApprovedFactory(MeetingMinutesDraftFactory):
    status = Meeting.Status.MINUTES_APPROVED
    minutes_approved_at = factory.LazyFunction(timezone.now)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.LazyAttribute(
        lambda item: first_free(
            AgendaItem, "number", map(str, itertools.count(1)), meeting=item.meeting
        )
    )
    title = factory.Sequence(lambda n: f"Report {n + 1}")
    kind = AgendaItem.Kind.REPORT


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    agenda_item = factory.SubFactory(AgendaItemFactory)
    title = factory.LazyAttribute(lambda report: report.agenda_item.title)
    report_by = "Chief Constable"
    date = factory.LazyAttribute(lambda report: report.agenda_item.meeting.date)
    purpose = "To provide assurance to the Police and Crime Commissioner."
    recommendations = (
        "To determine if the PCC can gain direct assurance that this area of business is "
        "being managed efficiently and effectively"
    )
    attachments = "None"
    body = '<h2>1. OVERVIEW</h2><p><span class="paragraph-number">1.1</span> The report.</p>'


class AppendixFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appendix

    report = factory.SubFactory(ReportFactory)
    position = 1
    title = "Appendix A: Finance Briefing"
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(2), name="appendix-a.pdf"))


class MinuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Minute

    agenda_item = factory.SubFactory(AgendaItemFactory)
    discussion = "The report was presented."


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    agenda_item = factory.SubFactory(AgendaItemFactory)
    position = 1
    text = "Assurance was taken that this area of business is being managed efficiently and effectively."


class ResolutionAmountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResolutionAmount

    resolution = factory.SubFactory(ResolutionFactory)
    position = 1
    description = "Retained in case of future claims"
    amount = "2000.00"


class PublicQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicQuestion

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.LazyAttribute(
        lambda question: first_free(
            PublicQuestion,
            "number",
            (f"Q{n}" for n in itertools.count(1)),
            meeting=question.meeting,
        )
    )
    question = "With the rise of antisocial behaviour, are there any plans?"
    answered_by = "T/ACC Shooter"
    answer = "The force have in place daily dedicated patrols."


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    organisation = "Office of the Police and Crime Commissioner"
    title = "PCC"
    name = "Dhindsa"
    position = factory.Sequence(lambda n: n + 1)


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    meeting = factory.SubFactory(MeetingFactory)
    person = "Mr A Dale"
    interest = "Trustee of a grant recipient"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingMinutesApprovedFactory)
    description = "Report the breakdown of human errors in road fatalities"
    owner = "T/ACC Shooter"
    due_on = datetime.date(2021, 3, 15)


class PlannedItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedItem

    meeting = factory.SubFactory(MeetingFactory)
    position = 1
    title = "Budget"
    lead = "Chief Finance Officer"


class PublishedDecisionFactory(factory.django.DjangoModelFactory):
    """A decision record as the decisions app publishes it."""

    class Meta:
        model = DecisionRecord

    office = factory.SubFactory(DerbyshireOfficeFactory)
    # References of every office: the web address made from one is unique site-wide.
    reference = factory.LazyFunction(
        lambda: first_free(
            DecisionRecord, "reference", (f"DN{n:02d}21" for n in itertools.count(1))
        )
    )
    title = factory.Sequence(lambda n: f"Extension letter {n + 1}")
    status = DecisionRecord.Status.PUBLISHED
    approved_on = datetime.date(2021, 2, 1)
    published_at = factory.LazyFunction(timezone.now)

import datetime

import pytest

from board.models import AgendaItem, Meeting
from tests.board.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MeetingMinutesApprovedFactory,
    PublishedDecisionFactory,
    ReportFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, secretary):
    client.force_login(secretary)
    return client


def _post_step(client, meeting, step):
    return client.post(f"/admin/board/meeting/{meeting.pk}/workflow/{step}/", follow=True)


def test_the_secretary_builds_the_agenda_with_one_button(signed_in):
    meeting = MeetingFactory()

    response = _post_step(signed_in, meeting, "add-standard-items")

    assert "Add the standard items: done for" in response.content.decode()
    assert meeting.agenda_items.filter(kind=AgendaItem.Kind.DECISIONS_LOG).exists()
    assert meeting.agenda_items.count() == 8


def test_the_meeting_page_offers_only_the_steps_possible_now(signed_in):
    meeting = MeetingFactory()

    html = signed_in.get(f"/admin/board/meeting/{meeting.pk}/change/").content.decode()

    assert "Add the standard items" in html
    assert "Publish the agenda" in html
    for label in ("Record the minutes (draft)", "Approve the minutes", "Generate the agenda pack"):
        assert label not in html


def test_a_refused_step_explains_why_and_changes_nothing(signed_in):
    meeting = MeetingFactory()

    response = _post_step(signed_in, meeting, "publish-agenda")

    assert "has no items" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_publishing_from_the_admin_and_generating_the_pack(signed_in):
    meeting = MeetingFactory()
    AgendaItemFactory(
        meeting=meeting, number="1", kind=AgendaItem.Kind.APOLOGIES, title="Apologies"
    )

    _post_step(signed_in, meeting, "publish-agenda")
    response = _post_step(signed_in, meeting, "generate-pack")

    assert "Generate the agenda pack: done for" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED
    assert meeting.pack
    download = signed_in.get(f"/admin/board/meeting/{meeting.pk}/agenda-pack/")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_step_asks_for_confirmation_before_it_is_taken(signed_in):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)

    page = signed_in.get(f"/admin/board/meeting/{meeting.pk}/workflow/publish-agenda/")

    assert page.status_code == 200
    assert "Confirm: publish the agenda" in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_an_officer_without_the_role_cannot_publish(client, officer_in):
    from pcc_portal import roles

    client.force_login(officer_in(roles.GRANTS_OFFICER))
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)

    response = client.post(f"/admin/board/meeting/{meeting.pk}/workflow/publish-agenda/")

    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_the_meeting_page_previews_the_decisions_log(signed_in):
    meeting = MeetingFactory()
    PublishedDecisionFactory(reference="DN0121", title="Power washer Provision Service")

    html = signed_in.get(f"/admin/board/meeting/{meeting.pk}/change/").content.decode()

    assert "DN0121 Power washer Provision Service" in html


def test_approved_minutes_are_read_only_in_the_admin(signed_in):
    meeting = MeetingMinutesApprovedFactory()
    item = AgendaItemFactory(meeting=meeting)

    html = signed_in.get(f"/admin/board/agendaitem/{item.pk}/change/").content.decode()

    assert 'name="title"' not in html
    response = signed_in.post(f"/admin/board/agendaitem/{item.pk}/change/", {"title": "Changed"})
    item.refresh_from_db()
    assert item.title != "Changed"
    assert response.status_code == 403


def test_uploading_a_non_pdf_appendix_is_refused_with_the_field_named(signed_in):
    report = ReportFactory(agenda_item=AgendaItemFactory(meeting=MeetingFactory()))
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "agenda_item": report.agenda_item.pk,
        "title": report.title,
        "report_by": report.report_by,
        "date": report.date.isoformat(),
        "purpose": report.purpose,
        "recommendations": report.recommendations,
        "attachments": "Appendix A",
        "body": report.body,
        "appendices-TOTAL_FORMS": "1",
        "appendices-INITIAL_FORMS": "0",
        "appendices-MIN_NUM_FORMS": "0",
        "appendices-MAX_NUM_FORMS": "1000",
        "appendices-0-position": "1",
        "appendices-0-title": "Appendix A",
        "appendices-0-file": SimpleUploadedFile("appendix.pdf", b"not a pdf at all"),
    }

    html = signed_in.post(f"/admin/board/report/{report.pk}/change/", data).content.decode()

    assert "The appendix must be a PDF" in html
    assert not report.appendices.exists()

    data["appendices-0-file"] = SimpleUploadedFile("appendix.pdf", pdf_bytes(2))
    signed_in.post(f"/admin/board/report/{report.pk}/change/", data)
    assert report.appendices.get().page_count == 2


def test_changes_are_kept_in_the_history(signed_in, secretary):
    meeting = MeetingFactory(date=datetime.date(2021, 3, 15))
    item = AgendaItemFactory(
        meeting=meeting, number="8A", title="Update on Force Covid-19 Response"
    )

    signed_in.post(
        f"/admin/board/agendaitem/{item.pk}/change/",
        {
            "meeting": meeting.pk,
            "number": "8B",
            "title": item.title,
            "kind": item.kind,
            "presenter": "DCC Meynell",
            "report-TOTAL_FORMS": "0",
            "report-INITIAL_FORMS": "0",
            "minute-TOTAL_FORMS": "0",
            "minute-INITIAL_FORMS": "0",
            "resolutions-TOTAL_FORMS": "0",
            "resolutions-INITIAL_FORMS": "0",
        },
    )

    item.refresh_from_db()
    assert item.number == "8B"
    assert item.history.count() == 2
    assert item.history.first().history_user == secretary
    assert item.history.first().prev_record.number == "8A"

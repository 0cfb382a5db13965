"""A returned decision is seen: the drafting officer and the submitter are emailed the
comment with a link, and the record's admin page shows who returned it, when and why at
the top until it is resubmitted."""

import html
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from decisions import workflow
from pcc_portal import roles
from tests.decisions.factories import DecisionDraftFactory
from tests.factories import HumbersideOfficeFactory

pytestmark = pytest.mark.django_db

COMMENT = "Add the finance section: the cost over three years is missing."


def _text(response) -> str:
    markup = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://portal.example.org"
    return settings.SITE_URL


@pytest.fixture
def people(officer_in):
    return {
        "drafter": officer_in(roles.DRAFTING_OFFICER, username="drafter", first_name="Dana"),
        "submitter": officer_in(roles.DRAFTING_OFFICER, username="submitter"),
        "approver": officer_in(
            roles.OFFICER_APPROVER, username="approver", first_name="Alex", last_name="Approver"
        ),
    }


def _drafted_by(drafter, **fields):
    record = DecisionDraftFactory(**fields)
    record.history.filter(history_type="+").update(history_user=drafter)
    return record


def test_returning_a_decision_emails_the_drafter_and_the_submitter(
    people, site_url, django_capture_on_commit_callbacks
):
    record = _drafted_by(people["drafter"])
    workflow.submit(record, by=people["submitter"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_with_comments(record, by=people["approver"], comment=COMMENT)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "drafter@example.org",
        "submitter@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == f"Decision {record.reference} has been returned to you with comments"
    assert COMMENT in message.body
    assert "returned with comments by Alex Approver" in message.body
    change_url = reverse("admin:decisions_decisionrecord_change", args=[record.pk])
    assert f"{site_url}{change_url}" in message.body


def test_a_drafter_who_submitted_is_emailed_once(people, django_capture_on_commit_callbacks):
    record = _drafted_by(people["drafter"])
    workflow.submit(record, by=people["drafter"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_with_comments(record, by=people["approver"], comment=COMMENT)

    assert [message.to for message in mail.outbox] == [["drafter@example.org"]]


def test_a_return_that_is_refused_emails_no_one(people, django_capture_on_commit_callbacks):
    record = _drafted_by(people["drafter"])
    workflow.submit(record, by=people["submitter"])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        workflow.return_with_comments(record, by=people["approver"], comment="  ")

    assert mail.outbox == []


def test_the_returned_record_shows_the_comment_at_the_top_of_its_admin_page(client, people):
    record = _drafted_by(people["drafter"], title="Victim services contract extension")
    workflow.submit(record, by=people["submitter"])
    workflow.return_with_comments(record, by=people["approver"], comment=COMMENT)
    returned_at = timezone.localtime(record.events.get(step="return").at)
    client.force_login(people["drafter"])

    page = _text(client.get(reverse("admin:decisions_decisionrecord_change", args=[record.pk])))

    banner = page.index("Returned with comments")
    assert banner < page.index("Section A: request for decision")
    assert f"Returned by Alex Approver on {returned_at:%-d %B %Y at %H:%M}" in page
    assert COMMENT in page


def test_the_banner_goes_once_the_record_is_resubmitted(client, people):
    record = _drafted_by(people["drafter"])
    workflow.submit(record, by=people["submitter"])
    workflow.return_with_comments(record, by=people["approver"], comment=COMMENT)
    workflow.submit(record, by=people["drafter"])
    client.force_login(people["drafter"])

    page = _text(client.get(reverse("admin:decisions_decisionrecord_change", args=[record.pk])))

    assert "Returned by" not in page
    # The comment stays in the workflow history at the foot of the page.
    assert COMMENT in page


def test_only_the_records_office_approvers_are_emailed_when_it_is_submitted(
    people, officer_in, django_capture_on_commit_callbacks
):
    officer_in(roles.OFFICER_APPROVER, username="humberside", offices=[HumbersideOfficeFactory()])
    record = _drafted_by(people["drafter"])

    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(record, by=people["submitter"])

    assert [message.to for message in mail.outbox] == [["approver@example.org"]]
    assert "awaits your officer approval" in mail.outbox[0].subject


def test_the_admin_home_lists_what_was_returned_to_the_drafter(client, people, officer_in):
    record = _drafted_by(people["drafter"], title="Victim services contract extension")
    workflow.submit(record, by=people["submitter"])
    workflow.return_with_comments(record, by=people["approver"], comment=COMMENT)
    client.force_login(people["drafter"])

    home = _text(client.get("/admin/"))

    assert "Returned to you with comments" in home
    assert f"{record.reference} Victim services contract extension" in home
    assert COMMENT in home


def test_the_admin_home_lists_nothing_returned_to_another_drafting_officer(
    client, people, officer_in
):
    record = _drafted_by(people["drafter"])
    workflow.submit(record, by=people["submitter"])
    workflow.return_with_comments(record, by=people["approver"], comment=COMMENT)
    client.force_login(officer_in(roles.DRAFTING_OFFICER, username="colleague"))

    home = _text(client.get("/admin/"))

    assert "Returned to you" not in home

"""The admin home's "My work": for the signed-in officer, what was returned to them (with
who, when and the comment), what awaits a step they may take now (with the days waited),
their drafts, and what is due in the other apps; each line links to where they act, and
each panel shows only to the officers whose role and office it concerns."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decisions import workflow
from decisions.models import DecisionRecord
from pcc_portal import roles
from tests.board.factories import (
    BoardFactory,
    MeetingAgendaPublishedFactory,
    MeetingFactory,
    MeetingMinutesDraftFactory,
)
from tests.commissioning.factories import ContractDraftFactory
from tests.decisions.factories import (
    DecisionAwaitingCommissionerFactory,
    DecisionAwaitingOfficerApprovalFactory,
    DecisionDraftFactory,
    DecisionScheduledFactory,
)
from tests.factories import HumbersideOfficeFactory
from tests.grants.factories import (
    ApplicationApprovedFactory,
    ApplicationAssessedFactory,
    ApplicationReceivedFactory,
    MonitoringReportFactory,
)

pytestmark = pytest.mark.django_db

COMMENT = "Add the finance section: the cost over three years is missing."


def _text(response) -> str:
    markup = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def _home(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def _panel(markup: str, name: str) -> str:
    """The markup of one panel of "My work", or "" when the page does not show it."""
    found = re.search(rf'<div class="module" id="my-work-{name}">(.*?)</div>', markup, re.S)
    return found.group(1) if found else ""


def _drafted_by(drafter, **fields):
    record = DecisionDraftFactory(**fields)
    record.history.filter(history_type="+").update(history_user=drafter)
    return record


def _step(record, name):
    opts = record._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_workflow_step", args=[record.pk, name]
    )


def _change(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


@pytest.fixture
def people(officer_in):
    return {
        "drafter": officer_in(roles.DRAFTING_OFFICER, username="drafter"),
        "submitter": officer_in(roles.DRAFTING_OFFICER, username="submitter"),
        "approver": officer_in(
            roles.OFFICER_APPROVER, username="approver", first_name="Alex", last_name="Approver"
        ),
    }


def _returned(people, **fields):
    record = _drafted_by(people["drafter"], **fields)
    workflow.submit(record, by=people["submitter"])
    workflow.return_with_comments(record, by=people["approver"], comment=COMMENT)
    return record


# Returned to me


def test_the_drafter_sees_who_returned_their_record_when_and_why_with_a_link_to_it(client, people):
    record = _returned(people, title="Victim services contract extension")

    panel = _panel(_home(client, people["drafter"]), "returned")

    assert "<caption>Returned to you with comments</caption>" in panel
    assert f'<a href="{_change(record)}">{record.reference} Victim services' in panel
    assert "returned by Alex Approver on " + timezone.localdate().strftime("%-d %b %Y") in panel
    assert COMMENT in html.unescape(panel)


def test_the_submitter_also_sees_the_record_returned_to_them(client, people):
    record = _returned(people)

    assert _change(record) in _panel(_home(client, people["submitter"]), "returned")


def test_a_long_comment_is_shortened_on_the_admin_home(client, people):
    record = _drafted_by(people["drafter"])
    workflow.submit(record, by=people["submitter"])
    long_comment = " ".join(f"word{n}" for n in range(60))
    workflow.return_with_comments(record, by=people["approver"], comment=long_comment)

    panel = _panel(_home(client, people["drafter"]), "returned")

    assert "word29 …" in panel
    assert "word30" not in panel


def test_a_colleague_who_neither_drafted_nor_submitted_it_sees_nothing_returned(
    client, people, officer_in
):
    _returned(people)
    colleague = officer_in(roles.DRAFTING_OFFICER, username="colleague")

    assert _panel(_home(client, colleague), "returned") == ""


def test_a_drafter_who_no_longer_works_for_the_office_sees_nothing_returned(client, people):
    record = _returned(people)
    people["drafter"].offices.set([HumbersideOfficeFactory()])

    assert _change(record) not in _home(client, people["drafter"])


# Awaiting my step


def test_the_approver_sees_what_awaits_officer_approval_with_the_days_waited_and_the_step(
    client, people
):
    record = _drafted_by(people["drafter"], title="Circles of Support")
    workflow.submit(record, by=people["submitter"])
    record.events.update(at=timezone.now() - datetime.timedelta(days=3))
    DecisionAwaitingCommissionerFactory(title="Waiting for the Commissioner")
    DecisionDraftFactory(title="Still a draft")

    panel = _panel(_home(client, people["approver"]), "awaiting")

    assert f'<a href="{_step(record, "officer_approval")}">{record.reference} Circles' in panel
    assert "waiting 3 days since" in panel
    assert "Awaits your officer approval" in panel
    assert "Waiting for the Commissioner" not in panel
    assert "Still a draft" not in panel


def test_the_commissioner_sees_only_what_awaits_signature(client, officer_in):
    DecisionAwaitingOfficerApprovalFactory(title="Awaiting officer approval")
    signing = DecisionAwaitingCommissionerFactory(title="Awaiting the Commissioner")

    panel = _panel(_home(client, officer_in(roles.COMMISSIONER)), "awaiting")

    assert f'<a href="{_step(signing, "sign")}">' in panel
    assert "Awaits your approval and signature" in panel
    assert "Awaiting officer approval" not in panel


def test_the_approver_is_not_offered_a_record_they_submitted_themselves(client, officer_in):
    approver = officer_in(roles.OFFICER_APPROVER, roles.DRAFTING_OFFICER)
    record = DecisionDraftFactory()
    workflow.submit(record, by=approver)

    assert _change(record) not in _home(client, approver)
    assert _step(record, "officer_approval") not in _home(client, approver)

    record.office.allow_same_officer_to_submit_and_approve = True
    record.office.save()

    assert _step(record, "officer_approval") in _home(client, approver)


def test_an_approver_of_another_office_sees_nothing_awaiting(client, officer_in):
    DecisionAwaitingOfficerApprovalFactory(title="Derbyshire's record")
    elsewhere = officer_in(roles.OFFICER_APPROVER, offices=[HumbersideOfficeFactory()])

    markup = _home(client, elsewhere)

    assert "Derbyshire's record" not in markup
    assert "Nothing waits for you." in markup


def test_the_publisher_sees_scheduled_decisions_with_the_publish_step(client, officer_in):
    scheduled = DecisionScheduledFactory(title="Deferred until the contract is signed")

    panel = _panel(_home(client, officer_in(roles.PUBLISHER)), "awaiting")

    assert f'<a href="{_step(scheduled, "publish")}">' in panel
    assert "Awaits your publication" in panel


def test_the_grants_officer_sees_applications_awaiting_assessment_decision_and_award(
    client, officer_in
):
    received = ApplicationReceivedFactory(project_title="Friday football")
    assessed = ApplicationAssessedFactory(project_title="Boxing club")
    approved = ApplicationApprovedFactory(project_title="Safe spaces")

    panel = _panel(_home(client, officer_in(roles.GRANTS_OFFICER)), "awaiting")

    assert f'<a href="{_step(received, "assess")}">' in panel
    assert f'<a href="{_change(assessed)}">' in panel
    assert f'<a href="{_step(approved, "award")}">' in panel
    assert "Awaits your assessment" in panel
    assert "Awaits your decision (approve or decline)" in panel
    assert "Awaits your award" in panel


def test_applications_show_only_to_grants_officers_of_the_fund_office(client, officer_in):
    ApplicationReceivedFactory(project_title="Friday football")

    assert "Friday football" not in _home(client, officer_in(roles.DRAFTING_OFFICER))
    elsewhere = officer_in(roles.GRANTS_OFFICER, offices=[HumbersideOfficeFactory()])
    assert "Friday football" not in _home(client, elsewhere)


def test_the_board_secretary_sees_meetings_whose_next_step_is_theirs(client, officer_in):
    future = MeetingFactory(date=timezone.localdate() + datetime.timedelta(days=20))
    drafted = MeetingMinutesDraftFactory()

    panel = _panel(_home(client, officer_in(roles.BOARD_SECRETARY)), "awaiting")

    assert f'<a href="{_step(future, "publish-agenda")}">' in panel
    assert f'<a href="{_step(drafted, "approve-minutes")}">' in panel
    assert "Awaits your approval of the minutes" in panel


def test_meetings_show_only_to_board_secretaries_of_the_board_office(client, officer_in):
    MeetingMinutesDraftFactory()

    assert "SPA Board" not in _home(client, officer_in(roles.GRANTS_OFFICER))
    elsewhere = officer_in(roles.BOARD_SECRETARY, offices=[HumbersideOfficeFactory()])
    assert "SPA Board" not in _home(client, elsewhere)


# My drafts


def test_the_drafter_sees_their_own_drafts_newest_first(client, people):
    older = _drafted_by(people["drafter"], title="Older draft")
    newer = _drafted_by(people["drafter"], title="Newer draft")
    DecisionRecord.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    _drafted_by(people["submitter"], title="A colleague's draft")

    panel = _panel(_home(client, people["drafter"]), "drafts")

    assert "<caption>Your drafts</caption>" in panel
    assert panel.index(f'<a href="{_change(newer)}">') < panel.index(f'<a href="{_change(older)}">')
    assert "A colleague&#x27;s draft" not in panel


def test_a_submitted_draft_leaves_the_drafts_panel(client, people):
    record = _drafted_by(people["drafter"], title="Ready to go")
    workflow.submit(record, by=people["drafter"])

    assert "Ready to go" not in _panel(_home(client, people["drafter"]), "drafts")


# Due in other apps


def test_the_board_secretary_sees_minutes_to_write_for_meetings_held(client, officer_in):
    held = MeetingAgendaPublishedFactory(date=timezone.localdate() - datetime.timedelta(days=7))
    board = BoardFactory()
    MeetingAgendaPublishedFactory(
        board=board, date=timezone.localdate() + datetime.timedelta(days=7)
    )

    panel = _panel(_home(client, officer_in(roles.BOARD_SECRETARY)), "due")

    assert f'<a href="{_step(held, "record-minutes")}">Minutes to write: {held}</a>' in panel
    assert panel.count("Minutes to write") == 1


def test_minutes_to_write_show_to_no_other_role(client, officer_in):
    MeetingAgendaPublishedFactory(date=timezone.localdate() - datetime.timedelta(days=7))

    assert "Minutes to write" not in _home(client, officer_in(roles.DRAFTING_OFFICER))


def test_the_grants_officer_sees_monitoring_reports_overdue(client, officer_in):
    overdue = MonitoringReportFactory(due_on=timezone.localdate() - datetime.timedelta(days=10))
    MonitoringReportFactory(due_on=timezone.localdate() + datetime.timedelta(days=10))
    MonitoringReportFactory(
        due_on=timezone.localdate() - datetime.timedelta(days=10),
        received_on=timezone.localdate(),
    )

    panel = _panel(_home(client, officer_in(roles.GRANTS_OFFICER)), "due")

    assert f'<a href="{_change(overdue)}">Monitoring report:' in panel
    assert panel.count("Monitoring report:") == 1
    assert "10 days ago" in panel


def test_overdue_monitoring_reports_show_only_to_grants_officers_of_the_office(client, officer_in):
    MonitoringReportFactory(due_on=timezone.localdate() - datetime.timedelta(days=10))

    assert "Monitoring report:" not in _home(client, officer_in(roles.BOARD_SECRETARY))
    elsewhere = officer_in(roles.GRANTS_OFFICER, offices=[HumbersideOfficeFactory()])
    assert "Monitoring report:" not in _home(client, elsewhere)


def _contract_ending_in(days, **fields):
    today = timezone.localdate()
    return ContractDraftFactory(
        start_date=today - datetime.timedelta(days=700),
        end_date=today + datetime.timedelta(days=days),
        **fields,
    )


def test_the_commissioning_officer_sees_contracts_ending_with_options_left(client, officer_in):
    ending = _contract_ending_in(60, title="Independent sexual violence advisers")
    _contract_ending_in(400, title="Ending next year")
    _contract_ending_in(60, title="No options", extension_option_count=0)

    panel = _panel(_home(client, officer_in(roles.COMMISSIONING_OFFICER)), "due")

    assert (
        f'<a href="{_change(ending)}">Contract ending: Independent sexual violence advisers</a>'
        in panel
    )
    assert "3 extension options left" in panel
    assert "Ending next year" not in panel
    assert "No options" not in panel


def test_contracts_ending_show_only_to_commissioning_officers_of_the_office(client, officer_in):
    _contract_ending_in(60, title="Independent sexual violence advisers")

    assert "Contract ending" not in _home(client, officer_in(roles.PUBLISHER))
    elsewhere = officer_in(roles.COMMISSIONING_OFFICER, offices=[HumbersideOfficeFactory()])
    assert "Contract ending" not in _home(client, elsewhere)


# The section as a whole


def test_an_officer_with_nothing_to_do_is_told_so_and_sees_no_panel(client, officer_in):
    markup = _home(client, officer_in(roles.DRAFTING_OFFICER))

    assert "Nothing waits for you." in _text_of(markup)
    assert '<div class="module" id="my-work-' not in markup


def _text_of(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def _work_for(people, *, numbers: range):
    """A line of every kind "My work" can show for each of ``numbers`` (distinct numbers
    give distinct meeting dates), for an officer holding every role."""
    today = timezone.localdate()
    for n in numbers:
        _returned(people)
        _drafted_by(people["drafter"])
        DecisionAwaitingOfficerApprovalFactory()
        DecisionAwaitingCommissionerFactory()
        DecisionScheduledFactory()
        ApplicationReceivedFactory()
        ApplicationAssessedFactory()
        ApplicationApprovedFactory()
        MonitoringReportFactory(due_on=today - datetime.timedelta(days=5 + n))
        MeetingMinutesDraftFactory()
        MeetingAgendaPublishedFactory(date=today - datetime.timedelta(days=7 * (n + 1)))
        _contract_ending_in(60 + n)


def test_the_admin_home_reads_my_work_in_the_same_number_of_queries_for_more_records(
    client, people, django_assert_max_num_queries
):
    everyone = people["drafter"]
    everyone.groups.add(*Group.objects.filter(name__in=roles.ROLES))
    _work_for(people, numbers=range(1))
    client.force_login(everyone)
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    _work_for(people, numbers=range(1, 5))

    with django_assert_max_num_queries(len(few.captured_queries)):
        markup = client.get("/admin/").content.decode()

    for name in ("returned", "awaiting", "drafts", "due"):
        assert _panel(markup, name)


@pytest.mark.parametrize("step", workflow.STEPS, ids=lambda step: step.name)
def test_what_awaits_an_officer_is_exactly_what_the_step_would_let_them_take(
    step, people, officer_in
):
    approver = officer_in(
        roles.DRAFTING_OFFICER, roles.OFFICER_APPROVER, roles.COMMISSIONER, roles.PUBLISHER
    )
    submitted_by_them = DecisionDraftFactory()
    workflow.submit(submitted_by_them, by=approver)
    records = [
        submitted_by_them,
        _returned(people),
        DecisionDraftFactory(),
        DecisionAwaitingOfficerApprovalFactory(),
        DecisionAwaitingCommissionerFactory(),
        DecisionScheduledFactory(),
        DecisionAwaitingOfficerApprovalFactory(office=HumbersideOfficeFactory()),
    ]

    awaiting = set(workflow.WORKFLOW.awaiting(step, user=approver).values_list("pk", flat=True))

    assert awaiting == {
        record.pk for record in records if workflow.WORKFLOW.may_take(step, record, approver)
    }

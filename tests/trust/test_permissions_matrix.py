"""Who may do what, proved on the server: every workflow step of every app taken by each
of the seven roles and by a staff user with no role, every admin screen opened by each,
and the admin closed to anonymous users but for its sign-in page.

The table of who may take each step is written out here, from the design (the drafting
officer submits, the officer approver gives officer approval, the Commissioner signs,
...), not read from the apps' ``roles.py``: a role given a permission by mistake fails.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, reverse
from django.utils import timezone

from pcc_portal import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NO_ROLE = "Staff with no role"
EVERYONE = (*roles.ROLES, NO_ROLE)


@dataclass(frozen=True)
class Step:
    """A workflow step: how to make a record it starts from, how to take it, what to read
    to see whether it was taken, and the roles that may take it."""

    arrange: Callable
    take: Callable
    observe: Callable
    allowed: frozenset


def _status(model):
    return lambda record: model.objects.get(pk=record.pk).status


# decisions ----------------------------------------------------------------------------


def _decision_steps():
    from decisions import workflow
    from decisions.models import DecisionRecord
    from tests.decisions import factories

    status = _status(DecisionRecord)
    return {
        "decisions.submit": Step(
            factories.DecisionDraftFactory,
            lambda record, by: workflow.submit(record, by=by),
            status,
            frozenset({roles.DRAFTING_OFFICER}),
        ),
        "decisions.give_officer_approval": Step(
            factories.DecisionAwaitingOfficerApprovalFactory,
            lambda record, by: workflow.give_officer_approval(record, by=by, advice_confirmed=True),
            status,
            frozenset({roles.OFFICER_APPROVER}),
        ),
        "decisions.return_with_comments (awaiting officer approval)": Step(
            factories.DecisionAwaitingOfficerApprovalFactory,
            lambda record, by: workflow.return_with_comments(record, by=by, comment="Revise."),
            status,
            frozenset({roles.OFFICER_APPROVER}),
        ),
        "decisions.sign": Step(
            factories.DecisionAwaitingCommissionerFactory,
            lambda record, by: workflow.sign(record, by=by, declaration="None"),
            status,
            frozenset({roles.COMMISSIONER}),
        ),
        "decisions.return_with_comments (awaiting the Commissioner)": Step(
            factories.DecisionAwaitingCommissionerFactory,
            lambda record, by: workflow.return_with_comments(record, by=by, comment="Revise."),
            status,
            frozenset({roles.COMMISSIONER}),
        ),
        "decisions.publish": Step(
            factories.DecisionScheduledFactory,
            lambda record, by: workflow.publish(record, by=by, comment="Brought forward."),
            status,
            frozenset({roles.PUBLISHER}),
        ),
        "decisions.record_amendment": Step(
            factories.DecisionPublishedFactory,
            lambda record, by: workflow.record_amendment(record, by=by, correction="Amount."),
            lambda record: record.amendments.count(),
            frozenset({roles.OFFICER_APPROVER}),
        ),
    }


# grants -------------------------------------------------------------------------------


def _grant_steps():
    from grants import workflow
    from grants.models import Application
    from tests.grants import factories

    status = _status(Application)
    grants_officer = frozenset({roles.GRANTS_OFFICER})

    def receive(round_, by):
        workflow.receive(
            round_,
            by=by,
            applicant=factories.OrganisationFactory(),
            project_title="Youth diversion",
            project_description="Sport sessions on Friday evenings.",
            amount_requested=Decimal("2000.00"),
            priority=factories.DecisionCategoryFactory(),
            received_on=round_.opens_on,
        )

    def award(application, by):
        workflow.award(
            application,
            by=by,
            awarded_on=timezone.localdate(),
            purpose="Sport sessions.",
            conditions="Attendance reported.",
            crime_reduction_reasons="Diverts young people from anti-social behaviour.",
        )

    return {
        "grants.receive": Step(
            factories.RoundFactory,
            receive,
            lambda round_: round_.applications.count(),
            grants_officer,
        ),
        "grants.assess": Step(
            factories.ApplicationReceivedFactory,
            lambda application, by: workflow.assess(application, by=by, score=70),
            status,
            grants_officer,
        ),
        "grants.approve": Step(
            factories.ApplicationAssessedFactory,
            lambda application, by: workflow.approve(application, by=by),
            status,
            grants_officer,
        ),
        "grants.decline": Step(
            factories.ApplicationAssessedFactory,
            lambda application, by: workflow.decline(application, by=by, reason="Outside."),
            status,
            grants_officer,
        ),
        "grants.award": Step(factories.ApplicationApprovedFactory, award, status, grants_officer),
        "grants.begin_monitoring": Step(
            lambda: factories.GrantAwardFactory().application,
            lambda application, by: workflow.begin_monitoring(application, by=by),
            status,
            grants_officer,
        ),
        "grants.close": Step(
            lambda: factories.GrantAwardFactory().application,
            lambda application, by: workflow.close(application, by=by),
            status,
            grants_officer,
        ),
    }


# board --------------------------------------------------------------------------------


def _board_steps():
    from board import workflow
    from board.models import Meeting
    from tests.board import factories

    status = _status(Meeting)
    secretary = frozenset({roles.BOARD_SECRETARY})

    def meeting_with_an_item(meeting_factory):
        def arrange():
            item = factories.AgendaItemFactory(meeting=meeting_factory())
            factories.MinuteFactory(agenda_item=item)
            return item.meeting

        return arrange

    return {
        "board.add_standard_items": Step(
            factories.MeetingFactory,
            lambda meeting, by: workflow.add_standard_items(meeting, by=by),
            lambda meeting: meeting.agenda_items.count(),
            secretary,
        ),
        "board.publish_agenda": Step(
            meeting_with_an_item(factories.MeetingFactory),
            lambda meeting, by: workflow.publish_agenda(meeting, by=by),
            status,
            secretary,
        ),
        "board.record_minutes": Step(
            meeting_with_an_item(factories.MeetingAgendaPublishedFactory),
            lambda meeting, by: workflow.record_minutes(
                meeting, by=by, closed_at=datetime.time(16)
            ),
            status,
            secretary,
        ),
        "board.approve_minutes": Step(
            meeting_with_an_item(factories.MeetingMinutesDraftFactory),
            lambda meeting, by: workflow.approve_minutes(meeting, by=by),
            status,
            secretary,
        ),
        "board.generate_pack": Step(
            meeting_with_an_item(factories.MeetingAgendaPublishedFactory),
            lambda meeting, by: workflow.generate_pack(meeting, by=by),
            lambda meeting: Meeting.objects.get(pk=meeting.pk).pack.name,
            secretary,
        ),
    }


# commissioning ------------------------------------------------------------------------


def _commissioning_steps():
    from commissioning import publication
    from commissioning.models import Contract
    from tests.commissioning import factories

    def published(contract):
        return Contract.objects.get(pk=contract.pk).is_published

    register_keepers = frozenset({roles.COMMISSIONING_OFFICER, roles.PUBLISHER})
    return {
        "commissioning.publish": Step(
            factories.ContractDraftFactory,
            lambda contract, by: publication.publish(contract, by=by),
            published,
            register_keepers,
        ),
        "commissioning.withdraw": Step(
            factories.ContractPublishedFactory,
            lambda contract, by: publication.withdraw(contract, by=by),
            published,
            register_keepers,
        ),
    }


STEP_NAMES = [
    "decisions.submit",
    "decisions.give_officer_approval",
    "decisions.return_with_comments (awaiting officer approval)",
    "decisions.sign",
    "decisions.return_with_comments (awaiting the Commissioner)",
    "decisions.publish",
    "decisions.record_amendment",
    "grants.receive",
    "grants.assess",
    "grants.approve",
    "grants.decline",
    "grants.award",
    "grants.begin_monitoring",
    "grants.close",
    "board.add_standard_items",
    "board.publish_agenda",
    "board.record_minutes",
    "board.approve_minutes",
    "board.generate_pack",
    "commissioning.publish",
    "commissioning.withdraw",
]


def all_steps() -> dict[str, Step]:
    return {
        **_decision_steps(),
        **_grant_steps(),
        **_board_steps(),
        **_commissioning_steps(),
    }


@pytest.fixture
def person(officer_in):
    def make(role):
        return UserFactory() if role == NO_ROLE else officer_in(role)

    return make


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setenv("PCC_VAR_DIR", str(tmp_path / "var"))


def test_the_matrix_covers_every_workflow_function():
    """Every public state-changing function of the workflow modules is in the matrix."""
    import inspect

    from board import workflow as board_workflow
    from commissioning import publication
    from decisions import workflow as decision_workflow
    from grants import workflow as grant_workflow

    taking_a_user = {
        f"{module.__name__.split('.')[0]}.{name}"
        for module in (decision_workflow, grant_workflow, board_workflow, publication)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and "by" in inspect.signature(function).parameters
    }

    assert taking_a_user == {name.split(" ")[0] for name in STEP_NAMES}
    assert set(all_steps()) == set(STEP_NAMES)


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("step_name", STEP_NAMES)
def test_a_workflow_step_is_taken_only_by_the_roles_it_belongs_to(step_name, role, person):
    step = all_steps()[step_name]
    record = step.arrange()
    before = step.observe(record)
    user = person(role)

    if role in step.allowed:
        step.take(record, user)
        assert step.observe(record) != before
    else:
        with pytest.raises(PermissionDenied):
            step.take(record, user)
        assert step.observe(record) == before


# Each step's confirmation page in the admin (one mixin serves every app): the matrix
# step, the address name, the step in the address, and what a person fills in.
ADMIN_STEP_FORMS = {
    "decisions.submit": ("decisions_decisionrecord", "submit", {"comment": ""}),
    "decisions.give_officer_approval": (
        "decisions_decisionrecord",
        "officer_approval",
        {"advice_confirmed": "on", "role": "Chief Executive", "comment": ""},
    ),
    "decisions.sign": (
        "decisions_decisionrecord",
        "sign",
        {"declaration": "None", "comment": "", "signed_on": "today"},
    ),
    "decisions.return_with_comments (awaiting the Commissioner)": (
        "decisions_decisionrecord",
        "return",
        {"comment": "Revise the finance section."},
    ),
    "decisions.publish": (
        "decisions_decisionrecord",
        "publish",
        {"comment": "Brought forward at the Board's request."},
    ),
    "decisions.record_amendment": (
        "decisions_decisionrecord",
        "amend",
        {"correction": "The amount is £12,500."},
    ),
    "grants.assess": ("grants_application", "assess", {"score": "70", "notes": ""}),
    "grants.approve": ("grants_application", "approve", {"amount": "", "comment": ""}),
    "grants.decline": ("grants_application", "decline", {"reason": "Outside the round."}),
    "grants.award": (
        "grants_application",
        "award",
        {
            "amount": "",
            "awarded_on": "today",
            "purpose": "Sport sessions.",
            "conditions": "Attendance reported.",
            "crime_reduction_reasons": "Diverts young people from anti-social behaviour.",
            "decision": "",
        },
    ),
    "grants.begin_monitoring": ("grants_application", "begin-monitoring", {"comment": ""}),
    "grants.close": ("grants_application", "close", {"comment": ""}),
    "board.add_standard_items": ("board_meeting", "add-standard-items", {"comment": ""}),
    "board.publish_agenda": ("board_meeting", "publish-agenda", {"comment": ""}),
    "board.record_minutes": ("board_meeting", "record-minutes", {"closed_at": "16:00"}),
    "board.approve_minutes": ("board_meeting", "approve-minutes", {"comment": ""}),
    "board.generate_pack": ("board_meeting", "generate-pack", {"comment": ""}),
    "commissioning.publish": ("commissioning_contract", "publish", {"comment": ""}),
    "commissioning.withdraw": ("commissioning_contract", "withdraw", {"comment": ""}),
}


def test_every_step_but_recording_an_application_has_a_confirmation_page():
    """Recording an application makes a record; it has its own page (receive)."""
    assert set(ADMIN_STEP_FORMS) | {
        "grants.receive",
        "decisions.return_with_comments (awaiting officer approval)",
    } == set(STEP_NAMES)


@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("step_name", ADMIN_STEP_FORMS)
def test_the_workflow_pages_of_the_admin_refuse_other_roles(client, person, step_name, role):
    url_name, admin_step, data = ADMIN_STEP_FORMS[step_name]
    step = all_steps()[step_name]
    record = step.arrange()
    before = step.observe(record)
    today = timezone.localdate()
    data = {
        field: (today.strftime("%d/%m/%Y") if field == "signed_on" else today.isoformat())
        if value == "today"
        else value
        for field, value in data.items()
    }
    client.force_login(person(role))

    response = client.post(
        reverse(f"admin:{url_name}_workflow_step", args=[record.pk, admin_step]), data
    )

    if role in step.allowed:
        assert response.status_code == 302
        assert step.observe(record) != before
    else:
        assert response.status_code == 403
        assert step.observe(record) == before


def _admin_may_add(model_admin) -> bool:
    """Whether the admin lets anyone add through its add page (some records are made only
    by the workflow)."""
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return model_admin.has_add_permission(request)


@pytest.mark.parametrize("role", EVERYONE)
def test_each_admin_screen_opens_exactly_to_the_roles_whose_permissions_allow_it(
    client, person, role
):
    user = person(role)
    client.force_login(user)
    mismatches = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta

        def holds(action, opts=opts):
            return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

        screens = {
            "changelist": holds("view") or holds("change"),
            "add": holds("add") and _admin_may_add(model_admin),
        }
        for screen, allowed in screens.items():
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{screen}")
            status = client.get(url).status_code
            if status != (200 if allowed else 403):
                mismatches.append((url, status))

    assert mismatches == []


def _admin_paths(patterns, prefix="/admin/"):
    """Every address of the admin, with example values for its parameters."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _admin_paths(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names = list(pattern.pattern.regex.groupindex)
            for example in ("1", "decisions", "submit"):
                try:
                    yield reverse(f"admin:{pattern.name}", kwargs=dict.fromkeys(names, example))
                    break
                except NoReverseMatch:
                    continue


def test_anonymous_visitors_reach_only_the_admin_sign_in_page(client):
    paths = sorted(set(_admin_paths(admin.site.urls[0])))
    login = reverse("admin:login")
    logout = reverse("admin:logout")

    answers = {path: client.get(path) for path in paths if path not in (login, logout)}

    assert client.get(login).status_code == 200
    assert client.get(logout).status_code in (302, 405)
    assert len(answers) > 100
    assert {
        path: response.status_code
        for path, response in answers.items()
        if response.status_code != 302 or not response["Location"].startswith(login)
    } == {}

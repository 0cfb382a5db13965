import datetime
import html
import re
from decimal import Decimal

import pytest

from grants.models import Application, Distribution, GrantAward
from pcc_portal import roles
from tests.decisions.factories import DecisionCategoryFactory
from tests.grants.factories import (
    ApplicationApprovedFactory,
    ApplicationAssessedFactory,
    ApplicationReceivedFactory,
    FundFactory,
    GrantAwardFactory,
    MonitoringReportFactory,
    OrganisationFactory,
    SmallGrantsRoundFactory,
)

pytestmark = pytest.mark.django_db

Status = Application.Status


def _text(response) -> str:
    markup = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def _step_url(application, step):
    return f"/admin/grants/application/{application.pk}/workflow/{step}/"


@pytest.fixture
def signed_in(client, grants_officer):
    client.force_login(grants_officer)
    return client


def test_grants_officers_run_a_small_grants_round_from_application_to_award(
    client, signed_in, officer_in
):
    round_ = SmallGrantsRoundFactory()
    scouts = OrganisationFactory(name="Chesterfield Scout Group")
    priority = DecisionCategoryFactory(slug="young-people", name="Working with young people")

    form = signed_in.get(f"/admin/grants/application/receive/?round={round_.pk}")
    assert form.status_code == 200
    assert "Record an application received" in _text(form)

    received = signed_in.post(
        "/admin/grants/application/receive/",
        {
            "round": round_.pk,
            "applicant": scouts.pk,
            "project_title": "Online Safety for Children",
            "project_description": "A laptop to deliver online safety sessions.",
            "amount_requested": "650.00",
            "priority": priority.pk,
            "received_on": "2022-02-20",
        },
    )
    application = Application.objects.get()
    assert received.status_code == 302
    assert received["Location"] == f"/admin/grants/application/{application.pk}/change/"

    change_page = _text(signed_in.get(received["Location"]))
    assert "Assess" in change_page
    assert "Award the grant" not in change_page

    assert (
        signed_in.post(
            _step_url(application, "assess"), {"score": "78", "notes": "Clear need."}
        ).status_code
        == 302
    )
    # Separation of duties: a second grants officer decides, a third awards.
    client.force_login(officer_in(roles.GRANTS_OFFICER))
    assert client.post(_step_url(application, "approve"), {"amount": ""}).status_code == 302
    client.force_login(officer_in(roles.GRANTS_OFFICER))
    awarded = client.post(
        _step_url(application, "award"),
        {
            "amount": "",
            "awarded_on": "2022-03-20",
            "purpose": "A laptop to deliver the project Online Safety for Children.",
            "conditions": "The laptop is used for the sessions described.",
            "crime_reduction_reasons": "Teaches children to stay safe from online harm.",
            "decision": "",
        },
    )

    assert awarded.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.AWARDED
    assert [step.to_state for step in application.events.all()] == [
        Status.RECEIVED,
        Status.ASSESSED,
        Status.APPROVED,
        Status.AWARDED,
    ]
    award = GrantAward.objects.get()
    assert award.amount == Decimal("650.00")
    public = _text(signed_in.get(round_.get_absolute_url()))
    assert "Chesterfield Scout Group" in public
    assert "£650.00 in 1 grant" in public


def test_an_award_above_the_maximum_is_refused_in_the_admin_with_the_amount_over(signed_in):
    application = ApplicationAssessedFactory(
        round=SmallGrantsRoundFactory(), amount_requested=Decimal("3000.00")
    )

    response = signed_in.post(_step_url(application, "approve"), {"amount": ""})

    assert response.status_code == 200
    assert "£3,000.00 is £500.00 over the round's maximum of £2,500.00." in _text(response)
    application.refresh_from_db()
    assert application.status == Status.ASSESSED


def test_an_award_over_the_budget_is_refused_in_the_admin_with_the_amount_over(signed_in):
    round_ = SmallGrantsRoundFactory(budget=Decimal("3000.00"))
    GrantAwardFactory(application__round=round_, application__amount_requested=Decimal("2500.00"))
    application = ApplicationAssessedFactory(round=round_, amount_requested=Decimal("1000.00"))

    response = signed_in.post(_step_url(application, "approve"), {"amount": "1000.00"})

    assert "£1,000.00 would take the round over its budget of £3,000.00 by £500.00" in _text(
        response
    )


def test_a_late_application_is_refused_in_the_admin_saying_how_late(signed_in):
    round_ = SmallGrantsRoundFactory()

    response = signed_in.post(
        "/admin/grants/application/receive/",
        {
            "round": round_.pk,
            "applicant": OrganisationFactory().pk,
            "project_title": "Late bid",
            "project_description": "Arrived after the deadline.",
            "amount_requested": "500.00",
            "priority": DecisionCategoryFactory().pk,
            "received_on": "2022-03-02",
        },
    )

    assert response.status_code == 200
    assert "Received on 2 March 2022, 1 day after the round closed on 1 March 2022." in _text(
        response
    )
    assert not Application.objects.exists()


def test_an_officer_without_the_grants_role_cannot_open_a_workflow_step(client, other_officer):
    application = ApplicationReceivedFactory()
    client.force_login(other_officer)

    assert client.get(_step_url(application, "assess")).status_code == 403
    assert client.post(_step_url(application, "assess"), {"score": "90"}).status_code == 403
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


def test_the_round_page_in_the_admin_shows_its_budget_bar_and_applications(signed_in):
    round_ = SmallGrantsRoundFactory()
    GrantAwardFactory(application__round=round_, application__amount_requested=Decimal("2500.00"))
    ApplicationAssessedFactory(
        round=round_, project_title="Bid awaiting a decision", amount_requested=Decimal("1250.00")
    )
    ApplicationApprovedFactory(round=round_, amount_requested=Decimal("5000.00"))

    response = signed_in.get(f"/admin/grants/round/{round_.pk}/change/")
    text = _text(response)

    assert "Awarded: £2,500.00 (10%)" in text
    assert "Committed (approved, not yet awarded): £5,000.00 (20%)" in text
    assert "Remaining: £17,500.00 (70%) of £25,000.00" in text
    assert "Bid awaiting a decision" in text
    markup = response.content.decode()
    assert "grants-width-10" in markup
    assert "grants-width-20" in markup
    assert "grants/budget.css" in markup


def test_the_rounds_list_shows_awarded_committed_and_remaining(signed_in):
    round_ = SmallGrantsRoundFactory()
    GrantAwardFactory(application__round=round_, application__amount_requested=Decimal("2500.00"))

    text = _text(signed_in.get("/admin/grants/round/"))

    assert "£2,500.00" in text
    assert "£22,500.00" in text


def test_the_assessment_list_filters_applications_by_state(signed_in):
    ApplicationReceivedFactory(project_title="Waiting to be assessed")
    ApplicationAssessedFactory(project_title="Assessed already", score=64)

    text = _text(signed_in.get("/admin/grants/application/", {"status__exact": "received"}))

    assert "Waiting to be assessed" in text
    assert "Assessed already" not in text


def test_overdue_monitoring_reports_are_marked_in_the_admin(signed_in):
    MonitoringReportFactory(
        award__application__applicant=OrganisationFactory(name="Go Wild in Wirksworth"),
        due_on=datetime.date(2020, 1, 31),
    )
    MonitoringReportFactory(
        award__application__applicant=OrganisationFactory(name="HeadHigh"),
        due_on=datetime.date(2020, 1, 31),
        received_on=datetime.date(2020, 1, 20),
    )

    overdue = _text(signed_in.get("/admin/grants/monitoringreport/", {"status": "overdue"}))
    everything = _text(signed_in.get("/admin/grants/monitoringreport/"))

    assert "Go Wild in Wirksworth" in overdue
    assert "HeadHigh" not in overdue
    assert "Overdue" in everything
    assert "Received" in everything


def test_applications_cannot_be_added_around_the_workflow(signed_in):
    assert signed_in.get("/admin/grants/application/add/").status_code == 403
    assert signed_in.get("/admin/grants/grantaward/add/").status_code == 403


def test_a_distribution_whose_lines_do_not_add_up_is_refused_in_the_admin(signed_in):
    fund = FundFactory(name="Police Property Act fund")
    lines = [
        ("Retained in case of future claims", "2000.00"),
        ("Contribution towards administration", "2000.00"),
        ("Towards upkeep of stores", "2252.00"),
        ("To Mutual Welfare Fund", "1000.00"),
        ("To Police and Crime Commissioner for Derbyshire Fund", "9000.00"),
    ]
    data = {
        "fund": fund.pk,
        "financial_year": "2019",
        "total": "16292.00",
        "approved_on": "2021-01-25",
        "approved_at": "Strategic Priorities Assurance Board",
        "notes": "",
        "decision": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, (description, amount) in enumerate(lines):
        data[f"lines-{index}-position"] = str(index + 1)
        data[f"lines-{index}-description"] = description
        data[f"lines-{index}-amount"] = amount

    refused = signed_in.post("/admin/grants/distribution/add/", data)

    assert refused.status_code == 200
    assert "The lines add up to £16,252.00, £40.00 short of the total of £16,292.00." in _text(
        refused
    )
    assert not Distribution.objects.exists()

    data["lines-4-amount"] = "9040.00"
    accepted = signed_in.post("/admin/grants/distribution/add/", data)

    assert accepted.status_code == 302
    assert Distribution.objects.get().lines.count() == 5


def test_every_grants_admin_page_opens_for_a_grants_officer(signed_in):
    report = MonitoringReportFactory()
    award = report.award
    application = award.application
    distribution = Distribution.objects.create(
        fund=application.round.fund, financial_year=2019, total=Decimal("0.00")
    )

    for url in (
        "/admin/grants/",
        "/admin/grants/fund/",
        f"/admin/grants/fund/{application.round.fund.pk}/change/",
        "/admin/grants/fund/add/",
        "/admin/grants/round/",
        f"/admin/grants/round/{application.round.pk}/change/",
        "/admin/grants/round/add/",
        "/admin/grants/application/",
        f"/admin/grants/application/{application.pk}/change/",
        f"/admin/grants/application/{application.pk}/history/",
        "/admin/grants/grantaward/",
        f"/admin/grants/grantaward/{award.pk}/change/",
        "/admin/grants/monitoringreport/",
        f"/admin/grants/monitoringreport/{report.pk}/change/",
        "/admin/grants/distribution/",
        f"/admin/grants/distribution/{distribution.pk}/change/",
        _step_url(application, "begin-monitoring"),
    ):
        assert signed_in.get(url).status_code == 200, url

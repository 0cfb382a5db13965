import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.decisions.factories import DecisionDraftFactory, DecisionPublishedFactory
from tests.grants.factories import (
    ApplicationApprovedFactory,
    ApplicationAssessedFactory,
    ApplicationDeclinedFactory,
    ApplicationReceivedFactory,
    DistributionFactory,
    DistributionLineFactory,
    GrantAwardFactory,
    OrganisationFactory,
    RoundFactory,
    SmallGrantsRoundFactory,
)
from tests.sitemap import whole_sitemap

pytestmark = pytest.mark.django_db

SECRET = "UNPUBLISHED-7f3a"


def _text(response) -> str:
    markup = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def test_the_register_shows_published_awards_with_what_the_order_requires(client):
    award = GrantAwardFactory(
        application__applicant=OrganisationFactory(name="Ripley School of Boxing"),
        application__project_title="Boxing sessions for young people",
        application__amount_requested=Decimal("2400.00"),
        purpose="Weekly boxing sessions.",
        conditions="Attendance reported each quarter.",
        crime_reduction_reasons="Diverts young people from anti-social behaviour.",
    )

    text = _text(client.get("/grants/"))

    for shown in (
        "Ripley School of Boxing",
        "Boxing sessions for young people",
        "£2,400.00",
        "Weekly boxing sessions.",
        "Attendance reported each quarter.",
        "Diverts young people from anti-social behaviour.",
        award.application.round.fund.name,
        "1 grant totalling £2,400.00",
    ):
        assert shown in text


def test_applications_not_awarded_and_officers_notes_never_appear_publicly(client):
    round_ = SmallGrantsRoundFactory()
    ApplicationReceivedFactory(round=round_, project_title=f"{SECRET} received")
    ApplicationAssessedFactory(
        round=round_, project_title=f"{SECRET} assessed", assessment_notes=f"{SECRET} notes"
    )
    ApplicationApprovedFactory(round=round_, project_title=f"{SECRET} approved")
    ApplicationDeclinedFactory(
        round=round_, project_title=f"{SECRET} declined", decline_reason=f"{SECRET} reason"
    )
    award = GrantAwardFactory(
        application__round=round_,
        application__project_title="Published project",
        application__project_description=f"{SECRET} description",
        application__assessment_notes=f"{SECRET} award notes",
        application__score=93,
    )

    for url in (
        "/grants/",
        f"/grants/{round_.fund.slug}/",
        f"/grants/rounds/{round_.slug}/",
        award.get_absolute_url(),
        "/grants.csv",
        "/grants.json",
        "/open-data/grants-360giving.json",
        "/open-data/grants-360giving.csv",
        "/api/grants/",
        f"/api/grants/{award.pk}/",
        "/api/funds/",
        "/sitemap.xml",
        "/sitemap-grant-awards.xml",
        "/",
    ):
        response = client.get(url, HTTP_ACCEPT="application/json" if "/api/" in url else "*/*")
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert response.status_code == 200, url
        assert SECRET not in body, url
        assert "93 out of 100" not in body, url
    assert "Published project" in client.get("/grants/").content.decode()


def test_the_public_round_figures_leave_out_approvals_not_yet_awarded(client):
    round_ = SmallGrantsRoundFactory()
    GrantAwardFactory(application__round=round_, application__amount_requested=Decimal("1000.00"))
    ApplicationApprovedFactory(round=round_, amount_requested=Decimal("2222.00"))

    text = _text(client.get(f"/grants/rounds/{round_.slug}/"))

    assert "£1,000.00 in 1 grant" in text
    assert "2,222" not in text
    assert "Committed" not in text


@pytest.mark.parametrize(
    "make_application", [ApplicationReceivedFactory, ApplicationDeclinedFactory]
)
def test_a_guessed_address_of_an_unawarded_application_answers_404(client, make_application):
    application = make_application()

    assert client.get(f"/grants/awards/{application.pk}/").status_code == 404
    assert client.get(f"/api/grants/{application.pk}/").status_code == 404


def test_an_award_links_to_its_approving_decision_only_once_that_is_published(client):
    published = GrantAwardFactory(
        decision=DecisionPublishedFactory(title="Vulnerability Fund awards")
    )
    draft = GrantAwardFactory(decision=DecisionDraftFactory(title=f"{SECRET} draft decision"))

    published_page = client.get(published.get_absolute_url()).content.decode()
    draft_page = client.get(draft.get_absolute_url()).content.decode()

    assert "Vulnerability Fund awards" in published_page
    assert published.decision.get_absolute_url() in published_page
    assert SECRET not in draft_page
    assert "Approving decision" not in draft_page
    api = client.get("/api/grants/", HTTP_ACCEPT="application/json").json()["results"]
    decisions = {item["identifier"]: item["approving_decision"] for item in api}
    assert decisions[draft.identifier] is None
    assert decisions[published.identifier]["reference"] == published.decision.reference


def test_the_register_filters_by_fund_year_recipient_and_amount(client):
    small = GrantAwardFactory(
        application__round=SmallGrantsRoundFactory(),
        application__applicant=OrganisationFactory(name="Chesterfield Scout Group"),
        application__amount_requested=Decimal("600.00"),
        awarded_on="2021-06-01",
    )
    other = GrantAwardFactory(
        application__applicant=OrganisationFactory(name="Rural Action Derbyshire"),
        application__amount_requested=Decimal("9000.00"),
        awarded_on="2020-06-01",
    )

    def names(query):
        response = client.get("/grants/", query)
        return {
            name
            for name in ("Chesterfield Scout Group", "Rural Action Derbyshire")
            if name in response.content.decode().split('id="awards"')[1]
        }

    assert names({"fund": small.application.round.fund.slug}) == {"Chesterfield Scout Group"}
    assert names({"year": "2020/21"}) == {"Rural Action Derbyshire"}
    assert names({"recipient": "scout"}) == {"Chesterfield Scout Group"}
    assert names({"amount_min": "1000"}) == {"Rural Action Derbyshire"}
    assert names({"q": "rural action"}) == {"Rural Action Derbyshire"}
    assert other.pk


def test_a_year_that_is_not_a_financial_year_is_explained(client):
    response = client.get("/grants/", {"year": "2021/23"})

    text = _text(response)
    assert "There is a problem" in text
    assert "'2021/23' is not a financial year: 2021 is followed by 2022." in text


def test_the_property_act_fund_page_shows_its_distribution_and_total(client):
    distribution = DistributionFactory(fund__name="Police Property Act fund")
    DistributionLineFactory(distribution=distribution, description="Towards upkeep of stores")

    text = _text(client.get(f"/grants/{distribution.fund.slug}/"))

    assert "Distribution for 2019/20" in text
    assert "Towards upkeep of stores £2,252" in text
    assert "Total £16,292" in text


def test_an_unapproved_distribution_is_not_public(client):
    distribution = DistributionFactory(approved_on=None, notes=SECRET)

    assert SECRET not in client.get(f"/grants/{distribution.fund.slug}/").content.decode()
    assert SECRET not in client.get("/api/funds/", HTTP_ACCEPT="application/json").content.decode()


def test_an_unknown_fund_or_round_answers_404(client):
    assert client.get("/grants/no-such-fund/").status_code == 404
    assert client.get("/grants/rounds/no-such-round/").status_code == 404


def test_public_pages_use_no_inline_styles_or_scripts(client):
    award = GrantAwardFactory()
    round_ = award.application.round

    for url in ("/grants/", f"/grants/{round_.fund.slug}/", f"/grants/rounds/{round_.slug}/"):
        markup = client.get(url).content.decode()
        assert "style=" not in markup, url
        assert "<script>" not in markup, url


def test_the_round_page_draws_its_budget_bar_from_css_classes(client):
    round_ = SmallGrantsRoundFactory()
    GrantAwardFactory(application__round=round_, application__amount_requested=Decimal("2500.00"))

    markup = client.get(f"/grants/rounds/{round_.slug}/").content.decode()

    assert "grants/budget.css" in markup
    assert "grants-width-10" in markup
    assert "Remaining: £22,500.00 (90%) of £25,000.00" in _text(
        client.get(round_.get_absolute_url())
    )


def _awards(count):
    round_ = RoundFactory(budget=Decimal("1000000.00"))
    decision = DecisionPublishedFactory()
    for _ in range(count):
        GrantAwardFactory(application__round=round_, decision=decision)
    return round_


@pytest.mark.parametrize(
    "url", ["/grants/", "/grants/rounds/{round}/", "/grants/{fund}/", "/api/grants/", "/api/funds/"]
)
def test_list_pages_need_no_more_queries_for_more_awards(client, url):
    def queries(count):
        round_ = _awards(count)
        address = url.format(round=round_.slug, fund=round_.fund.slug)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        return len(captured)

    assert queries(2) == queries(15)


def test_the_register_answers_in_a_small_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    _awards(20)

    with django_assert_max_num_queries(12):
        client.get("/grants/")


def test_the_home_page_lists_the_latest_grants(client):
    GrantAwardFactory(
        application__applicant=OrganisationFactory(name="Ava Hunt Theatre"),
        application__project_title="Drama workshops in schools",
    )

    text = _text(client.get("/"))

    assert "Latest grants" in text
    assert "Ava Hunt Theatre: Drama workshops in schools" in text


def test_the_sitemap_lists_funds_rounds_and_published_awards_only(client):
    award = GrantAwardFactory()
    unawarded = ApplicationAssessedFactory(round=award.application.round)

    xml = whole_sitemap(client)

    assert award.get_absolute_url() in xml
    assert award.application.round.get_absolute_url() in xml
    assert award.application.round.fund.get_absolute_url() in xml
    assert xml.count("/grants/awards/") == 1
    assert unawarded.project_title not in xml

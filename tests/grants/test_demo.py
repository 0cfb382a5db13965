import html
import io
import re

import pytest
from django.core.management import call_command

from grants import demo
from grants.models import Application, ApplicationEvent, Distribution, Fund, GrantAward, Round
from tests.decisions.factories import DecisionCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_loaded(settings):
    call_command("loaddata", settings.BASE_DIR / "fixtures" / "offices.json", verbosity=0)
    for slug in ("vulnerable-people-and-victims", "young-people", "drugs-and-alcohol"):
        DecisionCategoryFactory(slug=slug, name=slug.replace("-", " ").capitalize())
    demo.load_demo(io.StringIO())


def _text(response) -> str:
    markup = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def test_the_grants_page_shows_the_funds_with_the_strategys_rules(client, demo_loaded):
    text = _text(client.get("/grants/"))

    for shown in (
        "Community Action Grants",
        "Set aside each year £250,000",
        "Large Grants",
        "Rounds each year 1 of £200,000",
        "Largest award £25,000",
        "Required for grants over £2,500",
        "Small Grants",
        "Rounds each year 3 of £25,000",
        "Closing dates 1 March, 1 July and 1 November",
        "Largest award £2,500",
        "NICE Fund",
        "Funded from Proceeds of Crime Act (POCA) income",
        "Vulnerability Fund",
        "Police Property Act fund",
    ):
        assert shown in text, shown


def test_the_grants_page_shows_the_rounds_of_2019_20_to_2021_22(client, demo_loaded):
    text = _text(client.get("/grants/"))

    for shown in (
        "Small Grants 2019/20 round 1 (closing 1 July 2019)",
        "Small Grants 2020/21 round 2 (closing 1 November 2020)",
        "Small Grants 2021/22 round 3 (closing 1 March 2022) 2021/22 2 November 2021 1 March 2022 £25,000",
        "Large Grants 2021/22",
        "Community Action Grants 2019/20",
    ):
        assert shown in text, shown


def test_the_grants_page_shows_the_vulnerability_fund_and_property_act_figures(client, demo_loaded):
    text = _text(client.get("/grants/"))

    assert "Round 1 2020/21 1 April 2020 31 December 2020 £341,843 £341,843.00 23" in text
    assert "Round 1: small awards Run by 3D Network" in text
    assert "Round 2 2020/21 26 January 2021 31 March 2021 about £275,000 £0.00 0" in text
    for line in (
        "Retained in case of future claims £2,000",
        "Contribution towards administration £2,000",
        "Towards upkeep of stores £2,252",
        "To Mutual Welfare Fund £1,000",
        "To Police and Crime Commissioner for Derbyshire Fund £9,040",
        "Total £16,292",
    ):
        assert line in text, line
    assert "23 grants totalling £341,843.00" in text


def test_the_sample_awards_are_marked_as_samples(client, demo_loaded):
    for award in GrantAward.objects.select_related("application__applicant"):
        assert award.application.applicant.name.startswith("Sample recipient")
        assert award.purpose.startswith("Sample award")


def test_the_sample_applications_in_progress_stay_private(client, demo_loaded):
    assert Application.objects.exclude(status__in=Application.AWARDED_STATUSES).count() == 2

    text = client.get("/grants/").content.decode()

    assert "Sample applicant" not in text
    assert "Sample assessment notes" not in text


def test_loading_the_demo_twice_adds_and_changes_nothing(demo_loaded):
    counts = [
        model.objects.count()
        for model in (Fund, Round, Application, ApplicationEvent, GrantAward, Distribution)
    ]
    history = [
        model.history.count() for model in (Fund, Round, Application, GrantAward, Distribution)
    ]

    demo.load_demo(io.StringIO())

    assert counts == [
        model.objects.count()
        for model in (Fund, Round, Application, ApplicationEvent, GrantAward, Distribution)
    ]
    assert history == [
        model.history.count() for model in (Fund, Round, Application, GrantAward, Distribution)
    ]
    assert counts[:5] == [6, 18, 25, 25, 23]


def test_the_demo_shares_the_commissioner_organisation_with_commissioning(demo_loaded):
    funders = {fund.funder.name for fund in Fund.objects.select_related("funder")}

    assert funders == {"Police and Crime Commissioner for Derbyshire"}

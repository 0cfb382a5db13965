"""The demo register built from the seed documents: the issue's "Done when" checks."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from commissioning.demo import load_demo
from commissioning.models import (
    Contract,
    ContractDecision,
    ContractExtension,
    FundingShare,
    UpliftShare,
)
from organisations.models import Organisation
from pcc_portal.models import Office
from tests.decisions.factories import DecisionPublishedFactory

pytestmark = pytest.mark.django_db

SEED_CONTRACTS = [
    "High risk offenders accommodation and support project (Arbor)",
    "Derby City IDVA service",
    "Derbyshire County IDVA service",
    "Circles of Support",
]


@pytest.fixture
def demo():
    """The offices, the seed decisions (as ``seed_demo`` loads decisions first) and the
    commissioning demo."""
    call_command("loaddata", Path(settings.BASE_DIR) / "fixtures" / "offices.json", verbosity=0)
    derbyshire = Office.objects.get(slug="derbyshire")
    humberside = Office.objects.get(slug="humberside")
    DecisionPublishedFactory(
        office=derbyshire,
        reference="16/2020",
        title="High Risk Offenders Accommodation and Support Project - Arbor",
    )
    DecisionPublishedFactory(
        office=derbyshire, reference="24/2018", title="Derbyshire Wide IDVA Service"
    )
    DecisionPublishedFactory(
        office=humberside,
        reference="262021",
        title="Circles of Support – Request for Revised Funding and Commissioning",
    )
    load_demo(io.StringIO())


def text(html):
    """The page as a person reads it: tags removed, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_register_lists_the_seed_contracts(client, demo):
    html = client.get("/contracts/").content.decode()

    for title in SEED_CONTRACTS:
        assert title in html


def test_circles_of_support_shows_the_51_49_split_adding_up_to_50668_99(client, demo):
    page = text(client.get("/contracts/circles-of-support/").content.decode())

    assert "Police and Crime Commissioner for Humberside 51.00% £25,841.18" in page
    assert "Probation Service 49.00% £24,827.81" in page
    assert "Total 100.00% £50,668.99" in page
    assert "Provider Humbercare" in page


def test_the_idva_uplift_shows_33000_and_22000(client, demo):
    page = text(client.get("/contracts/derby-city-idva-service/").content.decode())

    assert "Derbyshire County IDVA service 60.00% £33,000.00" in page
    assert "Derby City IDVA service (this contract) 40.00% £22,000.00" in page
    assert "Total £55,000.00" in page
    assert "£175,000.00 + £22,000.00 = £197,000.00" in page


def test_the_county_idva_contract_shows_89000_plus_33000(client, demo):
    page = text(client.get("/contracts/derbyshire-county-idva-service/").content.decode())

    assert "£89,000.00 + £33,000.00 = £122,000.00" in page
    assert "Lead commissioner Derbyshire County Council" in page


def test_arbor_shows_its_extension_to_march_2021_linked_to_decision_16_2020(client, demo):
    html = client.get(
        "/contracts/arbor-high-risk-offenders-accommodation-and-support/"
    ).content.decode()
    page = text(html)

    assert "1 of 3 March 2021" in page
    assert 'href="/decisions/16-2020/"' in html
    assert "£390,000.00" in page
    assert "April 2018 to March 2020" in page
    assert "Funded posts 5: 4 staff members and a manager" in page
    assert "Units of accommodation 32" in page
    assert "Referrals 94 since April 2019" in page


def test_arbor_lists_the_eleven_consortium_partners_without_figures(demo):
    arbor = Contract.objects.get(slug="arbor-high-risk-offenders-accommodation-and-support")

    partners = {share.partner.name for share in arbor.funding_shares.select_related("partner")}

    assert partners == {
        "Police and Crime Commissioner for Derbyshire",
        "Derby City Council",
        "Derbyshire County Council",
        "Amber Valley Borough Council",
        "Bolsover District Council",
        "Chesterfield Borough Council",
        "Derbyshire Dales District Council",
        "Erewash Borough Council",
        "High Peak Borough Council",
        "North East Derbyshire District Council",
        "South Derbyshire District Council",
    }
    assert not arbor.funding_shares.filter(amount__isnull=False).exists()
    assert not arbor.funding_shares.filter(percentage__isnull=False).exists()


def test_loading_the_demo_twice_changes_nothing(demo):
    models = (
        Organisation,
        Contract,
        ContractExtension,
        ContractDecision,
        FundingShare,
        UpliftShare,
    )
    before = {model: model.objects.count() for model in models}
    history_before = Contract.history.count() + FundingShare.history.count()

    load_demo(io.StringIO())

    assert {model: model.objects.count() for model in models} == before
    assert Contract.history.count() + FundingShare.history.count() == history_before


def test_without_the_decision_records_the_demo_loads_and_links_nothing(client):
    call_command("loaddata", Path(settings.BASE_DIR) / "fixtures" / "offices.json", verbosity=0)
    output = io.StringIO()

    load_demo(output)

    assert not ContractDecision.objects.exists()
    assert ContractExtension.objects.get().decision is None
    assert "Decision 16/2020 is not in the database" in output.getvalue()

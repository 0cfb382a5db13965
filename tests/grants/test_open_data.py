import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.grants.factories import (
    ApplicationAssessedFactory,
    GrantAwardFactory,
    OrganisationFactory,
    SmallGrantsRoundFactory,
)

pytestmark = pytest.mark.django_db

SCHEMA_DIR = Path(__file__).parent / "schema"
GRANT_SCHEMA_URL = (
    "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/master/schema/"
    "360-giving-schema.json"
)
REQUIRED = [
    "id",
    "title",
    "description",
    "currency",
    "amountAwarded",
    "awardDate",
    "recipientOrganization",
    "fundingOrganization",
]


def _validator():
    package_schema = json.loads((SCHEMA_DIR / "360-giving-package-schema.json").read_text())
    grant_schema = json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text())
    registry = Registry().with_resource(
        GRANT_SCHEMA_URL, Resource.from_contents(grant_schema, default_specification=DRAFT4)
    )
    return jsonschema.Draft4Validator(
        package_schema, registry=registry, format_checker=jsonschema.FormatChecker()
    )


def _awards():
    round_ = SmallGrantsRoundFactory()
    return [
        GrantAwardFactory(
            application__round=round_,
            application__applicant=OrganisationFactory(
                name="Ripley School of Boxing", charity_number="1123456"
            ),
            application__amount_requested=Decimal("2499.99"),
        ),
        GrantAwardFactory(
            application__round=round_,
            application__applicant=OrganisationFactory(
                name="Rural Action Derbyshire", org_id="GB-COH-02623456"
            ),
            application__amount_requested=Decimal("1000.00"),
        ),
        GrantAwardFactory(application__round=round_),
    ]


def _csv(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_the_360giving_package_validates_against_the_official_schema(client):
    _awards()

    package = client.get("/open-data/grants-360giving.json").json()

    errors = sorted(_validator().iter_errors(package), key=lambda error: error.path)
    assert [error.message for error in errors] == []


def test_every_360giving_grant_has_every_required_field(client):
    awards = _awards()

    grants = client.get("/open-data/grants-360giving.json").json()["grants"]

    assert len(grants) == len(awards)
    for grant in grants:
        for field in REQUIRED:
            assert grant.get(field) not in (None, "", []), field
        assert grant["currency"] == "GBP"
        assert grant["id"].startswith("360G-pccportal-")
        assert grant["recipientOrganization"][0]["id"]
        assert grant["recipientOrganization"][0]["name"]
        assert grant["fundingOrganization"][0] == {
            "id": "360G-pccportal-org-police-and-crime-commissioner-for-derbyshire",
            "name": "Police and Crime Commissioner for Derbyshire",
        }
        assert grant["grantProgramme"][0]["title"] == "Small Grants"


def test_360giving_amounts_are_the_awards_to_the_penny(client):
    _awards()

    grants = client.get("/open-data/grants-360giving.json").json()["grants"]

    amounts = sorted(Decimal(str(grant["amountAwarded"])) for grant in grants)
    assert amounts == [Decimal("1000.00"), Decimal("2000.00"), Decimal("2499.99")]


def test_recipients_are_identified_by_org_id_or_charity_number(client):
    _awards()

    grants = client.get("/open-data/grants-360giving.json").json()["grants"]

    identifiers = {
        grant["recipientOrganization"][0]["name"]: grant["recipientOrganization"][0]["id"]
        for grant in grants
    }
    assert identifiers["Ripley School of Boxing"] == "GB-CHC-1123456"
    assert identifiers["Rural Action Derbyshire"] == "GB-COH-02623456"


def test_the_360giving_identifier_prefix_comes_from_the_setting(client, settings):
    settings.THREESIXTYGIVING_PREFIX = "360G-derbyshirepcc"
    award = GrantAwardFactory()

    grant = client.get("/open-data/grants-360giving.json").json()["grants"][0]

    assert grant["id"] == f"360G-derbyshirepcc-{award.pk}"


def test_the_360giving_csv_uses_the_standards_column_titles(client):
    awards = _awards()

    rows = _csv(client.get("/open-data/grants-360giving.csv"))

    assert len(rows) == len(awards)
    for row in rows:
        for title in (
            "Identifier",
            "Title",
            "Description",
            "Currency",
            "Amount Awarded",
            "Award Date",
            "Recipient Org:Identifier",
            "Recipient Org:Name",
            "Funding Org:Identifier",
            "Funding Org:Name",
            "Grant Programme:Title",
        ):
            assert row[title], title
    assert {row["Amount Awarded"] for row in rows} == {"2499.99", "1000.00", "2000.00"}


def test_the_register_csv_has_purpose_conditions_and_reasons(client):
    award = GrantAwardFactory(purpose='=HYPERLINK("http://example.org")')

    row = _csv(client.get("/grants.csv"))[0]

    assert row["Identifier"] == award.identifier
    assert row["Amount (GBP)"] == "2000.00"
    assert row["Conditions"] == award.conditions
    assert row["Reasons it reduces crime and disorder"] == award.crime_reduction_reasons
    assert row["Purpose"] == '\'=HYPERLINK("http://example.org")'


def test_the_register_json_gives_totals_and_takes_the_filters(client):
    awards = _awards()
    ApplicationAssessedFactory(round=awards[0].application.round)

    everything = client.get("/grants.json").json()
    boxing = client.get("/grants.json", {"recipient": "boxing"}).json()

    assert (everything["count"], everything["total_amount"]) == (3, "5499.99")
    assert [award["recipient"]["name"] for award in boxing["awards"]] == ["Ripley School of Boxing"]


def test_the_open_data_page_lists_the_grants_downloads(client):
    html = client.get("/open-data/").content.decode()

    for address in (
        "/grants.csv",
        "/grants.json",
        "/open-data/grants-360giving.json",
        "/open-data/grants-360giving.csv",
    ):
        assert f'href="{address}"' in html

"""The register's downloads and counts are built once per version of the register and
kept in the cache: a client that has a download gets 304, and every change the public
may see (a contract published, edited or withdrawn, a linked decision published) gives
a new download at once. Unpublished contracts never appear in any of it."""

import csv
import io
import json

import pytest

from commissioning import publication
from commissioning.models import ContractDecision
from decisions import workflow
from pcc_portal import roles
from tests.commissioning.factories import (
    ContractDraftFactory,
    ContractPublishedFactory,
    FundingShareFactory,
    OrganisationFactory,
)
from tests.decisions.factories import DecisionScheduledFactory

pytestmark = pytest.mark.django_db

DOWNLOADS = ["/contracts.csv", "/contracts.json", "/open-data/contracts-ocds.json"]


def text(response) -> str:
    """A download's text (streamed from the file built for the register's version)."""
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def titles(response) -> list[str]:
    """The titles of the contracts in a download, whichever it is."""
    if response["Content-Type"].startswith("text/csv"):
        return sorted(row["title"] for row in csv.DictReader(io.StringIO(text(response))))
    data = json.loads(text(response))
    if "releases" in data:
        return sorted(release["tender"]["title"] for release in data["releases"])
    return sorted(contract["title"] for contract in data["contracts"])


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_download_answers_not_modified_to_a_client_that_already_has_it(client, url):
    ContractPublishedFactory(title="Arbor")
    first = client.get(url)
    assert titles(first) == ["Arbor"]

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    other = client.get(url, HTTP_IF_NONE_MATCH='"an-older-version"')

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert text(other) == text(client.get(url))


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_download_includes_a_contract_published_after_it_was_cached(client, officer_in, url):
    ContractPublishedFactory(title="Arbor")
    draft = ContractDraftFactory(title="Circles of Support")
    first = client.get(url)
    assert titles(first) == ["Arbor"]

    publication.publish(draft, by=officer_in(roles.PUBLISHER))
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert titles(again) == ["Arbor", "Circles of Support"]
    assert again["ETag"] != first["ETag"]


@pytest.mark.parametrize("url", DOWNLOADS)
def test_a_download_shows_an_edit_and_leaves_out_a_withdrawn_contract(client, officer_in, url):
    arbor = ContractPublishedFactory(title="Arbor")
    circles = ContractPublishedFactory(title="Circles of Support")
    first = client.get(url)
    assert titles(first) == ["Arbor", "Circles of Support"]

    arbor.title = "Arbor accommodation"
    arbor.save()
    edited = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    publication.withdraw(circles, by=officer_in(roles.PUBLISHER))
    withdrawn = client.get(url, HTTP_IF_NONE_MATCH=edited["ETag"])

    assert titles(edited) == ["Arbor accommodation", "Circles of Support"]
    assert titles(withdrawn) == ["Arbor accommodation"]
    assert len({first["ETag"], edited["ETag"], withdrawn["ETag"]}) == 3


def test_a_partner_added_after_the_csv_was_cached_is_listed(client):
    arbor = ContractPublishedFactory(title="Arbor")
    erewash = OrganisationFactory(name="Erewash Borough Council")

    def partners():
        rows = csv.DictReader(io.StringIO(text(client.get("/contracts.csv"))))
        return [row["funding_partners"] for row in rows]

    assert partners() == [""]

    FundingShareFactory(contract=arbor, partner=erewash)

    assert partners() == ["Erewash Borough Council"]


def test_a_linked_decision_appears_in_the_downloads_once_it_is_published(client, officer_in):
    contract = ContractPublishedFactory(title="Arbor", slug="arbor")
    scheduled = DecisionScheduledFactory(reference="16/2020", title="Arbor extension")
    ContractDecision.objects.create(contract=contract, decision=scheduled, role="extended")
    before = json.loads(text(client.get("/contracts.json")))["contracts"][0]
    ocds_before = text(client.get("/open-data/contracts-ocds.json"))
    assert before["decisions"] == []
    assert "Arbor extension" not in ocds_before

    workflow.publish(scheduled, by=officer_in(roles.PUBLISHER), comment="Contract now signed.")
    after = json.loads(text(client.get("/contracts.json")))["contracts"][0]
    ocds_after = text(client.get("/open-data/contracts-ocds.json"))

    assert after["decisions"][0]["decision"]["reference"] == "16/2020"
    assert "Decision 16/2020: Arbor extension" in ocds_after


@pytest.mark.parametrize("url", DOWNLOADS)
def test_unpublished_contracts_never_reach_a_download_cached_or_not(client, url):
    ContractPublishedFactory(title="Arbor")
    ContractDraftFactory(title="Draft contract never published")

    for attempt in ("built", "from the files built"):
        body = text(client.get(url))
        assert "Arbor" in body, attempt
        assert "Draft contract never published" not in body, attempt


def test_the_api_counts_a_newly_published_contract_at_once(client, officer_in):
    ContractPublishedFactory(title="Arbor")
    draft = ContractDraftFactory(title="Circles of Support")
    assert client.get("/api/contracts/").json()["count"] == 1

    publication.publish(draft, by=officer_in(roles.PUBLISHER))
    data = client.get("/api/contracts/").json()

    assert data["count"] == 2
    assert [item["title"] for item in data["results"]] == ["Arbor", "Circles of Support"]

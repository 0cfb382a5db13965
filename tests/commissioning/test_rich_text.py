"""A contract's description is rich text: shown on its public page as paragraphs and
lists, not one run-on paragraph."""

import json

import pytest

from tests.commissioning.factories import ContractPublishedFactory

pytestmark = pytest.mark.django_db


def test_the_contract_page_shows_the_description_as_paragraphs_and_lists(client):
    contract = ContractPublishedFactory(
        description="<p>Support for victims of crime:</p><ul><li>to cope</li><li>to recover</li></ul>"
        "<script>alert(1)</script>"
    )

    html = client.get(f"/contracts/{contract.slug}/").content.decode()

    assert '<p class="govuk-body">Support for victims of crime:</p>' in html
    assert (
        '<ul class="govuk-list govuk-list--bullet"><li>to cope</li><li>to recover</li></ul>' in html
    )
    assert "alert(1)" not in html


def test_the_ocds_release_gives_the_description_as_plain_text(client):
    ContractPublishedFactory(description="<p>Support for victims:</p><ul><li>to cope</li></ul>")

    response = client.get("/open-data/contracts-ocds.json")

    package = json.loads(b"".join(response.streaming_content))

    release = package["releases"][0]
    assert release["tender"]["description"] == "Support for victims:\nto cope"
    assert release["contracts"][0]["description"] == "Support for victims:\nto cope"

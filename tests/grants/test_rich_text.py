"""A grant round's description is rich text: typed paragraphs stay paragraphs on the
round's public page, and web addresses become links."""

import pytest

from tests.grants.factories import RoundFactory

pytestmark = pytest.mark.django_db


def test_the_round_page_shows_the_description_as_paragraphs_with_links(client):
    round_ = RoundFactory(
        description="Grants of up to £2,500.\n\nRead the guidance at https://www.example.org/guide"
    )

    html = client.get(f"/grants/rounds/{round_.slug}/").content.decode()

    assert '<p class="govuk-body">Grants of up to £2,500.</p>' in html
    assert '<a href="https://www.example.org/guide" class="govuk-link"' in html

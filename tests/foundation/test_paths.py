"""``path_for`` gives the address ``reverse()`` gives, from a pattern reversed once."""

import pytest
from django.urls import NoReverseMatch, reverse

from pcc_portal.paths import path_for


@pytest.mark.parametrize(
    ("name", "key", "value"),
    [
        ("decisions:detail", "slug", "16-2020"),
        ("decisions:detail", "slug", "DN0121"),
        ("commissioning:detail", "slug", "arbor-domestic-abuse-service"),
        ("board:meeting", "slug", "2021-01-25-spa-board"),
        ("grants:award", "pk", 7),
        ("grants:round", "slug", "vulnerability-fund-round-1"),
    ],
)
def test_the_address_is_the_one_reverse_gives(name, key, value):
    assert path_for(name, **{key: value}) == reverse(name, kwargs={key: value})


def test_a_value_needing_quoting_is_quoted_as_reverse_quotes_it():
    assert path_for("board:meeting", slug="a b&c") == reverse(
        "board:meeting", kwargs={"slug": "a b&c"}
    )


def test_a_value_the_pattern_refuses_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        path_for("grants:award", pk="not a number")
    with pytest.raises(NoReverseMatch):
        path_for("grants:award", pk="abc")

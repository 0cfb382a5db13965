"""The co-funding arithmetic: splits to the penny, and refusals that say by how much."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from commissioning import splits

PENNY = Decimal("0.01")


def refusal(callable_, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        callable_(*args, **kwargs)
    return " ".join(caught.value.messages)


def test_circles_of_support_51_49_split_of_50668_99_gives_the_seed_figures():
    shares = splits.split_by_percentages(Decimal("50668.99"), [Decimal("51"), Decimal("49")])

    assert shares == [Decimal("25841.18"), Decimal("24827.81")]
    assert sum(shares) == Decimal("50668.99")


def test_idva_uplift_of_55000_at_60_40_gives_33000_and_22000():
    shares = splits.split_by_percentages(Decimal("55000"), [Decimal("60"), Decimal("40")])

    assert shares == [Decimal("33000.00"), Decimal("22000.00")]


def test_the_leftover_penny_goes_to_the_share_that_lost_most_to_rounding():
    # £100 in thirds: 33.333..., each rounds down to £33.33, one penny is left over.
    shares = splits.split_by_percentages(
        Decimal("100.00"), [Decimal("33.33"), Decimal("33.34"), Decimal("33.33")]
    )

    assert shares == [Decimal("33.33"), Decimal("33.34"), Decimal("33.33")]
    assert sum(shares) == Decimal("100.00")


def test_equal_remainders_give_the_penny_to_the_earlier_share():
    shares = splits.split_by_percentages(Decimal("0.01"), [Decimal("50"), Decimal("50")])

    assert shares == [Decimal("0.01"), Decimal("0.00")]


def test_percentages_short_of_100_are_refused_saying_by_how_much():
    message = refusal(splits.split_by_percentages, Decimal("1000"), [Decimal("51"), Decimal("48")])

    assert message == "The shares add up to 99.00%, 1.00% short of 100%."


def test_percentages_over_100_are_refused_saying_by_how_much():
    message = refusal(splits.check_percentages, [Decimal("60"), Decimal("40.5")], label="2021/22")

    assert message == "2021/22: The shares add up to 100.50%, 0.50% over 100%."


def test_a_negative_percentage_is_refused():
    message = refusal(splits.check_percentages, [Decimal("110"), Decimal("-10")])

    assert message == "A share cannot be negative (-10.00% given)."


def test_amounts_short_of_the_total_are_refused_saying_by_how_much():
    message = refusal(
        splits.check_amounts,
        Decimal("50668.99"),
        [Decimal("25841.18"), Decimal("24827.80")],
        label="2021/22",
    )

    assert message == (
        "2021/22: The shares add up to £50,668.98, £0.01 short of the total of £50,668.99."
    )


def test_amounts_over_the_total_are_refused_saying_by_how_much():
    message = refusal(splits.check_amounts, Decimal("55000"), [Decimal("33000"), Decimal("23000")])

    assert message == "The shares add up to £56,000.00, £1,000.00 over the total of £55,000.00."


def test_a_negative_amount_is_refused():
    message = refusal(splits.check_amounts, None, [Decimal("-5.00")])

    assert message == "A share cannot be negative (-£5.00 given)."


def test_shares_not_given_are_allowed_but_those_given_may_not_exceed_the_total():
    splits.check_amounts(Decimal("55000"), [Decimal("33000"), None])

    message = refusal(splits.check_amounts, Decimal("55000"), [Decimal("60000"), None])

    assert (
        message == "The shares given add up to £60,000.00, £5,000.00 over the total of £55,000.00."
    )


def test_settle_by_percentage_works_out_the_amounts():
    amounts = splits.settle(
        total=Decimal("50668.99"),
        basis=splits.Basis.PERCENTAGE,
        shares=[
            splits.ShareFigures("OPCC", percentage=Decimal("51")),
            splits.ShareFigures("Probation Service", percentage=Decimal("49")),
        ],
    )

    assert amounts == [Decimal("25841.18"), Decimal("24827.81")]


def test_settle_by_percentage_refuses_a_share_without_a_percentage():
    message = refusal(
        splits.settle,
        total=Decimal("100"),
        basis=splits.Basis.PERCENTAGE,
        shares=[splits.ShareFigures("Probation Service", amount=Decimal("100"))],
        label="2021/22",
    )

    assert message == (
        "2021/22: Give Probation Service's percentage: the shares are given by percentage."
    )


def test_settle_by_amount_keeps_shares_not_given_as_none_never_invented():
    amounts = splits.settle(
        total=None,
        basis=splits.Basis.AMOUNT,
        shares=[splits.ShareFigures("Derby City Council"), splits.ShareFigures("Erewash")],
    )

    assert amounts == [None, None]


def test_settle_names_the_partner_whose_share_is_negative():
    message = refusal(
        splits.settle,
        total=Decimal("100"),
        basis=splits.Basis.AMOUNT,
        shares=[splits.ShareFigures("Bolsover District Council", amount=Decimal("-1"))],
    )

    assert message == "Bolsover District Council's share cannot be negative (-£1.00 given)."


def test_tally_shows_what_is_left_to_allocate():
    result = splits.tally(Decimal("55000"), [None, None], [Decimal("33000"), None])

    assert result.amount_total == Decimal("33000")
    assert result.shares_not_given == 1
    assert result.difference == Decimal("22000")
    assert not result.adds_up


# Percentages to two places that add up to exactly 100: cut 10,000 hundredths in pieces.
percentages = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=11).map(
    lambda cuts: [
        Decimal(high - low) / 100
        for low, high in zip([0, *sorted(cuts)], [*sorted(cuts), 10_000], strict=True)
    ]
)
amounts = st.integers(min_value=0, max_value=10**12 - 1).map(lambda pennies: pennies * PENNY)


@given(total=amounts, shares=percentages)
def test_a_split_adds_up_exactly_to_the_total(total, shares):
    assert sum(splits.split_by_percentages(total, shares)) == total


@given(total=amounts, shares=percentages)
def test_every_share_is_whole_pence_and_within_a_penny_of_its_exact_value(total, shares):
    for share, percentage in zip(splits.split_by_percentages(total, shares), shares, strict=True):
        assert share == share.quantize(PENNY)
        assert share >= 0
        assert abs(share - total * percentage / 100) < PENNY


@given(total=amounts, shares=percentages)
def test_splitting_is_deterministic(total, shares):
    assert splits.split_by_percentages(total, shares) == splits.split_by_percentages(total, shares)


@given(
    shares=st.lists(
        st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n) / 100),
        min_size=1,
        max_size=6,
    ).filter(lambda values: sum(values) != 100)
)
def test_percentages_not_adding_to_100_are_always_refused_with_the_difference(shares):
    total = sum(shares)
    message = refusal(splits.check_percentages, shares)

    assert f"{total.quantize(PENNY)}%" in message
    assert f"{abs(100 - total).quantize(PENNY)}%" in message


@given(total=amounts, shares=percentages)
def test_the_amounts_of_a_split_pass_the_amount_check(total, shares):
    splits.check_amounts(total, splits.split_by_percentages(total, shares))


@given(total=amounts, given_amounts=st.lists(amounts, min_size=1, max_size=6))
def test_amounts_not_adding_up_to_the_total_are_refused_with_the_difference(total, given_amounts):
    assume(sum(given_amounts) != total)

    message = refusal(splits.check_amounts, total, given_amounts)

    assert f"£{abs(total - sum(given_amounts)):,.2f}" in message


def test_co_funding_by_year_lists_the_largest_share_first_and_unstated_shares_last():
    from types import SimpleNamespace

    def share(name, amount):
        return SimpleNamespace(partner=SimpleNamespace(name=name), amount=amount)

    given = SimpleNamespace(financial_year=2021, total=Decimal("50668.99"))
    unstated = share("Derby City Council", None)
    larger = share("Derbyshire County Council", Decimal("25841.18"))
    smaller = share("Police and Crime Commissioner", Decimal("24827.81"))
    later = share("NHS Derby and Derbyshire", Decimal("1000.00"))

    years = splits.by_financial_year(
        [given],
        [(2021, unstated), (2021, smaller), (2022, later), (2021, larger)],
        new_year=lambda financial_year: SimpleNamespace(financial_year=financial_year, total=None),
    )

    assert [year.financial_year for year in years] == [2021, 2022]
    assert years[0].shares_list == [larger, smaller, unstated]
    assert years[1].total is None  # a year only its shares name has no invented total
    assert years[1].shares_list == [later]

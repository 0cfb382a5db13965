import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from grants.budget import BudgetBar
from grants.models import Distribution, Round
from tests.grants.factories import (
    ApplicationApprovedFactory,
    DistributionFactory,
    FundFactory,
    GrantAwardFactory,
    OrganisationFactory,
    RoundFactory,
    SmallGrantsFundFactory,
    SmallGrantsRoundFactory,
)

pytestmark = pytest.mark.django_db

PROPERTY_ACT_LINES_2019_20 = [
    Decimal("2000.00"),  # retained in case of future claims
    Decimal("2000.00"),  # contribution towards administration
    Decimal("2252.00"),  # towards upkeep of stores
    Decimal("1000.00"),  # to the Mutual Welfare Fund
    Decimal("9040.00"),  # to the Police and Crime Commissioner for Derbyshire Fund
]


def _violates(**changes):
    round_ = SmallGrantsRoundFactory()
    for name, value in changes.items():
        setattr(round_, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        round_.save()


def test_the_database_refuses_a_round_that_closes_before_it_opens():
    _violates(opens_on=datetime.date(2022, 3, 1), closes_on=datetime.date(2022, 2, 1))


def test_the_database_refuses_a_negative_budget():
    _violates(budget=Decimal("-1.00"))


def test_the_database_refuses_a_maximum_award_below_the_minimum():
    _violates(minimum_award=Decimal("1000.00"), maximum_award=Decimal("500.00"))


def test_the_database_refuses_an_opcc_round_without_a_budget():
    _violates(budget=None)


def test_a_partner_round_may_be_recorded_before_its_budget_is_reported():
    round_ = RoundFactory(budget=None, administered_by=OrganisationFactory(name="3D Network"))

    assert round_.pk is not None


def test_a_fund_cannot_have_two_rounds_open_at_once_from_the_same_administrator():
    first = SmallGrantsRoundFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        SmallGrantsRoundFactory(
            fund=first.fund,
            opens_on=datetime.date(2022, 2, 1),
            closes_on=datetime.date(2022, 6, 1),
        )


def test_consecutive_small_grants_rounds_do_not_overlap():
    first = SmallGrantsRoundFactory()

    following = SmallGrantsRoundFactory(
        fund=first.fund, opens_on=datetime.date(2022, 3, 2), closes_on=datetime.date(2022, 7, 1)
    )

    assert following.pk is not None


def test_a_partner_may_run_a_round_of_the_same_fund_alongside_the_opcc():
    first = RoundFactory()

    alongside = RoundFactory(
        fund=first.fund,
        administered_by=OrganisationFactory(name="3D Network"),
        opens_on=first.opens_on,
        closes_on=first.closes_on,
    )

    assert alongside.pk is not None


def test_an_overlapping_round_is_refused_with_a_message_in_the_admin_form():
    first = SmallGrantsRoundFactory()
    overlapping = Round(
        fund=first.fund,
        name="Another round",
        slug="another-round",
        budget=Decimal("25000.00"),
        opens_on=datetime.date(2022, 1, 1),
        closes_on=datetime.date(2022, 4, 1),
    )

    with pytest.raises(ValidationError) as refusal:
        overlapping.full_clean()

    assert (
        "This fund already has a round run by the same administrator open on some of these dates."
        in refusal.value.messages
    )


def test_a_rounds_maximum_above_the_funds_maximum_is_refused_saying_by_how_much():
    round_ = SmallGrantsRoundFactory.build(
        fund=SmallGrantsFundFactory(), maximum_award=Decimal("3000.00")
    )

    with pytest.raises(ValidationError) as refusal:
        round_.clean()

    assert refusal.value.message_dict["maximum_award"] == [
        "£3,000.00 is £500.00 over the fund's maximum award of £2,500.00."
    ]


def test_small_grants_three_rounds_of_25000_fit_the_75000_set_aside():
    SmallGrantsFundFactory().full_clean()


def test_rounds_that_add_up_to_more_than_the_annual_budget_are_refused():
    fund = SmallGrantsFundFactory.build(
        office=FundFactory().office, round_budget=Decimal("30000.00")
    )

    with pytest.raises(ValidationError) as refusal:
        fund.clean()

    assert refusal.value.message_dict["round_budget"] == [
        "3 rounds of £30,000.00 make £90,000.00, £15,000.00 over the annual budget of £75,000.00."
    ]


def test_the_police_property_act_lines_of_2019_20_add_up_to_16292():
    distribution = DistributionFactory()

    distribution.check_lines_add_up(PROPERTY_ACT_LINES_2019_20)

    assert sum(PROPERTY_ACT_LINES_2019_20) == Decimal("16292.00")


def test_distribution_lines_short_of_the_total_are_refused_saying_by_how_much():
    distribution = DistributionFactory()

    with pytest.raises(ValidationError) as refusal:
        distribution.check_lines_add_up(PROPERTY_ACT_LINES_2019_20[:-1])

    assert refusal.value.messages == [
        "The lines add up to £7,252.00, £9,040.00 short of the total of £16,292.00."
    ]


def test_distribution_lines_over_the_total_are_refused():
    distribution = DistributionFactory(total=Decimal("16000.00"))

    with pytest.raises(ValidationError) as refusal:
        distribution.check_lines_add_up(PROPERTY_ACT_LINES_2019_20)

    assert refusal.value.messages == [
        "The lines add up to £16,292.00, £292.00 over the total of £16,000.00."
    ]


def test_a_fund_has_one_distribution_a_year():
    distribution = DistributionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Distribution.objects.create(
            fund=distribution.fund, financial_year=2019, total=Decimal("1.00")
        )


def test_the_budget_bar_divides_the_budget_into_whole_percentages():
    bar = BudgetBar(
        budget=Decimal("25000.00"), awarded=Decimal("12500.00"), committed=Decimal("2500.00")
    )

    assert (bar.awarded_percent, bar.committed_percent, bar.remaining_percent) == (50, 10, 40)
    assert bar.remaining == Decimal("10000.00")


def test_the_budget_bar_never_draws_past_the_whole_budget():
    bar = BudgetBar(
        budget=Decimal("1000.00"), awarded=Decimal("900.00"), committed=Decimal("300.00")
    )

    assert (bar.awarded_percent, bar.committed_percent, bar.remaining_percent) == (90, 10, 0)
    assert bar.over_budget
    assert bar.overspent == Decimal("200.00")


def test_a_rounds_budget_cannot_be_cut_below_what_it_has_awarded_and_approved():
    round_ = SmallGrantsRoundFactory()
    GrantAwardFactory(application__round=round_, application__amount_requested=Decimal("2500.00"))
    ApplicationApprovedFactory(round=round_, amount_requested=Decimal("2000.00"))
    round_.budget = Decimal("4000.00")

    with pytest.raises(ValidationError) as refusal:
        round_.clean()

    assert refusal.value.message_dict["budget"] == [
        "The budget of £4,000.00 is £500.00 less than the £4,500.00 already awarded or "
        "approved from this round."
    ]

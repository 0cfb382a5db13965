"""Contract terms: extension options, end dates, status and the decisions due."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commissioning import terms
from commissioning.models import Contract
from tests.commissioning.factories import ContractExtensionFactory, ContractPublishedFactory

pytestmark = pytest.mark.django_db

MARCH_2020 = datetime.date(2020, 3, 31)


def check(extensions, *, end_date=MARCH_2020, option_count=3, option_months=12):
    terms.check_extensions(
        end_date=end_date,
        option_count=option_count,
        option_months=option_months,
        extensions=[terms.ExtensionTaken(number, day) for number, day in extensions],
    )


def refusal(callable_, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        callable_(*args, **kwargs)
    return " ".join(caught.value.messages)


def test_arbor_first_option_extends_march_2020_to_march_2021():
    check([(1, datetime.date(2021, 3, 31))])


def test_taking_more_options_than_the_contract_has_is_refused():
    message = refusal(
        check,
        [
            (1, datetime.date(2021, 3, 31)),
            (2, datetime.date(2022, 3, 31)),
            (3, datetime.date(2023, 3, 31)),
            (4, datetime.date(2024, 3, 31)),
        ],
    )

    assert message == (
        "This contract has 3 extension options (3 x 12 months); 4 cannot be taken, "
        "1 more than it has."
    )


def test_a_contract_without_options_cannot_be_extended():
    message = refusal(check, [(1, datetime.date(2021, 3, 31))], option_count=0)

    assert (
        message == "This contract has no extension options, so no extension can be taken (1 given)."
    )


def test_an_extension_may_not_go_further_than_one_option_period():
    message = refusal(check, [(1, datetime.date(2021, 4, 30))])

    assert message == (
        "Extension 1 is an option of 12 months: its new end date (30 April 2021) can be no "
        "later than 31 March 2021."
    )


def test_an_extension_must_end_after_the_date_it_extends():
    message = refusal(check, [(1, datetime.date(2021, 3, 31)), (2, datetime.date(2021, 1, 31))])

    assert message == (
        "Extension 2's new end date (31 January 2021) must be after the end date it extends "
        "(31 March 2021)."
    )


def test_options_are_numbered_in_order_without_gaps():
    message = refusal(check, [(1, datetime.date(2021, 3, 31)), (3, datetime.date(2022, 3, 31))])

    assert (
        message == "Extension options are taken in order, numbered 1, 2; these are numbered 1, 3."
    )


def test_an_end_date_before_the_start_is_refused_naming_both_dates():
    contract = ContractPublishedFactory.build(
        start_date=datetime.date(2018, 4, 1), end_date=datetime.date(2018, 3, 31)
    )

    with pytest.raises(ValidationError) as caught:
        contract.clean()

    assert caught.value.message_dict["end_date"] == [
        "The end date (31 March 2018) is before the start date (1 April 2018): a contract "
        "must end on or after the day it starts."
    ]


def test_the_database_refuses_an_end_date_before_the_start():
    contract = ContractPublishedFactory()
    contract.end_date = datetime.date(2017, 1, 1)

    with pytest.raises(IntegrityError), transaction.atomic():
        contract.save()


def test_the_database_refuses_the_same_option_taken_twice():
    extension = ContractExtensionFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ContractExtensionFactory(contract=extension.contract, number=1)


def test_an_extension_numbered_beyond_the_options_is_refused_by_its_clean():
    contract = ContractPublishedFactory(extension_option_count=1)
    extension = ContractExtensionFactory.build(contract=contract, number=2)

    with pytest.raises(ValidationError) as caught:
        extension.clean()

    assert caught.value.message_dict["number"] == [
        "Option 2 cannot be taken: the contract has 1 extension option (1 x 12 months)."
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2020, 3, 31), 12, datetime.date(2021, 3, 31)),
        (datetime.date(2020, 3, 31), 36, datetime.date(2023, 3, 31)),
        (datetime.date(2020, 9, 30), 6, datetime.date(2021, 3, 31)),
        (datetime.date(2020, 1, 15), 1, datetime.date(2020, 2, 15)),
        (datetime.date(2020, 2, 29), 12, datetime.date(2021, 2, 28)),
    ],
)
def test_add_months_keeps_month_ends_at_month_ends(day, months, expected):
    assert terms.add_months(day, months) == expected


def test_maximum_end_date_is_the_end_date_with_every_option_taken():
    contract = ContractPublishedFactory.build(end_date=MARCH_2020)

    assert contract.maximum_end_date == datetime.date(2023, 3, 31)


@pytest.mark.parametrize(
    ("end_date", "expected"),
    [
        (datetime.date(2026, 1, 31), Contract.Status.ENDED),
        (datetime.date(2026, 4, 30), Contract.Status.ENDING),
        (datetime.date(2026, 12, 31), Contract.Status.ACTIVE),
        (None, Contract.Status.TERM_NOT_STATED),
    ],
)
def test_status_follows_the_current_end_date(end_date, expected):
    ContractPublishedFactory(slug="contract", start_date=None, end_date=end_date)

    contract = Contract.objects.with_term(datetime.date(2026, 3, 1)).get(slug="contract")

    assert contract.status == expected


def test_a_contract_that_has_not_started_says_so():
    ContractPublishedFactory(
        slug="future", start_date=datetime.date(2027, 4, 1), end_date=datetime.date(2028, 3, 31)
    )

    contract = Contract.objects.with_term(datetime.date(2026, 3, 1)).get(slug="future")

    assert contract.status == Contract.Status.NOT_STARTED


def test_extensions_move_the_current_end_date_and_the_status():
    extension = ContractExtensionFactory(new_end_date=datetime.date(2021, 3, 31))

    contract = Contract.objects.with_term(datetime.date(2020, 12, 1)).get(pk=extension.contract_id)

    assert contract.current_end_date == datetime.date(2021, 3, 31)
    assert contract.extensions_taken == 1
    assert contract.status == Contract.Status.ENDING


def test_decision_due_lists_contracts_ending_within_six_months_with_options_left():
    today = datetime.date(2020, 1, 10)
    due = ContractPublishedFactory(title="Due", end_date=datetime.date(2020, 3, 31))
    ContractPublishedFactory(title="Later", end_date=datetime.date(2021, 3, 31))
    ContractPublishedFactory(
        title="No options", end_date=datetime.date(2020, 3, 31), extension_option_count=0
    )
    all_taken = ContractPublishedFactory(
        title="All taken", end_date=datetime.date(2019, 3, 31), extension_option_count=1
    )
    ContractExtensionFactory(contract=all_taken, number=1, new_end_date=datetime.date(2020, 3, 31))

    assert list(Contract.objects.decision_due(today)) == [due]

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from board import numbering
from board.models import AgendaItem
from tests.board.factories import AgendaItemFactory, MeetingFactory

SEED_ORDER = ["1", "2", "4.A", "5A", "8C", "10", "10A", "11A"]


def natural(number):
    """The order a person means: runs compared one by one, numbers as numbers."""
    return [
        (0, int(run), "") if run.isdigit() else (1, 0, run.upper())
        for run in re.findall(r"\d+|[A-Za-z]+", number)
    ]


numbers = st.from_regex(r"\A[0-9]{1,3}([.]?[A-Za-z]{1,2}([0-9]{1,2})?)?\Z", fullmatch=True)


def test_the_seed_numbers_sort_in_true_order():
    assert sorted(reversed(SEED_ORDER), key=numbering.sort_key) == SEED_ORDER


def test_ten_comes_after_two_not_before():
    assert numbering.sort_key("2") < numbering.sort_key("10")


@given(st.lists(numbers, min_size=2, max_size=12, unique=True))
def test_sort_key_order_is_the_natural_order(values):
    by_key = sorted(values, key=lambda value: (numbering.sort_key(value), value))
    by_meaning = sorted(values, key=lambda value: (natural(value), value))

    assert [natural(value) for value in by_key] == [natural(value) for value in by_meaning]


@given(numbers)
def test_every_number_the_office_uses_is_accepted(value):
    numbering.validate_number(value)


@pytest.mark.parametrize("value", ["", "8C!", "<b>", "1..2"])
def test_numbers_outside_the_office_style_are_refused(value):
    with pytest.raises(Exception, match="Use the office's numbering"):
        numbering.validate_number(value)


@pytest.mark.django_db
def test_the_database_lists_agenda_items_in_true_order():
    meeting = MeetingFactory()
    for number in ["10A", "2", "8C", "11A", "4.A", "10", "1", "5A"]:
        AgendaItemFactory(meeting=meeting, number=number)

    listed = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("sort_key")
        .values_list("number", flat=True)
    )

    assert listed == SEED_ORDER


@pytest.mark.django_db
def test_renumbering_an_item_moves_it():
    meeting = MeetingFactory()
    first = AgendaItemFactory(meeting=meeting, number="8A")
    AgendaItemFactory(meeting=meeting, number="9A")

    first.number = "10A"
    first.save(update_fields=["number"])

    assert list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("sort_key")
        .values_list("number", flat=True)
    ) == ["9A", "10A"]

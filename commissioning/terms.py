"""A contract's term: its dates, its extension options and where it stands today.

The rules for extensions live here and nowhere else: the admin, the demo loader and the
model's ``clean()`` all call ``check_extensions``.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from pcc_portal import dates

# A contract whose (current) end date falls within this many months is "ending": if it
# still has extension options, a decision on the next one is due.
ENDING_WITHIN_MONTHS = 6


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved on by ``months`` calendar months.

    The last day of a month stays the last day of a month (31 March 2020 + 12 months is
    31 March 2021; 30 September + 6 months is 31 March), because contract terms run to
    the end of a month. Other days keep their number, capped at the month's length.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return datetime.date(year, month, last_day)
    return datetime.date(year, month, min(day.day, last_day))


def ending_horizon(today: datetime.date) -> datetime.date:
    """The last end date that counts as "ending" on ``today``."""
    return add_months(today, ENDING_WITHIN_MONTHS)


def maximum_end_date(
    end_date: datetime.date | None, option_count: int, option_months: int | None
) -> datetime.date | None:
    """The end date if every extension option were taken (OCDS ``maxExtentDate``)."""
    if end_date is None:
        return None
    return add_months(end_date, option_count * (option_months or 0))


def describe_options(option_count: int, option_months: int | None) -> str:
    """ "3 x 12 months", or "None" when the contract has no extension options."""
    if not option_count:
        return "None"
    months = "month" if option_months == 1 else "months"
    return f"{option_count} x {option_months} {months}"


def check_term(start_date: datetime.date | None, end_date: datetime.date | None) -> None:
    """Refuse an end date before the start date, naming both."""
    if start_date and end_date and end_date < start_date:
        raise ValidationError(
            {
                "end_date": (
                    f"The end date ({dates.display(end_date)}) is before the start date "
                    f"({dates.display(start_date)}): a contract must end on or after the "
                    "day it starts."
                )
            }
        )


@dataclass(frozen=True)
class ExtensionTaken:
    """One extension option taken: its number (1 for the first) and the new end date."""

    number: int
    new_end_date: datetime.date


def check_extensions(
    *,
    end_date: datetime.date | None,
    option_count: int,
    option_months: int | None,
    extensions: Iterable[ExtensionTaken],
) -> None:
    """Refuse extensions the contract does not allow, with a message saying why.

    Guarantees, when it returns: no more options are taken than the contract has, they
    are numbered 1, 2, 3 ... without gaps or repeats, and each one moves the end date on
    by no more than one option period, starting from the contract's original end date.
    """
    taken = sorted(extensions, key=lambda extension: extension.number)
    if not taken:
        return
    options = describe_options(option_count, option_months)
    if len(taken) > option_count:
        if option_count == 0:
            raise ValidationError(
                f"This contract has no extension options, so no extension can be taken "
                f"({len(taken)} given)."
            )
        raise ValidationError(
            f"This contract has {option_count} extension option"
            f"{'' if option_count == 1 else 's'} ({options}); {len(taken)} cannot be "
            f"taken, {len(taken) - option_count} more than it has."
        )
    numbers = [extension.number for extension in taken]
    expected = list(range(1, len(taken) + 1))
    if numbers != expected:
        raise ValidationError(
            "Extension options are taken in order, numbered "
            + ", ".join(str(number) for number in expected)
            + "; these are numbered "
            + ", ".join(str(number) for number in numbers)
            + "."
        )
    if end_date is None:
        raise ValidationError(
            {"end_date": "Give the contract's end date before recording an extension of it."}
        )
    previous_end = end_date
    for extension in taken:
        latest = add_months(previous_end, option_months or 0)
        if extension.new_end_date <= previous_end:
            raise ValidationError(
                f"Extension {extension.number}'s new end date "
                f"({dates.display(extension.new_end_date)}) must be after the end date it "
                f"extends ({dates.display(previous_end)})."
            )
        if extension.new_end_date > latest:
            raise ValidationError(
                f"Extension {extension.number} is an option of {option_months} months: its "
                f"new end date ({dates.display(extension.new_end_date)}) can be no later "
                f"than {dates.display(latest)}."
            )
        previous_end = extension.new_end_date

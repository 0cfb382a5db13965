"""Financial years run 1 April to 31 March and are shown as 2021/22."""

import datetime
import re

LABEL = re.compile(r"^(\d{4})/(\d{2})$")


def starting_year(day: datetime.date) -> int:
    """The calendar year in which the financial year containing ``day`` starts."""
    return day.year if day.month >= 4 else day.year - 1


def label(start_year: int) -> str:
    """2021 gives "2021/22"."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def label_for(day: datetime.date) -> str:
    return label(starting_year(day))


def bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the financial year starting in ``start_year``."""
    return datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)


def parse(text: str) -> int:
    """ "2021/22" gives 2021; refuses labels whose two halves are not consecutive years."""
    match = LABEL.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a financial year like 2021/22.")
    start = int(match.group(1))
    if (start + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{text!r} is not a financial year: {start} is followed by {start + 1}.")
    return start

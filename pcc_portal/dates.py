"""Dates that the source documents give only to the month ("FEBRUARY 2020").

Such a date is stored as the first of the month with its precision kept beside it, and
shown as "February 2020".
"""

import datetime

from django.db import models
from django.utils.dateformat import format as format_date


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"


def display(day: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    """``25 January 2021``, or ``February 2020`` when only the month is known."""
    if day is None:
        return ""
    if precision == DatePrecision.MONTH:
        return format_date(day, "F Y")
    return format_date(day, "j F Y")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)

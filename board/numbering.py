"""The office's own numbering of agenda items and public questions, kept in true order.

Boards number their items as they please: "1", "4.A", "5A", "8C", "10", "10A". Ordered as
strings, "10" would come before "2". ``sort_key`` turns a number into a key whose plain
(byte-wise) string order is the natural order: every run of digits is zero-padded to the
same width and every run of letters is upper-cased; dots, spaces and hyphens only separate
runs. So "1" < "2" < "4.A" < "5A" < "8C" < "10" < "10A". The key is stored beside the
number and indexed, so the database sorts agenda items without reading them all.
"""

import re

from django.core.validators import RegexValidator

MAX_LENGTH = 10
DIGIT_WIDTH = MAX_LENGTH

RUNS = re.compile(r"\d+|[A-Za-z]+")

validate_number = RegexValidator(
    r"^[0-9A-Za-z]+(?:[. -]?[0-9A-Za-z]+)*$",
    "Use the office's numbering: digits and letters, optionally separated by a dot, space "
    "or hyphen (e.g. 1, 4.A, 5A, 10A, Q1).",
    code="invalid_number",
)


def runs(number: str) -> list[str]:
    """The digit and letter runs of ``number``: "4.A" gives ["4", "A"]."""
    return RUNS.findall(number)


def sort_key(number: str) -> str:
    """A string that sorts byte-wise in the natural order of ``number``.

    Guarantees: for numbers of at most ``MAX_LENGTH`` characters, comparing keys as byte
    strings (PostgreSQL's "C" collation, Python's ``str`` order) gives the same order as
    comparing the numbers run by run, digits as integers before letters, letters
    alphabetically ignoring case, and a number before its own continuations ("10" before
    "10A").
    """
    return "".join(run.zfill(DIGIT_WIDTH) if run.isdigit() else run.upper() for run in runs(number))


def slug(number: str) -> str:
    """The number as it appears in a URL: "4.A" gives "4-a", "10A" gives "10a"."""
    return "-".join(run.lower() for run in re.findall(r"[0-9A-Za-z]+", number))

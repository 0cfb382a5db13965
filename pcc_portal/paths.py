"""Web addresses of records, reversed once per URL pattern and process.

``reverse()`` resolves a pattern afresh on every call: a download of thousands of records
would spend more on it than on anything else in a row (bench/RESULTS.md has the figures). Here
each pattern is reversed once, with a stand-in for its one argument, and each record's
address is that string with its slug or key put in.
"""

import re
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, reverse

# Stand-ins for the argument, one for each kind of path converter (slug and str, int).
MARKERS = ("SLUG", "918273645")

# What reverse() would put in an address unchanged (letters, digits, - and _): anything
# else goes through reverse() itself, which quotes it.
_PLAIN = re.compile(r"[-\w]+\Z", re.ASCII)


@lru_cache(maxsize=256)
def _pattern(name: str, key: str, prefix: str) -> tuple[str, str]:
    """The address of ``name`` with a stand-in its converter accepts, and the stand-in."""
    for marker in MARKERS[:-1]:
        try:
            return reverse(name, kwargs={key: marker}), marker
        except NoReverseMatch:
            continue
    return reverse(name, kwargs={key: MARKERS[-1]}), MARKERS[-1]


@receiver(setting_changed)
def _forget_patterns(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # a test may swap the site's URLs
        _pattern.cache_clear()


def path_for(name: str, **kwargs) -> str:
    """``reverse(name, kwargs=kwargs)`` for a pattern of one argument, without resolving the
    pattern again."""
    ((key, value),) = kwargs.items()
    value = str(value)
    if not _PLAIN.match(value):
        return reverse(name, kwargs=kwargs)
    address, marker = _pattern(name, key, get_script_prefix())
    if marker.isdigit() and not value.isdigit():
        return reverse(name, kwargs=kwargs)  # refused, as reverse() refuses it
    return address.replace(marker, value, 1)

"""Web addresses of many records at once, for the open-data downloads."""

from django.urls import reverse

MARKER = "SLUG"


class SlugPaths:
    """``paths(name, slug)``: the address of URL pattern ``name`` for ``slug``.

    Each pattern is reversed once, with ``MARKER`` for the slug, and each record's address
    is that string with its slug put in: a download of thousands of records would
    otherwise spend more on ``reverse()`` than on everything else in a row."""

    def __init__(self, *names: str):
        self.patterns = {name: reverse(name, kwargs={"slug": MARKER}) for name in names}

    def __call__(self, name: str, slug: str) -> str:
        return self.patterns[name].replace(MARKER, slug)

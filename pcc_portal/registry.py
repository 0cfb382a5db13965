"""What each domain app offers the shared public surfaces.

The apps do not import each other to build the API router, the sitemap or the open
data page; each declares its part in a module of its own, found here:

- ``<app>/api.py``: ``ROUTES``, a list of ``(prefix, viewset, basename)``
- ``<app>/sitemaps.py``: ``SITEMAPS``, a dict of section name to Sitemap class
- ``<app>/open_data.py``: ``DOWNLOADS``, a list of dicts with ``title``, ``url_name``,
  ``format`` and ``description``
- ``<app>/links.py``: ``links_for_decision(record)``, returning a list of dicts with
  ``relation``, ``title`` and ``url``: the app's published records that point at a
  published decision (contracts it awarded or extended, grants it approved, the meeting
  it was reported to), shown on the decision's public page
- ``<app>/home.py``: ``home_section()``, returning a dict with ``title``, ``url_name``,
  ``description`` and ``items`` (each a dict with ``title``, ``url`` and ``meta``), or
  ``None`` when the app has nothing to show on the home page
- ``<app>/my_work.py``: ``my_work(user)``, returning a dict of panel name (one of
  ``MY_WORK_PANELS``) to a list of lines for the signed-in officer's "My work" on the
  admin home; each line a dict with ``title``, ``url`` (where to act), ``meta`` (the
  office, dates, days waited) and ``detail`` (e.g. a return's comment, or ``""``). The
  app gives a panel only to an officer holding the permission its lines need, reads
  only the officer's offices, and reads each panel in a fixed number of queries.
"""

from importlib import import_module

from django.utils import timezone
from django.utils.formats import date_format

DOMAIN_APPS = ("organisations", "decisions", "commissioning", "grants", "board", "transparency")


def collect(module_name: str, attribute: str, default):
    """The values of ``attribute`` in each domain app's ``module_name``, in app order."""
    found = []
    for app in DOMAIN_APPS:
        try:
            module = import_module(f"{app}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{module_name}":
                raise
            continue
        found.append(getattr(module, attribute, default))
    return found


def api_routes():
    return [route for routes in collect("api", "ROUTES", []) for route in routes]


def sitemaps():
    merged = {}
    for section in collect("sitemaps", "SITEMAPS", {}):
        merged.update(section)
    return merged


def open_data_downloads():
    return [item for items in collect("open_data", "DOWNLOADS", []) for item in items]


def home_sections():
    sections = []
    for function in collect("home", "home_section", None):
        if function is not None:
            section = function()
            if section:
                sections.append(section)
    return sections


def decision_links(record):
    """Every published record of the other apps that points at ``record``."""
    links = []
    for function in collect("links", "links_for_decision", None):
        if function is not None:
            links.extend(function(record))
    return links


# The panels of "My work", in the order the admin home shows them.
MY_WORK_PANELS = {
    "returned": "Returned to you with comments",
    "awaiting": "Awaiting your step",
    "drafts": "Your drafts",
    "due": "Due in other apps",
}


def my_work(user) -> list[dict]:
    """The "My work" panels of ``user`` that have lines, each a dict with ``name``,
    ``title`` and ``lines`` (the apps' lines in app order)."""
    lines = {name: [] for name in MY_WORK_PANELS}
    for function in collect("my_work", "my_work", None):
        if function is not None:
            for name, app_lines in function(user).items():
                lines[name].extend(app_lines)
    return [
        {"name": name, "title": title, "lines": lines[name]}
        for name, title in MY_WORK_PANELS.items()
        if lines[name]
    ]


def waited(since) -> str:
    """How long a line of "My work" has waited, in whole days: "waiting 3 days since
    1 Dec 2026", or ``""`` when no event says when the wait began."""
    if since is None:
        return ""
    days = (timezone.localdate() - timezone.localtime(since).date()).days
    return f"waiting {days} day{'' if days == 1 else 's'} since {date_format(since, 'j M Y')}"

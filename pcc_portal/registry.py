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
"""

from importlib import import_module

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

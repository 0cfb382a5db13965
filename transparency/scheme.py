"""The pages of this portal that publish a class of information in the publication
scheme, and whether each exists in this installation."""

from django.urls import NoReverseMatch, reverse

# (URL name, what an officer sees in the admin). A class the portal publishes points at
# one of these; the link appears only once the page exists, so an app that is missing
# or unfinished shows as a gap rather than a broken link.
PORTAL_PAGES = (
    ("decisions:list", "Decisions (/decisions/)"),
    ("board:meetings", "Meetings, agendas, reports and minutes (/meetings/)"),
    ("commissioning:list", "Contracts register (/contracts/)"),
    ("grants:index", "Grant awards register (/grants/)"),
    ("transparency:interests", "Register of interests (/registers/interests/)"),
    (
        "transparency:gifts-and-hospitality",
        "Register of gifts and hospitality (/registers/gifts-and-hospitality/)",
    ),
    ("open-data", "Open data (/open-data/)"),
)


def portal_url(url_name: str) -> str:
    """The address of the portal page ``url_name``, or "" when it has none here."""
    if not url_name:
        return ""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


def live_portal_url_names() -> list[str]:
    """The URL names of ``PORTAL_PAGES`` that exist in this installation."""
    return [name for name, _ in PORTAL_PAGES if portal_url(name)]

"""Report bodies are kept as HTML, sanitised with nh3 to a small set of tags.

What is kept: headings (h2 to h4), paragraphs, lists, tables with captions and header
cells, emphasis, links (http, https and mailto only) and the one class the templates
style, ``paragraph-number`` on a ``span``: ``<p><span class="paragraph-number">1.1</span>
The contents ...</p>`` is how a numbered paragraph of the seed reports is written.
Everything else (scripts, styles, event handlers, other classes) is removed.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "a",
    "span",
}
ATTRIBUTES = {
    "a": {"href"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "type"},
}
CLASSES = {"span": {"paragraph-number"}}


def sanitise(html: str) -> str:
    """``html`` with everything outside the allowed tags, attributes and class removed."""
    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def safe(html: str) -> SafeString:
    """Sanitised HTML marked safe for a template."""
    return mark_safe(sanitise(html))  # noqa: S308 - sanitised by nh3 just above


GOVUK_CLASSES = {
    "h2": {"class": "govuk-heading-m"},
    "h3": {"class": "govuk-heading-s"},
    "h4": {"class": "govuk-heading-s"},
    "p": {"class": "govuk-body"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
    "table": {"class": "govuk-table"},
    "caption": {"class": "govuk-table__caption govuk-table__caption--s"},
    "thead": {"class": "govuk-table__head"},
    "tbody": {"class": "govuk-table__body"},
    "tr": {"class": "govuk-table__row"},
    "th": {"class": "govuk-table__header"},
    "td": {"class": "govuk-table__cell"},
}


def for_web(html: str) -> SafeString:
    """Sanitised HTML with the GOV.UK Frontend classes on each element, for public pages."""
    return mark_safe(  # noqa: S308 - sanitised by nh3 here
        nh3.clean(
            sanitise(html),
            tags=TAGS,
            attributes=ATTRIBUTES,
            allowed_classes=CLASSES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
            set_tag_attribute_values=GOVUK_CLASSES,
        )
    )

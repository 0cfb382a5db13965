from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ mapping|get_item:key }}: the value for ``key``, or None."""
    return mapping.get(key)


@register.filter
def paragraphs(text):
    """The paragraphs of ``text``, split at blank lines: for ``<p class="govuk-body">``."""
    return [
        part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n") if part.strip()
    ]

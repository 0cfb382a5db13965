"""Rich text on the admin's read-only pages, shown formatted, for every admin at once.

A signed decision, a locked Section B section, a published board report: the admin shows
their fields read-only, and Django writes a read-only field's value out escaped, so a
rich text (``pcc_portal.richtext.RichTextField``, kept as HTML) would show its tags as
text. Django offers no per-field hook for a read-only value, and a model field always
reaches ``AdminReadonlyField.contents``; wrapping that one method here is the only place
that covers every ModelAdmin and inline, stacked or tabular, without each admin naming
its rich-text fields. A rich text is passed through the one gate,
``pcc_portal.richtext.safe`` (sanitised again as it is shown, so a row written around
the model's save still shows no script); every other field is Django's own display.
"""

from django.contrib.admin import helpers
from django.core.exceptions import FieldDoesNotExist

from pcc_portal.richtext import RichTextField, safe

_django_contents = helpers.AdminReadonlyField.contents


def rich_text_contents(readonly_field):
    """What a read-only field shows: a rich text as sanitised HTML, anything else as
    Django shows it."""
    instance = readonly_field.form.instance
    model_field = _rich_text_field(instance, readonly_field.field["field"])
    if model_field is None:
        return _django_contents(readonly_field)
    text = getattr(instance, model_field.attname)
    if not (text or "").strip():
        return readonly_field.empty_value_display
    return safe(text)


def _rich_text_field(instance, name) -> RichTextField | None:
    if not isinstance(name, str):
        return None
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, RichTextField) else None


def install() -> None:
    """Show every read-only rich text formatted (``PortalConfig.ready``)."""
    helpers.AdminReadonlyField.contents = rich_text_contents

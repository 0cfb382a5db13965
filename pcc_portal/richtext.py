"""Long texts (report bodies, Section B sections, summaries, descriptions) are kept as
HTML, and this module is the one gate every such text passes through.

What is kept: headings (h2 to h4), paragraphs, line breaks, lists, tables with captions
and header cells, bold and italic, links (http, https and mailto only) and the one class
the templates style, ``paragraph-number`` on a ``span``: ``<p><span
class="paragraph-number">1.1</span> The contents ...</p>`` is how a numbered paragraph of
the seed reports is written. Everything else (scripts, styles, event handlers, other
classes, images) is removed. That is what the public page and the PDFs can show, so it is
also all the editor offers.

A model field declared as ``RichTextField`` is sanitised on every save (plain text
becoming paragraphs first), is edited in the admin with the rich-text editor, and can
be filled from a Word document. Templates show it with ``safe`` (PDFs) or ``for_web``
(public pages), through the ``rich_text`` and ``rich_text_web`` filters.
"""

import html
import re
import zipfile
from xml.parsers.expat import ExpatError

import mammoth
import nh3
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.widgets import Script
from django.template.defaultfilters import filesizeformat
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe
from rest_framework import serializers

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
URL_SCHEMES = {"http", "https", "mailto"}

# A text is taken as HTML when it holds one of the tags this module keeps (or a div,
# which editors and Word produce): "a < b and c > d" in plain text is not HTML.
HTML_TAG = re.compile(
    r"</?(?:h[1-6]|p|br|div|strong|em|b|i|ul|ol|li|blockquote|table|a|span)\b[^>]*>", re.I
)
BLANK_LINES = re.compile(r"\n\s*\n")


def sanitise(text: str) -> str:
    """``text`` with everything outside the allowed tags, attributes and class removed."""
    return nh3.clean(
        text or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def is_html(text: str) -> bool:
    """Whether ``text`` is already written as HTML (holds at least one HTML tag)."""
    return bool(HTML_TAG.search(text or ""))


def paragraphs_from_plain_text(text: str) -> str:
    """Plain text as HTML: each block separated by a blank line is a paragraph, a single
    line break stays a line break, and web addresses and email addresses become links."""
    blocks = [block.strip() for block in BLANK_LINES.split((text or "").replace("\r\n", "\n"))]
    return "".join(
        "<p>" + urlize(block, autoescape=True).replace("\n", "<br>") + "</p>"
        for block in blocks
        if block
    )


# The editor wraps the text of every list item in a paragraph; a list item of one
# paragraph is stored as the item alone, as lists are written everywhere else, so that
# the pages and PDFs do not space list items as paragraphs.
LIST_ITEM_PARAGRAPH = re.compile(r"<li><p>((?:(?!</?p>).)*)</p></li>", re.S)


def as_html(text: str) -> str:
    """``text`` as sanitised HTML: HTML is sanitised, plain text becomes paragraphs."""
    if not (text or "").strip():
        return ""
    html = sanitise(text if is_html(text) else paragraphs_from_plain_text(text))
    return LIST_ITEM_PARAGRAPH.sub(r"<li>\1</li>", html)


def safe(text: str) -> SafeString:
    """Sanitised HTML marked safe for a template (the PDFs)."""
    return mark_safe(as_html(text))  # noqa: S308 - sanitised by nh3 in as_html


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


def for_web(text: str) -> SafeString:
    """Sanitised HTML with the GOV.UK Frontend classes on each element, for public pages."""
    return mark_safe(  # noqa: S308 - sanitised by nh3 here
        nh3.clean(
            as_html(text),
            tags=TAGS,
            attributes=ATTRIBUTES,
            allowed_classes=CLASSES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer",
            set_tag_attribute_values=GOVUK_CLASSES,
        )
    )


BLOCK_END = re.compile(r"</(?:h[1-6]|p|li|tr|caption|blockquote)>|<br\s*/?>", re.I)


def plain_text(text: str) -> str:
    """The words of a rich text without its markup, blocks on their own lines: for
    excerpts, search snippets, CSV files and other places that are not HTML."""
    lines = html.unescape(nh3.clean(BLOCK_END.sub("\n", text or ""), tags=set()))
    return "\n".join(line.strip() for line in lines.splitlines() if line.strip())


# Word's own styles mapped to the tags kept here; Word's "Heading 1" is the report's
# top level inside a page that already has its own h1, so it becomes h2.
DOCX_STYLE_MAP = """
p[style-name='Title'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='Heading 4'] => h4:fresh
"""
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def from_docx(upload) -> str:
    """The text of an uploaded Word document (.docx) as sanitised HTML: headings,
    paragraphs, lists, tables, bold, italic and links; images and styling are dropped.

    Raises ``ValidationError`` for anything that is not a readable .docx no larger than
    ``MAX_UPLOAD_BYTES``.
    """
    limit = settings.MAX_UPLOAD_BYTES
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".docx"):
        raise ValidationError(
            "Import from Word takes a Word document saved as .docx; "
            f"{name or 'this file'} is not one (save it as .docx in Word first).",
            code="not_docx",
        )
    if upload.size > limit:
        raise ValidationError(
            f"The Word document is {filesizeformat(upload.size)}; it must be no larger than "
            f"{filesizeformat(limit)}.",
            code="too_large",
        )
    upload.seek(0)
    try:
        result = mammoth.convert_to_html(
            upload,
            style_map=DOCX_STYLE_MAP,
            convert_image=mammoth.images.img_element(lambda image: {}),
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, ExpatError) as exc:
        raise ValidationError(
            f"{name} cannot be read as a Word document; check it opens in Word and save it "
            "again as .docx.",
            code="unreadable",
        ) from exc
    finally:
        upload.seek(0)
    return sanitise(result.value)


def plain_text_migration(app_label: str, fields: dict[str, list[str]]):
    """A ``RunPython`` function for the migration that makes ``fields`` (model name to
    field names) of ``app_label`` rich text: plain-text values in existing rows become
    paragraphs; values already written as HTML are left byte for byte as they are."""

    def plain_text_to_paragraphs(apps, schema_editor):
        for model_name, field_names in fields.items():
            model = apps.get_model(app_label, model_name)
            for field_name in field_names:
                rows = model.objects.exclude(**{field_name: ""}).values_list("pk", field_name)
                for pk, value in rows.iterator():
                    if value.strip() and not is_html(value):
                        model.objects.filter(pk=pk).update(
                            **{field_name: sanitise(paragraphs_from_plain_text(value))}
                        )

    return plain_text_to_paragraphs


def as_stored(model, values: dict) -> dict:
    """``values`` for ``model`` with each rich-text field's value as the field will store
    it, so that a loader comparing them with a stored row finds no change on a reload."""
    return {
        name: as_html(value) if isinstance(model._meta.get_field(name), RichTextField) else value
        for name, value in values.items()
    }


class SanitisedHtmlField(serializers.CharField):
    """A rich text in the API: sanitised again on the way out, like the pages, so a row
    written without the model's save still serves no script."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "Sanitised HTML: paragraphs, headings, lists, tables and links."
        )
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return as_html(value)


class RichTextWidget(forms.Textarea):
    """A textarea the editor script turns into the rich-text editor, with an "Import from
    Word (.docx)" file input below it. Without JavaScript it is a plain textarea."""

    template_name = "richtext/widget.html"
    needs_multipart_form = True

    class Media:
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "django_prose_editor/overrides.css",
                "richtext/editor.css",
            ]
        }
        js = [Script("richtext/editor.js", type="module")]

    def __init__(self, attrs=None):
        super().__init__({"data-rich-text": "", "rows": 12, **(attrs or {})})

    @staticmethod
    def docx_name(name):
        return f"{name}__docx"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["docx_name"] = self.docx_name(name)
        context["widget"]["docx_id"] = f"{context['widget']['attrs'].get('id', name)}__docx"
        return context

    def value_from_datadict(self, data, files, name):
        upload = files.get(self.docx_name(name))
        if upload is not None:
            return WordUpload(upload)
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and (
            self.docx_name(name) not in files
        )

    def use_required_attribute(self, initial):
        # The editor hides the textarea; a browser cannot focus a hidden required field.
        return False


class WordUpload(str):
    """A .docx chosen in the widget, carried to the form field's clean() where it is
    converted (or refused with a message). A str so that has_changed() works."""

    def __new__(cls, upload):
        value = super().__new__(cls, upload.name)
        value.upload = upload
        return value


class RichTextFormField(forms.CharField):
    widget = RichTextWidget

    def clean(self, value):
        if isinstance(value, WordUpload):
            value = from_docx(value.upload)
        return super().clean(value)

    def to_python(self, value):
        return as_html(super().to_python(value))


class RichTextField(models.TextField):
    """A long text kept as sanitised HTML: plain text becomes paragraphs and everything
    is sanitised on every save, whoever saves it (admin, API, import, demo data)."""

    def pre_save(self, model_instance, add):
        value = as_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        # The column is a text column like any other: migrations need not know the class.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs

    def formfield(self, **kwargs):
        # The admin asks every TextField for its own textarea; the editor replaces it.
        widget = kwargs.get("widget")
        if not (
            isinstance(widget, RichTextWidget)
            or (isinstance(widget, type) and issubclass(widget, RichTextWidget))
        ):
            kwargs["widget"] = RichTextWidget
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})

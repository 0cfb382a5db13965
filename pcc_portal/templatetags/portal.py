from django import template

from pcc_portal import dates, financial_years, money, richtext

register = template.Library()


@register.filter
def pounds(amount):
    """{{ amount|pounds }} gives £25,841.18."""
    return money.format_pounds(amount)


@register.filter
def whole_pounds(amount):
    """{{ amount|whole_pounds }} gives £390,000 (pence shown only when there are any)."""
    return money.format_pounds(amount, pence=False)


@register.filter
def financial_year(day):
    """{{ day|financial_year }} gives 2021/22."""
    return financial_years.label_for(day) if day else ""


@register.simple_tag
def partial_date(day, precision):
    """{% partial_date record.received_on record.received_precision %}."""
    return dates.display(day, precision)


@register.filter
def rich_text(text):
    """{{ report.body|rich_text }}: a rich text as sanitised HTML, for the PDFs."""
    return richtext.safe(text)


@register.filter
def rich_text_web(text):
    """{{ report.body|rich_text_web }}: a rich text as sanitised HTML with the GOV.UK
    Frontend classes, for public pages."""
    return richtext.for_web(text)


@register.filter
def plain_text(text):
    """{{ record.executive_summary|plain_text }}: the words of a rich text without its
    markup, for excerpts and meta descriptions."""
    return richtext.plain_text(text)

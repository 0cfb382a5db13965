"""How the portal's emails are made, for every app (the workflow steps' emails in
``decisions/notifications.py``, the public's alerts in ``transparency/alerts.py``). Every
link in them is absolute, built from ``settings.SITE_URL``."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """``path`` on the public site, e.g. https://portal.example.org/decisions/16-2020/."""
    return settings.SITE_URL.rstrip("/") + path


def message(template: str, context: dict, *, to: list[str], headers=None) -> EmailMessage:
    """A plain-text email whose first line of ``template`` is the subject."""
    rendered = render_to_string(template, {"site_name": settings.SITE_NAME, **context})
    subject, _, body = rendered.lstrip().partition("\n")
    return EmailMessage(
        subject=subject.strip(),
        body=body.strip() + "\n",
        to=to,
        headers=headers or {},
    )


def unsubscribe_headers(unsubscribe_url: str) -> dict:
    """The List-Unsubscribe headers of RFC 2369 and the one-click signal of RFC 8058."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }

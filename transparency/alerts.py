"""Email alerts for the public: subscribe with double opt-in, confirm, unsubscribe in one
click, and ``send_alerts`` for cron.

What an alert may contain is decided by the other apps' public querysets
(``DecisionRecord.objects.published()``, ``Meeting.objects.agenda_published()`` and
``minutes_approved()``): nothing unpublished is ever sent. A subscription receives only
what was published after it was confirmed, and each item at most once (``SentAlert``).
"""

import datetime
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from board.papers import published_papers
from decisions.filters import DecisionFilter
from decisions.models import DecisionRecord
from pcc_portal.emails import absolute_url, message, unsubscribe_headers
from transparency.models import AlertSubscription, SentAlert

CONFIRM_SALT = "transparency.alerts.confirm"
UNSUBSCRIBE_SALT = "transparency.alerts.unsubscribe"
# Filters of /decisions/ a saved search keeps; the sort order and page are not a search.
SEARCH_KEYS = tuple(name for name in DecisionFilter.base_filters if name != "sort")

Kind = AlertSubscription.Kind


class InvalidLinkError(Exception):
    """A confirmation or unsubscribe link that is forged, mangled or expired."""


class ExpiredLinkError(InvalidLinkError):
    """A confirmation link older than ``AlertSubscription.PENDING_DAYS``."""


@dataclass(frozen=True)
class AlertItem:
    """One published thing an alert tells a subscriber about."""

    key: str
    title: str
    url: str
    summary: str


def confirmation_token(subscription: AlertSubscription) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscription.pk))


def unsubscribe_token(subscription: AlertSubscription) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscription.pk))


def unsubscribe_url(subscription: AlertSubscription) -> str:
    return absolute_url(
        reverse("transparency:alerts-unsubscribe", args=[unsubscribe_token(subscription)])
    )


def normalise_search(text: str) -> str:
    """The saved-search query string for what a person typed: words to search for, a
    query string (``q=arbor&year=2020``) or the address of a search of /decisions/.

    Keeps only the decisions register's filters, in a fixed order, so the same search
    typed twice is the same subscription. Raises ``ValidationError`` on the ``search``
    field when nothing is left or a filter's value is not one the register accepts.
    """
    text = text.strip()
    if "?" in text:
        text = text.split("?", 1)[1]
    text = text.split("#", 1)[0]
    pairs = parse_qsl(text) if "=" in text else [("q", text)]
    kept = sorted(
        (key, value.strip()) for key, value in pairs if key in SEARCH_KEYS and value.strip()
    )
    if not kept:
        raise ValidationError(
            {"search": "Enter words to search for, or the address of a search of decisions."}
        )
    form = DecisionFilter(data=QueryDict(urlencode(kept))).form
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label}: {error}"
            for name, errors in form.errors.items()
            for error in errors
        )
        raise ValidationError({"search": f"The search cannot be saved ({problems})."})
    saved = urlencode(kept)
    limit = AlertSubscription._meta.get_field("search").max_length
    if len(saved) > limit:
        raise ValidationError(
            {
                "search": f"The search is too long to save: use fewer words ({len(saved)} "
                f"characters once saved, at most {limit})."
            }
        )
    return saved


def subscribe(
    *, email: str, kind: str, office=None, category=None, board=None, search: str = ""
) -> AlertSubscription:
    """Record a subscription, pending until its owner confirms it, and email the link.

    Asking again for the same alerts makes no second subscription: a pending one gets a
    fresh confirmation email and a confirmed one an email saying it already exists, so
    the page never reveals whether an address is subscribed. Raises ``ValidationError``
    naming the field when the priority is not one of the office's or the search is empty.
    """
    if kind == Kind.DECISIONS and category is not None:
        if office is not None and category.office_id != office.pk:
            raise ValidationError(
                {"category": f"Choose a priority of the {office}, or choose all offices."}
            )
        office = category.office
    if kind == Kind.SEARCH:
        search = normalise_search(search)
    topic = {
        "email": BaseUserManager.normalize_email(email.strip()),
        "kind": kind,
        "office": office if kind == Kind.DECISIONS else None,
        "category": category if kind == Kind.DECISIONS else None,
        "board": board if kind == Kind.BOARD else None,
        "search": search if kind == Kind.SEARCH else "",
    }
    # get_or_create also copes with two identical requests at the same moment: the
    # unique constraint lets one insert, and the other then finds it.
    subscription, _ = AlertSubscription.objects.get_or_create(**topic)
    if subscription.is_confirmed:
        already_subscribed_email(subscription).send()
    else:
        confirmation_email(subscription).send()
    return subscription


def confirmation_email(subscription: AlertSubscription):
    link = absolute_url(
        reverse("transparency:alerts-confirm", args=[confirmation_token(subscription)])
    )
    return message(
        "transparency/email/confirm.txt",
        {"subscription": subscription, "link": link, "days": AlertSubscription.PENDING_DAYS},
        to=[subscription.email],
    )


def already_subscribed_email(subscription: AlertSubscription):
    link = unsubscribe_url(subscription)
    return message(
        "transparency/email/already_subscribed.txt",
        {"subscription": subscription, "unsubscribe_url": link},
        to=[subscription.email],
        headers=unsubscribe_headers(link),
    )


@transaction.atomic
def confirm(token: str, *, now: datetime.datetime | None = None) -> AlertSubscription:
    """Confirm the subscription a confirmation link was sent for; from then on it is sent
    what is published. Confirming twice changes nothing. Raises ``InvalidLinkError`` when the
    link is forged, older than ``PENDING_DAYS`` or its subscription no longer exists."""
    try:
        pk = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=datetime.timedelta(days=AlertSubscription.PENDING_DAYS)
        )
    except signing.SignatureExpired as exc:
        raise ExpiredLinkError("This confirmation link has expired.") from exc
    except signing.BadSignature as exc:
        raise InvalidLinkError("This confirmation link is not valid.") from exc
    subscription = AlertSubscription.objects.select_for_update().filter(pk=pk).first()
    if subscription is None:
        raise InvalidLinkError("This subscription no longer exists.")
    if not subscription.is_confirmed:
        subscription.confirmed_at = now or timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_for_unsubscribe(token: str) -> AlertSubscription | None:
    """The subscription an unsubscribe link is for; None when it is already deleted.
    Raises ``InvalidLinkError`` for a forged or mangled link."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature as exc:
        raise InvalidLinkError("This unsubscribe link is not valid.") from exc
    return AlertSubscription.objects.filter(pk=pk).first()


def unsubscribe(token: str) -> bool:
    """Delete the subscription, its email address and the record of what it was sent.
    Returns False when it was already deleted (unsubscribing twice is not an error)."""
    subscription = subscription_for_unsubscribe(token)
    if subscription is None:
        return False
    deleted, _ = AlertSubscription.objects.filter(pk=subscription.pk).delete()
    return bool(deleted)


def delete_expired_pending(*, now: datetime.datetime | None = None) -> int:
    """Delete subscriptions never confirmed within ``PENDING_DAYS``; returns how many."""
    deleted, by_model = AlertSubscription.objects.expired_pending(now or timezone.now()).delete()
    return by_model.get(AlertSubscription._meta.label, 0)


def _decision_item(record: DecisionRecord) -> AlertItem:
    label = f"Decision {record.reference}" if record.reference else "Decision"
    return AlertItem(
        key=f"decision:{record.pk}",
        title=record.title,
        url=absolute_url(record.get_absolute_url()),
        summary=f"{label}, {record.office}, published {record.published_display}",
    )


def _decisions_for(subscription: AlertSubscription):
    records = (
        DecisionRecord.objects.published()
        .for_public_list()
        .filter(published_at__gte=subscription.confirmed_at)
    )
    if subscription.kind == Kind.SEARCH:
        return DecisionFilter(data=QueryDict(subscription.search), queryset=records).qs
    if subscription.office_id:
        records = records.filter(office_id=subscription.office_id)
    if subscription.category_id:
        records = records.filter(category_id=subscription.category_id)
    return records.order_by("published_at", "pk")


def _board_items(subscription: AlertSubscription) -> list[AlertItem]:
    papers = published_papers(subscription.board, since=subscription.confirmed_at)
    return [
        AlertItem(
            key=paper.key,
            title=paper.title,
            url=absolute_url(paper.meeting.get_absolute_url()),
            summary=paper.summary,
        )
        for paper in reversed(papers)
    ]


def new_items(subscription: AlertSubscription) -> list[AlertItem]:
    """What was published for ``subscription`` since it was confirmed and has not yet
    been sent to it, oldest first. Empty for a pending subscription."""
    if not subscription.is_confirmed:
        return []
    if subscription.kind == Kind.BOARD:
        items = _board_items(subscription)
    else:
        items = [_decision_item(record) for record in _decisions_for(subscription)]
    sent = set(subscription.sent_alerts.values_list("item_key", flat=True))
    return [item for item in items if item.key not in sent]


def alert_email(subscription: AlertSubscription, items: list[AlertItem]):
    link = unsubscribe_url(subscription)
    return message(
        "transparency/email/alert.txt",
        {"subscription": subscription, "items": items, "unsubscribe_url": link},
        to=[subscription.email],
        headers=unsubscribe_headers(link),
    )


def send_alerts(*, now: datetime.datetime | None = None) -> int:
    """Send every confirmed subscription one email listing what is new for it; return
    how many emails were sent.

    Idempotent and safe to run from cron, even twice at once: each subscription is
    handled in its own transaction under a row lock, the items sent are recorded in
    ``SentAlert`` (unique per subscription and item) before the email goes, and a failed
    send rolls the records back so the items go in the next run instead.
    """
    now = now or timezone.now()
    sent = 0
    for pk in AlertSubscription.objects.confirmed().values_list("pk", flat=True):
        with transaction.atomic():
            subscription = (
                AlertSubscription.objects.select_for_update(skip_locked=True, of=("self",))
                .confirmed()
                .select_related("office", "category", "board")
                .filter(pk=pk)
                .first()
            )
            if subscription is None:
                continue
            items = new_items(subscription)
            if not items:
                continue
            SentAlert.objects.bulk_create(
                [
                    SentAlert(subscription=subscription, item_key=item.key, sent_at=now)
                    for item in items
                ]
            )
            alert_email(subscription, items).send()
            sent += 1
    return sent

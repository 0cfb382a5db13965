"""The statutory publication scheme index, the registers of interests and of gifts and
hospitality, and the public's email alert subscriptions.

The Elected Local Policing Bodies (Specified Information) Order 2011 (SI 2011/3050,
amended by SI 2012/2479 and SI 2021/547) lists what a policing body must publish.
``PublicationSchemeItem`` is one entry of that list with where the office publishes it;
the two registers are published by the portal itself.

An ``AlertSubscription`` is made by a member of the public with no account. It is
*pending* until the address is confirmed (double opt-in) and *confirmed* after; it is
deleted when its owner unsubscribes, or after ``PENDING_DAYS`` if never confirmed::

    subscribe ──> pending ──confirm──> confirmed ──unsubscribe──> (deleted)
                     └────── not confirmed within 7 days ──────> (deleted)

Each alert email sent is recorded as one ``SentAlert`` per subscription and item, so an
item is never sent twice to the same subscription.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from simple_history.models import HistoricalRecords

from decisions.filters import DecisionFilter
from transparency import scheme


class PublicationSchemeItemQuerySet(models.QuerySet):
    def with_status(self, status):
        """Items published on the portal, on the office's website, or not yet published.

        An item pointing at a portal page that does not exist (its app not installed or
        not finished) counts as not yet published, so the gap stays visible.
        """
        live = scheme.live_portal_url_names()
        if status == PublicationSchemeItem.Status.PORTAL:
            return self.filter(portal_url_name__in=live)
        if status == PublicationSchemeItem.Status.EXTERNAL:
            return self.exclude(portal_url_name__in=live).exclude(external_url="")
        return self.exclude(portal_url_name__in=live).filter(external_url="")


class PublicationSchemeItem(models.Model):
    """One class of information the Specified Information Order requires, and where the
    office publishes it: a page of this portal, an address on the office's own website,
    or nowhere yet (shown publicly as a gap)."""

    class SchemeClass(models.IntegerChoices):
        # The values give the order the classes are listed in.
        WHO_WE_ARE = 1, "Who we are and what we spend"
        PRIORITIES = 2, "What our priorities are and how we are doing"
        DECISIONS = 3, "How we make decisions"
        POLICIES = 4, "Our policies and procedures"
        CONTRACTS = 5, "Contracts and tenders"
        GRANTS = 6, "Grants"
        REGISTERS = 7, "Registers of interests and of gifts and hospitality"
        NATIONAL_PRIORITIES = 8, "Contribution to national policing priorities"
        INSPECTIONS = 9, "Inspection reports (HMICFRS)"
        COMPLAINTS = 10, "Complaints"
        CUSTODY_VISITING = 11, "Independent custody visiting"

    class Status(models.TextChoices):
        PORTAL = "portal", "Published on this website"
        EXTERNAL = "external", "Published on the office's website"
        GAP = "gap", "Not yet published"

    scheme_class = models.PositiveSmallIntegerField(
        "class of information", choices=SchemeClass.choices
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order of the item within its class."
    )
    title = models.CharField("information", max_length=300)
    description = models.TextField(blank=True, help_text="What the Order requires, in plain words.")
    statutory_reference = models.CharField(
        max_length=200,
        help_text=(
            'Where the duty comes from, e.g. "SI 2011/3050 (as amended), Schedule, Part 1, '
            'paragraph 5(d)".'
        ),
    )
    portal_url_name = models.CharField(
        "page of this website",
        max_length=80,
        blank=True,
        choices=scheme.PORTAL_PAGES,
        help_text="Choose this when the portal itself publishes the information.",
    )
    external_url = models.URLField(
        "address on the office's website",
        max_length=500,
        blank=True,
        help_text="Otherwise, the full address where the office publishes it.",
    )
    last_updated = models.DateField(
        null=True,
        blank=True,
        help_text="When the published information was last brought up to date.",
    )
    history = HistoricalRecords()

    objects = PublicationSchemeItemQuerySet.as_manager()

    class Meta:
        ordering = ["scheme_class", "position", "pk"]
        verbose_name = "publication scheme item"
        constraints = [
            models.CheckConstraint(
                condition=Q(portal_url_name="") | Q(external_url=""),
                name="transparency_scheme_item_one_place",
                violation_error_message=(
                    "Choose a page of this website or give an address on the office's "
                    "website, not both."
                ),
            ),
            models.UniqueConstraint(
                fields=["scheme_class", "title"], name="transparency_scheme_item_unique_title"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def portal_url(self) -> str:
        """The portal page's address, or "" when there is none or it does not exist."""
        return scheme.portal_url(self.portal_url_name)

    @property
    def url(self) -> str:
        """Where the information is published, or "" when it is not yet published."""
        return self.portal_url or self.external_url

    @property
    def status(self) -> str:
        if self.portal_url:
            return self.Status.PORTAL
        if self.external_url:
            return self.Status.EXTERNAL
        return self.Status.GAP

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class RegisteredInterestQuerySet(models.QuerySet):
    def published(self):
        """The register as the public reads it (page, CSV, API): every entry, as the
        Specified Information Order publishes the register whole, by office, role and
        person."""
        return self.select_related("office").order_by(
            "office__name", "role", "person", "category", "pk"
        )


class RegisteredInterest(models.Model):
    """An entry in the register of interests of the Commissioner, the deputy and senior
    staff."""

    class Category(models.TextChoices):
        EMPLOYMENT = "employment", "Employment, office, trade, profession or vocation"
        SPONSORSHIP = "sponsorship", "Sponsorship"
        CONTRACTS = "contracts", "Contracts"
        LAND = "land", "Land and property"
        LICENCES = "licences", "Licences"
        CORPORATE_TENANCIES = "corporate-tenancies", "Corporate tenancies"
        SECURITIES = "securities", "Securities"
        MEMBERSHIPS = "memberships", "Membership of bodies and organisations"
        OTHER = "other", "Other interests"

    office = models.ForeignKey(
        "pcc_portal.Office", on_delete=models.PROTECT, related_name="registered_interests"
    )
    person = models.CharField(max_length=150, help_text="Who holds the interest.")
    role = models.CharField(
        max_length=150, help_text="e.g. Police and Crime Commissioner, Chief Executive."
    )
    category = models.CharField("category of interest", max_length=30, choices=Category.choices)
    description = models.TextField(help_text="The interest, as declared.")
    registered_on = models.DateField("date registered")
    updated_on = models.DateField(
        "date updated", null=True, blank=True, help_text="When the entry last changed."
    )
    history = HistoricalRecords()

    objects = RegisteredInterestQuerySet.as_manager()

    class Meta:
        ordering = ["office", "role", "person", "category", "pk"]
        verbose_name = "registered interest"
        constraints = [
            models.CheckConstraint(
                condition=Q(updated_on__isnull=True) | Q(updated_on__gte=models.F("registered_on")),
                name="transparency_interest_updated_not_before_registered",
                violation_error_message="The date updated cannot be before the date registered.",
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.role}): {self.get_category_display()}"

    @property
    def last_changed_on(self):
        return self.updated_on or self.registered_on


class GiftOrHospitalityQuerySet(models.QuerySet):
    def published(self):
        """The register as the public reads it (page, CSV, API): every offer, accepted or
        declined, as the Specified Information Order publishes the register whole, newest
        first."""
        return self.select_related("office").order_by("-offered_on", "-pk")


class GiftOrHospitality(models.Model):
    """An entry in the register of gifts and hospitality: every offer made to the
    Commissioner, the deputy or a member of staff, and whether it was accepted."""

    class Kind(models.TextChoices):
        GIFT = "gift", "Gift"
        HOSPITALITY = "hospitality", "Hospitality"

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    office = models.ForeignKey(
        "pcc_portal.Office", on_delete=models.PROTECT, related_name="gifts_and_hospitality"
    )
    recipient = models.CharField(
        "offered to", max_length=150, help_text="Who the offer was made to."
    )
    recipient_role = models.CharField("their role", max_length=150)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField("what was offered")
    offered_by = models.CharField("offered by", max_length=200, help_text="From whom.")
    estimated_value = models.DecimalField("estimated value (£)", max_digits=12, decimal_places=2)
    offered_on = models.DateField("date of the offer")
    outcome = models.CharField("accepted or declined", max_length=20, choices=Outcome.choices)
    history = HistoricalRecords()

    objects = GiftOrHospitalityQuerySet.as_manager()

    class Meta:
        ordering = ["-offered_on", "-pk"]
        verbose_name = "gift or hospitality"
        verbose_name_plural = "gifts and hospitality"
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_value__gte=0),
                name="transparency_gift_value_not_negative",
                violation_error_message="The estimated value cannot be negative.",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["accepted", "declined"]),
                name="transparency_gift_valid_outcome",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["gift", "hospitality"]),
                name="transparency_gift_valid_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} offered to {self.recipient} by {self.offered_by}"


class AlertSubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        """Subscriptions whose owner has confirmed the address: the only ones sent alerts."""
        return self.filter(confirmed_at__isnull=False)

    def expired_pending(self, now):
        """Subscriptions never confirmed within ``PENDING_DAYS`` of being made."""
        cutoff = now - datetime.timedelta(days=AlertSubscription.PENDING_DAYS)
        return self.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


def describe_search(search: str) -> str:
    """A saved search in words, e.g. “arbor” (Year of decision: 2020)."""
    params = QueryDict(search)
    words = params.get("q", "").strip()
    filters = [
        f"{DecisionFilter.base_filters[key].label}: {value}"
        for key, value in params.items()
        if key != "q" and key in DecisionFilter.base_filters
    ]
    described = f"“{words}”" if words else "of all decisions"
    if filters:
        described += f" ({'; '.join(filters)})"
    return described


class AlertSubscription(models.Model):
    """A request from a member of the public for an email whenever something matching is
    published. No account: the email address is the only personal data, kept only while
    subscribed."""

    PENDING_DAYS = 7
    # Shared by every office (see docs/offices.md): the office is what the person
    # follows, not who keeps the subscription, and an erasure request must find all of
    # a person's subscriptions.
    office_lookup = None

    class Kind(models.TextChoices):
        DECISIONS = "decisions", "New published decisions"
        BOARD = "board", "A board's agendas and minutes"
        SEARCH = "search", "A saved search of decisions"

    email = models.EmailField(max_length=254)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    office = models.ForeignKey(
        "pcc_portal.Office",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only decisions of this office (empty: every office).",
    )
    category = models.ForeignKey(
        "decisions.DecisionCategory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only decisions of this Police and Crime Plan priority.",
    )
    board = models.ForeignKey(
        "board.Board",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The board whose published agendas and approved minutes are sent.",
    )
    search = models.CharField(
        "saved search",
        max_length=500,
        blank=True,
        help_text="The query string of a search of /decisions/, e.g. q=accommodation.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AlertSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "kind", "office", "category", "board", "search"],
                nulls_distinct=False,
                name="transparency_alert_one_per_address_and_topic",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="decisions", board__isnull=True, search="")
                    | Q(
                        kind="board",
                        board__isnull=False,
                        office__isnull=True,
                        category__isnull=True,
                        search="",
                    )
                    | (
                        Q(
                            kind="search",
                            board__isnull=True,
                            office__isnull=True,
                            category__isnull=True,
                        )
                        & ~Q(search="")
                    )
                ),
                name="transparency_alert_topic_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.topic}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def topic(self) -> str:
        """What the subscription is for, in words, e.g. "new decisions about Victims"."""
        if self.kind == self.Kind.BOARD:
            return f"agendas and minutes of the {self.board}"
        if self.kind == self.Kind.SEARCH:
            return f"decisions matching the search {describe_search(self.search)}"
        words = "new decisions"
        if self.office_id:
            words += f" of the {self.office}"
        if self.category_id:
            words += f" about {self.category}"
        return words


class SentAlert(models.Model):
    """One item sent to one subscription: the record that makes ``send_alerts`` never
    send the same item twice."""

    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="sent_alerts"
    )
    item_key = models.CharField(
        max_length=100, help_text='What was sent, e.g. "decision:42" or "minutes:7".'
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "item_key"], name="transparency_sent_alert_once"
            ),
        ]

    def __str__(self):
        return f"{self.item_key} to subscription {self.subscription_id}"

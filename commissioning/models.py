"""Organisations, the contracts an office commissions, their extensions and co-funding.

A contract's register entry is a draft until it is published (``publication.publish``);
``Contract.objects.published()`` is the only definition of what the public may see.
Its status (active, ending, ended) is worked out from its dates on the day it is read
(``ContractQuerySet.with_term``), so it is never stale.

The arithmetic of co-funding shares lives in ``commissioning.splits``; the rules of terms
and extensions in ``commissioning.terms``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify
from simple_history.models import HistoricalRecords

from commissioning import splits, terms
from decisions.models import SIGNED
from organisations.models import Organisation
from pcc_portal import financial_years
from pcc_portal.dates import DatePrecision, display
from pcc_portal.models import WorkflowEvent
from pcc_portal.paths import path_for
from pcc_portal.richtext import RichTextField

MONEY = {"max_digits": 12, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(0, message="An amount of money cannot be negative.")]


def financial_year_choices():
    """Financial years an officer may choose, 2010/11 to five years ahead."""
    last = financial_years.starting_year(datetime.date.today()) + 5
    return [(year, financial_years.label(year)) for year in range(2010, last + 1)]


def published_copy_path(contract, filename):
    name = get_valid_filename(filename.rsplit("/", 1)[-1]) or "contract.pdf"
    return f"contracts/{contract.slug or slugify(contract.title)}/{name}"


class ContractQuerySet(models.QuerySet):
    def published(self):
        """The ONLY definition of what the public may see: contracts published on the
        register. Every public page, the API, the sitemap and the open data start here."""
        return self.filter(is_published=True)

    def with_term(self, today: datetime.date | None = None):
        """Annotate each contract with where its term stands on ``today``.

        ``current_end_date`` (and ``current_end_date_precision``): the end date after the
        extensions taken;
        ``extensions_taken``: how many options have been taken;
        ``status``: a ``Contract.Status`` value.
        """
        today = today or timezone.localdate()
        latest_extension = ContractExtension.objects.filter(contract=OuterRef("pk")).order_by(
            "-number"
        )
        extension_count = (
            ContractExtension.objects.filter(contract=OuterRef("pk"))
            .order_by()
            .values("contract")
            .annotate(taken=Count("pk"))
            .values("taken")
        )
        return self.annotate(
            current_end_date=Coalesce(
                Subquery(latest_extension.values("new_end_date")[:1]), F("end_date")
            ),
            current_end_date_precision=Coalesce(
                Subquery(latest_extension.values("new_end_date_precision")[:1]),
                F("end_date_precision"),
            ),
            extensions_taken=Coalesce(Subquery(extension_count), Value(0)),
        ).annotate(
            status=Case(
                When(current_end_date__isnull=True, then=Value(Contract.Status.TERM_NOT_STATED)),
                When(current_end_date__lt=today, then=Value(Contract.Status.ENDED)),
                When(start_date__gt=today, then=Value(Contract.Status.NOT_STARTED)),
                When(
                    current_end_date__lte=terms.ending_horizon(today),
                    then=Value(Contract.Status.ENDING),
                ),
                default=Value(Contract.Status.ACTIVE),
                output_field=models.CharField(),
            )
        )

    def decision_due(self, today: datetime.date | None = None):
        """Contracts ending within six months that still have extension options: a
        decision (extend, re-commission or let it end) is due. Soonest ending first."""
        return (
            self.with_term(today)
            .filter(
                status=Contract.Status.ENDING,
                extensions_taken__lt=F("extension_option_count"),
            )
            .order_by("current_end_date", "title")
        )

    def for_register(self):
        """What the register's list shows, in a fixed number of queries."""
        return self.select_related("office", "provider", "lead_commissioner").prefetch_related(
            models.Prefetch(
                "funding_shares",
                queryset=FundingShare.objects.select_related("partner").order_by(
                    "financial_year", "partner__name"
                ),
            )
        )

    def for_public_page(self):
        """Everything a contract's public page, the API and the open data show, in a fixed
        number of queries. Decisions appear only if published
        (``DecisionRecord.objects.published()``): ``public_decision_links`` on each
        contract, and ``public_decision`` on each extension."""
        from decisions.models import DecisionRecord

        published_decisions = DecisionRecord.objects.published()
        return self.for_register().prefetch_related(
            "measures",
            "funding_years",
            models.Prefetch(
                "extensions",
                queryset=ContractExtension.objects.select_related("decision")
                .defer("decision__report_search_text", "decision__search_vector")
                .annotate(
                    decision_is_published=Exists(
                        published_decisions.filter(pk=OuterRef("decision_id"))
                    )
                ),
            ),
            models.Prefetch(
                "decision_links",
                queryset=ContractDecision.objects.filter(decision__in=published_decisions)
                .select_related("decision")
                .defer("decision__report_search_text", "decision__search_vector"),
                to_attr="public_decision_links",
            ),
            models.Prefetch(
                "uplift_shares",
                queryset=UpliftShare.objects.select_related("uplift__funder").prefetch_related(
                    models.Prefetch(
                        "uplift__shares",
                        queryset=UpliftShare.objects.filter(
                            contract__in=Contract.objects.published().values("pk")
                        ).select_related("contract"),
                        to_attr="published_shares",
                    )
                ),
            ),
        )


class Contract(models.Model):
    """A contract on an office's contracts register.

    The Elected Local Policing Bodies (Specified Information) Order 2011, as amended by
    SI 2012/2479, requires contracts over £10,000 to be published, and a list of smaller
    ones with their value, parties and purpose. The published copy of a contract may be
    redacted for commercial interests, or withheld with a reason.
    """

    class ServiceArea(models.TextChoices):
        CORE_VICTIM_SERVICES = "core", "CORE victim services"
        DOMESTIC_ABUSE = "domestic_abuse", "CORE victim services: domestic abuse"
        SEXUAL_VIOLENCE = "sexual_violence", "CORE victim services: sexual abuse and violence"
        CHILD_SEXUAL_EXPLOITATION = "cse", "CORE victim services: child sexual exploitation"
        HATE_CRIME = "hate_crime", "CORE victim services: hate crime"
        YOUNG_PEOPLE = "young_people", "CORE victim services: young people"
        RESTORATIVE_JUSTICE = "restorative_justice", "CORE victim services: restorative justice"
        OFFENDER_SERVICES = "offender_services", "Offender services"
        COMMUNITY_SAFETY = "community_safety", "Community safety"
        OTHER = "other", "Other"

    class ProcurementRoute(models.TextChoices):
        # The values are the Open Contracting Data Standard's procurement methods.
        OPEN = "open", "Open tender"
        SELECTIVE = "selective", "Selective tender"
        LIMITED = "limited", "Limited competition"
        DIRECT = "direct", "Direct award"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not yet started"
        ACTIVE = "active", "Active"
        ENDING = "ending", "Ending within six months"
        ENDED = "ended", "Ended"
        TERM_NOT_STATED = "term_not_stated", "Term not stated"

    office = models.ForeignKey(
        "pcc_portal.Office", on_delete=models.PROTECT, related_name="contracts"
    )
    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=250, unique=True, help_text="Its web address: /contracts/<slug>/."
    )
    description = RichTextField(blank=True, help_text="What the service does, for whom.")
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts_provided",
        help_text="Leave blank only where the source does not name the provider.",
    )
    lead_commissioner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts_led",
        help_text="The organisation leading the commissioning (the buyer).",
    )
    service_area = models.CharField(max_length=30, choices=ServiceArea.choices)
    procurement_route = models.CharField(
        max_length=20, choices=ProcurementRoute.choices, blank=True
    )
    procurement_details = models.TextField(
        blank=True, help_text="How it was procured, in the office's words."
    )
    total_value = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text="The value of the contract over its term, in pounds, where known.",
    )
    annual_value = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text="The value of a year of the contract, in pounds, where known.",
    )
    start_date = models.DateField(null=True, blank=True)
    start_date_precision = models.CharField(
        "start date: exact day, or month only",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    end_date = models.DateField(
        "original end date",
        null=True,
        blank=True,
        help_text="The end of the original term, before any extension.",
    )
    end_date_precision = models.CharField(
        "end date: exact day, or month only",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    extension_option_count = models.PositiveSmallIntegerField(
        "number of extension options",
        default=0,
        help_text="How many times the contract may be extended: 3 for 3 x 12 months.",
    )
    extension_option_months = models.PositiveSmallIntegerField(
        "months in each extension option",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="The length of each option: 12 for 3 x 12 months.",
    )
    funded_posts = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="People (or whole-time equivalents) the contract funds.",
    )
    funded_posts_note = models.CharField(
        max_length=200, blank=True, help_text="e.g. 4 staff members and a manager."
    )
    published_copy = models.FileField(
        "published copy of the contract",
        upload_to=published_copy_path,
        blank=True,
        help_text="A PDF of the contract as published, redacted where necessary.",
    )
    published_copy_redacted = models.BooleanField("the published copy is redacted", default=False)
    withheld_reason = models.TextField(
        "why the contract is not published",
        blank=True,
        help_text="Where no copy is published, the reason (e.g. commercially sensitive).",
    )
    is_published = models.BooleanField(
        "published on the register",
        default=False,
        editable=False,
        help_text="Set by the Publish and Withdraw steps on the contract "
        "(commissioning/publication.py).",
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    decisions = models.ManyToManyField(
        "decisions.DecisionRecord",
        through="ContractDecision",
        limit_choices_to=SIGNED,
        related_name="contracts",
        blank=True,
    )
    history = HistoricalRecords()

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        permissions = [("publish_contract", "Can publish a contract on the public register")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="commissioning_contract_ends_after_start",
                violation_error_message="The end date is before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(total_value__isnull=True) | Q(total_value__gte=0),
                name="commissioning_contract_total_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(annual_value__isnull=True) | Q(annual_value__gte=0),
                name="commissioning_contract_annual_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(extension_option_count=0)
                | Q(extension_option_months__isnull=False, extension_option_months__gt=0),
                name="commissioning_contract_options_have_a_length",
                violation_error_message="Give the length in months of each extension option.",
            ),
            models.CheckConstraint(
                condition=Q(published_copy="") | Q(withheld_reason=""),
                name="commissioning_contract_copy_or_reason_not_both",
                violation_error_message="Either publish a copy of the contract or say why it "
                "is withheld, not both.",
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="commissioning_contract_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(funded_posts__isnull=True) | Q(funded_posts__gte=0),
                name="commissioning_contract_funded_posts_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "title"], name="commissioning_register_idx"),
            # The newest published contracts first (the home page's section): an index
            # scan of five rows instead of sorting the whole register.
            models.Index(
                fields=["-published_at", "title"],
                condition=Q(is_published=True),
                name="commissioning_latest_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return path_for("commissioning:detail", slug=self.slug)

    def get_copy_url(self):
        """Where the public downloads the published copy (only once the entry is published)."""
        return reverse("commissioning:copy", kwargs={"slug": self.slug})

    def clean(self):
        terms.check_term(self.start_date, self.end_date)
        if self.extension_option_count and not self.extension_option_months:
            raise ValidationError(
                {
                    "extension_option_months": (
                        f"The contract has {self.extension_option_count} extension option"
                        f"{'' if self.extension_option_count == 1 else 's'}: give the length "
                        "of each in months."
                    )
                }
            )
        if self.published_copy and self.withheld_reason:
            raise ValidationError(
                {
                    "withheld_reason": "A copy of the contract is published, so there is no "
                    "reason to give for withholding it: clear one or the other."
                }
            )

    @property
    def start_display(self):
        return display(self.start_date, self.start_date_precision)

    @property
    def end_display(self):
        return display(self.end_date, self.end_date_precision)

    @property
    def current_end_display(self):
        """The end date after extensions (needs ``with_term()``)."""
        return display(self.current_end_date, self.current_end_date_precision)

    @property
    def status_label(self):
        """ "Active", "Ending within six months", ... (needs ``with_term()``)."""
        return Contract.Status(self.status).label

    @property
    def options_left(self):
        """Extension options not yet taken (needs ``with_term()``)."""
        return self.extension_option_count - self.extensions_taken

    @property
    def options_display(self):
        return terms.describe_options(self.extension_option_count, self.extension_option_months)

    @property
    def maximum_end_date(self):
        """The end date if every extension option is taken."""
        return terms.maximum_end_date(
            self.end_date, self.extension_option_count, self.extension_option_months
        )

    @property
    def maximum_end_display(self):
        return display(self.maximum_end_date, self.end_date_precision)

    def cofunding(self):
        """The co-funding year by year, each ``FundingYear`` with its ``shares_list``.

        Uses the prefetched ``funding_years`` and ``funding_shares``. A year with shares
        but no total given appears with no total, never an invented one.
        """
        return splits.by_financial_year(
            self.funding_years.all(),
            ((share.financial_year, share) for share in self.funding_shares.all()),
            new_year=lambda financial_year: FundingYear(
                contract=self, financial_year=financial_year
            ),
        )

    def uplifts(self):
        """This contract's shares of uplifts, each with the funder's contribution to the
        contract in the uplift's first year before and after it, where the co-funding
        gives that contribution (uses what ``for_public_page`` prefetched)."""
        found = []
        for uplift_share in self.uplift_shares.all():
            uplift = uplift_share.uplift
            after = next(
                (
                    share.amount
                    for share in self.funding_shares.all()
                    if share.partner_id == uplift.funder_id
                    and share.financial_year == uplift.first_financial_year
                    and share.amount is not None
                ),
                None,
            )
            found.append(
                {
                    "uplift": uplift,
                    "share": uplift_share,
                    "shares": getattr(uplift, "published_shares", []),
                    "contribution_after": after,
                    "contribution_before": None if after is None else after - uplift_share.amount,
                }
            )
        return found

    def partners(self):
        """The co-funding partners over all years, in name order (uses the prefetched
        ``funding_shares`` when ``for_register()`` loaded them)."""
        seen = {}
        for share in self.funding_shares.all():
            seen.setdefault(share.partner_id, share.partner)
        return sorted(seen.values(), key=lambda partner: partner.name)


class ContractEvent(WorkflowEvent):
    """One step of a contract's publication on the register (``commissioning/publication.py``),
    in the shape every workflow records (``pcc_portal.models.WorkflowEvent``): who, when,
    step, from, to, comment."""

    office_lookup = "contract__office"

    class State(models.TextChoices):
        NOT_PUBLISHED = "not_published", "Not published"
        PUBLISHED = "published", "Published on the register"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=40, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=40, choices=State.choices)

    class Meta:
        ordering = ["contract", "at", "pk"]

    def __str__(self):
        return f"{self.step} ({self.at:%d/%m/%Y %H:%M})"


class ContractMeasure(models.Model):
    """Something counted about a contract's service: units, referrals, circles, posts."""

    office_lookup = "contract__office"

    class Kind(models.TextChoices):
        ACTUAL = "actual", "Actual"
        TARGET = "target", "Target"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=150, help_text="e.g. Units of accommodation.")
    value = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ACTUAL)
    period = models.CharField(
        max_length=150, blank=True, help_text="When or over what period, e.g. since April 2019."
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "position", "pk"]

    def __str__(self):
        return f"{self.name}: {self.value}"


class ContractExtension(models.Model):
    """One extension option taken: the contract's new end date and the decision to take it.

    Options are numbered 1, 2, 3 in the order they are taken; ``terms.check_extensions``
    refuses more options than the contract has and end dates that go backwards or
    further than one option.
    """

    office_lookup = "contract__office"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="extensions")
    number = models.PositiveSmallIntegerField(
        "option number", validators=[MinValueValidator(1)], help_text="1 for the first option."
    )
    new_end_date = models.DateField()
    new_end_date_precision = models.CharField(
        "new end date: exact day, or month only",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    decision = models.ForeignKey(
        "decisions.DecisionRecord",
        on_delete=models.PROTECT,
        limit_choices_to=SIGNED,
        null=True,
        blank=True,
        related_name="contract_extensions",
        help_text="The decision record that took the option.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="commissioning_extension_unique_number",
                violation_error_message="This extension option has already been taken.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="commissioning_extension_number_positive"
            ),
        ]

    def __str__(self):
        return f"Extension {self.number} to {self.new_end_display}"

    @property
    def public_decision(self):
        """The decision, if the public may see it (``for_public_page`` marks it)."""
        return self.decision if getattr(self, "decision_is_published", False) else None

    @property
    def new_end_display(self):
        return display(self.new_end_date, self.new_end_date_precision)

    def clean(self):
        contract = self.contract
        if self.number and self.number > contract.extension_option_count:
            raise ValidationError(
                {
                    "number": (
                        f"Option {self.number} cannot be taken: the contract has "
                        f"{contract.extension_option_count} extension option"
                        f"{'' if contract.extension_option_count == 1 else 's'} "
                        f"({contract.options_display})."
                    )
                }
            )
        if self.new_end_date and contract.start_date and self.new_end_date < contract.start_date:
            raise ValidationError(
                {
                    "new_end_date": (
                        f"The new end date ({display(self.new_end_date)}) is before the "
                        f"contract starts ({display(contract.start_date)})."
                    )
                }
            )


class ContractDecision(models.Model):
    """A decision record that awarded, extended or varied a contract."""

    office_lookup = "contract__office"

    class Role(models.TextChoices):
        AWARDED = "awarded", "Awarded"
        EXTENDED = "extended", "Extended"
        VARIED = "varied", "Varied"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="decision_links")
    decision = models.ForeignKey(
        "decisions.DecisionRecord",
        on_delete=models.PROTECT,
        limit_choices_to=SIGNED,
        related_name="contract_links",
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "decision", "role"],
                name="commissioning_contract_decision_unique",
                violation_error_message="This decision is already linked to the contract in "
                "this role.",
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} by {self.decision}"


class FundingYear(models.Model):
    """The co-funding of a contract for one financial year: the total to be shared and
    whether the partners' shares are given by percentage or by amount.

    The partners' shares are ``FundingShare`` rows of the same contract and year; the
    rules they obey are ``splits.settle``.
    """

    office_lookup = "contract__office"

    class Basis(models.TextChoices):
        PERCENTAGE = "percentage", "By percentage"
        AMOUNT = "amount", "By amount"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="funding_years")
    financial_year = models.PositiveSmallIntegerField(choices=financial_year_choices)
    total = models.DecimalField(
        "total to be shared",
        **MONEY,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text="Leave blank where the source does not give the year's total.",
    )
    basis = models.CharField(
        "shares given", max_length=10, choices=Basis.choices, default=Basis.AMOUNT
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "financial_year"]
        verbose_name = "co-funding year"
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "financial_year"],
                name="commissioning_funding_year_unique",
                violation_error_message="This financial year is already given.",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=0),
                name="commissioning_funding_year_total_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(basis="amount") | Q(total__isnull=False),
                name="commissioning_funding_year_percentage_has_total",
                violation_error_message="Shares by percentage need the total to be shared.",
            ),
        ]

    def __str__(self):
        return f"{self.contract}: {self.financial_year_label}"

    @property
    def financial_year_label(self):
        return financial_years.label(self.financial_year)

    @property
    def shares_total(self):
        """What the shares listed in ``shares_list`` add up to (given ones only)."""
        return splits.tally(
            self.total,
            [share.percentage for share in self.shares_list],
            [share.amount for share in self.shares_list],
        )


class FundingShare(models.Model):
    """One co-funding partner's share of a contract in one financial year.

    A share the source does not give has no percentage and no amount: the partner is
    listed without a figure, never with an invented one.
    """

    office_lookup = "contract__office"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="funding_shares")
    financial_year = models.PositiveSmallIntegerField(choices=financial_year_choices)
    partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funding_shares"
    )
    percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, message="A share cannot be negative."),
            MaxValueValidator(100, message="A share cannot be more than 100%."),
        ],
    )
    amount = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message="A share cannot be negative.")],
        help_text="Worked out from the percentage when the year's shares are by percentage.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "financial_year", "-amount", "partner__name"]
        verbose_name = "co-funding share"
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "financial_year", "partner"],
                name="commissioning_funding_share_unique_partner",
                violation_error_message="This partner already has a share in this year.",
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__gte=0, percentage__lte=100),
                name="commissioning_funding_share_percentage_range",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="commissioning_funding_share_amount_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.partner} {self.financial_year_label}"

    @property
    def financial_year_label(self):
        return financial_years.label(self.financial_year)

    @property
    def is_given(self):
        return self.amount is not None or self.percentage is not None


class Uplift(models.Model):
    """An additional sum a funder puts into several contracts each year, split between
    them by percentage (e.g. the £55,000 a year for Derbyshire-wide IDVA duty cover,
    60% to the County contract and 40% to the City contract)."""

    office = models.ForeignKey("pcc_portal.Office", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="uplifts")
    amount = models.DecimalField(
        "amount a year", **MONEY, validators=NOT_NEGATIVE, help_text="In pounds."
    )
    first_financial_year = models.PositiveSmallIntegerField(
        "from financial year", choices=financial_year_choices
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_financial_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="commissioning_uplift_amount_not_negative"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def first_financial_year_label(self):
        return financial_years.label(self.first_financial_year)


class UpliftShare(models.Model):
    """One contract's percentage of an uplift, and the amount that gives it (worked out
    by ``splits.split_by_percentages`` when the uplift is saved)."""

    office_lookup = "uplift__office"

    uplift = models.ForeignKey(Uplift, on_delete=models.CASCADE, related_name="shares")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="uplift_shares")
    percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(0, message="A share cannot be negative."),
            MaxValueValidator(100, message="A share cannot be more than 100%."),
        ],
    )
    amount = models.DecimalField(**MONEY, editable=False, default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uplift", "-percentage", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["uplift", "contract"],
                name="commissioning_uplift_share_unique_contract",
                violation_error_message="This contract already has a share of the uplift.",
            ),
            models.CheckConstraint(
                condition=Q(percentage__gte=0, percentage__lte=100),
                name="commissioning_uplift_share_percentage_range",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="commissioning_uplift_share_amount_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.contract}: {self.percentage}% of {self.uplift}"


def organisations_on_public_register():
    """Organisations named on a published contract: provider, lead commissioner or
    funding partner. Other organisations (e.g. grant applicants) are not listed."""
    published = Contract.objects.published()
    return Organisation.objects.filter(
        Q(Exists(published.filter(provider=OuterRef("pk"))))
        | Q(Exists(published.filter(lead_commissioner=OuterRef("pk"))))
        | Q(
            Exists(
                FundingShare.objects.filter(
                    partner=OuterRef("pk"), contract__in=published.values("pk")
                )
            )
        )
    )

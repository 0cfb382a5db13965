"""The Commissioner's grant programmes: funds, rounds, applications, awards, monitoring.

A **fund** (Community Action Grants, Large Grants, Small Grants, the NICE Fund, the
Vulnerability Fund, the Police Property Act fund) has its rules; a **round** of a fund
has a budget, opening and closing dates and a minimum and maximum award. An
**application** to a round moves through these states (``Application.Status``); each
move is one function in ``grants/workflow.py``, taken by a Grants officer and recorded
as an ``ApplicationEvent``::

    received ──assess──> assessed ──approve──> approved ──award──> awarded ──begin_monitoring──> monitoring
                            │                                         │                              │
                            └──decline──> declined                    └─────────────close────────────┴──> closed

An awarded application has a ``GrantAward`` (amount, date, purpose, conditions and the
reasons it reduces crime and disorder). Awards are the only part of the grants process
the public sees, through ``GrantAward.objects.published()``; applications, scores,
assessment notes and declined bids never leave the officer admin. Awards above the
round's evidence threshold have ``MonitoringReport``s due.

The Police Property Act fund is not run in rounds: each year's **distribution** is a
list of lines that add up exactly to its total.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Func, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from simple_history.models import HistoricalRecords

from decisions.models import SIGNED
from pcc_portal import dates, financial_years
from pcc_portal.models import WorkflowEvent
from pcc_portal.money import format_pounds
from pcc_portal.paths import path_for
from pcc_portal.richtext import RichTextField

ZERO = Decimal("0.00")


def money_field(verbose_name=None, **options):
    """Pounds with two places: the one shape of every amount of money in grants."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **options)


def not_negative(field, name):
    """A CheckConstraint that ``field`` is empty or at least £0.00."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=name,
        violation_error_message=f"The {field.replace('_', ' ')} cannot be negative.",
    )


def _range(function, low, high, output_field):
    """A closed range (``[]``) of two columns, for the exclusion constraint on rounds."""
    return Func(low, high, Value("[]"), function=function, output_field=output_field)


class FundQuerySet(models.QuerySet):
    def for_public(self, *, recent_years: int | None = None):
        """Funds with their rounds (carrying the figures of their published awards) and
        their published distributions, in a number of queries that does not grow.

        With ``recent_years``, each fund carries instead ``latest_rounds``, the rounds of
        its latest ``recent_years`` years (``rounds_per_year`` rounds a year, one when
        not set; closing last first), and ``round_count``, how many it has in all: a
        programme of three rounds a year has sixty after twenty years.
        """
        rounds = Round.objects.with_public_figures().select_related("administered_by", "fund")
        funds = self
        if recent_years is None:
            rounds_shown = models.Prefetch("rounds", queryset=rounds)
        else:
            recency = Window(
                RowNumber(),
                partition_by=[F("fund")],
                order_by=[F("closes_on").desc(), F("name").asc()],
            )
            # The latest rounds are picked first, so the figures are summed for them only.
            latest = (
                Round.objects.annotate(recency=recency)
                .filter(recency__lte=Coalesce(F("fund__rounds_per_year"), 1) * recent_years)
                .values("pk")
            )
            rounds_shown = models.Prefetch(
                "rounds",
                queryset=rounds.filter(pk__in=latest).order_by("-closes_on", "name"),
                to_attr="latest_rounds",
            )
            funds = funds.annotate(round_count=Count("rounds"))
        return funds.select_related("funder", "administered_by").prefetch_related(
            rounds_shown,
            models.Prefetch(
                "distributions",
                queryset=Distribution.objects.published().prefetch_related("lines"),
                to_attr="published_distributions",
            ),
        )


class Fund(models.Model):
    """A grant programme of the Commissioner, with the rules its rounds follow.

    The rules come from the Commissioning Strategy (seed 004): Large Grants have one
    round a year of £200,000 with awards up to £25,000 and evidence of activity above
    £2,500; Small Grants have three rounds a year of £25,000 closing 1 March, 1 July
    and 1 November with awards up to £2,500.
    """

    office = models.ForeignKey(
        "pcc_portal.Office", on_delete=models.PROTECT, related_name="grant_funds"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The last part of its address on the public site, after /grants/.",
    )
    summary = models.TextField(help_text="What the fund is for and who may apply, as published.")
    source_of_income = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the money comes from, e.g. Proceeds of Crime Act (POCA) income.",
    )
    funder = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="grant_funds_given",
        verbose_name="funding organisation",
        help_text="Named as the funder in the open data: usually the Police and Crime Commissioner.",
    )
    administered_by = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="grant_funds_administered",
        null=True,
        blank=True,
        help_text="Leave blank when the OPCC runs the fund itself.",
    )
    annual_budget = money_field(null=True, blank=True, help_text="Set aside each year, in pounds.")
    rounds_per_year = models.PositiveSmallIntegerField(null=True, blank=True)
    round_budget = money_field(
        "budget of each round", null=True, blank=True, help_text="In pounds."
    )
    maximum_award = money_field(null=True, blank=True, help_text="The largest award, in pounds.")
    evidence_threshold = money_field(
        null=True,
        blank=True,
        help_text=(
            "Awards above this amount must report evidence of activity and achievement to "
            "the Commissioner during the year."
        ),
    )
    closing_dates = models.CharField(
        max_length=200,
        blank=True,
        help_text='When applications close each year, e.g. "1 March, 1 July and 1 November".',
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Funds are listed in this order."
    )
    history = HistoricalRecords()

    objects = FundQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            not_negative("annual_budget", "grants_fund_annual_budget_not_negative"),
            not_negative("round_budget", "grants_fund_round_budget_not_negative"),
            not_negative("maximum_award", "grants_fund_maximum_award_not_negative"),
            not_negative("evidence_threshold", "grants_fund_evidence_threshold_not_negative"),
            models.CheckConstraint(
                condition=Q(rounds_per_year__isnull=True) | Q(rounds_per_year__gte=1),
                name="grants_fund_rounds_per_year_at_least_one",
                violation_error_message="A fund run in rounds has at least one round a year.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return path_for("grants:fund", slug=self.slug)

    def clean(self):
        errors = {}
        if (
            self.annual_budget is not None
            and self.round_budget is not None
            and self.rounds_per_year is not None
        ):
            planned = self.round_budget * self.rounds_per_year
            if planned > self.annual_budget:
                errors["round_budget"] = (
                    f"{self.rounds_per_year} rounds of {format_pounds(self.round_budget)} make "
                    f"{format_pounds(planned)}, {format_pounds(planned - self.annual_budget)} over "
                    f"the annual budget of {format_pounds(self.annual_budget)}."
                )
        if (
            self.maximum_award is not None
            and self.round_budget is not None
            and self.maximum_award > self.round_budget
        ):
            errors["maximum_award"] = (
                f"The maximum award of {format_pounds(self.maximum_award)} is "
                f"{format_pounds(self.maximum_award - self.round_budget)} over the budget of a "
                f"round ({format_pounds(self.round_budget)})."
            )
        if errors:
            raise ValidationError(errors)


class RoundQuerySet(models.QuerySet):
    def with_public_figures(self):
        """Each round with ``awarded_total`` and ``award_count`` of its PUBLISHED awards.

        Built from ``GrantAward.objects.published()``, so public pages show only what is
        published and never the sums of approvals not yet awarded.
        """
        published = GrantAward.objects.published().filter(application__round=OuterRef("pk"))
        total = published.values("application__round").annotate(total=Sum("amount"))
        count = published.values("application__round").annotate(count=Count("pk"))
        return self.annotate(
            awarded_total=Coalesce(
                Subquery(total.values("total")), Value(ZERO), output_field=money_field()
            ),
            award_count=Coalesce(Subquery(count.values("count")), Value(0)),
        )

    def with_budget_figures(self):
        """Each round with ``awarded_total``, ``committed_total`` (approved, not yet
        awarded) and ``award_count``: the officers' view of its budget."""
        awarded = GrantAward.objects.filter(application__round=OuterRef("pk"))
        committed = Application.objects.filter(
            round=OuterRef("pk"), status=Application.Status.APPROVED
        )
        return self.annotate(
            awarded_total=Coalesce(
                Subquery(
                    awarded.values("application__round")
                    .annotate(total=Sum("amount"))
                    .values("total")
                ),
                Value(ZERO),
                output_field=money_field(),
            ),
            committed_total=Coalesce(
                Subquery(
                    committed.values("round").annotate(total=Sum("approved_amount")).values("total")
                ),
                Value(ZERO),
                output_field=money_field(),
            ),
            award_count=Coalesce(
                Subquery(
                    awarded.values("application__round").annotate(count=Count("pk")).values("count")
                ),
                Value(0),
            ),
        )


class Round(models.Model):
    """A round of a fund: a budget, the dates applications are accepted, and the
    smallest and largest award it makes.

    A fund has at most one round at a time run by the same administrator (a database
    exclusion constraint); a partner such as the 3D Network may run a round of small
    awards alongside the OPCC's round of the same fund. A round administered by a
    partner may be recorded before the partner reports its budget; no award can be made
    from it until the budget is set.
    """

    office_lookup = "fund__office"

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="The last part of its address on the public site, after /grants/rounds/.",
    )
    description = RichTextField(blank=True, help_text="About this round, as published.")
    administered_by = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="grant_rounds_administered",
        null=True,
        blank=True,
        help_text="Leave blank when the OPCC runs the round; otherwise the partner, e.g. the 3D Network.",
    )
    budget = money_field(
        null=True,
        blank=True,
        help_text="In pounds. May be left blank only for a round a partner administers and has not yet reported.",
    )
    budget_is_approximate = models.BooleanField(
        default=False, help_text='Shown as "about £275,000" until the budget is final.'
    )
    opens_on = models.DateField("opening date")
    closes_on = models.DateField(
        "closing date", help_text="Applications received after this date are refused."
    )
    minimum_award = money_field(default=ZERO, help_text="In pounds.")
    maximum_award = money_field(
        null=True, blank=True, help_text="In pounds. Leave blank when the round sets no maximum."
    )
    evidence_threshold = money_field(
        null=True,
        blank=True,
        help_text="Awards above this amount have monitoring reports due. Leave blank when none do.",
    )
    assessment_criteria = models.TextField(
        blank=True, help_text="What applications are scored against (out of 100)."
    )
    history = HistoricalRecords()

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["fund__position", "-closes_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gt=F("opens_on")),
                name="grants_round_closes_after_it_opens",
                violation_error_message="The closing date must be after the opening date.",
            ),
            not_negative("budget", "grants_round_budget_not_negative"),
            not_negative("minimum_award", "grants_round_minimum_award_not_negative"),
            not_negative("evidence_threshold", "grants_round_evidence_threshold_not_negative"),
            models.CheckConstraint(
                condition=Q(maximum_award__isnull=True) | Q(maximum_award__gte=F("minimum_award")),
                name="grants_round_maximum_at_least_minimum",
                violation_error_message="The maximum award cannot be less than the minimum award.",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=False) | Q(administered_by__isnull=False),
                name="grants_round_budget_set_unless_partner_administers",
                violation_error_message=(
                    "Give the round's budget; only a round a partner administers may be "
                    "recorded before its budget is known."
                ),
            ),
            # GiST handles ranges natively; the fund and the administrator are compared
            # as one-value ranges so that no btree_gist extension is needed (the
            # embedded PostgreSQL does not ship it).
            ExclusionConstraint(
                name="grants_round_one_open_round_per_fund_and_administrator",
                expressions=[
                    (
                        _range("int8range", F("fund"), F("fund"), BigIntegerRangeField()),
                        RangeOperators.OVERLAPS,
                    ),
                    (
                        _range(
                            "int8range",
                            Coalesce(
                                F("administered_by"),
                                Value(0),
                                output_field=models.BigIntegerField(),
                            ),
                            Coalesce(
                                F("administered_by"),
                                Value(0),
                                output_field=models.BigIntegerField(),
                            ),
                            BigIntegerRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                    (
                        _range("daterange", F("opens_on"), F("closes_on"), DateRangeField()),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=(
                    "This fund already has a round run by the same administrator open on "
                    "some of these dates."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.fund.name}: {self.name}"

    def get_absolute_url(self):
        return path_for("grants:round", slug=self.slug)

    def clean(self):
        errors = {}
        if self.pk and self.budget is not None:
            figures = self.budget_figures()
            held = figures["awarded"] + figures["committed"]
            if self.budget < held:
                errors["budget"] = (
                    f"The budget of {format_pounds(self.budget)} is "
                    f"{format_pounds(held - self.budget)} less than the {format_pounds(held)} "
                    "already awarded or approved from this round."
                )
        if self.fund_id and self.maximum_award is not None:
            fund_maximum = self.fund.maximum_award
            if fund_maximum is not None and self.maximum_award > fund_maximum:
                errors["maximum_award"] = (
                    f"{format_pounds(self.maximum_award)} is "
                    f"{format_pounds(self.maximum_award - fund_maximum)} over the fund's maximum "
                    f"award of {format_pounds(fund_maximum)}."
                )
        if errors:
            raise ValidationError(errors)

    def budget_figures(self) -> dict[str, Decimal | None]:
        """``awarded``, ``committed`` (approved, not yet awarded) and ``remaining``.

        ``remaining`` is None while the round has no budget.
        """
        awarded = (
            GrantAward.objects.filter(application__round=self).aggregate(total=Sum("amount"))[
                "total"
            ]
            or ZERO
        )
        committed = (
            Application.objects.filter(round=self, status=Application.Status.APPROVED).aggregate(
                total=Sum("approved_amount")
            )["total"]
            or ZERO
        )
        remaining = None if self.budget is None else self.budget - awarded - committed
        return {"awarded": awarded, "committed": committed, "remaining": remaining}

    @property
    def financial_year(self) -> str:
        """The financial year the round closes in, e.g. 2021/22."""
        return financial_years.label_for(self.closes_on)

    @property
    def administrator_name(self) -> str:
        if self.administered_by_id:
            return self.administered_by.name
        return "Office of the Police and Crime Commissioner"

    def status_on(self, day: datetime.date) -> str:
        """ "Open", "Closed" or "Not yet open" on ``day``."""
        if day < self.opens_on:
            return "Not yet open"
        if day > self.closes_on:
            return "Closed"
        return "Open"

    def receipt_error(self, received_on: datetime.date) -> str | None:
        """Why an application received on ``received_on`` cannot be accepted, or None.

        Guarantees: no application is accepted before the round opens or after it closes.
        """
        if received_on > self.closes_on:
            days = (received_on - self.closes_on).days
            return (
                f"Received on {dates.display(received_on)}, {days} day{'s' if days != 1 else ''} "
                f"after the round closed on {dates.display(self.closes_on)}."
            )
        if received_on < self.opens_on:
            days = (self.opens_on - received_on).days
            return (
                f"Received on {dates.display(received_on)}, {days} day{'s' if days != 1 else ''} "
                f"before the round opened on {dates.display(self.opens_on)}."
            )
        return None

    def award_amount_error(self, amount: Decimal) -> str | None:
        """Why ``amount`` is not an award this round can make, or None.

        Guarantees: no award or approval exceeds the round's maximum, falls below its
        minimum, or is nil.
        """
        if amount <= 0:
            return f"An award must be more than £0.00; {format_pounds(amount)} is not."
        if self.maximum_award is not None and amount > self.maximum_award:
            return (
                f"{format_pounds(amount)} is {format_pounds(amount - self.maximum_award)} over "
                f"the round's maximum of {format_pounds(self.maximum_award)}."
            )
        if amount < self.minimum_award:
            return (
                f"{format_pounds(amount)} is {format_pounds(self.minimum_award - amount)} under "
                f"the round's minimum of {format_pounds(self.minimum_award)}."
            )
        return None

    def requires_monitoring(self, amount: Decimal) -> bool:
        """Awards above the evidence threshold must report evidence of activity."""
        return self.evidence_threshold is not None and amount > self.evidence_threshold


class Application(models.Model):
    """A bid for a grant from an organisation to a round.

    States and the only legal moves (``grants/workflow.py``):

    - received -> assessed (``assess``: score out of 100, assessor, notes)
    - assessed -> approved (``approve``: the amount approved, within the round's maximum
      and what is left of its budget) or declined (``decline``: the reason)
    - approved -> awarded (``award``: creates the ``GrantAward``)
    - awarded -> monitoring (``begin_monitoring``)
    - awarded or monitoring -> closed (``close``: once every monitoring report is in)

    Nothing here is public: only the award of an awarded application is published.
    """

    office_lookup = "round__fund__office"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ASSESSED = "assessed", "Assessed"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        AWARDED = "awarded", "Awarded"
        MONITORING = "monitoring", "Monitoring"
        CLOSED = "closed", "Closed"

    AWARDED_STATUSES = (Status.AWARDED, Status.MONITORING, Status.CLOSED)
    APPROVED_STATUSES = (Status.APPROVED, *AWARDED_STATUSES)

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name="applicant organisation",
    )
    project_title = models.CharField(max_length=200)
    project_description = models.TextField()
    amount_requested = money_field(help_text="In pounds.")
    priority = models.ForeignKey(
        "decisions.DecisionCategory",
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name="priority addressed",
        help_text="The Police and Crime Plan priority the project addresses.",
    )
    received_on = models.DateField("date received")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Against the round's criteria, out of 100."
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="assessor",
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessment_notes = models.TextField(blank=True)
    approved_amount = money_field(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Who approved or declined the application.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "received_on", "pk"]
        permissions = [
            ("receive_application", "Can record a grant application as received"),
            ("assess_application", "Can assess a grant application"),
            ("decide_application", "Can approve or decline a grant application"),
            ("award_grant", "Can award a grant"),
            ("monitor_grant", "Can start monitoring a grant"),
            ("close_application", "Can close a grant"),
        ]
        indexes = [
            # The awarded applications' ids alone: the public register's count and totals
            # join awards to them with two index-only scans instead of reading the table.
            models.Index(
                fields=["id"],
                condition=Q(status__in=["awarded", "monitoring", "closed"]),
                name="grants_application_awarded_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__gt=0),
                name="grants_application_amount_requested_positive",
                violation_error_message="The amount requested must be more than £0.00.",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100),
                name="grants_application_score_out_of_100",
                violation_error_message="The score is out of 100.",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "received",
                        "assessed",
                        "approved",
                        "declined",
                        "awarded",
                        "monitoring",
                        "closed",
                    ]
                ),
                name="grants_application_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="assessed") | Q(score__isnull=False),
                name="grants_application_assessed_has_score",
                violation_error_message="An assessed application has a score.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "awarded", "monitoring", "closed"])
                | Q(approved_amount__gt=0),
                name="grants_application_approved_has_amount",
                violation_error_message="An approved application has the amount approved.",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="grants_application_declined_has_reason",
                violation_error_message="A declined application has the reason recorded.",
            ),
        ]

    def __str__(self):
        return f"{self.applicant.name}: {self.project_title}"

    def clean(self):
        errors = {}
        if self.round_id and self.received_on and self._state.adding:
            problem = self.round.receipt_error(self.received_on)
            if problem:
                errors["received_on"] = problem
        if self.round_id and self.priority_id:
            if self.priority.office_id != self.round.fund.office_id:
                errors["priority"] = (
                    "Choose a priority of the Police and Crime Plan of the fund's office."
                )
        if errors:
            raise ValidationError(errors)


class ApplicationEvent(WorkflowEvent):
    """One move of an application through its states, in the shape every workflow
    records (``pcc_portal.models.WorkflowEvent``): who, when, step, from, to, comment."""

    office_lookup = "application__round__fund__office"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=40, choices=Application.Status.choices, blank=True)
    to_state = models.CharField(max_length=40, choices=Application.Status.choices)

    class Meta:
        ordering = ["application", "at", "pk"]

    def __str__(self):
        before = self.get_from_state_display() or "new"
        return f"{before} → {self.get_to_state_display()}"


class GrantAwardQuerySet(models.QuerySet):
    def published(self):
        """The ONLY definition of which grants the public may see: awards of applications
        that have been awarded (and may since be in monitoring or closed).

        Every public page, the API, the sitemap, the home page, the CSV and JSON
        downloads and the 360Giving export start from this queryset.
        """
        return self.filter(application__status__in=Application.AWARDED_STATUSES)

    def for_public_list(self):
        """What a public list needs, in a number of queries that does not grow with it.

        The approving decision is attached as ``published_decision`` only when that
        decision is itself published.
        """
        from decisions.models import DecisionRecord

        # The organisations (applicant, funder, administrator) come by their keys in
        # queries of their own: joined in, the page query's seven tables take PostgreSQL
        # longer to plan than the four left take to plan and run.
        return self.select_related("application__round__fund").prefetch_related(
            "application__applicant",
            "application__round__fund__funder",
            "application__round__administered_by",
            models.Prefetch(
                "decision",
                # Not the decision's stored search text and vector (its largest columns).
                queryset=DecisionRecord.objects.published().defer(
                    "report_search_text", "search_vector"
                ),
                to_attr="published_decision",
            ),
        )

    def for_public_cards(self):
        """``for_public_list`` without the long texts an award's card does not show (the
        application's description and officers' notes, the round's and fund's texts)."""
        return self.for_public_list().defer(
            "application__project_description",
            "application__assessment_notes",
            "application__decline_reason",
            "application__round__description",
            "application__round__assessment_criteria",
            "application__round__fund__summary",
        )

    def search(self, text: str):
        """Awards whose project title, purpose or recipient contains ``text``."""
        return self.filter(
            Q(application__project_title__icontains=text)
            | Q(purpose__icontains=text)
            | Q(application__applicant__name__icontains=text)
        )

    def totals(self) -> dict:
        """``count`` and ``amount`` (Decimal) of the awards in this queryset."""
        # Counted by application (one each), a column of ``grants_award_amounts_idx``, so
        # the count and total read that index alone.
        figures = self.aggregate(count=Count("application"), amount=Sum("amount"))
        return {"count": figures["count"], "amount": figures["amount"] or ZERO}


class GrantAward(models.Model):
    """A grant awarded: what the Specified Information Order (paragraph 3(f)) requires
    published, namely the amount, the conditions, the purpose and the reasons the grant
    secures or contributes to reducing crime and disorder."""

    office_lookup = "application__round__fund__office"

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    amount = money_field(help_text="In pounds.")
    awarded_on = models.DateField("date awarded")
    purpose = models.TextField(help_text="What the grant is for.")
    conditions = models.TextField(help_text="The conditions the grant is made on.")
    crime_reduction_reasons = models.TextField(
        "reasons it reduces crime and disorder",
        help_text="Why the grant secures, or contributes to securing, a reduction in crime and disorder.",
    )
    decision = models.ForeignKey(
        "decisions.DecisionRecord",
        on_delete=models.PROTECT,
        limit_choices_to=SIGNED,
        related_name="grant_awards",
        null=True,
        blank=True,
        verbose_name="approving decision",
        help_text="The Commissioner's decision that approved the award, where there is one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = GrantAwardQuerySet.as_manager()

    class Meta:
        ordering = ["-awarded_on", "-pk"]
        # Newest first, the order of every public list, and the financial year filter.
        indexes = [
            models.Index(fields=["-awarded_on", "-id"], name="grants_award_newest_idx"),
            # Count and total of the published awards read from the index alone.
            models.Index(
                fields=["application"], include=["amount"], name="grants_award_amounts_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="grants_award_amount_positive",
                violation_error_message="An award must be more than £0.00.",
            ),
            models.CheckConstraint(
                condition=~Q(purpose="") & ~Q(conditions="") & ~Q(crime_reduction_reasons=""),
                name="grants_award_publishes_purpose_conditions_and_reasons",
                violation_error_message=(
                    "An award needs its purpose, its conditions and the reasons it reduces "
                    "crime and disorder: all three are published."
                ),
            ),
        ]

    def __str__(self):
        return f"{format_pounds(self.amount)} to {self.application.applicant.name}"

    def get_absolute_url(self):
        return path_for("grants:award", pk=self.pk)

    @property
    def identifier(self) -> str:
        """The 360Giving grant identifier: the publisher's prefix and the award's number."""
        prefix = settings.THREESIXTYGIVING_PREFIX
        return f"{prefix}-{self.pk}"

    @property
    def recipient(self):
        return self.application.applicant

    @property
    def round(self):
        return self.application.round

    @property
    def fund(self):
        return self.application.round.fund

    @property
    def financial_year(self) -> str:
        return financial_years.label_for(self.awarded_on)


class MonitoringReportQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(received_on__isnull=True)

    def overdue(self, today: datetime.date):
        return self.outstanding().filter(due_on__lt=today)


class MonitoringReport(models.Model):
    """Evidence of activity and achievement an award above the round's evidence
    threshold must report to the Commissioner. Kept for officers; not published."""

    office_lookup = "award__application__round__fund__office"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        DUE = "due", "Due"
        OVERDUE = "overdue", "Overdue"

    award = models.ForeignKey(
        GrantAward, on_delete=models.CASCADE, related_name="monitoring_reports"
    )
    due_on = models.DateField("due date")
    received_on = models.DateField("date received", null=True, blank=True)
    summary = models.TextField(
        blank=True, help_text="What the report shows of the activity and what it achieved."
    )
    history = HistoricalRecords()

    objects = MonitoringReportQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return f"Monitoring report due {dates.display(self.due_on)}"

    def status_on(self, today: datetime.date) -> str:
        if self.received_on is not None:
            return self.Status.RECEIVED
        if self.due_on < today:
            return self.Status.OVERDUE
        return self.Status.DUE


class DistributionQuerySet(models.QuerySet):
    def published(self):
        """Distributions the public may see: those approved (at the Board or by decision)."""
        return self.filter(approved_on__isnull=False)


class Distribution(models.Model):
    """A year's distribution of a fund not run in rounds (the Police Property Act fund):
    lines that add up exactly to its total."""

    office_lookup = "fund__office"

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="distributions")
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2019 for 2019/20."
    )
    total = money_field(help_text="In pounds; the lines must add up to it exactly.")
    approved_on = models.DateField(
        null=True, blank=True, help_text="Published once approved; leave blank until then."
    )
    approved_at = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where it was approved, e.g. Strategic Priorities Assurance Board.",
    )
    decision = models.ForeignKey(
        "decisions.DecisionRecord",
        on_delete=models.PROTECT,
        limit_choices_to=SIGNED,
        related_name="grant_distributions",
        null=True,
        blank=True,
        verbose_name="approving decision",
    )
    notes = models.TextField(blank=True, help_text="Published with the distribution.")
    history = HistoricalRecords()

    objects = DistributionQuerySet.as_manager()

    class Meta:
        ordering = ["fund", "-financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "financial_year"],
                name="grants_distribution_one_per_fund_and_year",
                violation_error_message="This fund already has a distribution for that year.",
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0),
                name="grants_distribution_total_not_negative",
                violation_error_message="The total cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.fund.name} distribution {self.financial_year_label}"

    @property
    def financial_year_label(self) -> str:
        return financial_years.label(self.financial_year)

    def check_lines_add_up(self, amounts) -> None:
        """Refuse lines that do not add up exactly to the total, saying by how much.

        Guarantees: a saved distribution's lines add up to its total to the penny.
        """
        added = sum(amounts, ZERO)
        if added != self.total:
            difference = abs(self.total - added)
            side = "short of" if added < self.total else "over"
            raise ValidationError(
                f"The lines add up to {format_pounds(added)}, {format_pounds(difference)} "
                f"{side} the total of {format_pounds(self.total)}."
            )


class DistributionLine(models.Model):
    office_lookup = "distribution__fund__office"

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=200)
    amount = money_field(help_text="In pounds.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["distribution", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="grants_distribution_line_amount_not_negative",
                violation_error_message="A line's amount cannot be negative.",
            )
        ]

    def __str__(self):
        return f"{self.description}: {format_pounds(self.amount)}"

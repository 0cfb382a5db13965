"""Decision records of the Police and Crime Commissioner, their Section B reports and
their workflow history.

A record moves through these states (``DecisionRecord.Status``); each move is one
function in ``decisions/workflow.py``::

    draft ──submit──> awaiting officer approval ──give_officer_approval──> awaiting Commissioner
      ^                          │                                                │
      │                return_with_comments                             sign (approve)
      └──── returned ◄───────────┴──────────────return_with_comments─────────────┤
              │                                                                  │
              └──submit──> awaiting officer approval           ┌─────────────────┴──────────────┐
                                                       not deferred                       deferred
                                                               │                              │
                                                               v                              v
                                                           published ◄──publish / publish_due── scheduled

Once signed (scheduled or published) the record's content is locked; a correction is a
``DecisionAmendment`` linked to it and shown on its public page.
"""

import datetime
import functools

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from decisions.uploads import check_pdf
from pcc_portal.dates import DatePrecision, display
from pcc_portal.models import WorkflowEvent
from pcc_portal.paths import path_for
from pcc_portal.references import reference_slug
from pcc_portal.richtext import RichTextField, plain_text

SEARCH_CONFIG = "english"

# What the public may see, as a condition: ``DecisionRecordQuerySet.published()`` filters
# by it, and the partial indexes of the public register are built on it, so the two
# cannot drift apart.
PUBLISHED = Q(status="published", published_at__isnull=False)

# Records the Commissioner has signed (scheduled or published): the only ones that may be
# chosen where a decision is linked (related decisions, a grant's approving decision, a
# contract's decisions, a board's decisions log). A draft may still change or be returned.
SIGNED = Q(status__in=["scheduled", "published"])


class DecisionCategory(models.Model):
    """A priority of an office's Police and Crime Plan, used to group its decisions."""

    office = models.ForeignKey(
        "pcc_portal.Office", on_delete=models.PROTECT, related_name="decision_categories"
    )
    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["office", "position", "name"]
        verbose_name = "category (Police and Crime Plan priority)"
        verbose_name_plural = "categories (Police and Crime Plan priorities)"
        constraints = [
            models.UniqueConstraint(
                fields=["office", "slug"], name="decisions_category_unique_slug_per_office"
            ),
        ]

    def __str__(self):
        return self.name


class DecisionRecordQuerySet(models.QuerySet):
    def published(self):
        """The ONLY definition of what the public may see: records that are published.

        Every public page, the API, the feed, the sitemap, search and the open data
        downloads start from this queryset.
        """
        return self.filter(PUBLISHED)

    def signed(self):
        """Records the Commissioner has approved and signed (published or scheduled)."""
        return self.filter(SIGNED)

    def awaiting_publication(self):
        """Signed records that are not yet public, oldest approval first."""
        return self.filter(status=DecisionRecord.Status.SCHEDULED).order_by("approved_on", "pk")

    def due_for_publication(self, today: datetime.date):
        """Scheduled records whose deferral has ended on or before ``today``."""
        return self.filter(status=DecisionRecord.Status.SCHEDULED, deferred_until__lte=today)

    def for_public_list(self):
        """What a public list needs in as few queries as possible. The stored search text
        and vector (the largest columns) are left in the database: lists never show them."""
        return self.select_related("office", "category").defer(
            "report_search_text", "search_vector"
        )


class DecisionRecord(models.Model):
    """A decision of the Police and Crime Commissioner (Section A) and its Section B report.

    States and the legal moves between them are drawn in this module's docstring.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_OFFICER_APPROVAL = "awaiting_officer_approval", "Awaiting officer approval"
        AWAITING_COMMISSIONER = "awaiting_commissioner", "Awaiting the Commissioner"
        RETURNED = "returned", "Returned with comments"
        SCHEDULED = "scheduled", "Approved, publication scheduled"
        PUBLISHED = "published", "Published"

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
    SIGNED_STATUSES = (Status.SCHEDULED, Status.PUBLISHED)
    # Fields the workflow may still change once a record is signed; everything else is
    # the signed content and is locked.
    UNLOCKED_FIELDS = frozenset(
        {
            "status",
            "published_at",
            "publication_date_precision",
            "report_search_text",
            "search_vector",
        }
    )

    office = models.ForeignKey(
        "pcc_portal.Office", on_delete=models.PROTECT, related_name="decision_records"
    )
    reference = models.CharField(
        "OPCC reference",
        max_length=40,
        blank=True,
        help_text=(
            "Given when the draft is first submitted, from the office's reference format. "
            "Historic records imported from elsewhere keep the reference they were given."
        ),
    )
    slug = models.CharField(
        max_length=40,
        blank=True,
        editable=False,
        help_text="The reference as it appears in URLs: 16/2020 becomes 16-2020.",
    )
    title = models.CharField(max_length=300)
    received_on = models.DateField("date received in the OPCC", null=True, blank=True)
    received_on_precision = models.CharField(
        "date received: exact day, or month only",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    executive_summary = RichTextField(blank=True)
    decision = RichTextField(blank=True)
    category = models.ForeignKey(
        DecisionCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_records",
        help_text="The Police and Crime Plan priority the decision serves.",
    )
    financial_amount = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The sum the decision commits, in pounds, where there is one.",
    )
    related_decisions = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=True,
        limit_choices_to=SIGNED,
        help_text="Signed decisions only: a draft may still change or be returned.",
    )

    # Section A: the Commissioner's declaration and approval.
    declaration_of_interests = models.TextField(
        default="None", help_text='Any personal or prejudicial interest; "None" if there is none.'
    )
    commissioner_name = models.CharField(
        "Commissioner's name (signature)", max_length=150, blank=True
    )
    approved_on = models.DateField("date signed", null=True, blank=True)
    approved_on_precision = models.CharField(
        "date signed: exact day, or month only",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )

    # Publication scheme considerations.
    section_b_published = models.BooleanField("Section B report to be published", default=True)
    section_b_publication_note = models.TextField(
        "reason the Section B report is not published",
        blank=True,
        help_text="Required when the report is not published, e.g. commercially sensitive.",
    )
    publication_deferred = models.BooleanField("publication deferred", default=False)
    deferral_reason = models.TextField("reason for deferring publication", blank=True)
    deferred_until = models.DateField("date publication is deferred to", null=True, blank=True)

    # Officer approval.
    officer_approver_name = models.CharField("officer approver's name", max_length=150, blank=True)
    officer_approver_role = models.CharField(
        "officer approver's role", max_length=150, blank=True, default="Chief Executive or Nominee"
    )
    officer_approved_on = models.DateField("date of officer approval", null=True, blank=True)
    officer_approved_on_precision = models.CharField(
        "date of officer approval: exact day, or month only",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    advice_confirmed = models.BooleanField(
        "financial, legal and equalities advice taken into account",
        default=False,
    )

    # Section B report.
    report_title = models.CharField(max_length=300, blank=True)
    report_by = models.CharField(max_length=200, blank=True)
    report_date = models.DateField(null=True, blank=True)
    report_date_precision = models.CharField(
        "report date: exact day, or month only",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    report_purpose = models.TextField("purpose of the report", blank=True)
    recommendations = models.TextField(blank=True)
    contact_name = models.CharField("contact for enquiries: name", max_length=150, blank=True)
    contact_telephone = models.CharField(
        "contact for enquiries: telephone", max_length=40, blank=True
    )
    contact_email = models.EmailField("contact for enquiries: email", blank=True)

    # Workflow and publication.
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField("date published", null=True, blank=True)
    publication_date_precision = models.CharField(
        "date published: exact day, or month only",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    report_search_text = models.TextField(
        blank=True,
        editable=False,
        help_text="The text search reads and highlights: summary, decision and the "
        "Section B report where it is published. Filled on publication.",
    )
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DecisionRecordQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "updated_at"])

    class Meta:
        ordering = ["-approved_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "reference"],
                condition=~Q(reference=""),
                name="decisions_record_unique_reference_per_office",
                violation_error_message="This office already has a decision with this reference.",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=~Q(slug=""),
                name="decisions_record_unique_slug",
                violation_error_message="Another decision already has this reference in its "
                "web address.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "returned"]) | ~Q(reference=""),
                name="decisions_record_submitted_has_reference",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "awaiting_officer_approval",
                        "awaiting_commissioner",
                        "returned",
                        "scheduled",
                        "published",
                    ]
                ),
                name="decisions_record_valid_status",
            ),
            models.CheckConstraint(
                condition=Q(financial_amount__isnull=True) | Q(financial_amount__gte=0),
                name="decisions_record_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(section_b_published=True) | ~Q(section_b_publication_note=""),
                name="decisions_record_withheld_report_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(publication_deferred=False)
                | (Q(deferred_until__isnull=False) & ~Q(deferral_reason="")),
                name="decisions_record_deferral_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(approved_on__isnull=False),
                name="decisions_record_signed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="published", published_at__isnull=False)
                | (~Q(status="published") & Q(published_at__isnull=True)),
                name="decisions_record_published_iff_published_at",
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | Q(received_on__isnull=True)
                | Q(approved_on__gte=models.F("received_on")),
                name="decisions_record_signed_not_before_received",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="decisions_record_search_gin"),
            models.Index(fields=["-published_at"], name="decisions_record_published_idx"),
            # The public register's filters and sort orders (decisions/filters.py), each
            # over published records only: newest first (and, read backwards, oldest
            # first), by office, and by amount either way. A priority holds a seventh of
            # the records or more: reading the newest first finds a page of them sooner.
            models.Index(
                fields=["-approved_on", "-published_at", "-id"],
                condition=PUBLISHED,
                name="decisions_pub_newest_idx",
            ),
            models.Index(
                fields=["office", "-approved_on", "-published_at", "-id"],
                condition=PUBLISHED,
                name="decisions_pub_office_idx",
            ),
            models.Index(
                F("financial_amount").desc(nulls_last=True),
                F("approved_on").desc(),
                F("id").desc(),
                condition=PUBLISHED,
                name="decisions_pub_amount_desc_idx",
            ),
            models.Index(
                F("financial_amount").asc(nulls_last=True),
                F("approved_on").desc(),
                F("id").desc(),
                condition=PUBLISHED,
                name="decisions_pub_amount_asc_idx",
            ),
        ]
        permissions = [
            ("submit_decisionrecord", "Can submit a decision record for officer approval"),
            ("give_officer_approval", "Can give officer approval to a decision record"),
            ("sign_decisionrecord", "Can approve and sign a decision record as the Commissioner"),
            ("return_decisionrecord", "Can return a decision record with comments"),
            ("publish_decisionrecord", "Can publish an approved decision record"),
            ("view_awaiting_publication", "Can view decision records awaiting publication"),
        ]

    def __str__(self):
        if self.reference:
            return f"{self.reference} {self.title}"
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        self.refuse_changes_to_signed_content(update_fields)
        self.slug = reference_slug(self.reference)
        if update_fields is not None and "reference" in update_fields:
            kwargs["update_fields"] = {*update_fields, "slug"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return path_for("decisions:detail", slug=self.slug)

    def clean(self):
        errors = {}
        if self.approved_on and self.received_on and self.approved_on < self.received_on:
            errors["approved_on"] = (
                f"The date signed ({display(self.approved_on, self.approved_on_precision)}) "
                "cannot be before the date received in the OPCC "
                f"({display(self.received_on, self.received_on_precision)})."
            )
        if not self.section_b_published and not self.section_b_publication_note.strip():
            errors["section_b_publication_note"] = (
                "Give the reason the Section B report is not to be published."
            )
        if self.publication_deferred:
            if not self.deferral_reason.strip():
                errors["deferral_reason"] = "Give the reason publication is deferred."
            if self.deferred_until is None:
                errors["deferred_until"] = "Give the date publication is deferred to."
            elif not self.is_signed and self.deferred_until < timezone.localdate():
                errors["deferred_until"] = (
                    f"The date publication is deferred to ({display(self.deferred_until)}) "
                    "is in the past; give today's date or a later one."
                )
        if self.financial_amount is not None and self.financial_amount < 0:
            errors["financial_amount"] = "The financial amount cannot be negative."
        if self.category_id and self.office_id and self.category.office_id != self.office_id:
            errors["category"] = "Choose a Police and Crime Plan priority of this record's office."
        if errors:
            raise ValidationError(errors)

    @property
    def is_signed(self):
        return self.status in self.SIGNED_STATUSES

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    @property
    def has_report(self):
        """Whether any of the Section B report is held (imported log entries have none)."""
        return bool(
            self.report_title
            or self.report_by
            or self.report_purpose
            or self.recommendations
            or self.report_sections.exists()
            or self.attachments.exists()
        )

    @property
    def received_display(self):
        return display(self.received_on, self.received_on_precision)

    @property
    def approved_display(self):
        return display(self.approved_on, self.approved_on_precision)

    @property
    def officer_approved_display(self):
        return display(self.officer_approved_on, self.officer_approved_on_precision)

    @property
    def report_date_display(self):
        return display(self.report_date, self.report_date_precision)

    @property
    def published_display(self):
        if self.published_at is None:
            return ""
        return display(timezone.localdate(self.published_at), self.publication_date_precision)

    def refuse_changes_to_signed_content(self, update_fields=None):
        """Refuse to save a change to the content of a record the Commissioner has signed.

        The workflow may still move a signed record from scheduled to published; any
        other change raises ``ValidationError``: corrections are amendments.
        """
        if self.pk is None:
            return
        stored = DecisionRecord.objects.filter(pk=self.pk).first()
        if stored is None or stored.status not in self.SIGNED_STATUSES:
            return
        if update_fields is not None and set(update_fields) <= self.UNLOCKED_FIELDS:
            return
        changed = [
            field.verbose_name
            for field in self._meta.concrete_fields
            if field.name not in self.UNLOCKED_FIELDS | {"updated_at", "created_at"}
            and field.value_from_object(self) != field.value_from_object(stored)
        ]
        if changed:
            raise ValidationError(
                f"Decision {stored.reference} has been signed and cannot be changed "
                f"(attempted change to: {', '.join(changed)}). Record a correction as an "
                "amendment instead."
            )

    def public_report(self) -> "PublicReport | None":
        """The Section B report as the public may read it, or ``None`` when the
        publication-scheme answer withholds it. The only place that decides whether a
        report is public: the page, the API, the PDF and the search text all ask here.
        Whether the record itself is public is ``published()``'s business."""
        if not self.section_b_published:
            return None
        return PublicReport(self)

    def refresh_search_vector(self):
        """Store what full-text search reads: title and reference (weight A), summary and
        decision (B), and the Section B report only when it is to be published (C)."""
        report = self.public_report()
        self.report_search_text = report.text if report else ""
        DecisionRecord.objects.filter(pk=self.pk).update(
            report_search_text=self.report_search_text,
            search_vector=(
                SearchVector("reference", "title", weight="A", config=SEARCH_CONFIG)
                + SearchVector("executive_summary", "decision", weight="B", config=SEARCH_CONFIG)
                # The column's new value is not visible within the same UPDATE.
                + SearchVector(
                    Value(self.report_search_text, output_field=models.TextField()),
                    weight="C",
                    config=SEARCH_CONFIG,
                )
            ),
        )


class PublicReport:
    """The public part of a record's Section B report: its fields (read from ``record``),
    its body sections in order and its attachments. Made by ``record.public_report()``."""

    def __init__(self, record: DecisionRecord):
        self.record = record

    # Cached so a template that tests and then lists them reads each from the database once.
    @functools.cached_property
    def sections(self):
        return self.record.report_sections.all()

    @functools.cached_property
    def attachments(self):
        return self.record.attachments.all()

    @property
    def is_held(self) -> bool:
        """Whether any of the report is held (imported log entries have none)."""
        return self.record.has_report

    @property
    def text(self) -> str:
        """The report as plain text, for full-text search."""
        record = self.record
        parts = [record.report_title, record.report_purpose, record.recommendations]
        parts += [f"{section.heading}\n{plain_text(section.body)}" for section in self.sections]
        return "\n\n".join(part for part in parts if part)


def _refuse_if_record_signed(record, what):
    if record.pk and DecisionRecord.objects.signed().filter(pk=record.pk).exists():
        raise ValidationError(
            f"Decision {record.reference} has been signed: its {what} cannot be changed. "
            "Record a correction as an amendment instead."
        )


class ReportSection(models.Model):
    """One body section of a Section B report (e.g. "Background"), in order."""

    office_lookup = "record__office"

    record = models.ForeignKey(
        DecisionRecord, on_delete=models.CASCADE, related_name="report_sections"
    )
    position = models.PositiveSmallIntegerField(
        "order",
        blank=True,
        help_text="Sections appear in this order. Leave it empty to add the section at the "
        "end; swap two numbers to swap two sections.",
    )
    heading = models.CharField(max_length=120)
    body = RichTextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "position", "pk"]
        constraints = [
            # Checked when the transaction commits, so one save may swap two sections.
            models.UniqueConstraint(
                fields=["record", "position"],
                name="decisions_section_unique_position",
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self):
        return self.heading

    def save(self, *args, **kwargs):
        _refuse_if_record_signed(self.record, "Section B report")
        if self.position is None:
            self.position = self.next_position(self.record)
        super().save(*args, **kwargs)

    @staticmethod
    def next_position(record) -> int:
        """The position after the record's last section: new sections go to the end."""
        last = record.report_sections.aggregate(last=models.Max("position"))["last"]
        return 1 if last is None else last + 1

    def delete(self, *args, **kwargs):
        _refuse_if_record_signed(self.record, "Section B report")
        return super().delete(*args, **kwargs)


def attachment_path(instance, filename):
    return f"decisions/attachments/{timezone.now():%Y/%m}/{filename}"


class DecisionAttachment(models.Model):
    """An appendix to the Section B report: a PDF, checked on upload."""

    office_lookup = "record__office"

    record = models.ForeignKey(DecisionRecord, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    size = models.PositiveIntegerField(editable=False, default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "position", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        _refuse_if_record_signed(self.record, "attachments")
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("decisions:attachment", kwargs={"slug": self.record.slug, "pk": self.pk})

    def delete(self, *args, **kwargs):
        _refuse_if_record_signed(self.record, "attachments")
        return super().delete(*args, **kwargs)

    def clean(self):
        # Only a new upload is checked; a stored file was checked when it arrived.
        if self.file and not self.file._committed:
            check_pdf(self.file, field="file")

    @property
    def download_name(self):
        return self.file.name.rsplit("/", 1)[-1]


class DecisionAmendment(models.Model):
    """A correction to a signed record: a recorded corrigendum, shown on its public page."""

    office_lookup = "record__office"

    record = models.ForeignKey(DecisionRecord, on_delete=models.PROTECT, related_name="amendments")
    made_on = models.DateField(default=timezone.localdate)
    correction = models.TextField(help_text="What is corrected and how.")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "made_on", "pk"]

    def __str__(self):
        return f"Amendment to {self.record.reference} on {self.made_on:%d/%m/%Y}"


class ReferenceCounter(models.Model):
    """The last sequence number given to a decision of an office in a year.

    Locked with ``select_for_update`` while a reference is allocated, so numbering is
    gapless and unique when several officers submit at once.
    """

    office = models.ForeignKey("pcc_portal.Office", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year"], name="decisions_counter_one_per_office_year"
            ),
        ]

    def __str__(self):
        return f"{self.office} {self.year}: {self.last_sequence}"


class DecisionEvent(WorkflowEvent):
    """One step of a record's workflow, in the shape every workflow records
    (``pcc_portal.models.WorkflowEvent``): who, when, step, from, to, comment."""

    office_lookup = "record__office"

    class Step(models.TextChoices):
        SUBMIT = "submit", "Submitted for officer approval"
        OFFICER_APPROVAL = "officer_approval", "Officer approval given"
        RETURN = "return", "Returned with comments"
        SIGN = "sign", "Approved and signed by the Commissioner"
        PUBLISH = "publish", "Published"
        AMEND = "amend", "Amendment recorded"
        IMPORT = "import", "Imported historic record"

    record = models.ForeignKey(DecisionRecord, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(max_length=40, choices=Step.choices)
    from_state = models.CharField(max_length=40, choices=DecisionRecord.Status.choices, blank=True)
    to_state = models.CharField(max_length=40, choices=DecisionRecord.Status.choices)

    class Meta:
        ordering = ["record", "at", "pk"]

    def __str__(self):
        return f"{self.get_step_display()} ({self.at:%d/%m/%Y %H:%M})"

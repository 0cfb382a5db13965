from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pcc_portal import references


def default_section_headings():
    return list(Office.DERBYSHIRE_SECTION_HEADINGS)


class Office(models.Model):
    """An Office of the Police and Crime Commissioner that publishes through the portal.

    Most deployments have one; a shared service has several. Every record in the domain
    apps belongs to an office, which gives its reference format and report headings.
    """

    DERBYSHIRE_SECTION_HEADINGS = (
        "Overview",
        "Background",
        "Information and analysis",
        "Summary",
        "Background papers",
    )
    HUMBERSIDE_SECTION_HEADINGS = (
        "Purpose of the report",
        "Background",
        "Recommendations",
        "Options, risks and implications",
        "Finance",
        "Legal",
        "Equality",
        "Consultation",
        "Communication issues",
        "Background documents",
        "Publication",
    )

    name = models.CharField(
        max_length=200,
        unique=True,
        help_text="e.g. Office of the Police and Crime Commissioner for Derbyshire",
    )
    slug = models.SlugField(max_length=60, unique=True)
    area = models.CharField(max_length=100, help_text="The police force area, e.g. Derbyshire.")
    commissioner_name = models.CharField(
        "Commissioner's name", max_length=150, help_text="The Police and Crime Commissioner."
    )
    contact_email = models.EmailField(blank=True)
    contact_telephone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True, help_text="The office's own website.")
    decision_reference_format = models.CharField(
        max_length=40,
        default="{seq}/{year}",
        help_text=(
            "How decision references are built. {seq} is the number within the year "
            "({seq:02} pads it to two digits); {year} is the four-digit year and {yy} its "
            "last two digits. Examples: {seq}/{year} gives 16/2020, DN{seq:02}{yy} gives "
            "DN0121, {seq}{year} gives 262021."
        ),
    )
    report_section_headings = ArrayField(
        models.CharField(max_length=120),
        default=default_section_headings,
        help_text="The headings of the body of a Section B report, in order.",
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="offices",
        blank=True,
        help_text=(
            "The officers who work for this office. An officer sees and acts on this "
            "office's records only while listed here."
        ),
    )
    # Separation of duties (pcc_portal/workflow.py, each app's workflow.py): by default no
    # one takes two steps an auditor expects from two people. An office that is too small
    # to keep them apart relaxes a rule here, and the change is kept in the history.
    allow_same_officer_to_submit_and_approve = models.BooleanField(
        "allow the officer who submitted a decision to give it officer approval",
        default=False,
        help_text="Leave unticked unless the office has too few officers to keep the two apart.",
    )
    allow_same_officer_to_approve_and_sign = models.BooleanField(
        "allow the officer who gave officer approval to sign the decision",
        default=False,
        help_text="Leave unticked unless the Commissioner also acts as an officer approver.",
    )
    allow_same_officer_to_assess_and_decide = models.BooleanField(
        "allow the grants officer who assessed an application to approve or decline it",
        default=False,
        help_text="Leave unticked unless the office has only one grants officer.",
    )
    allow_same_officer_to_approve_and_award = models.BooleanField(
        "allow the grants officer who approved an application to award the grant",
        default=False,
        help_text="Leave unticked unless the office has only one grants officer.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            references.format_reference(self.decision_reference_format, seq=1, year=2020)
        except ValueError as exc:
            raise ValidationError({"decision_reference_format": str(exc)}) from exc


class WorkflowEvent(models.Model):
    """One step taken on a record, in the one shape every workflow records
    (``pcc_portal/workflow.py``): who, when, which step, from which state to which, and
    the comment. Each app keeps its events in its own table, a subclass of this one with
    a foreign key to its record."""

    step = models.CharField(max_length=40)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the system acted (e.g. scheduled publication) or for imports.",
    )
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.step} ({self.at:%d/%m/%Y %H:%M})"


class TableVersion(models.Model):
    """How far one table has changed: ``version`` takes a new value (from one sequence,
    so never the same twice) on every statement that writes the table, in the writer's
    transaction, through the trigger ``pcc_portal.registers.install_triggers``
    installs. A register's version is made of the versions of its tables."""

    table_name = models.CharField(max_length=63, primary_key=True)
    version = models.BigIntegerField()

    class Meta:
        verbose_name = "table version"

    def __str__(self):
        return f"{self.table_name} at {self.version}"

"""Boards, their meetings, agendas, reports, minutes, resolutions, actions and forward plan.

What the public may see is decided here, once, by the ``published()`` method of each
model's queryset; every public page, the API, the calendar feed, the sitemap, the open
data and the agenda pack start from those methods. A meeting's date, time and place are
public from the start; its agenda, reports and pack once the agenda is published; its
minutes, resolutions, public questions and answers, attendance, declarations and actions
only once the minutes are approved. Draft minutes never reach the public.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from board import numbering, uploads
from decisions.models import SIGNED
from pcc_portal import richtext
from pcc_portal.models import Office, WorkflowEvent
from pcc_portal.paths import path_for


class Board(models.Model):
    """A board or committee whose meetings the office publishes (the SPA Board, JARAC)."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="boards")
    name = models.CharField(max_length=200, help_text="e.g. Strategic Priorities Assurance Board")
    short_name = models.CharField(max_length=60, help_text="e.g. SPA Board")
    slug = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Used in meeting addresses: /meetings/2021-03-15-<slug>/",
    )
    description = models.TextField(blank=True, help_text="What the board is for, for the public.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="board_name_unique_in_office")
        ]

    def __str__(self):
        return self.name


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """Every meeting, for the public: its date, time and place are published from the
        start. Annotates what else depends on the state: ``public_pack`` (the agenda pack
        may be downloaded: the agenda is published and a pack generated) and
        ``public_closed_at`` (the closing time, which belongs to the minutes: None until
        they are approved)."""
        return self.select_related("board", "board__office").annotate(
            public_pack=models.Case(
                models.When(
                    Q(status__in=Meeting.AGENDA_PUBLIC) & ~Q(pack=""), then=models.Value(True)
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            ),
            public_closed_at=models.Case(
                models.When(status=Meeting.Status.MINUTES_APPROVED, then="closed_at"),
                default=None,
                output_field=models.TimeField(),
            ),
        )

    def agenda_published(self):
        """Meetings whose agenda, reports and pack the public may see."""
        return self.filter(status__in=Meeting.AGENDA_PUBLIC)

    def minutes_approved(self):
        """Meetings whose minutes the public may see."""
        return self.filter(status=Meeting.Status.MINUTES_APPROVED)

    def upcoming(self, today=None):
        return self.filter(date__gte=today or datetime.date.today())

    def past(self, today=None):
        return self.filter(date__lt=today or datetime.date.today())

    def find(self, slug):
        """The meeting at ``/meetings/<yyyy-mm-dd>-<board-slug>/``, or ``DoesNotExist``."""
        try:
            day = datetime.date.fromisoformat(slug[:10])
        except ValueError:
            raise self.model.DoesNotExist(f"No meeting {slug!r}.") from None
        if slug[10:11] != "-":
            raise self.model.DoesNotExist(f"No meeting {slug!r}.")
        return self.get(date=day, board__slug=slug[11:])


def pack_path(meeting, filename):
    return f"board/packs/{filename}"


class Meeting(models.Model):
    """A meeting of a board.

    States, and the function in ``board/workflow.py`` that makes each move (each needs its
    permission, runs in one transaction and is recorded as a ``MeetingEvent``)::

        scheduled --publish_agenda--> agenda published --record_minutes--> minutes draft
                                                          --approve_minutes--> minutes approved

    ``add_standard_items`` runs while scheduled; ``generate_pack`` in any state but
    scheduled. The minutes of a meeting are
    approved at a later meeting, under its "minutes and matters arising" item.
    """

    office_lookup = "board__office"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        MINUTES_DRAFT = "minutes_draft", "Minutes draft"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"

    AGENDA_PUBLIC = (Status.AGENDA_PUBLISHED, Status.MINUTES_DRAFT, Status.MINUTES_APPROVED)

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    start_time = models.TimeField(
        null=True, blank=True, help_text="Leave blank while the time is not known."
    )
    location = models.CharField(
        max_length=200, blank=True, help_text="The room and building; leave blank if virtual."
    )
    is_virtual = models.BooleanField(
        "virtual", default=False, help_text="The meeting is held online."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    closed_at = models.TimeField(
        "meeting closed at",
        null=True,
        blank=True,
        help_text='The time the chair closed the meeting ("Meeting closed at 16.12").',
    )
    agenda_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    agenda_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    minutes_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    minutes_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    minutes_approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    minutes_approved_at_meeting = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minutes_approved_here",
        editable=False,
        help_text="The later meeting at which these minutes were approved.",
    )
    pack = models.FileField("agenda pack", upload_to=pack_path, blank=True, editable=False)
    pack_generated_at = models.DateTimeField(null=True, blank=True, editable=False)
    pack_generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "board__name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "date"], name="board_meets_once_a_day"),
            models.CheckConstraint(
                condition=Q(is_virtual=True) | ~Q(location=""),
                name="meeting_has_a_place",
                violation_error_message="Give the location, or tick virtual.",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "scheduled",
                        "agenda_published",
                        "minutes_draft",
                        "minutes_approved",
                    ]
                ),
                name="meeting_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="scheduled") | Q(agenda_published_at__isnull=False),
                name="published_agenda_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["scheduled", "agenda_published"])
                | Q(closed_at__isnull=False),
                name="minutes_have_a_closing_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="minutes_approved") | Q(minutes_approved_at__isnull=False),
                name="approved_minutes_have_a_date",
            ),
        ]
        permissions = [
            ("publish_agenda", "Can publish a meeting's agenda"),
            ("record_minutes", "Can record a meeting's minutes"),
            ("approve_minutes", "Can approve a meeting's minutes"),
            ("generate_pack", "Can generate a meeting's agenda pack"),
        ]

    def __str__(self):
        return f"{self.board.short_name} {self.date:%-d %B %Y}"

    def get_absolute_url(self):
        return path_for("board:meeting", slug=self.slug)

    @property
    def slug(self):
        return f"{self.date:%Y-%m-%d}-{self.board.slug}"

    PUBLIC_STATUS = {
        Status.SCHEDULED: "Agenda not yet published",
        Status.AGENDA_PUBLISHED: "Agenda published",
        Status.MINUTES_DRAFT: "Minutes awaiting approval",
        Status.MINUTES_APPROVED: "Minutes approved",
    }

    @property
    def public_status(self):
        """The status as the public pages word it."""
        return self.PUBLIC_STATUS[self.status]

    @property
    def place(self):
        """ "Virtual" for an online meeting, otherwise the location."""
        return "Virtual" if self.is_virtual else self.location

    @property
    def title(self):
        return f"{self.board.name}, {self.date:%-d %B %Y}"

    def get_pack_url(self):
        return reverse("board:agenda-pack", args=[self.slug])

    def starts_at(self):
        """The start as an aware datetime in the site's time zone, or None without a time."""
        if self.start_time is None:
            return None
        from django.utils import timezone

        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    def ends_at(self, closed_at):
        """The end as an aware datetime, given the closing time the caller may show."""
        if self.start_time is None or closed_at is None:
            return None
        from django.utils import timezone

        return timezone.make_aware(datetime.datetime.combine(self.date, closed_at))


class MeetingEvent(WorkflowEvent):
    """One step of a meeting's workflow (``board/workflow.py``), in the shape every
    workflow records (``pcc_portal.models.WorkflowEvent``): who, when, step, from, to,
    comment."""

    office_lookup = "meeting__board__office"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=40, choices=Meeting.Status.choices, blank=True)
    to_state = models.CharField(max_length=40, choices=Meeting.Status.choices)

    class Meta:
        ordering = ["meeting", "at", "pk"]

    def __str__(self):
        return f"{self.step} ({self.at:%d/%m/%Y %H:%M})"


class AgendaItemQuerySet(models.QuerySet):
    def published(self):
        """Items of meetings whose agenda is published."""
        return self.filter(meeting__status__in=Meeting.AGENDA_PUBLIC)


class AgendaItem(models.Model):
    """An item on a meeting's agenda, numbered as the office numbers it.

    ``sort_key`` is computed from ``number`` on every save (see ``board/numbering.py``), so
    items list in true order: 1, 2, 4.A, 5A, 8C, 10, 10A.
    """

    office_lookup = "meeting__board__office"

    class Kind(models.TextChoices):
        APOLOGIES = "apologies", "Apologies"
        DECLARATIONS = "declarations", "Declarations of interest"
        COMMISSIONER_ANNOUNCEMENTS = (
            "commissioner_announcements",
            "Announcements from the Commissioner",
        )
        CHIEF_CONSTABLE_ANNOUNCEMENTS = (
            "chief_constable_announcements",
            "Announcements from the Chief Constable",
        )
        MINUTES = "minutes", "Minutes and matters arising"
        ACTIONS = "actions", "Review of actions"
        FORWARD_PLAN = "forward_plan", "Forward plan"
        REPORT = "report", "Report"
        DECISIONS_LOG = "decisions_log", "Decisions taken but not yet reported"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField(
        max_length=numbering.MAX_LENGTH,
        validators=[numbering.validate_number],
        help_text="The office's own numbering: 1, 4.A, 5A, 8C, 10A.",
    )
    sort_key = models.CharField(max_length=120, editable=False, db_collation="C")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=40, choices=Kind.choices, default=Kind.REPORT)
    presenter = models.CharField(
        max_length=200, blank=True, help_text="Who presents it, e.g. DCC Meynell."
    )
    minutes_of = models.ManyToManyField(
        Meeting,
        blank=True,
        related_name="minutes_presented_at",
        help_text="For a minutes and matters arising item: the meetings whose minutes it presents.",
    )
    history = HistoricalRecords()

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "sort_key", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="item_number_unique"),
        ]
        indexes = [models.Index(fields=["meeting", "sort_key"], name="board_item_order")]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.sort_key = numbering.sort_key(self.number)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#{self.anchor}"

    @property
    def number_slug(self):
        return numbering.slug(self.number)

    @property
    def anchor(self):
        return f"item-{self.number_slug}"

    def get_report_url(self):
        return reverse("board:report", args=[self.meeting.slug, self.number_slug])


class ReportQuerySet(models.QuerySet):
    def published(self):
        """Reports on items of meetings whose agenda is published."""
        return self.filter(agenda_item__meeting__status__in=Meeting.AGENDA_PUBLIC)


class Report(models.Model):
    """A report on an agenda item, with the office's standard front sheet."""

    office_lookup = "agenda_item__meeting__board__office"

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="report")
    title = models.CharField(max_length=300)
    report_by = models.CharField(max_length=200, help_text="e.g. Chief Constable")
    date = models.DateField()
    purpose = models.TextField("purpose of the report")
    recommendations = models.TextField(help_text="As written on the front sheet.")
    attachments = models.TextField(blank=True, help_text='As listed on the front sheet, or "None".')
    contact_name = models.CharField("contact for enquiries", max_length=150, blank=True)
    contact_telephone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    body = richtext.RichTextField(
        blank=True,
        help_text=(
            "The report's paragraphs, headings, lists and tables. Type or paste them (from "
            "Word too), or import a .docx below."
        ),
    )
    background_papers = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    def __str__(self):
        return self.title


def appendix_path(appendix, filename):
    item = appendix.report.agenda_item
    return (
        f"board/appendices/{item.meeting.slug}/{item.number_slug}-{uploads.safe_pdf_name(filename)}"
    )


class Appendix(models.Model):
    """An uploaded PDF appendix to a report, appended to the agenda pack after its report."""

    office_lookup = "report__agenda_item__meeting__board__office"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appendices")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(
        max_length=300, help_text="e.g. Appendix A: Finance Briefing 2020/21 (Period 10)"
    )
    file = models.FileField(
        "PDF", upload_to=appendix_path, max_length=255, validators=[uploads.validate_pdf]
    )
    page_count = models.PositiveIntegerField(editable=False, default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position"]
        verbose_name_plural = "appendices"
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="appendix_position_unique"),
            models.CheckConstraint(condition=Q(page_count__gt=0), name="appendix_has_pages"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and (not self.file._committed or not self.page_count):
            self.page_count = uploads.page_count(self.file)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        item = self.report.agenda_item
        return reverse("board:appendix", args=[item.meeting.slug, item.number_slug, self.position])


def _minutes_approved(prefix):
    return Q(**{f"{prefix}status": Meeting.Status.MINUTES_APPROVED})


class MinuteQuerySet(models.QuerySet):
    def published(self):
        """Minutes of meetings whose minutes are approved."""
        return self.filter(_minutes_approved("agenda_item__meeting__"))


class Minute(models.Model):
    """What the minutes record of the discussion of one agenda item."""

    office_lookup = "agenda_item__meeting__board__office"

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minute")
    discussion = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")
    history = HistoricalRecords()

    objects = MinuteQuerySet.as_manager()

    def __str__(self):
        return f"Minute of {self.agenda_item}"


class ResolutionQuerySet(models.QuerySet):
    def published(self):
        """Resolutions of meetings whose minutes are approved."""
        return self.filter(_minutes_approved("agenda_item__meeting__"))


class Resolution(models.Model):
    """One numbered resolution under an item's "RESOLVED:", with its sub-points a), b)."""

    office_lookup = "agenda_item__meeting__board__office"

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="resolutions"
    )
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    sub_points = ArrayField(
        models.TextField(), default=list, blank=True, help_text="One sub-point a), b) per line."
    )
    history = HistoricalRecords()

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "position"], name="resolution_position_unique"
            )
        ]

    def __str__(self):
        return f"{self.agenda_item.number} resolution {self.position}"

    @property
    def lettered_sub_points(self):
        """[("a", text), ("b", text), ...]."""
        return [(chr(ord("a") + index), text) for index, text in enumerate(self.sub_points)]

    @property
    def total(self):
        return sum((line.amount for line in self.amounts.all()), start=0)


class ResolutionAmount(models.Model):
    """A line of money in a resolution, e.g. the Police Property Act fund distribution."""

    office_lookup = "resolution__agenda_item__meeting__board__office"

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="amounts")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="resolution_amount_not_negative"
            ),
            models.UniqueConstraint(
                fields=["resolution", "position"], name="resolution_amount_position_unique"
            ),
        ]

    def __str__(self):
        return self.description


class MeetingRecordQuerySet(models.QuerySet):
    def published(self):
        """Records of meetings whose minutes are approved."""
        return self.filter(_minutes_approved("meeting__"))


class PublicQuestion(models.Model):
    """A question from the public, submitted before the meeting and answered at it."""

    office_lookup = "meeting__board__office"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="public_questions")
    number = models.CharField(
        max_length=numbering.MAX_LENGTH, validators=[numbering.validate_number], help_text="e.g. Q1"
    )
    sort_key = models.CharField(max_length=120, editable=False, db_collation="C")
    question = models.TextField()
    asked_by = models.CharField(max_length=200, blank=True, help_text="Only if the asker agreed.")
    answered_by = models.CharField(max_length=200, blank=True, help_text="e.g. T/ACC Shooter")
    answer = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")
    history = HistoricalRecords()

    objects = MeetingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="question_number_unique")
        ]

    def __str__(self):
        return f"{self.number} ({self.meeting})"

    def save(self, *args, **kwargs):
        self.sort_key = numbering.sort_key(self.number)
        super().save(*args, **kwargs)


class Attendance(models.Model):
    """Who attended a meeting, or sent apologies, and for which organisation."""

    office_lookup = "meeting__board__office"

    class Presence(models.TextChoices):
        PRESENT = "present", "In attendance"
        APOLOGIES = "apologies", "Apologies"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.CharField(
        max_length=200,
        help_text="e.g. Office of the Police and Crime Commissioner, or Constabulary",
    )
    title = models.CharField(
        max_length=30, help_text="The role or title as minuted: PCC, CC, DCC, T/ACC, Mr, Mrs, Ms"
    )
    name = models.CharField(max_length=150, help_text="e.g. Dhindsa, or K Gillott")
    presence = models.CharField(max_length=10, choices=Presence.choices, default=Presence.PRESENT)
    position = models.PositiveSmallIntegerField(default=1)
    history = HistoricalRecords()

    objects = MeetingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name_plural = "attendance"

    def __str__(self):
        return f"{self.title} {self.name}"


class Declaration(models.Model):
    """A declaration of interest made at a meeting."""

    office_lookup = "meeting__board__office"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    person = models.CharField(max_length=200)
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    interest = models.TextField()
    history = HistoricalRecords()

    objects = MeetingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self):
        return f"{self.person}: {self.interest[:60]}"


class ActionQuerySet(MeetingRecordQuerySet):
    def outstanding_on(self, day):
        """Actions still open on ``day``: not completed, or completed after it."""
        return self.filter(Q(completed_on__isnull=True) | Q(completed_on__gt=day))

    def for_review_at(self, meeting):
        """The actions the "review of actions" item of ``meeting`` lists: those arising at
        earlier meetings of the same board and still open on the meeting's date."""
        return (
            self.filter(meeting__board=meeting.board, meeting__date__lt=meeting.date)
            .outstanding_on(meeting.date)
            .select_related("meeting", "meeting__board", "agenda_item")
            .order_by("due_on", "meeting__date", "id")
        )


class Action(models.Model):
    """An action arising at a meeting: who owns it, when it is due, whether it is done."""

    office_lookup = "meeting__board__office"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        COMPLETE = "complete", "Complete"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", help_text="Arising at"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField("due date", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", completed_on__isnull=True)
                | Q(status="complete", completed_on__isnull=False),
                name="complete_action_has_completion_date",
                violation_error_message="A complete action needs its completion date, and an "
                "open one none.",
            )
        ]

    def __str__(self):
        return self.description[:80]

    def clean(self):
        if self.status == self.Status.COMPLETE and self.completed_on is None:
            raise ValidationError({"completed_on": "Give the date the action was completed."})
        if self.status == self.Status.OPEN and self.completed_on is not None:
            raise ValidationError(
                {"completed_on": "An open action has no completion date; mark it complete."}
            )


class PlannedItemQuerySet(models.QuerySet):
    def published(self):
        """The forward plan is a public document: every planned item is public."""
        return self.select_related("meeting", "meeting__board")

    def forward_plan_after(self, meeting):
        """Items planned for the board's meetings after ``meeting``, in meeting order."""
        return (
            self.published()
            .filter(meeting__board=meeting.board, meeting__date__gt=meeting.date)
            .order_by("meeting__date", "position")
        )


class PlannedItem(models.Model):
    """An item on the forward plan: planned for a coming meeting of the board."""

    office_lookup = "meeting__board__office"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="planned_items")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300)
    lead = models.CharField(max_length=200, blank=True, help_text="Who will present it.")
    history = HistoricalRecords()

    objects = PlannedItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]

    def __str__(self):
        return self.title


class DecisionLogEntryQuerySet(models.QuerySet):
    def published(self):
        """Entries of meetings whose agenda is published, for decisions that are published."""
        from decisions.models import DecisionRecord

        return self.filter(
            meeting__status__in=Meeting.AGENDA_PUBLIC,
            decision__in=DecisionRecord.objects.published(),
        )


class DecisionLogEntry(models.Model):
    """A decision listed on a meeting's "decisions taken but not yet reported" item.

    The entry is made when the meeting's agenda is published (the log is then frozen as it
    went out in the pack) and stamped ``reported_on`` when the meeting's minutes are
    approved. A decision is listed on one meeting only, so it is never reported twice.
    """

    office_lookup = "meeting__board__office"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decision_log")
    decision = models.OneToOneField(
        "decisions.DecisionRecord",
        on_delete=models.PROTECT,
        limit_choices_to=SIGNED,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(default=1)
    listed_at = models.DateTimeField()
    reported_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = DecisionLogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = "decisions log entry"
        verbose_name_plural = "decisions log entries"

    def __str__(self):
        return f"{self.decision_id} on the log of {self.meeting_id}"

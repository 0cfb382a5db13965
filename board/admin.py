"""The board secretary's admin: meetings, agendas, reports, minutes, actions, packs.

The workflow steps are buttons on a meeting (``pcc_portal/workflow_admin.py``), each
leading to a confirmation page that calls ``board/workflow.py``; nothing here repeats a
rule. Once a meeting's minutes are approved its agenda, minutes,
questions, attendance and declarations are shown read-only (actions stay editable, to
record their progress).
"""

from django import forms
from django.contrib import admin
from django.contrib.postgres.forms import SimpleArrayField
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from board import decisions_log, workflow
from board.models import (
    Action,
    AgendaItem,
    Appendix,
    Attendance,
    Board,
    DecisionLogEntry,
    Declaration,
    Meeting,
    Minute,
    PlannedItem,
    PublicQuestion,
    Report,
    Resolution,
    ResolutionAmount,
)
from pcc_portal.admin import office_area
from pcc_portal.admin_scoping import OfficeScopedAdmin
from pcc_portal.workflow_admin import WorkflowAdminMixin

APPROVED = Meeting.Status.MINUTES_APPROVED


def _meeting_of(obj):
    if obj is None:
        return None
    if isinstance(obj, Meeting):
        return obj
    if isinstance(obj, AgendaItem):
        return obj.meeting
    return None


class LockedOnceApprovedMixin:
    """Read-only once the meeting's minutes are approved: approved minutes are a record."""

    def _locked(self, obj):
        meeting = _meeting_of(obj)
        return meeting is not None and meeting.status == APPROVED

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class LockedInlineMixin(LockedOnceApprovedMixin):
    """An inline of a meeting or item: nothing is added once its minutes are approved."""

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)


@admin.register(Board)
class BoardAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", office_area]
    prepopulated_fields = {"slug": ["short_name"]}


class AgendaItemInline(OfficeScopedAdmin, LockedInlineMixin, admin.TabularInline):
    model = AgendaItem
    fields = ["number", "title", "kind", "presenter", "details"]
    readonly_fields = ["details"]
    extra = 0
    show_change_link = True

    @admin.display(description="Report and minutes")
    def details(self, item):
        if not item.pk:
            return ""
        return format_html(
            '<a href="{}">Edit the report, minute and resolutions</a>',
            reverse("admin:board_agendaitem_change", args=[item.pk]),
        )


class PublicQuestionInline(OfficeScopedAdmin, LockedInlineMixin, admin.StackedInline):
    model = PublicQuestion
    fields = ["number", "question", "asked_by", "answered_by", "answer"]
    extra = 0


class AttendanceInline(OfficeScopedAdmin, LockedInlineMixin, admin.TabularInline):
    model = Attendance
    fields = ["position", "organisation", "title", "name", "presence"]
    extra = 0


class DeclarationInline(OfficeScopedAdmin, LockedInlineMixin, admin.TabularInline):
    model = Declaration
    fields = ["person", "agenda_item", "interest"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item" and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = AgendaItem.objects.filter(
                meeting_id=request.resolver_match.kwargs["object_id"]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ActionInline(OfficeScopedAdmin, admin.TabularInline):
    model = Action
    fields = ["agenda_item", "description", "owner", "due_on", "status", "completed_on"]
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item" and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = AgendaItem.objects.filter(
                meeting_id=request.resolver_match.kwargs["object_id"]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PlannedItemInline(OfficeScopedAdmin, admin.TabularInline):
    model = PlannedItem
    fields = ["position", "title", "lead"]
    extra = 0
    verbose_name = "item planned for this meeting (forward plan)"
    verbose_name_plural = "items planned for this meeting (forward plan)"


@admin.register(Meeting)
class MeetingAdmin(OfficeScopedAdmin, WorkflowAdminMixin, SimpleHistoryAdmin):
    change_form_template = "admin/workflow_change_form.html"
    list_display = ["date", "board", "start_time", "place", "status", "pack_generated_at"]
    list_filter = ["board", "status"]
    date_hierarchy = "date"
    search_fields = ["board__name", "location"]
    list_select_related = ["board"]
    fields = [
        "board",
        "date",
        "start_time",
        "location",
        "is_virtual",
        "closed_at",
        "status",
        "agenda_published_at",
        "minutes_approved_at",
        "minutes_approved_at_meeting",
        "pack_file",
        "decisions_log_preview",
    ]
    readonly_fields = [
        "status",
        "agenda_published_at",
        "minutes_approved_at",
        "minutes_approved_at_meeting",
        "pack_file",
        "decisions_log_preview",
    ]
    inlines = [
        AgendaItemInline,
        PublicQuestionInline,
        AttendanceInline,
        DeclarationInline,
        ActionInline,
        PlannedItemInline,
    ]
    workflow = workflow.WORKFLOW

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != Meeting.Status.SCHEDULED:
            fields += ["board", "date"]
        if obj is not None and obj.status == APPROVED:
            fields += ["closed_at"]
        return fields

    @admin.display(description="Agenda pack")
    def pack_file(self, meeting):
        if not meeting.pack:
            return "Not generated yet"
        return format_html(
            '<a href="{}">Download the pack</a> (generated {})',
            reverse("admin:board_meeting_pack", args=[meeting.pk]),
            meeting.pack_generated_at.strftime("%-d %B %Y %H:%M"),
        )

    @admin.display(description="Decisions taken but not yet reported")
    def decisions_log_preview(self, meeting):
        if not meeting.pk:
            return ""
        decisions = decisions_log.decisions_for(meeting)
        if not decisions:
            return "No decisions to report."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} {} (added to the website {})</li>",
                (
                    (decision.reference, decision.title, decision.published_display)
                    for decision in decisions
                ),
            ),
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/agenda-pack/",
                self.admin_site.admin_view(self.pack_view),
                name="board_meeting_pack",
            ),
            *super().get_urls(),
        ]

    def pack_view(self, request, object_id):
        meeting = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, meeting) or not meeting.pack:
            raise Http404("No agenda pack.")
        return FileResponse(
            meeting.pack.open("rb"),
            content_type="application/pdf",
            filename=f"{meeting.slug}-agenda-pack.pdf",
        )


class ReportInline(OfficeScopedAdmin, LockedInlineMixin, admin.StackedInline):
    model = Report
    fields = [
        "title",
        "report_by",
        "date",
        "purpose",
        "recommendations",
        "attachments",
        "contact_name",
        "contact_telephone",
        "contact_email",
        "body",
        "background_papers",
        "appendices_link",
    ]
    readonly_fields = ["appendices_link"]
    extra = 0
    max_num = 1

    @admin.display(description="Appendices (PDF)")
    def appendices_link(self, report):
        if not report.pk:
            return "Save the report first, then upload its PDF appendices."
        return format_html(
            '<a href="{}">Upload and order the appendices</a> ({} attached)',
            reverse("admin:board_report_change", args=[report.pk]),
            report.appendices.count(),
        )


class MinuteInline(OfficeScopedAdmin, LockedInlineMixin, admin.StackedInline):
    model = Minute
    fields = ["discussion"]
    extra = 1
    max_num = 1


class ResolutionForm(forms.ModelForm):
    sub_points = SimpleArrayField(
        forms.CharField(),
        delimiter="\n",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One sub-point a), b), c) per line.",
    )

    class Meta:
        model = Resolution
        fields = ["position", "text", "sub_points"]

    def clean_sub_points(self):
        return [point.strip() for point in self.cleaned_data["sub_points"] if point.strip()]


class ResolutionInline(OfficeScopedAdmin, LockedInlineMixin, admin.StackedInline):
    model = Resolution
    form = ResolutionForm
    extra = 0
    show_change_link = True


@admin.register(AgendaItem)
class AgendaItemAdmin(OfficeScopedAdmin, LockedOnceApprovedMixin, SimpleHistoryAdmin):
    list_display = ["number", "title", "meeting", "kind", "presenter"]
    list_filter = ["meeting__board", "kind"]
    search_fields = ["title", "presenter"]
    list_select_related = ["meeting", "meeting__board"]
    fields = ["meeting", "number", "title", "kind", "presenter", "minutes_of"]
    filter_horizontal = ["minutes_of"]
    inlines = [ReportInline, MinuteInline, ResolutionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-meeting__date", "sort_key")


class AppendixForm(forms.ModelForm):
    class Meta:
        model = Appendix
        fields = ["position", "title", "file"]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf"})}


class AppendixInline(OfficeScopedAdmin, admin.TabularInline):
    model = Appendix
    form = AppendixForm
    extra = 1
    fields = ["position", "title", "file", "page_count"]
    readonly_fields = ["page_count"]


@admin.register(Report)
class ReportAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "agenda_item", "report_by", "date"]
    list_select_related = ["agenda_item", "agenda_item__meeting", "agenda_item__meeting__board"]
    search_fields = ["title", "report_by"]
    inlines = [AppendixInline]


class ResolutionAmountInline(OfficeScopedAdmin, admin.TabularInline):
    model = ResolutionAmount
    fields = ["position", "description", "amount"]
    extra = 0


@admin.register(Resolution)
class ResolutionAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    form = ResolutionForm
    list_display = ["__str__", "agenda_item"]
    list_select_related = ["agenda_item", "agenda_item__meeting"]
    inlines = [ResolutionAmountInline]

    def _locked(self, obj):
        return obj is not None and obj.agenda_item.meeting.status == APPROVED

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


@admin.register(Action)
class ActionAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["description", "owner", "due_on", "status", "meeting"]
    list_filter = ["status", "meeting__board"]
    search_fields = ["description", "owner"]
    list_select_related = ["meeting", "meeting__board"]


@admin.register(DecisionLogEntry)
class DecisionLogEntryAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    """Entries are made by publishing an agenda and stamped by approving the minutes."""

    list_display = ["decision", "meeting", "listed_at", "reported_on"]
    list_select_related = ["decision", "meeting", "meeting__board"]
    list_filter = ["meeting__board"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

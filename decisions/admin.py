"""The officer admin of decision records.

Drafting officers write drafts and their Section B reports; each workflow step is a
button on the record (only the steps the signed-in officer may take) leading to a
confirmation page that calls ``decisions.workflow``. Signed records are read-only.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from simple_history.admin import SimpleHistoryAdmin

from decisions import forms, pdf, preview, workflow
from decisions.models import (
    DecisionAmendment,
    DecisionAttachment,
    DecisionCategory,
    DecisionRecord,
    ReportSection,
)
from pcc_portal import offices
from pcc_portal.admin import office_area
from pcc_portal.admin_scoping import OfficeScopedAdmin
from pcc_portal.offices import scoped_to_offices
from pcc_portal.workflow_admin import WorkflowAdminMixin, step_url


@admin.action(description="Download the signed PDF", permissions=["view"])
def admin_download_pdf(modeladmin, request, queryset):
    """Admin action: download the signed PDF of one approved (scheduled or published)
    record. Refuses, with a message, a selection of several records or an unsigned one."""
    records = list(queryset.select_related("office")[:2])
    if len(records) != 1:
        modeladmin.message_user(
            request,
            "Choose exactly one decision record to download its signed PDF.",
            level=messages.ERROR,
        )
        return None
    record = records[0]
    try:
        content = pdf.officer_pdf(record)
    except ValueError as refusal:
        modeladmin.message_user(request, str(refusal), level=messages.ERROR)
        return None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, pdf.download_filename(record)
    )
    return response


DRAFT_FIELDSETS = (
    (
        "Section A: request for decision",
        {
            "fields": (
                "office",
                "reference",
                "status",
                "title",
                ("received_on", "received_on_precision"),
                "executive_summary",
                "decision",
                "category",
                "financial_amount",
                "related_decisions",
            )
        },
    ),
    (
        "Publication scheme considerations",
        {
            "fields": (
                "section_b_published",
                "section_b_publication_note",
                "publication_deferred",
                "deferral_reason",
                "deferred_until",
            )
        },
    ),
    (
        "Section B report",
        {
            "fields": (
                "report_title",
                "report_by",
                ("report_date", "report_date_precision"),
                "report_purpose",
                "recommendations",
                "contact_name",
                "contact_telephone",
                "contact_email",
            )
        },
    ),
    (
        "Approvals (filled in by the workflow)",
        {
            "fields": (
                "officer_approver_name",
                "officer_approver_role",
                "officer_approved_on",
                "advice_confirmed",
                "declaration_of_interests",
                "commissioner_name",
                "approved_on",
                "published_at",
            )
        },
    ),
)
WORKFLOW_FIELDS = DRAFT_FIELDSETS[3][1]["fields"] + ("reference", "status")


def _content_editable(request, record) -> bool:
    return record is None or (
        record.is_editable and request.user.has_perm("decisions.change_decisionrecord")
    )


def _chosen_office(request):
    """The office a new record is being written for: the one posted or asked for in the
    address (``?office=``), among the officer's own offices; the only one if they have
    one."""
    officer_offices = offices.offices_of(request.user)
    chosen = request.POST.get("office") or request.GET.get("office")
    if chosen and str(chosen).isdigit():
        return officer_offices.filter(pk=chosen).first()
    only = list(officer_offices[:2])
    return only[0] if len(only) == 1 else None


class ReportSectionInline(OfficeScopedAdmin, admin.StackedInline):
    model = ReportSection
    extra = 0
    ordering = ["position"]
    verbose_name = "Section B report section"
    verbose_name_plural = "Section B report sections (in order; headings suggested by the office)"

    def get_formset(self, request, obj=None, **kwargs):
        office = obj.office if obj else _chosen_office(request)
        kwargs["form"] = forms.report_section_form_for(office)
        return super().get_formset(request, obj, **kwargs)

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if _content_editable(request, obj) else 0

    def has_add_permission(self, request, obj=None):
        return _content_editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _content_editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _content_editable(request, obj) and super().has_delete_permission(request, obj)


class AttachmentInline(OfficeScopedAdmin, admin.StackedInline):
    # Stacked, so every input has its own label (a table's column headings are not labels).
    model = DecisionAttachment
    form = forms.AttachmentForm
    extra = 0
    ordering = ["position"]
    verbose_name_plural = "Attachments (PDF only)"

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if _content_editable(request, obj) else 0

    def has_add_permission(self, request, obj=None):
        return _content_editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _content_editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _content_editable(request, obj) and super().has_delete_permission(request, obj)


class AmendmentInline(OfficeScopedAdmin, admin.TabularInline):
    model = DecisionAmendment
    extra = 0
    fields = ["made_on", "correction", "made_by"]
    readonly_fields = fields
    verbose_name_plural = "Amendments (record them with the Record an amendment button)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DecisionRecord)
class DecisionRecordAdmin(OfficeScopedAdmin, WorkflowAdminMixin, SimpleHistoryAdmin):
    list_display = ["reference", "title", office_area, "status", "signed_on", "published_on"]
    list_filter = ["status", "office", "category"]
    search_fields = ["reference", "title"]
    list_select_related = ["office"]
    fieldsets = DRAFT_FIELDSETS
    actions = [admin_download_pdf]
    inlines = [ReportSectionInline, AttachmentInline, AmendmentInline]
    change_form_template = "admin/decisions/decisionrecord/change_form.html"
    change_list_template = "admin/decisions/decisionrecord/change_list.html"
    workflow = workflow.WORKFLOW
    step_summary_template = "admin/decisions/decisionrecord/step_summary.html"

    @admin.display(description="Date signed", ordering="approved_on")
    def signed_on(self, record):
        return record.approved_display or "–"

    @admin.display(description="Date published", ordering="published_at")
    def published_on(self, record):
        return record.published_display or "–"

    def has_change_permission(self, request, obj=None):
        # A record with its approvers, or signed, is shown without a Save button.
        if obj is not None and not _content_editable(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def view_on_site(self, obj):
        """The public page, offered only once the record is public."""
        if not DecisionRecord.objects.published().filter(pk=obj.pk).exists():
            return None
        return obj.get_absolute_url()

    def get_readonly_fields(self, request, obj=None):
        if not _content_editable(request, obj):
            return [field for _, options in DRAFT_FIELDSETS for field in _flat(options["fields"])]
        return list(WORKFLOW_FIELDS)

    def get_urls(self):
        return [
            path(
                "awaiting-publication/",
                self.admin_site.admin_view(self.awaiting_publication_view),
                name="decisions_decisionrecord_awaiting_publication",
            ),
            path(
                "<int:object_id>/preview.pdf",
                self.admin_site.admin_view(self.preview_pdf_view),
                name="decisions_decisionrecord_preview_pdf",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        # The Section B headings offered are the office's own, so an officer of several
        # offices says which office the record is for before the form is shown.
        if request.method == "GET" and _chosen_office(request) is None:
            return self.choose_office_view(request)
        return super().add_view(request, form_url, extra_context)

    def choose_office_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied(
                "You may not add decision records: your roles do not include drafting."
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Which office is the decision for?",
            "offices": offices.offices_of(request.user),
            "has_view_permission": True,
        }
        return TemplateResponse(
            request, "admin/decisions/decisionrecord/choose_office.html", context
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if (
            request.method == "POST"
            and record is not None
            and self.has_view_permission(request, record)
            and not self.has_change_permission(request, record)
        ):
            self.message_user(
                request,
                f"Nothing was saved: {record} is {record.get_status_display().lower()}, "
                "and its content can no longer be changed here."
                + (
                    " Record a correction as an amendment."
                    if record.is_signed
                    else " It can be changed again if it is returned."
                ),
                messages.ERROR,
            )
            return redirect("admin:decisions_decisionrecord_change", record.pk)
        if record is not None:
            extra_context["preview_url"] = (
                reverse("admin:decisions_decisionrecord_preview_pdf", args=[record.pk])
                if preview.may_preview(record, user=request.user)
                else None
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["may_view_awaiting_publication"] = request.user.has_perm(
            "decisions.view_awaiting_publication"
        )
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if request.method == "POST" and request.FILES:
            # The page is shown again because of an error: a browser never sends a chosen
            # file back, so say which ones must be chosen again.
            for upload in request.FILES.values():
                self.message_user(
                    request,
                    f"Nothing was saved, so the file “{upload.name}” was not kept: "
                    "choose it again before you save.",
                    messages.WARNING,
                )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_pdf_view(self, request, object_id):
        """The PDF the approver and the Commissioner are asked to sign, as it stands now,
        marked "Draft – not signed" on every page."""
        record = self.get_object(request, object_id)
        if record is None:
            raise PermissionDenied("This decision record does not exist or is not yours to see.")
        if not preview.may_preview(record, user=request.user):
            raise PermissionDenied(preview.refusal(record, user=request.user))
        response = HttpResponse(preview.preview_pdf(record), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            False, preview.preview_filename(record)
        )
        return response

    def awaiting_publication_view(self, request):
        """Signed records not yet public, with the days each has waited since signing."""
        if not request.user.has_perm("decisions.view_awaiting_publication"):
            raise PermissionDenied
        today = timezone.localdate()
        records = scoped_to_offices(
            DecisionRecord.objects.awaiting_publication(), user=request.user
        ).select_related("office")
        # What this officer may publish, with the step's own checks, in one query.
        publishable = set(
            workflow.WORKFLOW.awaiting(workflow.PUBLISH, user=request.user).values_list(
                "pk", flat=True
            )
        )
        rows = [
            {
                "record": record,
                "days_waited": (today - record.approved_on).days,
                "due": record.deferred_until is not None and record.deferred_until <= today,
                "may_publish": record.pk in publishable,
                "publish_url": step_url(record, workflow.PUBLISH),
                "change_url": reverse("admin:decisions_decisionrecord_change", args=[record.pk]),
            }
            for record in records
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Awaiting publication",
            "rows": rows,
            "has_view_permission": True,
        }
        return TemplateResponse(
            request, "admin/decisions/decisionrecord/awaiting_publication.html", context
        )


def _flat(fields):
    for field in fields:
        if isinstance(field, tuple):
            yield from field
        else:
            yield field


@admin.register(DecisionCategory)
class DecisionCategoryAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", office_area, "position"]
    list_filter = ["office"]
    prepopulated_fields = {"slug": ["name"]}

"""The officer admin of decision records.

Drafting officers write drafts and their Section B reports; each workflow step is a
button on the record (only the steps the signed-in officer may take) leading to a
confirmation page that calls ``decisions.workflow``. Signed records are read-only.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from simple_history.admin import SimpleHistoryAdmin

from decisions import forms, pdf, workflow
from decisions.models import (
    DecisionAmendment,
    DecisionAttachment,
    DecisionCategory,
    DecisionRecord,
    ReportSection,
)
from pcc_portal.admin_scoping import OfficeScopedAdmin
from pcc_portal.offices import scoped_to_offices
from pcc_portal.workflow_admin import WorkflowAdminMixin


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


class ReportSectionInline(OfficeScopedAdmin, admin.StackedInline):
    model = ReportSection
    extra = 0
    ordering = ["position"]
    verbose_name = "Section B report section"
    verbose_name_plural = "Section B report sections (in order; headings from the office)"

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = forms.report_section_form_for(obj.office if obj else None)
        return super().get_formset(request, obj, **kwargs)

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if _content_editable(request, obj) else 0

    def has_add_permission(self, request, obj=None):
        return _content_editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _content_editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _content_editable(request, obj) and super().has_delete_permission(request, obj)


class AttachmentInline(OfficeScopedAdmin, admin.TabularInline):
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
    list_display = ["reference", "title", "office", "status", "approved_on", "published_at"]
    list_filter = ["status", "office", "category"]
    search_fields = ["reference", "title"]
    list_select_related = ["office"]
    fieldsets = DRAFT_FIELDSETS
    filter_horizontal = ["related_decisions"]
    actions = [admin_download_pdf]
    inlines = [ReportSectionInline, AttachmentInline, AmendmentInline]
    change_form_template = "admin/decisions/decisionrecord/change_form.html"
    change_list_template = "admin/decisions/decisionrecord/change_list.html"
    workflow = workflow.WORKFLOW
    step_summary_template = "admin/decisions/decisionrecord/step_summary.html"

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
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["may_view_awaiting_publication"] = request.user.has_perm(
            "decisions.view_awaiting_publication"
        )
        return super().changelist_view(request, extra_context)

    def awaiting_publication_view(self, request):
        """Signed records not yet public, with the days each has waited since signing."""
        if not request.user.has_perm("decisions.view_awaiting_publication"):
            raise PermissionDenied
        today = timezone.localdate()
        records = scoped_to_offices(
            DecisionRecord.objects.awaiting_publication(), user=request.user
        ).select_related("office")
        rows = [
            {
                "record": record,
                "days_waited": (today - record.approved_on).days,
                "due": record.deferred_until is not None and record.deferred_until <= today,
                "may_publish": workflow.may_take(workflow.PUBLISH, record, request.user),
                "publish_url": self.step_url(record, workflow.PUBLISH),
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
    list_display = ["name", "office", "position"]
    list_filter = ["office"]
    prepopulated_fields = {"slug": ["name"]}

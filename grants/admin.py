"""The officer admin of grants.

Rounds show their applications and a budget bar (awarded, committed, remaining).
Applications form the assessment list; each workflow step is a button on the
application (only the steps the signed-in officer may take) leading to a confirmation
page that calls ``grants.workflow``. Applications are recorded through the workflow
too, never by the generic add form, and awards are made only by the Award step.
"""

from django import forms as django_forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from grants import workflow
from grants.budget import BudgetBar
from grants.models import (
    Application,
    Distribution,
    DistributionLine,
    Fund,
    GrantAward,
    MonitoringReport,
    Round,
)
from pcc_portal.admin_scoping import OfficeScopedAdmin, limit_form_choices
from pcc_portal.money import format_pounds
from pcc_portal.workflow_admin import WorkflowAdminMixin, add_errors

BUDGET_MEDIA = django_forms.Media(css={"all": ["grants/budget.css"]})


def _budget_bar_html(round_) -> str:
    if not round_.budget:
        return "No budget recorded yet."
    bar = BudgetBar(
        budget=round_.budget, awarded=round_.awarded_total, committed=round_.committed_total
    )
    return render_to_string("grants/_budget_bar.html", {"bar": bar})


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Fund)
class FundAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "annual_budget",
        "rounds_per_year",
        "round_budget",
        "maximum_award",
        "evidence_threshold",
        "administered_by",
    ]
    list_select_related = ["administered_by"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["funder", "administered_by"]
    fieldsets = (
        (None, {"fields": ("office", "name", "slug", "summary", "position")}),
        ("Who funds and runs it", {"fields": ("funder", "administered_by", "source_of_income")}),
        (
            "Rules",
            {
                "fields": (
                    "annual_budget",
                    "rounds_per_year",
                    "round_budget",
                    "closing_dates",
                    "maximum_award",
                    "evidence_threshold",
                )
            },
        ),
    )


class ApplicationInline(OfficeScopedAdmin, ReadOnlyInline):
    model = Application
    fields = ["applicant", "project_title", "amount_requested", "received_on", "status", "score"]
    readonly_fields = fields
    show_change_link = True
    ordering = ["received_on", "pk"]
    verbose_name_plural = "Applications (open one to assess, approve, decline or award it)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("applicant")


@admin.register(Round)
class RoundAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "name",
        "fund",
        "financial_year",
        "opens_on",
        "closes_on",
        "budget",
        "awarded",
        "committed",
        "remaining",
    ]
    list_filter = ["fund"]
    list_select_related = ["fund"]
    search_fields = ["name", "fund__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["administered_by"]
    readonly_fields = ["budget_bar"]
    inlines = [ApplicationInline]
    change_form_template = "grants/admin/round_change_form.html"
    fieldsets = (
        (None, {"fields": ("fund", "name", "slug", "description", "administered_by")}),
        (
            "Budget and awards",
            {
                "fields": (
                    "budget_bar",
                    "budget",
                    "budget_is_approximate",
                    "minimum_award",
                    "maximum_award",
                    "evidence_threshold",
                )
            },
        ),
        ("Dates and criteria", {"fields": ("opens_on", "closes_on", "assessment_criteria")}),
    )

    @property
    def media(self):
        return super().media + BUDGET_MEDIA

    def get_queryset(self, request):
        return super().get_queryset(request).with_budget_figures()

    @admin.display(description="Year")
    def financial_year(self, round_):
        return round_.financial_year

    @admin.display(description="Awarded")
    def awarded(self, round_):
        return format_pounds(round_.awarded_total)

    @admin.display(description="Committed")
    def committed(self, round_):
        return format_pounds(round_.committed_total)

    @admin.display(description="Remaining")
    def remaining(self, round_):
        if round_.budget is None:
            return "No budget yet"
        return format_pounds(round_.budget - round_.awarded_total - round_.committed_total)

    @admin.display(description="Budget used")
    def budget_bar(self, round_):
        if round_ is None or round_.pk is None:
            return "Shown once the round is saved."
        return _budget_bar_html(round_)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if request.user.has_perm("grants.receive_application"):
            extra_context["receive_url"] = (
                reverse("admin:grants_application_receive") + f"?round={object_id}"
            )
        return super().change_view(request, object_id, form_url, extra_context)


EDITABLE_WHILE_RECEIVED = ("project_title", "project_description", "priority")


@admin.register(Application)
class ApplicationAdmin(OfficeScopedAdmin, WorkflowAdminMixin, SimpleHistoryAdmin):
    """The assessment list: every application with its state, score and assessor."""

    list_display = [
        "project_title",
        "applicant",
        "round",
        "amount_requested",
        "received_on",
        "status",
        "score",
        "assessed_by",
    ]
    list_filter = ["status", "round__fund", "round"]
    list_select_related = ["applicant", "round__fund", "assessed_by"]
    search_fields = ["project_title", "applicant__name"]
    date_hierarchy = "received_on"
    workflow = workflow.WORKFLOW
    step_summary_template = "grants/admin/step_summary.html"
    change_form_template = "grants/admin/application_change_form.html"
    change_list_template = "grants/admin/application_change_list.html"
    fieldsets = (
        (
            "Application",
            {
                "fields": (
                    "round",
                    "applicant",
                    "project_title",
                    "project_description",
                    "amount_requested",
                    "priority",
                    "received_on",
                    "status",
                )
            },
        ),
        ("Assessment", {"fields": ("score", "assessed_by", "assessed_at", "assessment_notes")}),
        (
            "Decision",
            {"fields": ("approved_amount", "decided_by", "decided_at", "decline_reason")},
        ),
        ("Closure", {"fields": ("closed_by", "closed_at")}),
    )

    def get_readonly_fields(self, request, obj=None):
        every = [field for _, options in self.fieldsets for field in options["fields"]]
        if obj is not None and obj.status == Application.Status.RECEIVED:
            return [field for field in every if field not in EDITABLE_WHILE_RECEIVED]
        return every

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "receive/",
                self.admin_site.admin_view(self.receive_view),
                name="grants_application_receive",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["may_receive"] = request.user.has_perm("grants.receive_application")
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if application is not None:
            award = GrantAward.objects.filter(application=application).first()
            if award is not None:
                extra_context["award_url"] = reverse(
                    "admin:grants_grantaward_change", args=[award.pk]
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def step_context(self, request, record, step) -> dict:
        round_ = Round.objects.with_budget_figures().get(pk=record.round_id)
        return {
            "budget_bar": _budget_bar_html(round_),
            "media": self.media + BUDGET_MEDIA,
        }

    def receive_view(self, request):
        """Record an application received: the only way applications are added."""
        if not request.user.has_perm(workflow.RECEIVE.permission):
            raise PermissionDenied
        form = workflow.RECEIVE.form(request.POST if request.method == "POST" else None)
        limit_form_choices(form, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                application = workflow.receive(by=request.user, **form.step_arguments())
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                self.message_user(
                    request,
                    f"Recorded the application {application} as received.",
                    messages.SUCCESS,
                )
                return redirect("admin:grants_application_change", application.pk)
        if request.method != "POST":
            form = workflow.RECEIVE.form(initial={"round": request.GET.get("round")})
            limit_form_choices(form, user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{'Error: ' if form.errors else ''}Record an application received",
            "step": workflow.RECEIVE,
            "form": form,
            "change_url": reverse("admin:grants_application_changelist"),
            "media": self.media + form.media,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/workflow_step.html", context)


class MonitoringReportInline(OfficeScopedAdmin, admin.TabularInline):
    model = MonitoringReport
    extra = 0
    fields = ["due_on", "received_on", "summary", "report_status"]
    readonly_fields = ["report_status"]

    @admin.display(description="Status")
    def report_status(self, report):
        if report.pk is None:
            return ""
        return MonitoringReport.Status(report.status_on(timezone.localdate())).label


@admin.register(GrantAward)
class GrantAwardAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["recipient", "project_title", "amount", "awarded_on", "round", "decision"]
    list_filter = ["application__round__fund", "application__round"]
    list_select_related = ["application__applicant", "application__round__fund", "decision"]
    search_fields = ["application__project_title", "application__applicant__name"]
    date_hierarchy = "awarded_on"
    readonly_fields = ["application", "amount", "awarded_on"]
    fields = [
        "application",
        "amount",
        "awarded_on",
        "purpose",
        "conditions",
        "crime_reduction_reasons",
        "decision",
    ]
    inlines = [MonitoringReportInline]

    @admin.display(description="Recipient", ordering="application__applicant__name")
    def recipient(self, award):
        return award.application.applicant.name

    @admin.display(description="Project", ordering="application__project_title")
    def project_title(self, award):
        return award.application.project_title

    @admin.display(description="Round")
    def round(self, award):
        return award.application.round

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MonitoringStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return MonitoringReport.Status.choices

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == MonitoringReport.Status.RECEIVED:
            return queryset.filter(received_on__isnull=False)
        if self.value() == MonitoringReport.Status.OVERDUE:
            return queryset.overdue(today)
        if self.value() == MonitoringReport.Status.DUE:
            return queryset.outstanding().filter(due_on__gte=today)
        return queryset


@admin.register(MonitoringReport)
class MonitoringReportAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["award_recipient", "award_amount", "due_on", "received_on", "report_status"]
    list_filter = [MonitoringStatusFilter, "award__application__round__fund"]
    list_select_related = ["award__application__applicant"]
    search_fields = ["award__application__applicant__name", "award__application__project_title"]
    fields = ["award", "due_on", "received_on", "summary"]
    readonly_fields = ["award"]

    @admin.display(description="Recipient", ordering="award__application__applicant__name")
    def award_recipient(self, report):
        return report.award.application.applicant.name

    @admin.display(description="Award", ordering="award__amount")
    def award_amount(self, report):
        return format_pounds(report.award.amount)

    @admin.display(description="Status")
    def report_status(self, report):
        status = report.status_on(timezone.localdate())
        label = MonitoringReport.Status(status).label
        if status == MonitoringReport.Status.OVERDUE:
            return format_html("<strong>{}</strong>", label)
        return label

    def has_add_permission(self, request):
        return False


class DistributionLineFormSet(django_forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        amounts = [
            form.cleaned_data["amount"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("amount") is not None
        ]
        self.instance.check_lines_add_up(amounts)


class DistributionLineInline(OfficeScopedAdmin, admin.TabularInline):
    model = DistributionLine
    formset = DistributionLineFormSet
    extra = 1
    fields = ["position", "description", "amount"]
    ordering = ["position"]


@admin.register(Distribution)
class DistributionAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["fund", "financial_year_label", "total", "approved_on"]
    list_filter = ["fund"]
    list_select_related = ["fund"]
    inlines = [DistributionLineInline]

    @admin.display(description="Financial year", ordering="financial_year")
    def financial_year_label(self, distribution):
        return distribution.financial_year_label

"""Officer admin: organisations, contracts with their extensions, decisions, co-funding
partners and shares (with running totals), uplifts, and the contracts awaiting a decision.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from commissioning import publication, splits
from commissioning.forms import (
    ContractForm,
    ExtensionFormSet,
    FundingShareFormSet,
    UpliftShareFormSet,
)
from commissioning.models import (
    Contract,
    ContractDecision,
    ContractExtension,
    ContractMeasure,
    FundingShare,
    FundingYear,
    Uplift,
    UpliftShare,
)
from pcc_portal import financial_years
from pcc_portal.admin import office_area
from pcc_portal.admin_scoping import OfficeScopedAdmin
from pcc_portal.dates import display
from pcc_portal.money import format_pounds
from pcc_portal.offices import scoped_to_offices
from pcc_portal.workflow_admin import WorkflowAdminMixin


class ContractMeasureInline(OfficeScopedAdmin, admin.TabularInline):
    model = ContractMeasure
    extra = 0
    fields = ["name", "value", "kind", "period", "position"]


class ContractExtensionInline(OfficeScopedAdmin, admin.TabularInline):
    model = ContractExtension
    formset = ExtensionFormSet
    extra = 0
    fields = ["number", "new_end_date", "new_end_date_precision", "decision"]
    raw_id_fields = ["decision"]
    verbose_name = "extension option taken"
    verbose_name_plural = "extension options taken"


class ContractDecisionInline(OfficeScopedAdmin, admin.TabularInline):
    model = ContractDecision
    extra = 0
    fields = ["decision", "role"]
    raw_id_fields = ["decision"]
    verbose_name = "linked decision"
    verbose_name_plural = "decisions that awarded, extended or varied the contract"


class FundingYearInline(OfficeScopedAdmin, admin.TabularInline):
    model = FundingYear
    extra = 0
    fields = ["financial_year", "total", "basis"]
    verbose_name_plural = "co-funding years (the total to be shared and how)"


class FundingShareInline(OfficeScopedAdmin, admin.TabularInline):
    model = FundingShare
    formset = FundingShareFormSet
    extra = 0
    fields = ["financial_year", "partner", "percentage", "amount"]
    autocomplete_fields = ["partner"]
    verbose_name_plural = (
        "co-funding partners and their shares (leave both figures blank where the source "
        "does not give a partner's share)"
    )


@admin.register(Contract)
class ContractAdmin(OfficeScopedAdmin, WorkflowAdminMixin, SimpleHistoryAdmin):
    form = ContractForm
    change_list_template = "commissioning/admin/contract_change_list.html"
    list_display = [
        "title",
        office_area,
        "provider",
        "service_area",
        "value",
        "term_end",
        "status_label",
        "is_published",
    ]
    list_filter = ["office", "service_area", "is_published"]
    list_select_related = ["office", "provider"]
    search_fields = ["title", "provider__name", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["provider", "lead_commissioner"]
    readonly_fields = ["register_entry", "maximum_end", "cofunding_totals"]
    workflow = publication.WORKFLOW
    change_form_template = "admin/workflow_change_form.html"
    inlines = [
        ContractMeasureInline,
        ContractExtensionInline,
        ContractDecisionInline,
        FundingYearInline,
        FundingShareInline,
    ]
    fieldsets = [
        (None, {"fields": ["office", "title", "slug", "description", "register_entry"]}),
        (
            "Parties and procurement",
            {
                "fields": [
                    "provider",
                    "lead_commissioner",
                    "service_area",
                    "procurement_route",
                    "procurement_details",
                ]
            },
        ),
        (
            "Value and term",
            {
                "fields": [
                    "total_value",
                    "annual_value",
                    ("start_date", "start_date_precision"),
                    ("end_date", "end_date_precision"),
                    ("extension_option_count", "extension_option_months"),
                    "maximum_end",
                    ("funded_posts", "funded_posts_note"),
                ]
            },
        ),
        (
            "Published copy",
            {"fields": ["published_copy", "published_copy_redacted", "withheld_reason"]},
        ),
        ("Co-funding totals", {"fields": ["cofunding_totals"]}),
    ]

    class Media:
        js = ["commissioning/cofunding-totals.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_term()

    def _create_formsets(self, request, obj, change):
        # The shares are checked against the co-funding years given in the same
        # submission, so the shares formset is handed the years formset.
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        years = next((f for f in formsets if f.model is FundingYear), None)
        for formset in formsets:
            if isinstance(formset, FundingShareFormSet):
                formset.funding_years = years
        return formsets, inline_instances

    @admin.display(description="value", ordering="total_value")
    def value(self, contract):
        return format_pounds(contract.total_value) if contract.total_value is not None else "—"

    @admin.display(description="ends", ordering="current_end_date")
    def term_end(self, contract):
        return contract.current_end_display or "—"

    @admin.display(description="status", ordering="status")
    def status_label(self, contract):
        return contract.status_label

    @admin.display(description="on the public register")
    def register_entry(self, contract):
        if not contract.pk or not contract.is_published:
            return "Not published (use the Publish on the register button above)."
        return format_html(
            'Published {} — <a href="{}">view the public page</a>',
            display(timezone.localtime(contract.published_at).date()),
            contract.get_absolute_url(),
        )

    @admin.display(description="end date if every option is taken")
    def maximum_end(self, contract):
        return contract.maximum_end_display or "—"

    @admin.display(description="totals by financial year")
    def cofunding_totals(self, contract):
        """The saved shares added up year by year (the script updates it as you type)."""
        years = list(contract.funding_years.all()) if contract.pk else []
        shares = list(contract.funding_shares.all()) if contract.pk else []
        rows = []
        for year in years:
            year_shares = [s for s in shares if s.financial_year == year.financial_year]
            result = splits.tally(
                year.total,
                [share.percentage for share in year_shares],
                [share.amount for share in year_shares],
            )
            rows.append(
                (
                    financial_years.label(year.financial_year),
                    year.get_basis_display(),
                    format_pounds(year.total) if year.total is not None else "not given",
                    splits.format_percentage(result.percentage_total)
                    if result.percentage_total is not None
                    else "—",
                    format_pounds(result.amount_total),
                    result.shares_not_given,
                    "—"
                    if result.difference is None
                    else ("adds up" if result.adds_up else format_pounds(result.difference)),
                )
            )
        body = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td></tr>",
            rows,
        )
        return format_html(
            '<div id="cofunding-totals" aria-live="polite">'
            "<table><caption>Saved co-funding, added up by year</caption>"
            "<thead><tr><th scope='col'>Year</th><th scope='col'>Shares</th>"
            "<th scope='col'>Total to share</th><th scope='col'>Percentages add up to</th>"
            "<th scope='col'>Amounts add up to</th><th scope='col'>Shares not given</th>"
            "<th scope='col'>Left to allocate</th></tr></thead><tbody>{}</tbody></table>"
            "</div>",
            body or format_html("<tr><td colspan='7'>{}</td></tr>", "No co-funding years yet."),
        )

    def get_urls(self):
        return [
            path(
                "decisions-due/",
                self.admin_site.admin_view(self.decisions_due_view),
                name="commissioning_contract_decisions_due",
            ),
            *super().get_urls(),
        ]

    def decisions_due_view(self, request):
        """Contracts ending within six months with extension options left."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        contracts = scoped_to_offices(
            Contract.objects.decision_due(today), user=request.user
        ).select_related("office", "provider")
        rows = [
            {
                "contract": contract,
                "change_url": reverse("admin:commissioning_contract_change", args=[contract.pk]),
                "ends": contract.current_end_display,
                "days_left": (contract.current_end_date - today).days,
                "options_left": contract.options_left,
            }
            for contract in contracts
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Contracts ending within six months with options left (a decision is due)",
            "opts": self.opts,
            "rows": rows,
            "today": today,
        }
        return TemplateResponse(request, "commissioning/admin/decisions_due.html", context)


class UpliftShareInline(OfficeScopedAdmin, admin.TabularInline):
    model = UpliftShare
    formset = UpliftShareFormSet
    extra = 0
    fields = ["contract", "percentage", "amount"]
    readonly_fields = ["amount"]
    autocomplete_fields = ["contract"]


@admin.register(Uplift)
class UpliftAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "funder", "amount", "first_financial_year"]
    list_select_related = ["funder"]
    autocomplete_fields = ["funder"]
    inlines = [UpliftShareInline]

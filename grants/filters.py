"""The search and filters of the public awards register, shared by the page at /grants/,
the downloads /grants.csv and /grants.json, and the API at /api/grants/."""

from django import forms
from django.db.models import Max, Min
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from grants.models import Fund, GrantAward, Round
from pcc_portal import financial_years
from pcc_portal.filter_forms import GovukFilterForm
from pcc_portal.public_filters import PublishedByDefault


class FinancialYearField(forms.CharField):
    """A financial year typed as 2021/22; cleans to the year it starts in (2021)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return financial_years.parse(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


@extend_schema_field(OpenApiTypes.STR)
class FinancialYearFilter(filters.Filter):
    field_class = FinancialYearField

    def filter(self, queryset, value):
        if value is None:
            return queryset
        first, last = financial_years.bounds(value)
        return queryset.filter(awarded_on__range=(first, last))


def year_choices():
    """Every financial year from the first published award to the latest, newest first."""
    span = GrantAward.objects.published().aggregate(first=Min("awarded_on"), last=Max("awarded_on"))
    if span["first"] is None:
        return []
    first = financial_years.starting_year(span["first"])
    last = financial_years.starting_year(span["last"])
    return [financial_years.label(year) for year in range(last, first - 1, -1)]


class GrantAwardFilterForm(GovukFilterForm):
    """The register's filters in GOV.UK Design System markup, usable without JavaScript."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                continue
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "govuk-select"
            elif name in {"amount_min", "amount_max"}:
                # GOV.UK asks for text inputs with a numeric keyboard, not type="number".
                field.widget.input_type = "text"
                field.widget.attrs.update(
                    {"class": "govuk-input govuk-input--width-10", "inputmode": "decimal"}
                )
            elif name == "year":
                field.widget.attrs["class"] = "govuk-input govuk-input--width-5"
                field.widget.attrs["spellcheck"] = "false"
            else:
                field.widget.attrs["class"] = "govuk-input"
                if name == "q":
                    field.widget.input_type = "search"
            field.widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def offer_years(self, years):
        """Show the year as a list of the financial years that have awards."""
        field = self.fields["year"]
        field.widget = forms.Select(
            choices=[("", "Any year"), *((year, year) for year in years)],
            attrs={"class": "govuk-select", "aria-describedby": "id_year-hint"},
        )


class GrantAwardFilter(PublishedByDefault, filters.FilterSet):
    """Search ``q``, fund, round, financial year, recipient and amount range, of
    ``GrantAward.objects.published()`` or a queryset that starts from it."""

    q = filters.CharFilter(
        label="Search grants",
        method="filter_search",
        help_text="Words in the project title, purpose or recipient's name.",
    )
    fund = filters.ModelChoiceFilter(
        field_name="application__round__fund",
        queryset=Fund.objects.all(),
        to_field_name="slug",
        label="Fund",
        empty_label="All funds",
        help_text="The grant programme (in the API, its short name, e.g. small-grants).",
    )
    round = filters.ModelChoiceFilter(
        field_name="application__round",
        queryset=Round.objects.all(),
        to_field_name="slug",
        label="Round",
        help_text="The round's short name, e.g. vulnerability-fund-round-1.",
        widget=forms.HiddenInput,
    )
    year = FinancialYearFilter(
        label="Financial year",
        help_text="The year the grant was awarded, for example 2020/21.",
    )
    recipient = filters.CharFilter(
        field_name="application__applicant__name",
        lookup_expr="icontains",
        label="Recipient",
        help_text="All or part of the recipient organisation's name.",
    )
    amount_min = filters.NumberFilter(
        field_name="amount",
        lookup_expr="gte",
        label="Smallest amount (£)",
        min_value=0,
        help_text="Only grants of at least this many pounds.",
    )
    amount_max = filters.NumberFilter(
        field_name="amount",
        lookup_expr="lte",
        label="Largest amount (£)",
        min_value=0,
        help_text="Only grants of at most this many pounds.",
    )

    class Meta:
        model = GrantAward
        fields = ["q", "fund", "round", "year", "recipient", "amount_min", "amount_max"]
        form = GrantAwardFilterForm

    def filter_search(self, queryset, name, value):
        words = value.strip()
        if not words:
            return queryset
        return queryset.search(words)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).order_by("-awarded_on", "-pk")

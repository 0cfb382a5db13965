"""The contracts register's search, filters and sort, shared by the public page and the API."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.choices import BaseChoiceIterator

from commissioning.models import Contract, FundingShare, Organisation

SORTS = {
    "title": ("Title (A to Z)", [F("title").asc()]),
    "value-high": ("Value (highest first)", [F("total_value").desc(nulls_last=True), "title"]),
    "value-low": ("Value (lowest first)", [F("total_value").asc(nulls_last=True), "title"]),
    "ending-soon": ("End date (soonest first)", [F("current_end_date").asc(nulls_last=True)]),
    "ending-late": ("End date (latest first)", [F("current_end_date").desc(nulls_last=True)]),
    "start-recent": ("Start date (most recent first)", [F("start_date").desc(nulls_last=True)]),
}


class SearchWordsField(forms.CharField):
    """Search words; NUL characters (which no title contains) are dropped, not refused."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


class SearchFilter(django_filters.CharFilter):
    field_class = SearchWordsField


class OrganisationOptions(BaseChoiceIterator):
    """A select's options from a queryset of organisations, looked up on first use (so
    only when a page renders the list, never for the API) and then kept."""

    def __init__(self, everyone, organisations):
        self.everyone = everyone
        self.organisations = organisations
        self.options = None

    def __iter__(self):
        if self.options is None:
            self.options = [("", self.everyone)] + [
                (organisation.slug, organisation.name)
                for organisation in self.organisations.only("slug", "name")
            ]
        return iter(self.options)


class ContractFilter(django_filters.FilterSet):
    """Filters a queryset of ``Contract.objects.published().with_term()``."""

    q = SearchFilter(
        method="search",
        label="Search contracts",
        help_text="Words in the title, description, provider or a funding partner's name.",
    )
    service_area = django_filters.ChoiceFilter(
        choices=Contract.ServiceArea.choices, label="Service area", empty_label="All service areas"
    )
    # Organisations are chosen by slug (?partner=derby-city-council). An unknown slug
    # finds nothing rather than being an error; the page offers the known ones in a list.
    provider = django_filters.CharFilter(
        field_name="provider__slug", label="Provider", widget=forms.Select
    )
    partner = django_filters.CharFilter(
        method="filter_partner", label="Funding partner", widget=forms.Select
    )
    status = django_filters.ChoiceFilter(
        choices=Contract.Status.choices, label="Status", empty_label="Any status"
    )
    value_min = django_filters.NumberFilter(
        field_name="total_value",
        lookup_expr="gte",
        label="Value from (£)",
        min_value=0,
        widget=forms.TextInput,
    )
    value_max = django_filters.NumberFilter(
        field_name="total_value",
        lookup_expr="lte",
        label="Value up to (£)",
        min_value=0,
        widget=forms.TextInput,
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        method="sort_by",
        label="Sort by",
        empty_label=None,
    )

    class Meta:
        model = Contract
        fields = ["q", "service_area", "provider", "partner", "status", "value_min", "value_max"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = {
            "provider": ("All providers", Organisation.objects.providers_on_register()),
            "partner": ("All funding partners", Organisation.objects.partners_on_register()),
        }
        for name, (everyone, queryset) in organisations.items():
            self.form.fields[name].widget.choices = OrganisationOptions(everyone, queryset)

    def search(self, queryset, name, value):
        for word in value.split():
            partner_named = FundingShare.objects.filter(
                contract=OuterRef("pk"), partner__name__icontains=word
            )
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(provider__name__icontains=word)
                | Q(Exists(partner_named))
            )
        return queryset

    def filter_partner(self, queryset, name, value):
        return queryset.filter(
            Exists(FundingShare.objects.filter(contract=OuterRef("pk"), partner__slug=value))
        )

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value][1], "pk")

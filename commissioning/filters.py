"""The contracts register's search, filters and sort, shared by the public page and the API."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q

from commissioning.models import Contract, FundingShare
from pcc_portal.public_filters import PublishedByDefault

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


def named(prefix: str, value: str) -> Q:
    """Organisations (through ``prefix``) whose name contains ``value``, any case, or whose
    short name is ``value`` (addresses made when the page offered a list, and API clients,
    give ``derby-city-council``)."""
    return Q(**{f"{prefix}__name__icontains": value}) | Q(**{f"{prefix}__slug": value})


class ContractFilter(PublishedByDefault, django_filters.FilterSet):
    """Filters ``Contract.objects.published()``, or a queryset that starts from it such as
    ``Contract.objects.published().with_term()``."""

    q = SearchFilter(
        method="search",
        label="Search contracts",
        help_text="Words in the title, description, provider or a funding partner's name.",
    )
    service_area = django_filters.ChoiceFilter(
        choices=Contract.ServiceArea.choices, label="Service area", empty_label="All service areas"
    )
    # Organisations are typed: all or part of the name ("derby city"), or the short name
    # (?partner=derby-city-council, as before). A name on no contract finds nothing. A
    # list of every organisation (about 2,000 at national scale) would be neither usable
    # nor quick to draw.
    provider = django_filters.CharFilter(
        method="filter_provider",
        label="Provider",
        help_text="All or part of the provider's name.",
    )
    partner = django_filters.CharFilter(
        method="filter_partner",
        label="Funding partner",
        help_text="All or part of a co-funding partner's name.",
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

    def filter_provider(self, queryset, name, value):
        return queryset.filter(named("provider", value))

    def filter_partner(self, queryset, name, value):
        return queryset.filter(
            Exists(FundingShare.objects.filter(named("partner", value), contract=OuterRef("pk")))
        )

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value][1], "pk")

"""The search, filters and sort orders of the public decisions register, shared by the
page at /decisions/ and the API at /api/decisions/."""

from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from decisions.models import SEARCH_CONFIG, DecisionCategory, DecisionRecord
from pcc_portal.filter_forms import GovukFilterForm
from pcc_portal.models import Office

# Highlight markers that cannot occur in typed text; they are turned into <mark> only
# after the snippet has been HTML-escaped.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"

SORT_CHOICES = (
    ("relevance", "Most relevant (when searching)"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("amount-high", "Largest amount first"),
    ("amount-low", "Smallest amount first"),
)
ORDERINGS = {
    "newest": ("-approved_on", "-published_at", "-pk"),
    "oldest": ("approved_on", "published_at", "pk"),
    "amount-high": (F("financial_amount").desc(nulls_last=True), "-approved_on", "-pk"),
    "amount-low": (F("financial_amount").asc(nulls_last=True), "-approved_on", "-pk"),
}


def highlighted(snippet: str) -> str:
    """An escaped search snippet on one line, with the matched words in ``<mark>``."""
    html = (
        escape(" ".join(snippet.split()))
        .replace(HIGHLIGHT_START, "<mark>")
        .replace(HIGHLIGHT_STOP, "</mark>")
    )
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags are added


def year_choices():
    years = DecisionRecord.objects.published().dates("approved_on", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


def category_choices():
    in_use = DecisionRecord.objects.published().filter(category=OuterRef("pk"))
    names = (
        DecisionCategory.objects.filter(Exists(in_use))
        .values_list("slug", "name")
        .order_by("name")
        .distinct()
    )
    return list(names)


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(filters.ChoiceFilter):
    """A year among those with published decisions (an integer in the API schema)."""


class DecisionFilterForm(GovukFilterForm):
    """The filter form in GOV.UK Design System markup, usable without JavaScript."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "govuk-select"
            elif name == "q":
                field.widget.input_type = "search"
                field.widget.attrs["class"] = "govuk-input"
            else:
                # GOV.UK asks for text inputs with a numeric keyboard, not type="number".
                field.widget.input_type = "text"
                field.widget.attrs.update(
                    {"class": "govuk-input govuk-input--width-10", "inputmode": "decimal"}
                )
            field.widget.attrs["aria-describedby"] = f"id_{name}-hint"


class DecisionFilter(filters.FilterSet):
    """Search ``q`` (PostgreSQL full-text, ranked), office, year, category, amount range
    and sort. Give it a queryset that starts from ``DecisionRecord.objects.published()``."""

    q = filters.CharFilter(
        label="Search decisions",
        method="filter_search",
        help_text="Words to find in the title, summary, decision or published report.",
    )
    office = filters.ModelChoiceFilter(
        queryset=Office.objects.all(),
        to_field_name="slug",
        label="Office",
        empty_label="All offices",
        help_text="The office's short name, e.g. derbyshire.",
    )
    year = YearFilter(
        field_name="approved_on",
        lookup_expr="year",
        choices=year_choices,
        label="Year of decision",
        empty_label="Any year",
        help_text="The year the Commissioner signed the decision.",
    )
    category = filters.ChoiceFilter(
        field_name="category__slug",
        choices=category_choices,
        label="Police and Crime Plan priority",
        empty_label="Any priority",
        help_text="The priority's short name.",
    )
    amount_min = filters.NumberFilter(
        field_name="financial_amount",
        lookup_expr="gte",
        label="Smallest amount (£)",
        min_value=0,
        help_text="Only decisions of at least this many pounds.",
    )
    amount_max = filters.NumberFilter(
        field_name="financial_amount",
        lookup_expr="lte",
        label="Largest amount (£)",
        min_value=0,
        help_text="Only decisions of at most this many pounds.",
    )
    sort = filters.ChoiceFilter(
        choices=SORT_CHOICES,
        method="filter_sort",
        label="Sort by",
        empty_label=None,
        help_text="Order of results; searches are most relevant first unless told otherwise.",
    )

    class Meta:
        model = DecisionRecord
        fields = ["q", "office", "year", "category", "amount_min", "amount_max", "sort"]
        form = DecisionFilterForm

    def filter_search(self, queryset, name, value):
        words = value.strip()
        if not words:
            return queryset
        query = SearchQuery(words, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=SearchHeadline(
                Concat(
                    "executive_summary",
                    Value(" "),
                    "decision",
                    Value(" "),
                    "report_search_text",
                    output_field=TextField(),
                ),
                query,
                config=SEARCH_CONFIG,
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )

    def filter_sort(self, queryset, name, value):
        # Ordering is applied in filter_queryset, once every filter has run.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or ""
        searching = bool((self.form.cleaned_data.get("q") or "").strip())
        if sort in ORDERINGS:
            return queryset.order_by(*ORDERINGS[sort])
        if searching:
            return queryset.order_by("-rank", "-approved_on", "-pk")
        return queryset.order_by(*ORDERINGS["newest"])

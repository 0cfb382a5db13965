"""The search, filters and sort orders of the public decisions register, shared by the
page at /decisions/ and the API at /api/decisions/."""

import datetime
from functools import cached_property

from django import forms
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    OuterRef,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat, TruncYear
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from decisions.models import SEARCH_CONFIG, DecisionCategory, DecisionRecord
from decisions.registers import DECISIONS
from pcc_portal.filter_forms import GovukFilterForm
from pcc_portal.models import Office
from pcc_portal.public_filters import PublishedByDefault
from pcc_portal.richtext import plain_text

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


# The public register ranks, of a search's matches, at most this many: the most recent.
SEARCH_LIMIT = 500
MIN_DATE = datetime.date.min


def highlighted(snippet: str) -> str:
    """An escaped search snippet on one line, with the matched words in ``<mark>``.
    The summary and decision are rich text: their markup is dropped first."""
    html = (
        escape(" ".join(plain_text(snippet).split()))
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


def filter_options() -> dict:
    """The years and the priorities that have published decisions, in one query: the
    choices of the year and priority filters."""
    pairs = (
        DecisionRecord.objects.published()
        .order_by()
        .values_list(TruncYear("approved_on"), "category__slug", "category__name")
        .distinct()
    )
    years, categories = set(), set()
    for year, slug, name in pairs:
        if year is not None:
            years.add(str(year.year))
        if slug is not None:
            categories.add((slug, name))
    return {
        "years": [(year, year) for year in sorted(years, reverse=True)],
        "categories": sorted(categories, key=lambda category: (category[1], category[0])),
    }


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


class DecisionFilter(PublishedByDefault, filters.FilterSet):
    """Search ``q`` (PostgreSQL full-text, ranked), office, year, category, amount range
    and sort, of ``DecisionRecord.objects.published()`` or a queryset that starts from it."""

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

    # Set by the public register (PublicDecisionFilter); None ranks every match.
    search_limit = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices of the year and priority filters come from one cached query per
        # version of the register, looked up once by this filter however often the
        # form reads them.
        self._options = None
        self.form.fields["year"].choices = lambda: self.options()["years"]
        self.form.fields["category"].choices = lambda: self.options()["categories"]

    def options(self) -> dict:
        if self._options is None:
            self._options = DECISIONS.cached("filter-options", self.version, filter_options)
        return self._options

    @cached_property
    def version(self) -> str:
        """The register's version, read once by this filter (choices, counts)."""
        return DECISIONS.version_for(self.request)

    @staticmethod
    def search_query(words: str) -> SearchQuery:
        return SearchQuery(words, search_type="websearch", config=SEARCH_CONFIG)

    def filter_search(self, queryset, name, value):
        words = value.strip()
        if not words:
            return queryset
        return queryset.filter(search_vector=self.search_query(words))

    def filter_sort(self, queryset, name, value):
        # Ordering is applied in filter_queryset, once every filter has run.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or ""
        words = (self.form.cleaned_data.get("q") or "").strip()
        if words and self.search_limit is not None:
            query = self.search_query(words)
            ordered = self.latest_ranked(queryset, query)
            if sort not in ORDERINGS:
                return RankedMatches(
                    ordered,
                    lambda ids: self.with_snippets(
                        self.queryset.filter(pk__in=ids).order_by(), query
                    ),
                )
            queryset = self.with_snippets(self.queryset.filter(pk__in=ordered), query)
        elif words:
            query = self.search_query(words)
            queryset = self.with_snippets(
                queryset.annotate(rank=SearchRank(F("search_vector"), query)), query
            )
        if sort in ORDERINGS:
            return queryset.order_by(*ORDERINGS[sort])
        if words:
            return queryset.order_by("-rank", "-approved_on", "-pk")
        return queryset.order_by(*ORDERINGS["newest"])

    def latest_ranked(self, matches, query) -> list[int]:
        """The keys of the latest ``search_limit`` of ``matches`` (every filter applied),
        most relevant first.

        Ranking a word found in nearly every record would read every match's search
        vector, so its cost would grow with the register; the latest few hundred are read
        through the register's newest-first index and ranked in the same pass (each
        search vector once), at a cost that does not grow (docs/decisions/0004).
        """
        latest = matches.order_by(*ORDERINGS["newest"]).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
        found = list(latest.values_list("pk", "rank", "approved_on")[: self.search_limit])
        found.sort(key=lambda row: (-row[1], -(row[2] or MIN_DATE).toordinal(), -row[0]))
        return [pk for pk, _, _ in found]

    def with_snippets(self, records, query):
        """``records`` with a highlighted ``snippet`` of where the words were found.

        The snippet is taken from the summary and decision when they match (a short
        text), is left empty when the title or reference matches (the list shows the
        summary), and is taken from the whole text with the published report otherwise.
        """
        summary = Concat("executive_summary", Value(" "), "decision", output_field=TextField())
        everything = Concat(summary, Value(" "), "report_search_text", output_field=TextField())
        return records.annotate(
            snippet=Case(
                When(self.matches_in("b", query), then=self.headline(summary, query)),
                # Every word is in the title or reference: the list shows the summary.
                When(self.matches_in("a", query), then=Value("")),
                default=self.headline(everything, query),
                output_field=TextField(),
            ),
        )

    @staticmethod
    def matches_in(weights: str, query):
        """Whether the words match in the parts of the search vector of ``weights``:
        "a" the title and reference, "b" the summary and decision."""
        return SearchVectorExact(
            Func(
                F("search_vector"),
                Value("{" + weights + "}"),
                function="ts_filter",
                output_field=SearchVectorField(),
            ),
            query,
        )

    @staticmethod
    def headline(text, query):
        return SearchHeadline(
            text,
            query,
            config=SEARCH_CONFIG,
            start_sel=HIGHLIGHT_START,
            stop_sel=HIGHLIGHT_STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )


class RankedMatches:
    """The matches of a capped search, most relevant first, as the paginators of the page
    and the API use them: counted from the ranked keys, and only the records of the page
    asked for are read, with their snippets (``fetch(keys)``), not every match."""

    ordered = True  # the paginator's check for a list in a stable order

    def __init__(self, keys: list[int], fetch):
        self.keys = keys
        self.fetch = fetch

    def count(self) -> int:
        return len(self.keys)

    def __len__(self) -> int:
        return len(self.keys)

    def __getitem__(self, index):
        keys = self.keys[index] if isinstance(index, slice) else [self.keys[index]]
        found = {record.pk: record for record in self.fetch(keys)} if keys else {}
        records = [found[key] for key in keys if key in found]
        return records if isinstance(index, slice) else records[0]

    def __iter__(self):
        return iter(self[:])


class PublicDecisionFilter(DecisionFilter):
    """The public register's page and API: a search ranks its latest ``SEARCH_LIMIT``
    matches, so a word found in nearly every record answers as fast as a rare one."""

    search_limit = SEARCH_LIMIT

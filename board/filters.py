"""Filters of the meetings list, shared by the public page and the API."""

import django_filters
from django import forms

from board.models import Board, Meeting
from pcc_portal.public_filters import PublishedByDefault


class YearFilter(django_filters.NumberFilter):
    """A calendar year: a whole number from 1 to 9999 (anything else is a 400, not a 500)."""

    field_class = forms.IntegerField


class MeetingFilter(PublishedByDefault, django_filters.FilterSet):
    """Board and year, of ``Meeting.objects.public()`` or a queryset that starts from it."""

    board = django_filters.ModelChoiceFilter(
        field_name="board",
        queryset=Board.objects.all(),
        to_field_name="slug",
        label="Board",
        empty_label="All boards",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )
    year = YearFilter(
        field_name="date", lookup_expr="year", label="Year", min_value=1, max_value=9999
    )

    class Meta:
        model = Meeting
        fields = ["board", "year"]

    @classmethod
    def public_records(cls):
        # Every meeting is public from the start (its date, time and place).
        return Meeting.objects.public()


def year_choices():
    years = Meeting.objects.dates("date", "year", order="DESC")
    return [(day.year, str(day.year)) for day in years]


class MeetingPageFilter(MeetingFilter):
    """The public page offers the years that have meetings, as a select."""

    year = django_filters.ChoiceFilter(
        field_name="date__year",
        label="Year",
        choices=year_choices,
        empty_label="All years",
        widget=forms.Select(attrs={"class": "govuk-select"}),
    )

"""The public filter forms draw their inputs and selects in Python: the markup must be
exactly what Django's widget templates would give, for every state a reader can see."""

import pytest
from django.forms.renderers import DjangoTemplates

from decisions.filters import PublicDecisionFilter
from decisions.models import DecisionRecord
from grants.filters import GrantAwardFilter
from grants.models import GrantAward
from tests.decisions.factories import DecisionCategoryFactory, DecisionPublishedFactory
from tests.factories import DerbyshireOfficeFactory

pytestmark = pytest.mark.django_db


def both_renderings(form):
    ours = {name: str(form[name]) for name in form.fields}
    form.renderer = DjangoTemplates()
    django = {name: str(form[name]) for name in form.fields}
    return ours, django


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": 'victims "domestic abuse" <script>', "office": "derbyshire", "sort": "newest"},
        {"amount_min": "500", "amount_max": "100", "year": "1999"},  # errors: crossed, unknown
        {"category": "a&b", "amount_min": "ten"},
    ],
)
def test_the_decisions_filter_form_draws_what_django_would(query):
    office = DerbyshireOfficeFactory()
    DecisionPublishedFactory(office=office, category=DecisionCategoryFactory(name="Fish & Chips"))
    form = PublicDecisionFilter(query, queryset=DecisionRecord.objects.published()).form
    form.is_valid()

    ours, django = both_renderings(form)

    assert ours == django
    assert "<option" in ours["office"]


def test_the_grants_filter_form_draws_what_django_would():
    form = GrantAwardFilter({"q": "<b>youth</b>"}, queryset=GrantAward.objects.published()).form
    form.is_valid()

    ours, django = both_renderings(form)

    assert ours == django

"""Every public FilterSet, given no queryset, filters the public records only: never the
model's every row, which django-filter falls back to."""

import datetime

import pytest

from board.filters import MeetingFilter
from commissioning.filters import ContractFilter
from decisions.filters import DecisionFilter
from grants.filters import GrantAwardFilter
from tests.board.factories import MeetingAgendaPublishedFactory
from tests.commissioning.factories import ContractDraftFactory, ContractPublishedFactory
from tests.decisions.factories import DecisionDraftFactory, DecisionPublishedFactory
from tests.grants.factories import ApplicationApprovedFactory, GrantAwardFactory
from tests.transparency.factories import GiftOrHospitalityFactory, RegisteredInterestFactory
from transparency.api import GiftOrHospitalityFilter, RegisteredInterestFilter

pytestmark = pytest.mark.django_db


def test_the_decisions_filter_given_no_queryset_leaves_out_drafts():
    published = DecisionPublishedFactory()
    DecisionDraftFactory()

    assert list(DecisionFilter({}).qs) == [published]


def test_the_contracts_filter_given_no_queryset_leaves_out_unpublished_contracts():
    published = ContractPublishedFactory()
    ContractDraftFactory()

    assert list(ContractFilter({}).qs) == [published]


def test_the_grants_filter_given_no_queryset_leaves_out_awards_not_yet_made():
    published = GrantAwardFactory()
    GrantAwardFactory(application=ApplicationApprovedFactory())

    assert list(GrantAwardFilter({}).qs) == [published]


def test_the_meetings_filter_given_no_queryset_reads_the_public_meetings():
    meeting = MeetingAgendaPublishedFactory(date=datetime.date(2021, 3, 15))

    (listed,) = MeetingFilter({}).qs

    assert listed == meeting
    # Annotated by Meeting.objects.public(), which every public meeting list starts from.
    assert listed.public_pack is False


@pytest.mark.parametrize(
    ("filter_class", "factory"),
    [
        (RegisteredInterestFilter, RegisteredInterestFactory),
        (GiftOrHospitalityFilter, GiftOrHospitalityFactory),
    ],
)
def test_the_registers_filters_given_no_queryset_read_the_published_register(filter_class, factory):
    entry = factory()

    assert list(filter_class({}).qs) == [entry]
    assert str(filter_class({}).qs.query) == str(filter_class.public_records().query)

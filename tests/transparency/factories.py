"""Factories for the transparency tests: register entries and alert subscriptions per
state. Decisions and meetings come from the decisions and board apps' own factories."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import DerbyshireOfficeFactory
from transparency.models import AlertSubscription, GiftOrHospitality, RegisteredInterest


class RegisteredInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisteredInterest

    office = factory.SubFactory(DerbyshireOfficeFactory)
    person = "Police and Crime Commissioner"
    role = "Police and Crime Commissioner"
    category = RegisteredInterest.Category.MEMBERSHIPS
    description = factory.Sequence(lambda n: f"Example entry: member of example body {n}.")
    registered_on = datetime.date(2021, 5, 17)


class GiftOrHospitalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GiftOrHospitality

    office = factory.SubFactory(DerbyshireOfficeFactory)
    recipient = "Chief Executive"
    recipient_role = "Chief Executive"
    kind = GiftOrHospitality.Kind.HOSPITALITY
    description = factory.Sequence(lambda n: f"Example entry: conference lunch {n}.")
    offered_by = "Example conference organiser"
    estimated_value = Decimal("25.00")
    offered_on = datetime.date(2021, 9, 14)
    outcome = GiftOrHospitality.Outcome.ACCEPTED


class PendingSubscriptionFactory(factory.django.DjangoModelFactory):
    """A subscription whose address is not yet confirmed."""

    class Meta:
        model = AlertSubscription

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    kind = AlertSubscription.Kind.DECISIONS


class ConfirmedSubscriptionFactory(PendingSubscriptionFactory):
    confirmed_at = factory.LazyFunction(timezone.now)

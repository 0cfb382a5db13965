"""Organisations and contracts in each state, for the commissioning tests."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from commissioning.models import (
    Contract,
    ContractExtension,
    FundingShare,
    FundingYear,
)
from organisations.models import Organisation
from tests.factories import DerbyshireOfficeFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    slug = factory.Sequence(lambda n: f"partner-organisation-{n}")
    kind = Organisation.Kind.LOCAL_AUTHORITY


class ProviderFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Provider {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    kind = Organisation.Kind.VOLUNTARY_OR_COMMUNITY


class CommissionerOrganisationFactory(OrganisationFactory):
    name = "Police and Crime Commissioner for Derbyshire"
    slug = "police-and-crime-commissioner-for-derbyshire"
    kind = Organisation.Kind.POLICE_AND_CRIME_COMMISSIONER


class ContractDraftFactory(factory.django.DjangoModelFactory):
    """A register entry not yet published: the public never sees it."""

    class Meta:
        model = Contract

    office = factory.SubFactory(DerbyshireOfficeFactory)
    title = factory.Sequence(lambda n: f"Victim support service {n}")
    slug = factory.Sequence(lambda n: f"victim-support-service-{n}")
    description = "Support for victims of crime to cope and recover."
    provider = factory.SubFactory(ProviderFactory)
    lead_commissioner = factory.SubFactory(CommissionerOrganisationFactory)
    service_area = Contract.ServiceArea.CORE_VICTIM_SERVICES
    total_value = Decimal("390000.00")
    start_date = datetime.date(2018, 4, 1)
    end_date = datetime.date(2020, 3, 31)
    extension_option_count = 3
    extension_option_months = 12


class ContractPublishedFactory(ContractDraftFactory):
    is_published = True
    published_at = factory.LazyFunction(timezone.now)


class ContractExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractExtension

    contract = factory.SubFactory(ContractPublishedFactory)
    number = 1
    new_end_date = datetime.date(2021, 3, 31)


class FundingYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingYear

    contract = factory.SubFactory(ContractPublishedFactory)
    financial_year = 2021
    total = Decimal("50668.99")
    basis = FundingYear.Basis.PERCENTAGE


class FundingShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingShare

    contract = factory.SubFactory(ContractPublishedFactory)
    financial_year = 2021
    partner = factory.SubFactory(OrganisationFactory)

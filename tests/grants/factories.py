"""Grant funds, rounds, applications in each workflow state, and awards.

Records are saved directly, not through ``grants.workflow``, so a test of one step does
not depend on the others. The Small Grants factories carry the Commissioning Strategy's
rules: rounds of £25,000 with awards up to £2,500.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from grants.models import (
    Application,
    ApplicationEvent,
    Distribution,
    DistributionLine,
    Fund,
    GrantAward,
    MonitoringReport,
    Round,
)
from organisations.models import Organisation
from tests.commissioning.factories import CommissionerOrganisationFactory
from tests.commissioning.factories import OrganisationFactory as PartnerOrganisationFactory
from tests.decisions.factories import DecisionCategoryFactory
from tests.factories import DerbyshireOfficeFactory

Status = Application.Status


def _today():
    return timezone.localdate()


class OrganisationFactory(PartnerOrganisationFactory):
    """A grant applicant: a community group."""

    name = factory.Sequence(lambda n: f"Community group {n}")
    slug = factory.Sequence(lambda n: f"community-group-{n}")
    kind = Organisation.Kind.VOLUNTARY_OR_COMMUNITY


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ("slug",)

    office = factory.SubFactory(DerbyshireOfficeFactory)
    name = factory.Sequence(lambda n: f"Community Fund {n}")
    slug = factory.Sequence(lambda n: f"community-fund-{n}")
    summary = "Grants for community groups."
    funder = factory.SubFactory(CommissionerOrganisationFactory)


class SmallGrantsFundFactory(FundFactory):
    name = "Small Grants"
    slug = "small-grants"
    summary = (
        "There are three grant rounds each year of £25,000 each for small Grants. "
        "Applications will be accepted and considered up to 1st March, 1st July, and 1st "
        "November. A total of £75,000 has been set aside for grant applications of up to "
        "£2,500 each."
    )
    annual_budget = Decimal("75000.00")
    rounds_per_year = 3
    round_budget = Decimal("25000.00")
    maximum_award = Decimal("2500.00")
    closing_dates = "1 March, 1 July and 1 November"


class LargeGrantsFundFactory(FundFactory):
    name = "Large Grants"
    slug = "large-grants"
    annual_budget = Decimal("200000.00")
    rounds_per_year = 1
    round_budget = Decimal("200000.00")
    maximum_award = Decimal("25000.00")
    evidence_threshold = Decimal("2500.00")


class RoundFactory(factory.django.DjangoModelFactory):
    """A round open from 60 days ago to 30 days from now (a fund of its own each)."""

    class Meta:
        model = Round

    fund = factory.SubFactory(FundFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    budget = Decimal("25000.00")
    opens_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=60))
    closes_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=30))


class SmallGrantsRoundFactory(RoundFactory):
    """Small Grants round 3 of 2021/22: £25,000, awards up to £2,500, closing 1 March 2022."""

    fund = factory.SubFactory(SmallGrantsFundFactory)
    name = "Small Grants 2021/22 round 3 (closing 1 March 2022)"
    slug = factory.Sequence(lambda n: f"small-grants-2021-22-round-3-{n}")
    budget = Decimal("25000.00")
    maximum_award = Decimal("2500.00")
    opens_on = datetime.date(2021, 11, 2)
    closes_on = datetime.date(2022, 3, 1)


class ApplicationReceivedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    round = factory.SubFactory(RoundFactory)
    applicant = factory.SubFactory(OrganisationFactory)
    project_title = factory.Sequence(lambda n: f"Youth diversion project {n}")
    project_description = "Sport sessions for young people on Friday evenings."
    amount_requested = Decimal("2000.00")
    priority = factory.SubFactory(DecisionCategoryFactory)
    received_on = factory.LazyAttribute(lambda application: application.round.opens_on)
    status = Status.RECEIVED


class ApplicationAssessedFactory(ApplicationReceivedFactory):
    status = Status.ASSESSED
    score = 70
    assessment_notes = "Meets the criteria."
    assessed_at = factory.LazyFunction(timezone.now)


class ApplicationApprovedFactory(ApplicationAssessedFactory):
    status = Status.APPROVED
    approved_amount = factory.SelfAttribute("amount_requested")
    decided_at = factory.LazyFunction(timezone.now)


class ApplicationDeclinedFactory(ApplicationAssessedFactory):
    status = Status.DECLINED
    decline_reason = "Outside the priorities of the round."
    decided_at = factory.LazyFunction(timezone.now)


class ApplicationAwardedFactory(ApplicationApprovedFactory):
    status = Status.AWARDED


class ApplicationMonitoringFactory(ApplicationApprovedFactory):
    status = Status.MONITORING


class ApplicationClosedFactory(ApplicationApprovedFactory):
    status = Status.CLOSED
    closed_at = factory.LazyFunction(timezone.now)


STATE_FACTORIES = {
    Status.RECEIVED: ApplicationReceivedFactory,
    Status.ASSESSED: ApplicationAssessedFactory,
    Status.APPROVED: ApplicationApprovedFactory,
    Status.DECLINED: ApplicationDeclinedFactory,
    Status.AWARDED: ApplicationAwardedFactory,
    Status.MONITORING: ApplicationMonitoringFactory,
    Status.CLOSED: ApplicationClosedFactory,
}


class GrantAwardFactory(factory.django.DjangoModelFactory):
    """A published award (its application is awarded)."""

    class Meta:
        model = GrantAward

    application = factory.SubFactory(ApplicationAwardedFactory)
    amount = factory.SelfAttribute("application.approved_amount")
    awarded_on = factory.LazyFunction(_today)
    purpose = "Sport sessions for young people on Friday evenings."
    conditions = "Spent on the sessions described; attendance reported to the OPCC."
    crime_reduction_reasons = "Diverts young people from anti-social behaviour."


class MonitoringReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringReport

    award = factory.SubFactory(GrantAwardFactory)
    due_on = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=30))


class ApplicationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationEvent

    application = factory.SubFactory(ApplicationReceivedFactory)
    step = "receive"
    to_state = Status.RECEIVED


class DistributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Distribution

    fund = factory.SubFactory(FundFactory)
    financial_year = 2019
    total = Decimal("16292.00")
    approved_on = datetime.date(2021, 1, 25)
    approved_at = "Strategic Priorities Assurance Board"


class DistributionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistributionLine

    distribution = factory.SubFactory(DistributionFactory)
    description = "Towards upkeep of stores"
    amount = Decimal("2252.00")

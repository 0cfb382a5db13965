"""The budget rule, over many sequences of amounts: a round's awards and approvals never
exceed its budget or its maximum, and every refusal says by exactly how much."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grants import workflow
from pcc_portal import roles
from pcc_portal.money import format_pounds
from tests.grants.factories import ApplicationAssessedFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awarding_officer(officer_in):
    """A second grants officer: the one who approved may not also award."""
    return officer_in(roles.GRANTS_OFFICER)


pennies = st.integers(min_value=1, max_value=400_000).map(lambda n: Decimal(n) / 100)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    budget=st.integers(min_value=0, max_value=1_000_000).map(lambda n: Decimal(n) / 100),
    amounts=st.lists(pennies, min_size=1, max_size=6),
)
def test_approvals_and_awards_never_exceed_the_budget_or_the_maximum(
    grants_officer, awarding_officer, budget, amounts
):
    round_ = RoundFactory(budget=budget, maximum_award=Decimal("2500.00"))
    held = Decimal("0.00")
    for index, amount in enumerate(amounts):
        application = ApplicationAssessedFactory(round=round_, amount_requested=amount)
        try:
            workflow.approve(application, by=grants_officer)
            if index % 2 == 0:
                workflow.award(
                    application,
                    by=awarding_officer,
                    awarded_on=datetime.date(2022, 3, 20),
                    purpose="Purpose.",
                    conditions="Conditions.",
                    crime_reduction_reasons="Reasons.",
                )
        except ValidationError as refusal:
            message = refusal.message_dict["amount"][0]
            if amount > Decimal("2500.00"):
                over = amount - Decimal("2500.00")
                assert message == (
                    f"{format_pounds(amount)} is {format_pounds(over)} over the round's "
                    "maximum of £2,500.00."
                )
            else:
                assert held + amount > budget
                assert f"by {format_pounds(held + amount - budget)}:" in message
        else:
            held += amount
            assert amount <= Decimal("2500.00")
        figures = round_.budget_figures()
        assert figures["awarded"] + figures["committed"] == held <= budget

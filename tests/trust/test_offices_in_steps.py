"""Every workflow step of every app is refused, on the server, to an officer who does not
work for the record's office: a Derbyshire officer holding the right role cannot take a
step on a Humberside record, and the refusal names both offices."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import HumbersideOfficeFactory
from tests.trust.test_permissions_matrix import STEP_NAMES, all_steps

pytestmark = pytest.mark.django_db


def _holder_of_office(record):
    """The object whose ``office`` the record takes (the record itself, its fund, its
    board)."""
    from board.models import Meeting
    from grants.models import Application, Round

    if isinstance(record, Application):
        return record.round.fund
    if isinstance(record, Round):
        return record.fund
    if isinstance(record, Meeting):
        return record.board
    return record


def _move_to(record, office):
    holder = _holder_of_office(record)
    type(holder).objects.filter(pk=holder.pk).update(office=office)


@pytest.mark.parametrize("step_name", STEP_NAMES)
def test_an_officer_of_another_office_cannot_take_the_step(
    step_name, officer_in, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    step = all_steps()[step_name]
    record = step.arrange()
    _move_to(record, HumbersideOfficeFactory())
    before = step.observe(record)
    derbyshire_officer = officer_in(*sorted(step.allowed)[:1])

    with pytest.raises(PermissionDenied) as refusal:
        step.take(record, derbyshire_officer)

    assert "it belongs to Humberside" in str(refusal.value)
    assert "you are an officer of Derbyshire" in str(refusal.value)
    assert step.observe(record) == before


# The matrix records an application with a Derbyshire priority, which a Humberside round
# rightly refuses; recording one in the officer's own office is proved in tests/grants.
@pytest.mark.parametrize("step_name", [name for name in STEP_NAMES if name != "grants.receive"])
def test_an_officer_of_the_records_office_takes_the_step(step_name, officer_in, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    step = all_steps()[step_name]
    record = step.arrange()
    humberside = HumbersideOfficeFactory()
    _move_to(record, humberside)
    before = step.observe(record)

    step.take(record, officer_in(*sorted(step.allowed)[:1], offices=[humberside]))

    assert step.observe(record) != before

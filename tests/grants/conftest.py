import pytest

from pcc_portal import roles


@pytest.fixture
def grants_officer(officer_in):
    return officer_in(roles.GRANTS_OFFICER)


@pytest.fixture
def other_officer(officer_in):
    """A staff officer without the Grants officer role."""
    return officer_in(roles.COMMISSIONING_OFFICER)

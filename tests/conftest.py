import pytest

from pcc_portal import roles
from tests.factories import UserFactory


@pytest.fixture
def officer_in():
    """``officer_in("Commissioner")`` makes a staff user holding that role."""

    def make(*role_names, **fields):
        for name in role_names:
            assert name in roles.ROLES, f"unknown role {name!r}"
        return UserFactory(roles=list(role_names), **fields)

    return make

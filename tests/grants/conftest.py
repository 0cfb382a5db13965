import pytest

from pcc_portal import roles


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Officers made by the factories do not need a slow password hash in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def grants_officer(officer_in):
    return officer_in(roles.GRANTS_OFFICER)


@pytest.fixture
def other_officer(officer_in):
    """A staff officer without the Grants officer role."""
    return officer_in(roles.COMMISSIONING_OFFICER)

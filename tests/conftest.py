import pytest
from django.test import override_settings

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


@pytest.fixture(autouse=True)
def _sign_in_without_lockout_tracking(request, settings):
    """Django's test client signs in without a request, which django-axes refuses; the
    lockout itself is proved by tests marked ``@pytest.mark.axes``."""
    if "axes" not in request.keywords:
        settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Officers made by the factories need a password, not a slow one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _cache_of_this_test_run(tmp_path_factory):
    """The site's cache is files under var/ shared by every process; a test run keeps its
    own in memory, and its own folder of built downloads, so that runs (and the demo)
    never read each other's entries."""
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        OPEN_DATA_CACHE_DIR=tmp_path_factory.mktemp("open-data-cache"),
    ):
        yield

import functools

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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts and ends with an empty cache: the API's rate limiter counts
    requests there, and pages, counts and download pointers are kept there per version
    of a register, so an entry left by one test would change what the next one sees."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@functools.cache
def _one_signed_pdf() -> bytes:
    """One real PDF, rendered by WeasyPrint and signed (PAdES) with the certificate a
    decision's would be, made the first time a test needs a decision PDF and kept for the
    rest of the run."""
    import weasyprint

    from pcc_portal import signing

    content = weasyprint.HTML(
        string="<html lang='en'><head><title>Decision record</title></head><body>"
        "<h1>Decision record</h1><p>The one signed PDF that tests not marked "
        "<code>pdf</code> get for every decision (tests/conftest.py).</p></body></html>"
    ).write_pdf(pdf_tags=True)
    return signing.sign_pdf(content, reason="Test run", signer_name="PCC Portal tests")


@pytest.fixture(autouse=True)
def _decision_pdfs_made_once(request, monkeypatch):
    """Rendering and signing a decision's PDF takes about a second, and publishing a
    decision or opening its page makes one. Tests marked ``pdf`` (about the PDF itself)
    get the real one; every other test gets the PDF above, stored and served by the
    product's own code (``published_pdf``) like any other. An unsigned record is still
    refused, by the real ``signed_pdf``, before anything is rendered."""
    if request.node.get_closest_marker("pdf"):
        return
    from decisions import pdf

    real_signed_pdf = pdf.signed_pdf

    def signed_pdf(record):
        if not record.is_signed:
            return real_signed_pdf(record)
        return _one_signed_pdf()

    monkeypatch.setattr(pdf, "signed_pdf", signed_pdf)

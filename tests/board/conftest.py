import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(request, settings, tmp_path):
    """Uploaded appendices and generated packs go to a throw-away folder (the module's
    own one when the module shares its arrangement through ``module_db``)."""
    if "module_db" not in request.fixturenames:
        settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def secretary(officer_in):
    from pcc_portal import roles

    return officer_in(roles.BOARD_SECRETARY)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """A database transaction (and a media folder) kept for a whole module, rolled back
    at its end: for expensive arrangements such as rendering an agenda pack, which the
    module's tests then only read. Each test still runs in its own savepoint."""
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

import importlib

import pytest
from django.apps import apps

from pcc_portal import roles
from tests.factories import DerbyshireOfficeFactory


@pytest.fixture
def office(db):
    return DerbyshireOfficeFactory()


@pytest.fixture
def officers(officer_in):
    """One officer per decision workflow step, each with an email address."""
    return {
        "drafter": officer_in(roles.DRAFTING_OFFICER, username="drafting"),
        "approver": officer_in(roles.OFFICER_APPROVER, username="approver"),
        "commissioner": officer_in(roles.COMMISSIONER, username="commissioner"),
    }


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://portal.example.org"
    return settings.SITE_URL


@pytest.fixture
def publication_scheme(db):
    """The statutory list a migration creates. Made again here because a transactional
    test run earlier (a browser test) empties every table when it ends."""
    migration = importlib.import_module("transparency.migrations.0002_publication_scheme_classes")
    migration.add_items(apps, None)

"""The register cache: every model the public may see belongs to a register, every table
of a register moves its version on every kind of write, and the version never misses a
change, whatever order transactions commit in."""

import csv
import io
import json
import threading

import pytest
from django.apps import apps
from django.db import connection, transaction
from simple_history.models import HistoricalChanges

from commissioning import publication
from commissioning.models import Contract, Organisation
from pcc_portal import registry, roles
from pcc_portal.register_cache import TRIGGER_NAME, tables_of
from pcc_portal.registers import declared_registers
from tests.commissioning.factories import ContractPublishedFactory, ProviderFactory

# Models of the domain apps that no public page, API, feed, download or sitemap shows:
# officer-only workflow records and counters, alert subscribers' personal data, and the
# register cache's own counters.
NEVER_PUBLIC = {
    "decisions.DecisionEvent",  # the workflow's audit events (pcc_portal.models.WorkflowEvent)
    "grants.ApplicationEvent",  # likewise, an application's
    "board.MeetingEvent",  # likewise, a meeting's
    "commissioning.ContractEvent",  # likewise, a contract's publication on the register
    "decisions.ReferenceCounter",  # the next reference number of an office and year
    "transparency.AlertSubscription",  # subscribers' email addresses
    "transparency.SentAlert",  # which alert went to whom
    "pcc_portal.TableVersion",  # the register cache's own counters
}


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}"


def test_every_model_the_public_may_see_is_in_a_register():
    covered = {table for register in declared_registers() for table in register.tables}
    candidates = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in (*registry.DOMAIN_APPS, "pcc_portal")
        and not issubclass(model, HistoricalChanges)
        and _label(model) not in NEVER_PUBLIC
    ]

    missing = sorted(_label(model) for model in candidates if model._meta.db_table not in covered)

    assert candidates
    assert missing == [], (
        "Add these models to their app's register (<app>/registers.py), or, if no public "
        "page shows them, to NEVER_PUBLIC with the reason."
    )


def test_the_exclusion_list_names_only_models_that_exist():
    assert {_label(model) for model in apps.get_models()} >= NEVER_PUBLIC


@pytest.mark.django_db
def test_every_table_of_every_register_has_the_trigger_that_moves_its_version():
    tables = {table for register in declared_registers() for table in register.tables}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s",
            [TRIGGER_NAME],
        )
        triggered = {name for (name,) in cursor.fetchall()}

    assert tables - triggered == set()


def test_a_register_depending_on_another_follows_its_tables():
    from commissioning.registers import CONTRACTS
    from decisions.registers import DECISIONS

    assert set(DECISIONS.tables) < set(CONTRACTS.tables)
    assert tables_of(Contract)[0] in CONTRACTS.tables


@pytest.mark.django_db
@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: Contract.objects.update(title="Renamed"), id="update"),
        pytest.param(lambda: ProviderFactory(name="New provider"), id="insert"),
        pytest.param(lambda: Contract.objects.all().delete(), id="delete"),
    ],
)
def test_every_kind_of_write_moves_the_version(write):
    from commissioning.registers import CONTRACTS

    ContractPublishedFactory(title="Arbor")
    before = CONTRACTS.version()

    write()

    assert CONTRACTS.version() != before


def _csv_titles(response) -> list[str]:
    body = b"".join(response.streaming_content).decode()
    return sorted(row["title"] for row in csv.DictReader(io.StringIO(body)))


def _surfaces(client) -> dict:
    """What a reader sees of the contracts register: the page, the API list, the CSV."""
    return {
        "page": client.get("/contracts/").content.decode(),
        "api": [
            item["title"] for item in json.loads(client.get("/api/contracts/").content)["results"]
        ],
        "csv": _csv_titles(client.get("/contracts.csv")),
    }


@pytest.mark.django_db
def test_a_change_made_with_queryset_update_reaches_the_page_the_api_and_the_csv(client):
    contract = ContractPublishedFactory(title="Arbor victim services")
    before = _surfaces(client)
    assert "Arbor victim services" in before["page"]

    # No history row, no signal: only the database sees this write.
    Contract.objects.filter(pk=contract.pk).update(title="Circles of Support")
    after = _surfaces(client)

    assert "Circles of Support" in after["page"]
    assert "Arbor victim services" not in after["page"]
    assert after["api"] == ["Circles of Support"]
    assert after["csv"] == ["Circles of Support"]


@pytest.mark.django_db
def test_a_contract_unpublished_with_queryset_update_leaves_every_surface(client):
    ContractPublishedFactory(title="Arbor victim services")
    withdrawn = ContractPublishedFactory(title="Circles of Support")
    assert "Circles of Support" in _surfaces(client)["page"]

    Contract.objects.filter(pk=withdrawn.pk).update(is_published=False)
    after = _surfaces(client)

    assert "Circles of Support" not in after["page"]
    assert after["api"] == ["Arbor victim services"]
    assert after["csv"] == ["Arbor victim services"]


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_committed_after_a_later_change_still_leaves_every_surface(client, officer_in):
    withdrawn = ContractPublishedFactory(title="Circles of Support")
    kept = ContractPublishedFactory(title="Arbor victim services")
    publisher = officer_in(roles.PUBLISHER)
    assert "Circles of Support" in _surfaces(client)["page"]
    withdrawal_written = threading.Event()
    may_commit = threading.Event()
    failures = []

    def withdraw_and_wait():
        # Starts first and commits last: its change is written (and, by the old rule,
        # stamped) before the provider is renamed, but committed after.
        try:
            with transaction.atomic():
                publication.withdraw(withdrawn, by=publisher)
                withdrawal_written.set()
                assert may_commit.wait(timeout=30)
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)
            withdrawal_written.set()
        finally:
            connection.close()

    def rename_provider():
        try:
            Organisation.objects.filter(pk=kept.provider_id).update(name="Arbor Trust")
        finally:
            connection.close()

    first = threading.Thread(target=withdraw_and_wait)
    first.start()
    assert withdrawal_written.wait(timeout=30)
    second = threading.Thread(target=rename_provider)
    second.start()
    second.join()
    # A reader between the two commits sees the rename, not yet the withdrawal.
    between = _surfaces(client)
    assert "Arbor Trust" in between["page"]
    assert "Circles of Support" in between["page"]

    may_commit.set()
    first.join()
    after = _surfaces(client)

    assert failures == []
    assert "Circles of Support" not in after["page"]
    assert "Arbor Trust" in after["page"]
    assert after["api"] == ["Arbor victim services"]
    assert after["csv"] == ["Arbor victim services"]

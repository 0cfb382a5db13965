"""With DATABASE_URL unset the project runs its own PostgreSQL from var/pgdata."""

import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 13), reason="pgserver is installed only for Python < 3.13"
)

PRINT_SERVER = (
    "from django.db import connection; "
    "cursor = connection.cursor(); "
    "cursor.execute('select version()'); "
    "print(cursor.fetchone()[0]); "
    "print(connection.settings_dict['HOST'])"
)


@pytest.fixture
def var_dir():
    """An empty folder for the server's var/, outside pytest's own temporary root: pytest
    keeps that root private to its user (0700) and restores that mode whenever a pytest
    process starts, while the server runs as the system user ``pgserver`` when the suite
    runs as root and must be able to reach its data folder."""
    with tempfile.TemporaryDirectory(prefix="pcc-embedded-") as folder:
        yield Path(folder) / "var"


def manage(var_dir, *args):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update({"DEBUG": "on", "PCC_VAR_DIR": str(var_dir)})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_embedded_postgresql_starts_from_an_empty_var_dir_for_two_processes_at_once(var_dir):
    assert not var_dir.exists()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: manage(var_dir, "shell", "-c", PRINT_SERVER), range(2)))

    for result in results:
        assert result.returncode == 0, result.stderr
        assert "PostgreSQL" in result.stdout
    assert (var_dir / "pgdata" / "PG_VERSION").exists()
    hosts = {result.stdout.strip().splitlines()[-1] for result in results}
    assert len(hosts) == 1, "both processes must share one server"


def test_embedded_postgresql_keeps_its_data_for_the_next_run(var_dir):

    migrate = manage(var_dir, "migrate", "--no-input")
    assert migrate.returncode == 0, migrate.stderr

    showmigrations = manage(var_dir, "showmigrations", "pcc_portal")
    assert showmigrations.returncode == 0, showmigrations.stderr
    assert "[X] 0002_roles" in showmigrations.stdout

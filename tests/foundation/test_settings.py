import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def run_manage(*args, env_overrides, timeout=120):
    unset = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_project_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_manage("check", env_overrides={"DEBUG": "off"})

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_deploy_checks_are_clean_under_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DEBUG": "off",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "decisions.example.org",
            "CSRF_TRUSTED_ORIGINS": "https://decisions.example.org",
        },
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_database_url_that_is_not_postgresql_is_refused():
    result = run_manage(
        "check", env_overrides={"DEBUG": "on", "DATABASE_URL": "sqlite:///var/nope.sqlite3"}
    )

    assert result.returncode != 0
    assert "DATABASE_URL must point to a PostgreSQL server" in result.stderr


@pytest.mark.django_db
def test_the_database_is_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"

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


def test_the_workers_of_one_server_share_one_cache(tmp_path):
    """Every gunicorn worker is a process: what one builds and caches, the next reads."""
    env = {"DEBUG": "on", "PCC_VAR_DIR": str(tmp_path), "DATABASE_URL": "postgres://x@localhost/x"}
    write = run_manage(
        "shell",
        "-c",
        "from django.core.cache import cache; cache.set('built', 'once')",
        env_overrides=env,
    )
    assert write.returncode == 0, write.stderr
    read = run_manage(
        "shell",
        "-c",
        "from django.core.cache import caches; "
        "print(type(caches['default']).__name__, caches['default'].get('built'))",
        env_overrides=env,
    )
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip().splitlines()[-1] == "FileBasedCache once"
    assert (tmp_path / "cache").is_dir()


def test_a_cache_server_is_chosen_with_cache_url():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        env_overrides={
            "DEBUG": "on",
            "DATABASE_URL": "postgres://x@localhost/x",
            "CACHE_URL": "locmemcache://",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.core.cache.backends.locmem.LocMemCache"

"""The embedded PostgreSQL used when ``DATABASE_URL`` is unset.

A fresh machine needs no database install: the pip package ``pgserver`` ships the
PostgreSQL binaries, and this module starts a server with its data in ``var/pgdata``
(or ``$PCC_VAR_DIR/pgdata``). pgserver takes an inter-process lock around start-up
and keeps a list of the processes using the server, so runserver's reloader, a second
terminal and pytest can all start at once and share one server; the last process to
exit stops it. The server listens only on a Unix socket.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    return Path(os.environ.get("PCC_VAR_DIR", BASE_DIR / "var")).resolve()


def database_settings() -> dict:
    """Start (or join) the embedded server and return Django's DATABASES entry for it."""
    try:
        import pgserver
    except ImportError as exc:  # pragma: no cover - depends on the Python version
        raise RuntimeError(
            "DATABASE_URL is unset and the embedded PostgreSQL (pip package 'pgserver') is not "
            "installed. Set DATABASE_URL to a PostgreSQL server, or use Python 3.11 or 3.12."
        ) from exc

    pgdata = var_dir() / "pgdata"
    # pgserver checks for the folder and then creates it, so two processes starting
    # from an empty var/ at once can both see it missing; the loser's mkdir fails.
    # Creating it here first, tolerating a folder that is already there, closes that race
    # (pgserver then runs initdb under its own inter-process lock).
    pgdata.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port),
        "CONN_MAX_AGE": 0,
    }

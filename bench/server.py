"""Shared by ``bench/run.py`` and ``bench/load.py``: the site served by gunicorn on a
free local port, timed HTTP requests, percentiles, and the results file.

The server runs as in production (``DEBUG`` off, 2 sync workers, persistent database
connections) against the benchmark database, with a throwaway ``SECRET_KEY``, no HTTPS
redirect (it is plain HTTP on 127.0.0.1) and the API's anonymous throttle raised: every
benchmark request comes from one address, which the production limit of 120 a minute
would refuse.
"""

import datetime
import http.client
import math
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/pcc_bench"
MEDIA_ROOT = ROOT / "var" / "bench-media"
STATIC_ROOT = ROOT / "var" / "bench-static"  # empty: WhiteNoise serves from the finders
RESULTS = ROOT / "bench" / "RESULTS.md"


def site_environment(database_url: str, *, hosts: str = "127.0.0.1") -> dict:
    """The environment the benchmarked site runs with."""
    return {
        "DEBUG": "off",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": hosts,
        "SECURE_SSL_REDIRECT": "off",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        "API_ANON_RATE": "1000000/minute",
        "MEDIA_ROOT": str(MEDIA_ROOT),
        "STATIC_ROOT": str(STATIC_ROOT),
        "LOG_LEVEL": "ERROR",
    }


def setup_django(database_url: str) -> None:
    """Django in this process, on the benchmark database (for query counts, PDFs)."""
    os.environ.update(site_environment(database_url, hosts="127.0.0.1,testserver"))
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pcc_portal.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _exit_on_sigterm(signum, frame):
    raise SystemExit(f"Stopped by signal {signum}.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``with Server(url) as server:`` serves the site at ``server.port`` until the end."""

    def __init__(self, database_url: str, *, workers: int = 2):
        self.database_url = database_url
        self.workers = workers
        self.port = free_port()
        self.process = None

    def __enter__(self):
        MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        # Stopped with SIGTERM (kill), the benchmark still stops its server.
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "pcc_portal.wsgi",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
        ]
        environment = {**os.environ, **site_environment(self.database_url)}
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped with exit code {self.process.returncode}.")
            if get(self.port, "/robots.txt", timeout=5).status == 200:
                return self
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer within 60 seconds.")

    def __exit__(self, *exc_info):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # quick shutdown: drop queued requests
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Response:
    status: int
    seconds: float
    size: int
    headers: dict = field(default_factory=dict)


def get(port: int, path: str, headers: dict | None = None, timeout: float = 60) -> Response:
    """One GET on a new connection (gunicorn's sync workers close each one), timed from
    connecting to the last byte of the body. A request that fails (refused, timed out,
    cut short) has status 0 and the error's name in ``headers["error"]``."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return Response(
            response.status,
            time.perf_counter() - started,
            len(body),
            {name.lower(): value for name, value in response.getheaders()},
        )
    except (OSError, http.client.HTTPException) as error:
        return Response(0, time.perf_counter() - started, 0, {"error": type(error).__name__})
    finally:
        connection.close()


def percentile(values, fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` 0.95 for p95) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def machine() -> str:
    """Cores, memory and CPU model of this machine, from /proc."""
    memory = "unknown memory"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s+(\d+) kB", meminfo.read_text())
        if found:
            memory = f"{int(found.group(1)) / 1024 / 1024:.1f} GiB memory"
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        if found:
            model = found.group(1).strip()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), {memory}; load average before the run {load}"


def commit() -> str:
    try:
        short = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{short} (with uncommitted changes)" if changed else short


def heading(title: str) -> str:
    now = datetime.datetime.now().astimezone()
    return (
        f"### {title}\n\n"
        f"- Date: {now:%Y-%m-%d %H:%M %Z}\n"
        f"- Machine: {machine()}\n"
        f"- Commit: {commit()}\n"
    )


def write_section(label: str, text: str, path: Path = RESULTS) -> None:
    """Put ``text`` in ``path`` between the markers of ``label``, replacing what an earlier
    run with the same label wrote and keeping everything else."""
    start, end = f"<!-- bench:{label} -->", f"<!-- /bench:{label} -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _: block, current)
    else:
        updated = current.rstrip() + "\n\n" + block + "\n"
    path.write_text(updated, encoding="utf-8")

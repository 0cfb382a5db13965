"""A load test: 50 clients at once for 60 seconds against a mix of public pages.

Serves the site with gunicorn (2 workers, as ``bench/run.py`` does) on 127.0.0.1 and
runs 50 threads, each requesting one page after another (no think time) from a mix like
a busy news day's: the home page, the decisions register (browsed, searched and
filtered), decision pages, the API, the contracts and grants registers and the meetings.
Reports requests, errors (any answer but 200, or no answer), throughput and latency
percentiles, and writes them to ``bench/RESULTS.md`` under ``--label``.

    .venv/bin/python bench/load.py [--database-url URL] [--clients 50] [--seconds 60]
"""

import argparse
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import server  # noqa: E402 - bench/ is not a package

SEARCHES = ["service", "accommodation", "probation", "victims", "domestic abuse", "funding"]


def page_mix() -> list[tuple[str, int]]:
    """(path, weight) of the pages the clients request."""
    from generate import project_names

    from board.models import Meeting
    from decisions import pdf
    from decisions.models import DecisionRecord
    from pcc_portal.models import Office

    published = DecisionRecord.objects.published().select_related("office")
    # Publication stores each decision's signed PDF (workflow.publish); bulk-generated
    # records have none yet, so the ones visited are stored first.
    records = list(published.order_by("-published_at", "pk")[:40])
    for record in records:
        pdf.published_pdf(record)
    meetings = list(Meeting.objects.public().minutes_approved().order_by("-date")[:10])
    offices = list(Office.objects.order_by("pk"))
    names = sorted(project_names())[:20]
    mix = [("/", 10), ("/decisions/", 15), ("/decisions/?page=2", 4)]
    mix += [(f"/decisions/?q={word.replace(' ', '+')}", 3) for word in SEARCHES]
    mix += [(f"/decisions/?q={name}", 1) for name in names]
    mix += [(f"/decisions/?office={office.slug}", 2) for office in offices]
    mix += [(f"/decisions/?year={year}", 1) for year in range(2010, 2026, 3)]
    mix += [(record.get_absolute_url(), 1) for record in records]
    mix += [("/api/decisions/", 4), (f"/api/decisions/{records[0].slug}/", 2)]
    mix += [("/contracts/", 6), ("/grants/", 6), ("/meetings/", 5)]
    mix += [(meeting.get_absolute_url(), 1) for meeting in meetings]
    return mix


def run_load(port: int, mix, clients: int, seconds: float, seed: int) -> dict:
    paths = [path for path, _ in mix]
    weights = [weight for _, weight in mix]
    latencies, statuses, failures = [], Counter(), Counter()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(number):
        rng = random.Random(seed + number)
        while time.monotonic() < stop_at:
            path = rng.choices(paths, weights)[0]
            response = server.get(port, path, timeout=30)
            with lock:
                latencies.append(response.seconds)
                statuses[response.status] += 1
                if response.status == 0:
                    failures[f"{response.headers['error']} {path}"] += 1
                elif response.status != 200:
                    failures[f"HTTP {response.status} {path}"] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(number,)) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies)
        + sum(count for name, count in failures.items() if not name.startswith("HTTP")),
        "elapsed": elapsed,
        "throughput": len(latencies) / elapsed,
        "p50": server.percentile(latencies, 0.5) * 1000,
        "p95": server.percentile(latencies, 0.95) * 1000,
        "p99": server.percentile(latencies, 0.99) * 1000,
        "max": max(latencies) * 1000 if latencies else 0,
        "statuses": dict(statuses),
        "failures": dict(failures),
    }


def report(result: dict, clients: int, seconds: float) -> str:
    errors = sum(result["failures"].values())
    lines = [
        f"{clients} clients for {seconds:g} s, no think time, {result['requests']:,} requests "
        f"in {result['elapsed']:.1f} s.",
        "",
        "| Requests | Errors | Req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {result['requests']:,} | {errors} | {result['throughput']:,.1f} "
        f"| {result['p50']:,.0f} | {result['p95']:,.0f} | {result['p99']:,.0f} "
        f"| {result['max']:,.0f} |",
    ]
    if result["failures"]:
        lines += [
            "",
            "Errors: "
            + "; ".join(f"{name}: {count}" for name, count in result["failures"].items()),
        ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=server.DEFAULT_DATABASE_URL)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--label", default="load-latest", help="section of bench/RESULTS.md")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 600:
        parser.error("--seconds must be more than 0 and at most 600.")

    head = server.heading(f"{args.label}: load test")
    server.setup_django(args.database_url)
    mix = page_mix()
    with server.Server(args.database_url) as site:
        for path, _ in mix:  # warm up each page once
            server.get(site.port, path)
        result = run_load(site.port, mix, args.clients, args.seconds, args.seed)
    text = report(result, args.clients, args.seconds)
    print(text)
    if not args.no_write:
        server.write_section(args.label, f"{head}\n{text}\n")


if __name__ == "__main__":
    main()

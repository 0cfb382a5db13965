"""The benchmark of DESIGN.md's performance targets, on the data of ``bench/generate.py``.

Serves the site with gunicorn (2 workers, DEBUG off) and measures p50 and p95 latency
and throughput of the public pages (a bounded number of requests each, a few at a time),
then, in this process, the SQL queries each list page makes at page sizes 20 and 100 and
on its last page, the render and signature of a decision's PDF, and a 150-page agenda
pack. Prints one table and writes it to ``bench/RESULTS.md`` under ``--label``.

    .venv/bin/python bench/run.py [--database-url URL] [--label after] [--requests 200]

Targets: list and search pages p95 < 100 ms; queries independent of page size; PDF
render and sign < 1 s; 150-page pack < 20 s; every page a reader meets more than once
(lists, home, record pages), served as the public meets it, within 3x of a trivial
view's p95. The trivial view (``/robots.txt``: no query, no template) is the floor of
what any request costs on this machine at this moment; it is measured first, in the
middle and last, so a machine busy with something else shows in the floor too.

Latency is measured with as many requests at a time as the server has workers (2, the
default ``--concurrency``): every request has a worker, and the machine's 2 cores are
already fully busy with the workers and PostgreSQL (the throughput is the same as with
more at a time). With more at a time than workers, the rest wait in gunicorn's queue and
each request's time includes another's: ``--concurrency 4`` shows that (about twice a
request's own time), and ``bench/load.py`` the site under 50 clients.
"""

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import server  # noqa: E402 - bench/ is not a package

COMMON_WORD = "service"


@dataclass
class Page:
    """A public page measured over HTTP, and (for a list) its query counts."""

    label: str
    paths: list
    list_view: str = ""  # module whose PAGE_SIZE is the page size, or "api"
    requests: int = 0
    revalidate: bool = False
    target: bool = True  # under the 100 ms p95 target
    # Each request a new address (an extra parameter the page ignores), so none is served
    # from the page cache: what a search nobody has made yet costs.
    fresh: bool = False
    # A page kept in the page cache (every list is): measured again as a first view.
    page_cached: bool = False
    # The trivial view: what the other pages are compared with.
    floor: bool = False
    results: dict = field(default_factory=dict)


def choose_pages(requests: int) -> list[Page]:
    """The pages to measure, picked from the benchmark data."""
    from django.contrib.postgres.search import SearchQuery
    from django.db.models import Count
    from generate import project_names

    from board.models import Meeting
    from commissioning.models import Contract
    from decisions.models import SEARCH_CONFIG, DecisionRecord
    from grants.models import GrantAward
    from pcc_portal.models import Office

    published = DecisionRecord.objects.published()
    # Rare: in at most one record in 1,250 (40 of 50,000), whatever the --scale of the data.
    most = max(40, published.count() // 1250)
    rare = next(
        name
        for name in sorted(project_names())
        if 3
        <= published.filter(search_vector=SearchQuery(name, config=SEARCH_CONFIG)).count()
        <= most
    )
    decisions = list(
        published.filter(section_b_published=True)
        .annotate(sections=Count("report_sections"))
        .filter(sections__gte=4)
        .order_by("pk")
        .values_list("slug", flat=True)[:10]
    )
    office = Office.objects.order_by("pk").first()
    year = published.filter(office=office).dates("approved_on", "year").last().year - 5
    meetings = [
        meeting.slug
        for meeting in Meeting.objects.public()
        .minutes_approved()
        .filter(board__slug__endswith="spa-board")
        .order_by("-date")[:5]
    ]
    contract = Contract.objects.published().order_by("pk").first()
    award = GrantAward.objects.published().order_by("pk").first()
    downloads = max(2, requests // 20)
    return with_first_views(
        [
            Page("home", ["/"], requests=requests, target=False, page_cached=True),
            Page("decisions list", ["/decisions/"], "decisions", requests),
            Page(
                f'decisions search, common word "{COMMON_WORD}"',
                [f"/decisions/?q={COMMON_WORD}"],
                "decisions",
                requests,
            ),
            Page(
                f'decisions search, rare word "{rare}"',
                [f"/decisions/?q={rare}"],
                "decisions",
                requests,
            ),
            Page(
                "decisions filtered (office, year, amount, sort)",
                [f"/decisions/?office={office.slug}&year={year}&amount_min=10000&sort=amount-high"],
                "decisions",
                requests,
            ),
            Page(
                "decision page",
                [f"/decisions/{slug}/" for slug in decisions],
                requests=requests,
                target=False,
                page_cached=True,
            ),
            Page("API decisions list", ["/api/decisions/"], "api", requests),
            Page(
                "API decision detail",
                [f"/api/decisions/{slug}/" for slug in decisions],
                requests=requests,
                target=False,
            ),
            Page("contracts list", ["/contracts/"], "commissioning", requests),
            Page("API contracts list", ["/api/contracts/"], "api", requests),
            Page(
                "contract page",
                [contract.get_absolute_url()],
                requests=requests,
                target=False,
                page_cached=True,
            ),
            Page("grants list", ["/grants/"], "grants", requests),
            Page("API grants list", ["/api/grants/"], "api", requests),
            Page(
                "grant award page",
                [award.get_absolute_url()],
                requests=requests,
                target=False,
                page_cached=True,
            ),
            Page("meetings list", ["/meetings/"], "board", requests),
            Page(
                "meeting page",
                [f"/meetings/{slug}/" for slug in meetings],
                requests=requests,
                target=False,
                page_cached=True,
            ),
            Page("decisions.csv (open data)", ["/decisions.csv"], requests=downloads, target=False),
            Page(
                "decisions.json (open data)", ["/decisions.json"], requests=downloads, target=False
            ),
            Page(
                "decisions.csv, revalidated (If-None-Match)",
                ["/decisions.csv"],
                requests=requests,
                revalidate=True,
                target=False,
            ),
            Page("grants.csv (open data)", ["/grants.csv"], requests=downloads, target=False),
            Page("contracts.csv (open data)", ["/contracts.csv"], requests=downloads, target=False),
            Page("meetings.csv (open data)", ["/meetings.csv"], requests=downloads, target=False),
        ]
    )


def with_floor(pages: list[Page], requests: int) -> list[Page]:
    """``pages`` with the trivial view measured first, in the middle and last."""

    def floor(where):
        return Page(
            f"trivial view (/robots.txt), {where}",
            ["/robots.txt"],
            requests=requests,
            target=False,
            floor=True,
        )

    middle = len(pages) // 2
    return [floor("first"), *pages[:middle], floor("middle"), *pages[middle:], floor("last")]


def met_reader_target(page: Page) -> bool:
    """A page a reader meets more than once, as the public meets it: compared with the
    trivial view."""
    return (page.list_view or page.page_cached) and not page.fresh


def with_first_views(pages: list[Page]) -> list[Page]:
    """After each list (served from the page cache once built) and each page kept in the
    page cache, the same page as a new address every request: built each time, as a
    search nobody has made yet."""
    result = []
    for page in pages:
        result.append(page)
        if page.list_view or page.page_cached:  # every list, the API lists included
            result.append(
                Page(
                    f"{page.label} (first view, not cached)",
                    page.paths,
                    requests=page.requests,
                    target=page.target,
                    fresh=True,
                )
            )
    return result


def prepare_decision_pdfs(pages: list[Page]) -> None:
    """Store the signed PDFs of the decision pages visited, as publication does
    (``workflow.publish`` stores it when the record is published), so the pages are
    measured as the public meets them, not as the first visit after a bulk import."""
    from decisions import pdf
    from decisions.models import DecisionRecord

    slugs = [
        path.split("/")[2]
        for page in pages
        if page.label.startswith(("decision page", "API decision"))
        for path in page.paths
    ]
    for record in (
        DecisionRecord.objects.published().select_related("office").filter(slug__in=slugs)
    ):
        pdf.published_pdf(record)


def measure_http(port: int, page: Page, concurrency: int) -> None:
    headers = {}
    if page.revalidate:
        first = server.get(port, page.paths[0])
        if "etag" in first.headers:
            headers["If-None-Match"] = first.headers["etag"]
        if "last-modified" in first.headers:
            headers["If-Modified-Since"] = first.headers["last-modified"]
    for path in page.paths:  # warm up: caches, connections, templates
        for attempt in range(2):
            server.get(port, f"{path}{'&' if '?' in path else '?'}warm={attempt}", headers)
            server.get(port, path, headers)

    run = random.randrange(10**9)

    def address(index):
        path = page.paths[index % len(page.paths)]
        if not page.fresh:
            return path
        return f"{path}{'&' if '?' in path else '?'}fresh={run}-{index}"

    def one(index):
        return server.get(port, address(index), headers)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        responses = list(pool.map(one, range(page.requests)))
    elapsed = time.perf_counter() - started
    seconds = [response.seconds for response in responses]
    counts = Counter(response.status or "failed" for response in responses)
    statuses = ", ".join(f"{status} ×{count}" for status, count in sorted(counts.items(), key=str))
    page.results.update(
        p50=server.percentile(seconds, 0.5) * 1000,
        p95=server.percentile(seconds, 0.95) * 1000,
        throughput=len(responses) / elapsed,
        statuses=statuses,
        size=statistics.mean(response.size for response in responses),
    )


def count_queries(page: Page) -> None:
    """Queries of the page's first page at page sizes 20 and 100, and of its last page."""
    from unittest import mock

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.pagination import PageNumberPagination

    client = Client()

    def run(path, size):
        if page.list_view == "api":
            patch = mock.patch.object(PageNumberPagination, "page_size", size)
        else:
            patch = mock.patch(f"{page.list_view}.views.PAGE_SIZE", size)
        cache.clear()  # counted with nothing cached: the most a page can make
        with patch, CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} in process.")
        return response, len(queries)

    path = page.paths[0]
    response, page.results["queries_20"] = run(path, 20)
    _, page.results["queries_100"] = run(path, 100)
    if page.list_view == "api":
        last = max(1, -(-response.json()["count"] // 20))
    else:
        page_obj = response.context["page_obj"]
        last = page_obj.paginator.num_pages
    joiner = "&" if "?" in path else "?"
    _, page.results["queries_last"] = run(f"{path}{joiner}page={last}", 20)
    page.results["last_page"] = last


def count_detail_queries(page: Page) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.paths[0])
    if response.status_code != 200:
        raise RuntimeError(f"{page.paths[0]} answered {response.status_code} in process.")
    page.results["queries_20"] = len(queries)


def measure_pdf(runs: int = 10) -> dict:
    """Render and sign the PDF of the published decision with the longest report."""
    from django.db.models import Sum
    from django.db.models.functions import Length
    from pypdf import PdfReader

    from decisions import pdf
    from decisions.models import DecisionRecord

    record = (
        DecisionRecord.objects.published()
        .filter(section_b_published=True)
        .annotate(words=Sum(Length("report_sections__body")))
        .order_by("-words", "pk")
        .select_related("office")
        .first()
    )
    pdf.signed_pdf(record)  # fonts and the certificate load once per process
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        content = pdf.signed_pdf(record)
        seconds.append(time.perf_counter() - started)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    return {
        "label": f"decision PDF render and sign ({pages} pages, {record.reference})",
        "runs": runs,
        "median": statistics.median(seconds),
        "max": max(seconds),
        "target": 1.0,
    }


APPENDIX_STYLE = "@page { size: A4; margin: 2cm } body { font: 11pt sans-serif }"
STANDING_ITEMS = [
    ("1", "Apologies", "apologies"),
    ("2", "Declarations of interest", "declarations"),
    ("3", "Review of actions", "actions"),
]


def appendix_pdf(text, title: str, pages: int) -> bytes:
    """A PDF of about ``pages`` A4 pages of text, as an uploaded appendix."""
    from weasyprint import HTML

    paragraphs = "".join(
        f"<p>{paragraph}</p>" for paragraph in text.paragraphs(pages * 520, text.topic())
    )
    return HTML(string=f"<style>{APPENDIX_STYLE}</style><h1>{title}</h1>{paragraphs}").write_pdf()


def pack_meeting(text, *, reports: int, appendix_pages: int, words: int):
    """A published agenda of the standing items, ``reports`` reports of about ``words``
    words with an appendix each, and the decisions log, after the first board's last
    meeting."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone
    from generate import report_body

    from board.models import AgendaItem, Appendix, Board, Meeting, Report

    board = Board.objects.filter(slug__endswith="spa-board").order_by("pk").first()
    last = Meeting.objects.filter(board=board).order_by("-date").first()
    day = last.date + datetime.timedelta(days=364)
    meeting = Meeting.objects.create(
        board=board,
        date=day,
        start_time=datetime.time(14),
        is_virtual=True,
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=timezone.now(),
    )
    for number, title, kind in STANDING_ITEMS:
        AgendaItem.objects.create(meeting=meeting, number=number, title=title, kind=kind)
    for index in range(reports):
        number = str(index + 4)
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            title=f"Assurance report {index + 1}",
            kind="report",
            presenter="Chief Constable",
        )
        report = Report.objects.create(
            agenda_item=item,
            title=item.title,
            report_by="Chief Constable",
            date=day,
            purpose=text.sentences(40, text.topic()),
            recommendations="To take assurance.",
            attachments="Appendix A",
            body=report_body(text.paragraphs(words, text.topic()), text.rng),
        )
        title = f"Appendix A to item {number}"
        Appendix.objects.create(
            report=report,
            position=1,
            title=title,
            file=ContentFile(appendix_pdf(text, title, appendix_pages), name="appendix-a.pdf"),
        )
    AgendaItem.objects.create(
        meeting=meeting,
        number=str(reports + 4),
        title="Decisions taken but not yet reported",
        kind="decisions_log",
    )
    return meeting


def measure_pack(reports: int = 10, appendix_pages: int = 12, words: int = 1500) -> dict:
    """Build the agenda pack of a meeting of about 150 pages (made here, rolled back)."""
    from django.db import transaction
    from django.test import override_settings
    from generate import Text
    from pypdf import PdfReader

    from board import pack

    text = Text(random.Random(150))
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        meeting = pack_meeting(text, reports=reports, appendix_pages=appendix_pages, words=words)
        started = time.perf_counter()
        content = pack.build(meeting)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    return {
        "label": f"agenda pack ({pages} pages, {reports} reports with appendices)",
        "runs": 1,
        "median": seconds,
        "max": seconds,
        "target": 20.0,
    }


def milliseconds(value):
    return "" if value is None else f"{value:,.0f}"


COLUMNS = [
    "Measure",
    "Requests",
    "p50 ms",
    "p95 ms",
    "Req/s",
    "Status",
    "Queries p.1 (20)",
    "Queries p.1 (100)",
    "Queries last page",
    "Target met",
]
ALIGN = ["---", "---:", "---:", "---:", "---:", "---", "---:", "---:", "---:", "---"]


def row(*cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def target_met(page: Page, floor_p95: float | None) -> str:
    """ "yes"/"NO" against the 100 ms p95 target, against 3x the trivial view's p95 for a
    page a reader meets more than once, and whether the queries stay flat."""
    result = page.results
    verdicts = []
    if page.target and "p95" in result:
        verdicts.append("yes" if result["p95"] < 100 else "NO")
    if floor_p95 and met_reader_target(page) and "p95" in result:
        ratio = result["p95"] / floor_p95
        verdicts.append(f"{ratio:.1f}x floor " + ("yes" if ratio <= 3 else "NO"))
    if "queries_100" in result:
        same = result["queries_20"] == result["queries_100"] == result["queries_last"]
        verdicts.append("queries flat" if same else "QUERIES GROW")
    return ", ".join(verdicts)


def floor_p95(pages: list[Page]) -> float | None:
    """The median of the trivial view's p95 measurements in this run."""
    measured = [page.results["p95"] for page in pages if page.floor and "p95" in page.results]
    return statistics.median(measured) if measured else None


def table(pages: list[Page], timings: list[dict]) -> str:
    floor = floor_p95(pages)
    lines = [row(*COLUMNS), row(*ALIGN)]
    for page in pages:
        result = page.results
        last = result.get("queries_last", "")
        if "last_page" in result:
            last = f"{last} (p. {result['last_page']})"
        lines.append(
            row(
                page.label,
                page.requests,
                milliseconds(result.get("p50")),
                milliseconds(result.get("p95")),
                f"{result.get('throughput', 0):,.1f}",
                result.get("statuses", ""),
                result.get("queries_20", ""),
                result.get("queries_100", ""),
                last,
                target_met(page, floor),
            )
        )
    for timing in timings:
        if not timing["runs"]:
            lines.append(row(timing["label"], *[""] * 8, "NO"))
            continue
        met = "yes" if timing["median"] < timing["target"] else "NO"
        lines.append(
            row(
                timing["label"],
                f"{timing['runs']} runs",
                f"{timing['median'] * 1000:,.0f} (median)",
                f"{timing['max'] * 1000:,.0f} (max)",
                *[""] * 5,
                f"{met} (< {timing['target']:g} s)",
            )
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=server.DEFAULT_DATABASE_URL)
    parser.add_argument("--label", default="latest", help="section of bench/RESULTS.md to write")
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument(
        "--concurrency", type=int, default=2, help="requests at a time (default: one a worker)"
    )
    parser.add_argument("--only", default="", help="measure only pages whose label contains this")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF and pack timings")
    parser.add_argument("--no-write", action="store_true", help="print, do not write RESULTS.md")
    args = parser.parse_args(argv)

    title = f"{args.label} ({args.requests} requests a page, {args.concurrency} at a time)"
    head = server.heading(title)
    server.setup_django(args.database_url)
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the in-process client see each response's context
    pages = with_floor(
        [page for page in choose_pages(args.requests) if args.only in page.label], args.requests
    )
    prepare_decision_pdfs(pages)
    with server.Server(args.database_url) as site:
        for page in pages:
            measure_http(site.port, page, args.concurrency)
            result = page.results
            print(
                f"{page.label:<55} p50 {result['p50']:7.0f} ms  p95 {result['p95']:7.0f} ms  "
                f"{result['throughput']:6.1f}/s  {result['statuses']}",
                flush=True,
            )
    for page in pages:
        try:
            if page.list_view:
                count_queries(page)
            elif not page.revalidate and page.target is False and page.requests > 10:
                count_detail_queries(page)
        except Exception as error:  # noqa: BLE001 - a failed count is reported, not fatal
            page.results["queries_20"] = f"failed: {error}"
    timings = []
    if not args.no_pdf:
        for measure in (measure_pdf, measure_pack):
            try:
                timings.append(measure())
            except Exception as error:  # noqa: BLE001 - reported in the table
                timings.append({"label": f"{measure.__name__} failed: {error}", "runs": 0})
            print(timings[-1], flush=True)
    output = table(pages, timings)
    print()
    print(output)
    if not args.no_write:
        server.write_section(args.label, f"{head}\n{output}\n")
        print(f"\nWritten to {server.RESULTS.relative_to(server.ROOT)} under “{args.label}”.")


if __name__ == "__main__":
    main()

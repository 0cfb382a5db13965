"""How long a decision record's PDF takes to render (WeasyPrint) and sign (pyHanko).

Uses the database named by DATABASE_URL (or the embedded one) and its first published
decision record, so load the demo first (``python manage.py seed_demo``). Prints the
first (cold) call, then minimum, median and maximum over 10 runs; the target in
DESIGN.md is under 1 s for render and sign together. Nothing is stored: this calls
``render_pdf`` and ``signed_pdf``, not the cache.

    .venv/bin/python bench/pdf_render.py
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

RUNS = 10


def timed(function, runs):
    seconds = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def milliseconds(seconds):
    return f"{seconds * 1000:7.0f} ms"


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcc_portal.settings")
    import django

    django.setup()

    from pypdf import PdfReader

    from decisions import pdf
    from decisions.models import DecisionRecord

    record = DecisionRecord.objects.published().select_related("office").order_by("pk").first()
    if record is None:
        print("No published decision record in this database: run `manage.py seed_demo` first.")
        return 1

    cold, _ = timed(lambda: pdf.signed_pdf(record), 1)
    render, unsigned = timed(lambda: pdf.render_pdf(record), RUNS)
    render_and_sign, signed = timed(lambda: pdf.signed_pdf(record), RUNS)

    pages = len(PdfReader(io.BytesIO(signed)).pages)
    print(f"Decision {record.reference} ({record.office.area}): {record.title}")
    print(
        f"{pages} pages, {len(unsigned) / 1024:.0f} KB unsigned, {len(signed) / 1024:.0f} KB signed"
    )
    print(f"first call (fonts and certificate loaded): {milliseconds(cold[0])}")
    print(f"{'':24}{'min':>10}{'median':>10}{'max':>10}   ({RUNS} runs)")
    for label, seconds in (("render", render), ("render and sign", render_and_sign)):
        print(
            f"{label:24}{milliseconds(min(seconds))}"
            f"{milliseconds(statistics.median(seconds))}{milliseconds(max(seconds))}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

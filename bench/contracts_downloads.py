"""How long the whole-register contracts downloads take to build: contracts.csv,
contracts.json and the OCDS release package (``commissioning.open_data``).

Uses the database named by DATABASE_URL (or the embedded one). Adds ``--contracts``
published contracts (default 500), each with an extension taken, a measure and two years
of co-funding shared 51/49 between two of 20 partners, inside a transaction that is rolled
back, so nothing is kept. Each file is built once to warm up, then ``--runs`` times;
prints the minimum and median build time, the queries of one build and the file's size.
The files are built by calling the build functions, not through the register cache.

    DEBUG=on DATABASE_URL=... .venv/bin/python bench/contracts_downloads.py [--contracts 500]
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path


class RollBackError(Exception):
    """Raised to roll back the contracts the benchmark added."""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcc_portal.settings")
    import django

    django.setup()

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from commissioning import open_data
    from commissioning.models import Contract, ContractMeasure
    from tests.commissioning.factories import (
        ContractExtensionFactory,
        ContractPublishedFactory,
        FundingShareFactory,
        FundingYearFactory,
        OrganisationFactory,
    )

    try:
        with transaction.atomic():
            partners = [OrganisationFactory() for _ in range(20)]
            for number in range(arguments.contracts):
                contract = ContractPublishedFactory(
                    title=f"Benchmark contract {number:05}", slug=f"benchmark-contract-{number}"
                )
                ContractExtensionFactory(contract=contract)
                ContractMeasure.objects.create(
                    contract=contract, name="Referrals", value=number, period="2021/22"
                )
                for financial_year in (2021, 2022):
                    FundingYearFactory(contract=contract, financial_year=financial_year)
                    for partner, percentage, amount in (
                        (partners[number % 20], "51", "25841.18"),
                        (partners[(number + 1) % 20], "49", "24827.81"),
                    ):
                        FundingShareFactory(
                            contract=contract,
                            financial_year=financial_year,
                            partner=partner,
                            percentage=Decimal(percentage),
                            amount=Decimal(amount),
                        )
            print(f"{Contract.objects.published().count()} published contracts")
            print(f"{'':22}{'min':>10}{'median':>10}{'queries':>9}{'size':>10}")
            for label, build in (
                ("contracts.csv", open_data._csv),
                ("contracts.json", open_data._json),
                ("contracts-ocds.json", open_data._ocds),
            ):
                build()
                seconds = []
                for _ in range(arguments.runs):
                    # The factories' inserts fill the query log: start each build empty.
                    connection.queries_log.clear()
                    started = time.perf_counter()
                    with CaptureQueriesContext(connection) as queries:
                        body = build()
                    seconds.append(time.perf_counter() - started)
                print(
                    f"{label:22}{min(seconds) * 1000:7.0f} ms"
                    f"{statistics.median(seconds) * 1000:7.0f} ms"
                    f"{len(queries):9}{len(body) / 1024:7.0f} KB"
                )
            raise RollBackError
    except RollBackError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

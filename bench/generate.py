"""Synthetic data at the scale of a shared service, for the benchmarks in ``bench/``.

Fills a SEPARATE database (created if missing, migrated) with, over 20 years and 5
offices:

- 50,000 published decision records (and some unpublished ones in every other state),
  most with a Section B report of realistic length whose words are drawn from the seed
  texts in ``fixtures/decisions.json``, so full-text search meets common words (in nearly
  every record), words of one topic (in a few thousand) and rare project names (in ten
  or so);
- 5,000 contracts with providers, extensions, co-funding partners and shares;
- 5 funds a year per office, their rounds, applications and 20,000 grant awards;
- 500 board meetings with 10 agenda items each, reports, minutes, resolutions, actions
  and the decisions log.

Rows are written with ``bulk_create`` in batches (the workflow functions are bypassed,
but every database constraint holds) and the decisions' search vectors are set with one
UPDATE, with the same expression as ``DecisionRecord.refresh_search_vector``. The same
``--seed`` gives the same data.

    .venv/bin/python bench/generate.py [--database-url URL] [--seed 2026] [--reset]
"""

import argparse
import bisect
import datetime
import itertools
import json
import math
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/pcc_bench"

PUBLISHED_DECISIONS = 50_000
CONTRACTS = 5_000
GRANT_AWARDS = 20_000
MEETINGS = 500
ITEMS_PER_MEETING = 10
YEARS = 20
BATCH = 1_000

# The five offices: the two of the seeds, and three made up for the benchmark. Each has
# its own reference format, so references (and their web addresses) never collide.
OFFICES = [
    ("derbyshire", "Derbyshire", "{seq}/{year}", "Angelique Foster"),
    ("humberside", "Humberside", "{seq}{year}", "Jonathan Evison"),
    ("wessex-vale", "Wessex Vale", "WV{seq:03}/{yy}", "Morgan Ashdown"),
    ("mercia-north", "Mercia North", "DN{seq:02}{yy}", "Priya Castleton"),
    ("anglia-fens", "Anglia Fens", "PCC/{year}/{seq:03}", "Robin Ely"),
]

AWARD_CONDITIONS = (
    "Spent on the activity described; a report of what it achieved is sent to the OPCC."
)
PROJECT_KINDS = [
    "Youth diversion",
    "Safer streets",
    "Victim support",
    "Community watch",
    "Knife crime awareness",
]
REPORT_HEADINGS = ["OVERVIEW", "BACKGROUND", "PERFORMANCE", "FINANCE", "RISKS"]
RECOMMENDATION = (
    "To determine if the PCC can gain assurance that this area of business is being "
    "managed efficiently and effectively."
)
RESOLUTION = (
    "Assurance was taken that this area of business is being managed efficiently and effectively."
)

SYLLABLES = (
    ["Ash", "Brad", "Carl", "Dun", "Elm", "Fern", "Glen", "Hol", "Kel", "Lang"]
    + ["Mar", "Nor", "Oak", "Pen", "Red", "Stan", "Thorn", "Wes", "Yar", "Whin"],
    ["", "brook", "cliffe", "gate", "hurst", "wood", "stone", "bridge", "holme", "thwaite"],
    ["bury", "dale", "field", "ford", "ham", "ley", "mere", "moor", "ton", "wick", "worth"]
    + ["by"],
)


def project_names() -> list[str]:
    """2,400 made-up place-like names (``Kelbrookdale``): the rare words of the corpus."""
    return ["".join(parts) for parts in itertools.product(*SYLLABLES)]


class Text:
    """Sentences of words drawn from the seed decision records.

    Each seed text is a topic: a generated text takes most (70%) of its words from
    one topic (so topic words occur in some thousands of records) and the rest from all
    the seeds, each word as often as it occurs there (so "service" is in nearly all).
    """

    TOKEN = re.compile(r"[A-Za-z0-9£][A-Za-z0-9£,.'’-]*[A-Za-z0-9]|[A-Za-z]")

    def __init__(self, rng: random.Random):
        self.rng = rng
        data = json.loads((ROOT / "fixtures" / "decisions.json").read_text(encoding="utf-8"))
        self.titles = [record["title"] for record in data["records"]]
        sources = []
        # The examples' summaries only say they are examples; their decisions and
        # reports are written like real ones.
        for record in data["records"] + data["examples"]:
            parts = [record.get("decision") or ""]
            if record in data["records"]:
                parts.append(record.get("executive_summary") or "")
            parts += [section["body"] for section in record.get("report_sections", [])]
            words = self.TOKEN.findall(" ".join(parts))
            if len(words) >= 10:
                sources.append(words)
        everything = Counter(self._clean(word) for words in sources for word in words)
        everything.pop("", None)
        self.vocabulary = list(everything)
        total = sum(everything.values())
        self.topics = []
        for words in sources:
            own = Counter(self._clean(word) for word in words)
            own_total = sum(own.values())
            # 70% of a text's words from its topic, 30% from all the seeds.
            weights = [
                0.3 * everything[word] / total + 0.7 * own[word] / own_total
                for word in self.vocabulary
            ]
            self.topics.append(list(itertools.accumulate(weights)))

    @staticmethod
    def _clean(word: str) -> str:
        return word.strip(".,")

    def topic(self) -> int:
        return self.rng.randrange(len(self.topics))

    def words(self, count: int, topic: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self.topics[topic], k=count)

    def sentences(self, count: int, topic: int) -> str:
        """About ``count`` words as sentences of 8 to 28 words."""
        words = self.words(max(count, 4), topic)
        sentences = []
        start = 0
        while start < len(words):
            length = self.rng.randint(8, 28)
            sentence = words[start : start + length]
            sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
            sentences.append(" ".join(sentence) + ".")
            start += length
        return " ".join(sentences)

    def paragraphs(self, count: int, topic: int) -> list[str]:
        """About ``count`` words as paragraphs of 40 to 160 words."""
        paragraphs = []
        while count > 0:
            length = min(count, self.rng.randint(40, 160))
            paragraphs.append(self.sentences(length, topic))
            count -= length
        return paragraphs

    def length(self, median: int, spread: float = 0.6, low: int = 10, high: int = 2000) -> int:
        """A word count from a log-normal distribution, as report sections vary."""
        return max(low, min(high, round(self.rng.lognormvariate(math.log(median), spread))))


def ensure_database(url: str, *, reset: bool) -> None:
    """Create the database ``url`` names (dropping it first with ``reset``)."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name in {"postgres", "template0", "template1"}:
        raise SystemExit(f"Refusing to use the database {name!r}: give a database of its own.")
    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        if reset:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")
    connection.close()


def setup_django(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "off"  # DEBUG would keep every query in memory
    os.environ.setdefault("SECRET_KEY", "bench-generate-throwaway-secret-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "pcc_portal.settings"
    import django

    django.setup()


class Clock:
    """Prints how long each part took."""

    def __init__(self):
        self.started = time.perf_counter()
        self.parts = []

    def part(self, label, function, *args):
        started = time.perf_counter()
        summary = function(*args)
        seconds = time.perf_counter() - started
        self.parts.append((label, seconds))
        print(f"{label:<28}{seconds:8.1f} s   {summary}", flush=True)

    def total(self):
        print(f"{'total':<28}{time.perf_counter() - self.started:8.1f} s")


def batched(iterable, size=BATCH):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def pounds(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def aware(day: datetime.date, hour: int = 12):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def random_day(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


class Generator:
    def __init__(self, seed: int, scale: float = 1.0):
        from django.utils import timezone

        self.published_total = round(PUBLISHED_DECISIONS * scale)
        self.contract_total = round(CONTRACTS * scale)
        self.award_total = round(GRANT_AWARDS * scale)
        self.meeting_total = max(10, round(MEETINGS * scale))
        self.rng = random.Random(seed)
        self.text = Text(self.rng)
        self.names = project_names()
        self.rng.shuffle(self.names)
        self.today = timezone.localdate()
        self.years = list(range(self.today.year - YEARS + 1, self.today.year + 1))
        self.first_day = datetime.date(self.years[0], 1, 1)

    def project_name(self) -> str:
        return self.rng.choice(self.names)

    # Offices and categories ------------------------------------------------------------

    def offices(self):
        from decisions.models import DecisionCategory
        from pcc_portal.models import Office

        seeds = json.loads((ROOT / "fixtures" / "offices.json").read_text(encoding="utf-8"))
        headings = {item["fields"]["slug"]: item["fields"] for item in seeds}
        categories = json.loads((ROOT / "fixtures" / "decisions.json").read_text("utf-8"))
        category_seeds = [item for item in categories["categories"]]
        self.office_list = []
        for slug, area, pattern, commissioner in OFFICES:
            seed = headings.get(slug, {})
            office, _ = Office.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": f"Office of the Police and Crime Commissioner for {area}",
                    "area": area,
                    "commissioner_name": commissioner,
                    "contact_email": f"pccoffice@{slug}.example.org",
                    "decision_reference_format": pattern,
                    "report_section_headings": seed.get(
                        "report_section_headings",
                        list(Office.HUMBERSIDE_SECTION_HEADINGS)
                        if len(self.office_list) % 2
                        else list(Office.DERBYSHIRE_SECTION_HEADINGS),
                    ),
                },
            )
            self.office_list.append(office)
        self.categories = {}
        for office in self.office_list:
            for item in category_seeds:
                if item["office"] != "derbyshire":
                    continue
                category, _ = DecisionCategory.objects.update_or_create(
                    office=office,
                    slug=item["slug"],
                    defaults={"name": item["name"], "position": item["position"]},
                )
                self.categories.setdefault(office.pk, []).append(category)
        return (
            f"{len(self.office_list)} offices, {sum(map(len, self.categories.values()))} categories"
        )

    # Decisions -------------------------------------------------------------------------

    def _decision_plan(self):
        """(office, year, status) for every record, published ones spread over the years."""
        from decisions.models import DecisionRecord

        Status = DecisionRecord.Status
        plan = []
        per_office = self.published_total // len(self.office_list)
        for office in self.office_list:
            weights = [1 + 0.04 * index for index in range(YEARS)]  # a little growth
            weights[-1] *= self.today.timetuple().tm_yday / 366
            years = self.rng.choices(self.years, weights=weights, k=per_office)
            plan += [(office, year, Status.PUBLISHED) for year in years]
            for status, count in (
                (Status.DRAFT, 40),
                (Status.RETURNED, 20),
                (Status.AWAITING_OFFICER_APPROVAL, 30),
                (Status.AWAITING_COMMISSIONER, 30),
                (Status.SCHEDULED, 30),
            ):
                plan += [(office, self.today.year, status)] * count
        return plan

    def _decision(self, office, year, status, sequence):
        from decisions.models import DecisionRecord
        from pcc_portal.references import format_reference, reference_slug

        Status = DecisionRecord.Status
        rng = self.rng
        topic = self.text.topic()
        if status == Status.PUBLISHED:
            last = min(datetime.date(year, 12, 31), self.today - datetime.timedelta(days=1))
            approved_on = random_day(rng, datetime.date(year, 1, 1), last)
        else:
            approved_on = self.today - datetime.timedelta(days=rng.randint(0, 20))
        received_on = approved_on - datetime.timedelta(days=rng.randint(5, 60))
        title = f"{rng.choice(self.text.titles)} - {self.project_name()}"
        has_report = rng.random() < 0.6
        record = DecisionRecord(
            office=office,
            title=title[:300],
            received_on=received_on,
            executive_summary=" ".join(self.text.paragraphs(self.text.length(120), topic))
            if has_report
            else "",
            decision=self.text.sentences(self.text.length(35, low=8, high=200), topic),
            category=rng.choice(self.categories[office.pk]) if rng.random() < 0.9 else None,
            financial_amount=pounds(rng.lognormvariate(math.log(40_000), 1.6))
            if rng.random() < 0.8
            else None,
            status=status,
        )
        if status != Status.DRAFT:
            record.reference = format_reference(
                office.decision_reference_format, seq=sequence, year=year
            )
            record.slug = reference_slug(record.reference)
        if status in (Status.AWAITING_COMMISSIONER, Status.SCHEDULED, Status.PUBLISHED):
            record.officer_approver_name = "Andrew Dale"
            record.officer_approved_on = received_on + (approved_on - received_on) / 2
            record.advice_confirmed = True
        if status in (Status.SCHEDULED, Status.PUBLISHED):
            record.commissioner_name = office.commissioner_name
            record.approved_on = approved_on
        if status == Status.SCHEDULED:
            record.publication_deferred = True
            record.deferral_reason = "The contract is not yet signed by the provider."
            record.deferred_until = self.today + datetime.timedelta(days=rng.randint(1, 60))
        if status == Status.PUBLISHED:
            published_on = min(
                approved_on + datetime.timedelta(days=rng.randint(0, 10)), self.today
            )
            record.published_at = aware(published_on, rng.randint(9, 17))
        sections = []
        if has_report:
            record.report_title = record.title
            record.report_by = rng.choice(
                ["Chief Finance Officer", "Chief Executive", "Head of Commissioning"]
            )
            record.report_date = received_on
            record.report_purpose = self.text.sentences(self.text.length(30, high=120), topic)
            record.recommendations = self.text.sentences(self.text.length(30, high=120), topic)
            record.contact_name = "Dawn Robinson"
            record.contact_email = office.contact_email
            headings = office.report_section_headings
            chosen = sorted(rng.sample(range(len(headings)), rng.randint(2, len(headings))))
            for position, index in enumerate(chosen, start=1):
                body = "\n\n".join(self.text.paragraphs(self.text.length(110, 0.8), topic))
                sections.append((position, headings[index], body))
            if rng.random() < 0.05:
                record.section_b_published = False
                record.section_b_publication_note = "Commercially sensitive."
        if status == Status.PUBLISHED and record.section_b_published:
            parts = [record.report_title, record.report_purpose, record.recommendations]
            parts += [f"{heading}\n{body}" for _, heading, body in sections]
            record.report_search_text = "\n\n".join(part for part in parts if part)
        return record, sections

    def decisions(self):
        from decisions.models import (
            DecisionAmendment,
            DecisionRecord,
            ReferenceCounter,
            ReportSection,
        )

        plan = self._decision_plan()
        # Numbers run 1, 2, 3 in each office and year, published records first.
        sequences = Counter()
        numbered = []
        for office, year, status in sorted(
            plan, key=lambda entry: (entry[0].pk, entry[1], entry[2] != "published")
        ):
            if status == "draft":
                numbered.append((office, year, status, 0))
                continue
            sequences[office.pk, year] += 1
            numbered.append((office, year, status, sequences[office.pk, year]))
        self.rng.shuffle(numbered)  # primary keys are not in date order, as with imports
        self.published_ids = defaultdict(list)
        section_count = 0
        for chunk in batched(numbered, 500):
            made = [self._decision(*entry) for entry in chunk]
            records = DecisionRecord.objects.bulk_create([record for record, _ in made])
            sections = [
                ReportSection(record=record, position=position, heading=heading, body=body)
                for record, (_, record_sections) in zip(records, made, strict=True)
                for position, heading, body in record_sections
            ]
            ReportSection.objects.bulk_create(sections, batch_size=BATCH)
            section_count += len(sections)
            for record in records:
                if record.status == "published":
                    self.published_ids[record.office_id].append(
                        (record.published_at, record.pk, record.approved_on)
                    )
        ReferenceCounter.objects.bulk_create(
            [
                ReferenceCounter(office_id=office_pk, year=year, last_sequence=last)
                for (office_pk, year), last in sequences.items()
            ]
        )
        for office_pk in self.published_ids:
            self.published_ids[office_pk].sort()
        related = DecisionRecord.related_decisions.through
        links = set()
        for ids in self.published_ids.values():
            for index in self.rng.sample(range(1, len(ids)), len(ids) // 20):
                first, second = ids[index][1], ids[index - 1][1]
                links |= {(first, second), (second, first)}
        related.objects.bulk_create(
            [related(from_decisionrecord_id=a, to_decisionrecord_id=b) for a, b in sorted(links)],
            batch_size=BATCH,
        )
        every_published = [pk for ids in self.published_ids.values() for _, pk, _ in ids]
        DecisionAmendment.objects.bulk_create(
            [
                DecisionAmendment(
                    record_id=pk,
                    made_on=self.today,
                    correction="The amount in the decision is corrected; the rest stands.",
                )
                for pk in self.rng.sample(every_published, 250)
            ]
        )
        return (
            f"{len(numbered):,} records ({len(every_published):,} published), "
            f"{section_count:,} report sections, {len(links) // 2:,} related pairs"
        )

    def search_vectors(self):
        """One UPDATE, with the expression of ``DecisionRecord.refresh_search_vector``
        (the report text is already stored, so its column is read directly)."""
        from django.contrib.postgres.search import SearchVector

        from decisions.models import SEARCH_CONFIG, DecisionRecord

        updated = (
            DecisionRecord.objects.published()
            .order_by()
            .update(
                search_vector=SearchVector("reference", "title", weight="A", config=SEARCH_CONFIG)
                + SearchVector("executive_summary", "decision", weight="B", config=SEARCH_CONFIG)
                + SearchVector("report_search_text", weight="C", config=SEARCH_CONFIG)
            )
        )
        return f"{updated:,} search vectors"

    # Organisations and contracts -------------------------------------------------------

    def organisations(self):
        from organisations.models import Organisation

        Kind = Organisation.Kind
        rng = self.rng
        made = []
        self.commissioner_org = {}
        self.partners = {}
        for office in self.office_list:
            made.append(
                Organisation(
                    name=f"Police and Crime Commissioner for {office.area}",
                    slug=f"police-and-crime-commissioner-for-{office.slug}",
                    kind=Kind.POLICE_AND_CRIME_COMMISSIONER,
                )
            )
            for name, kind in (
                (f"{office.area} County Council", Kind.LOCAL_AUTHORITY),
                (f"{office.area} City Council", Kind.LOCAL_AUTHORITY),
                (f"{office.area} District Council", Kind.LOCAL_AUTHORITY),
                (f"National Probation Service {office.area}", Kind.PROBATION_SERVICE),
                (f"{office.area} Integrated Care Board", Kind.HEALTH),
                (f"{office.area} Public Health", Kind.HEALTH),
            ):
                made.append(Organisation(name=name, slug=slugify(name), kind=kind))
        suffixes = [
            ("Women's Aid", Kind.VOLUNTARY_OR_COMMUNITY),
            ("Community Trust", Kind.VOLUNTARY_OR_COMMUNITY),
            ("Youth Project", Kind.VOLUNTARY_OR_COMMUNITY),
            ("Victim Support", Kind.VOLUNTARY_OR_COMMUNITY),
            ("Housing Association", Kind.VOLUNTARY_OR_COMMUNITY),
            ("Services Ltd", Kind.COMPANY),
            ("Solutions Ltd", Kind.COMPANY),
            ("Sports Club", Kind.VOLUNTARY_OR_COMMUNITY),
            ("Residents' Association", Kind.VOLUNTARY_OR_COMMUNITY),
        ]
        names = set()
        while len(names) < 4_000:
            names.add(f"{rng.choice(self.names)} {rng.choice(suffixes)[0]}")
        kinds = dict(suffixes)
        for index, name in enumerate(sorted(names)):
            kind = kinds[name.split(" ", 1)[1]]
            organisation = Organisation(name=name, slug=slugify(name), kind=kind)
            if kind == Kind.VOLUNTARY_OR_COMMUNITY and index % 3 == 0:
                organisation.charity_number = str(1_100_000 + index)
                organisation.org_id = f"GB-CHC-{organisation.charity_number}"
            elif kind == Kind.COMPANY:
                organisation.company_number = f"{10_000_000 + index:08d}"
                organisation.org_id = f"GB-COH-{organisation.company_number}"
            made.append(organisation)
        created = Organisation.objects.bulk_create(made, batch_size=BATCH)
        by_name = {organisation.name: organisation for organisation in created}
        for office in self.office_list:
            self.commissioner_org[office.pk] = by_name[
                f"Police and Crime Commissioner for {office.area}"
            ]
            self.partners[office.pk] = [
                organisation
                for organisation in created
                if organisation.name.startswith(office.area)
                or organisation.name.endswith(office.area)
            ]
        others = [
            organisation
            for organisation in created
            if organisation.kind in (Kind.COMPANY, Kind.VOLUNTARY_OR_COMMUNITY)
        ]
        self.providers = others[: len(others) // 2]
        self.applicants = others[len(others) // 2 :]
        return f"{len(created):,} organisations"

    def contracts(self):
        from commissioning import splits
        from commissioning.models import (
            Contract,
            ContractDecision,
            ContractExtension,
            ContractMeasure,
            FundingShare,
            FundingYear,
        )

        rng = self.rng
        areas = list(Contract.ServiceArea.values)
        routes = list(Contract.ProcurementRoute.values)
        share_patterns = [
            [Decimal(51), Decimal(49)],
            [Decimal(60), Decimal(40)],
            [Decimal(50), Decimal(30), Decimal(20)],
            [Decimal(40), Decimal(30), Decimal(20), Decimal(10)],
            [Decimal(70), Decimal(30)],
            [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")],
        ]
        contracts = []
        for index in range(self.contract_total):
            office = self.office_list[index % len(self.office_list)]
            start = random_day(rng, self.first_day, self.today + datetime.timedelta(days=180))
            start = start.replace(day=1)
            years = rng.randint(1, 5)
            end = add_years(start, years) - datetime.timedelta(days=1)
            options = rng.choice([0, 0, 1, 2, 3])
            total = pounds(rng.lognormvariate(math.log(150_000), 1.2) + 10_000)
            published = rng.random() < 0.95
            title = (
                f"{rng.choice(self.text.titles).split(' - ')[0]} - {self.project_name()} "
                f"(lot {index + 1})"
            )
            contracts.append(
                Contract(
                    office=office,
                    title=title,
                    slug=f"{slugify(title)}"[:240],
                    description=self.text.sentences(self.text.length(60), self.text.topic()),
                    provider=rng.choice(self.providers) if rng.random() < 0.97 else None,
                    lead_commissioner=self.commissioner_org[office.pk],
                    service_area=rng.choice(areas),
                    procurement_route=rng.choice(routes),
                    total_value=total,
                    annual_value=(total / years).quantize(Decimal("0.01")),
                    start_date=start,
                    end_date=end,
                    extension_option_count=options,
                    extension_option_months=12 if options else None,
                    funded_posts=Decimal(rng.randint(0, 12)) if rng.random() < 0.4 else None,
                    withheld_reason="Commercially sensitive." if rng.random() < 0.3 else "",
                    is_published=published,
                    published_at=aware(min(start, self.today)) if published else None,
                )
            )
        contracts = Contract.objects.bulk_create(contracts, batch_size=BATCH)
        extensions, years_made, shares, links, measures = [], [], [], [], []
        for contract in contracts:
            taken = rng.randint(0, contract.extension_option_count)
            for number in range(1, taken + 1):
                extensions.append(
                    ContractExtension(
                        contract=contract,
                        number=number,
                        new_end_date=add_years(contract.end_date, number),
                    )
                )
            published = self.published_ids[contract.office_id]
            if rng.random() < 0.3:
                links.append(
                    ContractDecision(
                        contract=contract, decision_id=rng.choice(published)[1], role="awarded"
                    )
                )
            if rng.random() < 0.2:
                measures.append(
                    ContractMeasure(contract=contract, name="Referrals", value=rng.randint(10, 500))
                )
            if rng.random() < 0.6:
                first_year = contract.start_date.year - (contract.start_date.month < 4)
                pattern = rng.choice(share_patterns)
                partners = rng.sample(self.partners[contract.office_id], len(pattern))
                for year in range(first_year, first_year + rng.randint(1, 4)):
                    if not 2010 <= year <= self.today.year + 5:
                        continue
                    total = contract.annual_value
                    years_made.append(
                        FundingYear(
                            contract=contract,
                            financial_year=year,
                            total=total,
                            basis=FundingYear.Basis.PERCENTAGE,
                        )
                    )
                    amounts = splits.split_by_percentages(total, pattern)
                    shares += [
                        FundingShare(
                            contract=contract,
                            financial_year=year,
                            partner=partner,
                            percentage=percentage,
                            amount=amount,
                        )
                        for partner, percentage, amount in zip(
                            partners, pattern, amounts, strict=True
                        )
                    ]
        ContractExtension.objects.bulk_create(extensions, batch_size=BATCH)
        FundingYear.objects.bulk_create(years_made, batch_size=BATCH)
        FundingShare.objects.bulk_create(shares, batch_size=BATCH)
        ContractDecision.objects.bulk_create(links, batch_size=BATCH)
        ContractMeasure.objects.bulk_create(measures, batch_size=BATCH)
        return (
            f"{len(contracts):,} contracts, {len(extensions):,} extensions, "
            f"{len(years_made):,} co-funding years, {len(shares):,} shares"
        )

    # Grants ----------------------------------------------------------------------------

    FUNDS = [
        # name, rounds a year, budget of a round, maximum award, awards per round
        ("Small Grants", 3, Decimal("25000"), Decimal("2500"), 25),
        ("Large Grants", 1, Decimal("200000"), Decimal("25000"), 14),
        ("Community Action Grants", 1, Decimal("250000"), Decimal("10000"), 60),
        ("NICE Fund", 1, Decimal("120000"), Decimal("10000"), 28),
        ("Vulnerability Fund", 1, Decimal("341843"), Decimal("25000"), 23),
    ]

    def _round_dates(self, rounds_a_year, year, number):
        if rounds_a_year == 3:
            closing = [(3, 1), (7, 1), (11, 1)][number]
            opening = [(11, 2), (3, 2), (7, 2)][number]
            opens = datetime.date(year - (number == 0), *opening)
            return opens, datetime.date(year, *closing)
        return datetime.date(year, 4, 1), datetime.date(year, 6, 30)

    def grants(self):
        from grants.models import Application, Fund, GrantAward, MonitoringReport, Round

        Status = Application.Status
        rng = self.rng
        funds = []
        for office in self.office_list:
            for position, (name, rounds_a_year, budget, maximum, _) in enumerate(self.FUNDS):
                funds.append(
                    Fund(
                        office=office,
                        name=name,
                        slug=f"{office.slug}-{slugify(name)}",
                        summary=f"{name} of the Police and Crime Commissioner for {office.area}.",
                        funder=self.commissioner_org[office.pk],
                        annual_budget=budget * rounds_a_year,
                        rounds_per_year=rounds_a_year,
                        round_budget=budget,
                        maximum_award=maximum,
                        evidence_threshold=Decimal("2500") if maximum > 2500 else None,
                        position=position,
                    )
                )
        funds = Fund.objects.bulk_create(funds)
        rounds = []
        for fund, spec in zip(funds, self.FUNDS * len(self.office_list), strict=True):
            name, rounds_a_year, budget, maximum, _ = spec
            for year in self.years:
                for number in range(rounds_a_year):
                    opens, closes = self._round_dates(rounds_a_year, year, number)
                    rounds.append(
                        Round(
                            fund=fund,
                            name=f"{name} {year} round {number + 1}",
                            slug=f"{fund.slug}-{year}-round-{number + 1}",
                            budget=budget,
                            opens_on=opens,
                            closes_on=closes,
                            minimum_award=Decimal("100"),
                            maximum_award=maximum,
                            evidence_threshold=fund.evidence_threshold,
                        )
                    )
        rounds = Round.objects.bulk_create(rounds, batch_size=BATCH)
        fund_spec = {
            fund.pk: spec
            for fund, spec in zip(funds, self.FUNDS * len(self.office_list), strict=True)
        }
        fund_office = {fund.pk: fund.office_id for fund in funds}
        awarding = [
            round_
            for round_ in rounds
            if round_.closes_on + datetime.timedelta(days=45) < self.today
        ]
        wanted = sum(fund_spec[round_.fund_id][4] for round_ in awarding)
        counts = [fund_spec[round_.fund_id][4] * self.award_total / wanted for round_ in awarding]
        whole = [int(count) for count in counts]
        for index in sorted(range(len(counts)), key=lambda i: whole[i] - counts[i])[
            : self.award_total - sum(whole)
        ]:
            whole[index] += 1
        applications, award_amounts = [], []
        for round_, count in zip(awarding, whole, strict=True):
            if not count:
                continue
            spend = round_.budget * Decimal(rng.uniform(0.75, 0.98))
            weights = [rng.uniform(0.3, 1.0) for _ in range(count)]
            scale = spend / Decimal(sum(weights))
            office_pk = fund_office[round_.fund_id]
            for weight in weights:
                amount = min(round_.maximum_award, (scale * Decimal(weight)).quantize(Decimal("1")))
                amount = max(amount, round_.minimum_award)
                status = (
                    Status.CLOSED
                    if round_.closes_on.year < self.today.year - 1
                    else rng.choice([Status.AWARDED, Status.MONITORING])
                )
                applications.append(self._application(round_, office_pk, status, amount))
                award_amounts.append(amount)
        awarded_applications = len(applications)
        for round_ in rounds:
            office_pk = fund_office[round_.fund_id]
            for _ in range(rng.randint(2, 6)):
                if round_.closes_on >= self.today:
                    status = rng.choice([Status.RECEIVED, Status.ASSESSED])
                else:
                    status = Status.DECLINED
                applications.append(
                    self._application(round_, office_pk, status, round_.maximum_award / 2)
                )
        applications = Application.objects.bulk_create(applications, batch_size=BATCH)
        awards = []
        for application, amount in zip(
            applications[:awarded_applications], award_amounts, strict=True
        ):
            round_ = application.round
            topic = self.text.topic()
            published = self.published_ids[fund_office[round_.fund_id]]
            awards.append(
                GrantAward(
                    application=application,
                    amount=amount,
                    awarded_on=round_.closes_on + datetime.timedelta(days=rng.randint(14, 45)),
                    purpose=self.text.sentences(self.text.length(30, high=80), topic),
                    conditions=AWARD_CONDITIONS,
                    crime_reduction_reasons=self.text.sentences(
                        self.text.length(25, high=60), topic
                    ),
                    decision_id=rng.choice(published)[1] if rng.random() < 0.1 else None,
                )
            )
        awards = GrantAward.objects.bulk_create(awards, batch_size=BATCH)
        reports = [
            MonitoringReport(
                award=award,
                due_on=award.awarded_on + datetime.timedelta(days=180),
                received_on=award.awarded_on + datetime.timedelta(days=170)
                if award.awarded_on + datetime.timedelta(days=170) < self.today
                else None,
            )
            for award in awards
            if award.application.round.evidence_threshold is not None
            and award.amount > award.application.round.evidence_threshold
        ]
        MonitoringReport.objects.bulk_create(reports, batch_size=BATCH)
        return (
            f"{len(funds)} funds, {len(rounds):,} rounds, {len(applications):,} applications, "
            f"{len(awards):,} awards, {len(reports):,} monitoring reports"
        )

    def _application(self, round_, office_pk, status, amount):
        from django.utils import timezone

        from grants.models import Application

        Status = Application.Status
        rng = self.rng
        received = random_day(rng, round_.opens_on, min(round_.closes_on, self.today))
        application = Application(
            round=round_,
            applicant=rng.choice(self.applicants),
            project_title=f"{rng.choice(PROJECT_KINDS)} project in {self.project_name()}",
            project_description=self.text.sentences(40, self.text.topic()),
            amount_requested=amount,
            priority=rng.choice(self.categories[office_pk]),
            received_on=received,
            status=status,
        )
        if status != Status.RECEIVED:
            application.score = rng.randint(40, 100)
            application.assessed_at = timezone.make_aware(
                datetime.datetime.combine(min(round_.closes_on, self.today), datetime.time(10))
            )
        if status in Application.APPROVED_STATUSES:
            application.approved_amount = amount
            application.decided_at = application.assessed_at
        if status == Status.DECLINED:
            application.decline_reason = "Outside the priorities of the round."
            application.decided_at = application.assessed_at
        if status == Status.CLOSED:
            application.closed_at = application.assessed_at
        return application

    # Board -----------------------------------------------------------------------------

    ITEMS = [
        ("1", "Apologies", "apologies"),
        ("2", "Declarations of interest", "declarations"),
        ("3", "Minutes and matters arising", "minutes"),
        ("4", "Review of actions", "actions"),
        ("5", "Finance briefing", "report"),
        ("6", "Performance report", "report"),
        ("7", "Victims and witnesses", "report"),
        ("8", "Road safety", "report"),
        ("9", "Forward plan", "forward_plan"),
        ("10", "Decisions taken but not yet reported", "decisions_log"),
    ]

    def board(self):
        from board import numbering
        from board.models import (
            Action,
            AgendaItem,
            Attendance,
            Board,
            DecisionLogEntry,
            Meeting,
            Minute,
            PlannedItem,
            Report,
            Resolution,
        )
        from pcc_portal import richtext

        rng = self.rng
        boards = []
        for office in self.office_list:
            boards.append(
                Board(
                    office=office,
                    name="Strategic Priorities Assurance Board",
                    short_name="SPA Board",
                    slug=f"{office.slug}-spa-board",
                )
            )
            boards.append(
                Board(
                    office=office,
                    name="Joint Audit, Risk and Assurance Committee",
                    short_name="JARAC",
                    slug=f"{office.slug}-jarac",
                )
            )
        boards = Board.objects.bulk_create(boards)
        per_board = self.meeting_total // len(boards)
        meetings = []
        last_day = self.today + datetime.timedelta(days=150)
        span = (last_day - self.first_day).days
        for board in boards:
            step = span // per_board
            for index in range(per_board):
                day = self.first_day + datetime.timedelta(
                    days=index * step + rng.randint(0, step // 3)
                )
                day -= datetime.timedelta(days=day.weekday())  # Mondays
                meetings.append(self._meeting(board, day))
        meetings = Meeting.objects.bulk_create(meetings)
        items = []
        for meeting in meetings:
            for number, title, kind in self.ITEMS:
                if kind == "decisions_log" and meeting.board.short_name != "SPA Board":
                    kind, title = "report", "Internal audit report"
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        number=number,
                        sort_key=numbering.sort_key(number),
                        title=title,
                        kind=kind,
                        presenter=rng.choice(
                            ["Chief Constable", "Chief Finance Officer", "DCC", "Chief Executive"]
                        ),
                    )
                )
        items = AgendaItem.objects.bulk_create(items, batch_size=BATCH)
        by_board = defaultdict(list)
        for meeting in meetings:
            by_board[meeting.board_id].append(meeting)
        reports, minutes, resolutions, actions, attendance, planned, presented = (
            [],
            [],
            [],
            [],
            [],
            [],
            [],
        )
        approved = Meeting.Status.MINUTES_APPROVED
        previous_of = {}
        for board_meetings in by_board.values():
            board_meetings.sort(key=lambda meeting: meeting.date)
            for earlier, later in itertools.pairwise(board_meetings):
                previous_of[later.pk] = earlier
        for item in items:
            meeting = item.meeting
            topic = self.text.topic()
            if item.kind == "report":
                paragraphs = self.text.paragraphs(self.text.length(600, 0.5, 150, 2500), topic)
                body = richtext.sanitise(report_body(paragraphs, rng))
                reports.append(
                    Report(
                        agenda_item=item,
                        title=item.title,
                        report_by=item.presenter,
                        date=meeting.date - datetime.timedelta(days=7),
                        purpose=self.text.sentences(30, topic),
                        recommendations=RECOMMENDATION,
                        attachments="None",
                        body=body,
                    )
                )
            if item.kind == "minutes" and meeting.pk in previous_of:
                presented.append(
                    AgendaItem.minutes_of.through(
                        agendaitem_id=item.pk, meeting_id=previous_of[meeting.pk].pk
                    )
                )
            if meeting.status == approved:
                minutes.append(
                    Minute(
                        agenda_item=item,
                        discussion="\n\n".join(self.text.paragraphs(self.text.length(90), topic)),
                    )
                )
                if item.kind == "report":
                    resolutions.append(
                        Resolution(
                            agenda_item=item,
                            position=1,
                            text=RESOLUTION,
                        )
                    )
        for meeting in meetings:
            if meeting.status == approved:
                for position, (organisation, title, name) in enumerate(
                    [
                        (
                            "Office of the Police and Crime Commissioner",
                            "PCC",
                            meeting.board.office.commissioner_name.split()[-1],
                        ),
                        ("Office of the Police and Crime Commissioner", "Mr", "A Dale"),
                        ("Constabulary", "CC", "Swann"),
                        ("Constabulary", "DCC", "Meynell"),
                    ],
                    start=1,
                ):
                    attendance.append(
                        Attendance(
                            meeting=meeting,
                            organisation=organisation,
                            title=title,
                            name=name,
                            position=position,
                        )
                    )
                for _ in range(2):
                    due = meeting.date + datetime.timedelta(days=rng.randint(20, 90))
                    done = due < self.today and rng.random() < 0.8
                    actions.append(
                        Action(
                            meeting=meeting,
                            description=self.text.sentences(15, self.text.topic()),
                            owner="T/ACC Shooter",
                            due_on=due,
                            status="complete" if done else "open",
                            completed_on=due if done else None,
                        )
                    )
            if meeting.date > self.today:
                planned += [
                    PlannedItem(
                        meeting=meeting, position=position, title=title, lead="Chief Constable"
                    )
                    for position, title in enumerate(
                        ["Budget", "Performance report", "Victims code compliance"], start=1
                    )
                ]
        Report.objects.bulk_create(reports, batch_size=BATCH)
        Minute.objects.bulk_create(minutes, batch_size=BATCH)
        Resolution.objects.bulk_create(resolutions, batch_size=BATCH)
        Action.objects.bulk_create(actions, batch_size=BATCH)
        Attendance.objects.bulk_create(attendance, batch_size=BATCH)
        PlannedItem.objects.bulk_create(planned, batch_size=BATCH)
        AgendaItem.minutes_of.through.objects.bulk_create(presented, batch_size=BATCH)
        approvals = []
        for meeting in meetings:
            earlier = previous_of.get(meeting.pk)
            if earlier is not None and earlier.status == approved and meeting.status == approved:
                earlier.minutes_approved_at_meeting = meeting
                approvals.append(earlier)
        Meeting.objects.bulk_update(approvals, ["minutes_approved_at_meeting"], batch_size=BATCH)
        entries = self._decision_log(by_board, boards)
        DecisionLogEntry.objects.bulk_create(entries, batch_size=BATCH)
        return (
            f"{len(boards)} boards, {len(meetings)} meetings, {len(items):,} agenda items, "
            f"{len(reports):,} reports, {len(minutes):,} minutes, "
            f"{len(entries):,} decisions log entries"
        )

    def _meeting(self, board, day):
        from board.models import Meeting

        Status = Meeting.Status
        rng = self.rng
        if day > self.today + datetime.timedelta(days=14):
            status = Status.SCHEDULED
        elif day > self.today - datetime.timedelta(days=60):
            status = Status.AGENDA_PUBLISHED if day >= self.today else Status.MINUTES_DRAFT
        else:
            status = Status.MINUTES_APPROVED
        virtual = rng.random() < 0.3
        meeting = Meeting(
            board=board,
            date=day,
            start_time=datetime.time(14, 0),
            is_virtual=virtual,
            location="" if virtual else "Police Headquarters, Butterley Hall, Ripley",
            status=status,
        )
        if status != Status.SCHEDULED:
            meeting.agenda_published_at = aware(day - datetime.timedelta(days=7))
        if status in (Status.MINUTES_DRAFT, Status.MINUTES_APPROVED):
            meeting.closed_at = datetime.time(16, rng.randint(0, 59))
            meeting.minutes_recorded_at = aware(day + datetime.timedelta(days=3))
        if status == Status.MINUTES_APPROVED:
            meeting.minutes_approved_at = aware(day + datetime.timedelta(days=50))
        return meeting

    def _decision_log(self, by_board, boards):
        """Each published SPA Board meeting lists up to 25 decisions published since the
        board's previous meeting, so no decision is listed twice."""
        from board.models import DecisionLogEntry, Meeting

        entries = []
        for board in boards:
            if board.short_name != "SPA Board":
                continue
            published = self.published_ids[board.office_id]
            times = [published_at for published_at, _, _ in published]
            previous_day = None
            for meeting in by_board[board.pk]:
                if meeting.status == Meeting.Status.SCHEDULED:
                    continue
                start = (
                    0 if previous_day is None else bisect.bisect_left(times, aware(previous_day, 0))
                )
                stop = bisect.bisect_left(
                    times, aware(meeting.date - datetime.timedelta(days=7), 0)
                )
                for position, index in enumerate(range(max(start, stop - 25), stop), start=1):
                    entries.append(
                        DecisionLogEntry(
                            meeting=meeting,
                            decision_id=published[index][1],
                            position=position,
                            listed_at=meeting.agenda_published_at,
                            reported_on=meeting.date
                            if meeting.status == Meeting.Status.MINUTES_APPROVED
                            else None,
                        )
                    )
                previous_day = meeting.date - datetime.timedelta(days=7)
        return entries


def report_body(paragraphs, rng) -> str:
    """Numbered paragraphs under numbered headings, as the board's reports are written."""
    parts = []
    for index, paragraph in enumerate(paragraphs):
        section, number = index // 4 + 1, index % 4 + 1
        if number == 1:
            parts.append(f"<h2>{section}. {rng.choice(REPORT_HEADINGS)}</h2>")
        parts.append(f'<p><span class="paragraph-number">{section}.{number}</span> {paragraph}</p>')
    return "".join(parts)


def slugify(text: str) -> str:
    from django.utils.text import slugify as django_slugify

    return django_slugify(text)


def vacuum_analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return "statistics and visibility map up to date"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reset", action="store_true", help="drop the database first")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="fraction of the full volumes, e.g. 0.02 for a quick try (default 1)",
    )
    args = parser.parse_args(argv)

    clock = Clock()
    ensure_database(args.database_url, reset=args.reset)
    setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import transaction

    from decisions.models import DecisionRecord

    clock.part("migrate", lambda: call_command("migrate", verbosity=0) or "schema up to date")
    if DecisionRecord.objects.exists():
        raise SystemExit(
            "This database already has decision records: run with --reset to generate afresh."
        )
    generator = Generator(args.seed, args.scale)
    with transaction.atomic():
        clock.part("offices and categories", generator.offices)
        clock.part("decisions", generator.decisions)
        clock.part("search vectors", generator.search_vectors)
        clock.part("organisations", generator.organisations)
        clock.part("contracts", generator.contracts)
        clock.part("grants", generator.grants)
        clock.part("board", generator.board)
    clock.part("vacuum analyze", vacuum_analyze)
    clock.total()


if __name__ == "__main__":
    main()

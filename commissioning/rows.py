"""The published contracts register read as plain rows, for the open data downloads.

A download reads the whole register, so it reads ``values()`` into the small records
below rather than model instances through serializers. ``PublishedContracts`` reads each
part of the register (contracts, extensions, measures, co-funding years and shares,
uplifts, linked decisions, organisations) in one query, the first time a download asks
for it, so a download reads only what it shows. The co-funding is arranged by the same
function as the contract's page (``splits.by_financial_year``).

What the public may see is decided as everywhere else: contracts come from
``Contract.objects.published()`` and decisions from ``DecisionRecord.objects.published()``;
nothing here widens either.
"""

import datetime
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from functools import cached_property

from django.db.models import Exists, OuterRef, Q

from commissioning import splits, terms
from commissioning.models import (
    Contract,
    ContractDecision,
    ContractExtension,
    ContractMeasure,
    FundingShare,
    FundingYear,
    UpliftShare,
)
from organisations.models import Organisation
from pcc_portal import financial_years
from pcc_portal.dates import display

KIND_LABELS = dict(Organisation.Kind.choices)
SERVICE_AREA_LABELS = dict(Contract.ServiceArea.choices)
PROCUREMENT_ROUTE_LABELS = dict(Contract.ProcurementRoute.choices)
STATUS_LABELS = dict(Contract.Status.choices)


@dataclass(slots=True)
class Party:
    """An organisation named on the register."""

    pk: int
    slug: str
    name: str
    kind: str
    org_id: str
    charity_number: str
    company_number: str
    website: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(slots=True)
class Decision:
    """A published decision a contract links to."""

    pk: int
    reference: str
    title: str
    slug: str
    approved_on: datetime.date | None


@dataclass(slots=True)
class Extension:
    number: int
    new_end_date: datetime.date
    new_end_date_precision: str
    decision: Decision | None  # only a published one

    @property
    def new_end_display(self) -> str:
        return display(self.new_end_date, self.new_end_date_precision)


@dataclass(slots=True)
class Measure:
    name: str
    value: int
    kind: str
    period: str


@dataclass(slots=True)
class Share:
    partner: Party
    percentage: Decimal | None
    amount: Decimal | None


@dataclass(slots=True)
class Year:
    """One financial year of co-funding, with its partners' shares (largest first)."""

    financial_year: int
    total: Decimal | None
    basis: str
    shares_list: list[Share] = field(default_factory=list)

    @property
    def financial_year_label(self) -> str:
        return financial_years.label(self.financial_year)


@dataclass(slots=True)
class Uplift:
    pk: int
    title: str
    amount: Decimal
    first_financial_year: int
    funder: Party

    @property
    def first_financial_year_label(self) -> str:
        return financial_years.label(self.first_financial_year)


@dataclass(slots=True)
class UpliftPart:
    """A contract's share of an uplift."""

    uplift: Uplift
    percentage: Decimal
    amount: Decimal


@dataclass(slots=True)
class DecisionLink:
    role: str
    decision: Decision


@dataclass(slots=True)
class Row:
    """One published contract, with where its term stands today."""

    pk: int
    slug: str
    title: str
    description: str
    office: str
    provider_id: int | None
    lead_commissioner_id: int | None
    service_area: str
    procurement_route: str
    procurement_details: str
    total_value: Decimal | None
    annual_value: Decimal | None
    start_date: datetime.date | None
    start_date_precision: str
    end_date: datetime.date | None
    end_date_precision: str
    current_end_date: datetime.date | None
    extensions_taken: int
    status: str
    extension_option_count: int
    extension_option_months: int | None
    funded_posts: Decimal | None
    funded_posts_note: str
    published_copy: str
    published_copy_redacted: bool
    withheld_reason: str
    updated_at: datetime.datetime
    # Filled in by ``PublishedContracts.rows`` with the parts a download reads.
    provider: Party | None = None
    lead_commissioner: Party | None = None
    partner_names: list[str] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    cofunding: list[Year] = field(default_factory=list)
    uplifts: list[UpliftPart] = field(default_factory=list)
    decision_links: list[DecisionLink] = field(default_factory=list)

    @property
    def service_area_label(self) -> str:
        return SERVICE_AREA_LABELS.get(self.service_area, self.service_area)

    @property
    def procurement_route_label(self) -> str:
        return PROCUREMENT_ROUTE_LABELS.get(self.procurement_route, self.procurement_route)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def options_display(self) -> str:
        return terms.describe_options(self.extension_option_count, self.extension_option_months)

    @property
    def maximum_end_date(self) -> datetime.date | None:
        return terms.maximum_end_date(
            self.end_date, self.extension_option_count, self.extension_option_months
        )


# The columns of ``Row``, in its order (the fields a download fills in later aside).
CONTRACT_FIELDS = [
    {"office": "office__name"}.get(column.name, column.name)
    for column in fields(Row)
    if column.default is MISSING and column.default_factory is MISSING
]


def _grouped(pairs) -> dict:
    """{contract id: [item, ...]} from (contract id, item) pairs, in their order."""
    grouped = {}
    for contract_id, item in pairs:
        grouped.setdefault(contract_id, []).append(item)
    return grouped


class PublishedContracts:
    """The published contracts, in title order, and their parts, each read in one query
    on first use."""

    def __init__(self):
        self.published = Contract.objects.published()
        self.published_ids = self.published.values("pk")

    @cached_property
    def contracts(self) -> list[Row]:
        rows = (
            self.published.with_term()
            .order_by("title", "pk")
            .values_list(*CONTRACT_FIELDS)
            .iterator(chunk_size=2000)
        )
        return [Row(*values) for values in rows]

    @cached_property
    def partner_names(self) -> dict[int, list[str]]:
        """{contract id: the names of its co-funding partners over all years, A to Z}."""
        pairs = (
            FundingShare.objects.filter(contract__in=self.published_ids)
            .order_by("contract_id", "partner__name")
            .values_list("contract_id", "partner__name")
            .distinct()
        )
        return _grouped(pairs)

    @cached_property
    def parties(self) -> dict[int, Party]:
        """Every organisation a published contract names: provider, lead commissioner,
        partner or uplift funder."""
        of_published = {"contract__in": self.published_ids}
        named = (
            Q(pk__in=self.published.values("provider_id"))
            | Q(pk__in=self.published.values("lead_commissioner_id"))
            | Q(pk__in=FundingShare.objects.filter(**of_published).values("partner_id"))
            | Q(pk__in=UpliftShare.objects.filter(**of_published).values("uplift__funder_id"))
        )
        found = Organisation.objects.filter(named).values_list(
            "pk",
            "slug",
            "name",
            "kind",
            "org_id",
            "charity_number",
            "company_number",
            "website",
        )
        return {values[0]: Party(*values) for values in found}

    def rows(self, *parts: str) -> list[Row]:
        """The published contracts, each with ``parts`` filled in: any of "parties"
        (provider and lead commissioner), "partner_names", "extensions", "measures",
        "cofunding", "uplifts" and "decision_links"."""
        contracts = self.contracts
        if "parties" in parts:
            parties = self.parties
            for row in contracts:
                row.provider = parties.get(row.provider_id)
                row.lead_commissioner = parties.get(row.lead_commissioner_id)
        for part in parts:
            if part == "parties":
                continue
            found = getattr(self, part)
            for row in contracts:
                setattr(row, part, found.get(row.pk, []))
        return contracts

    @cached_property
    def _published_decisions(self):
        from decisions.models import DecisionRecord

        return DecisionRecord.objects.published()

    @cached_property
    def extensions(self) -> dict[int, list[Extension]]:
        """{contract id: its extensions taken, by option number}; each names its decision
        only when that decision is published."""
        found = (
            ContractExtension.objects.filter(contract__in=self.published_ids)
            .annotate(
                decision_is_published=Exists(
                    self._published_decisions.filter(pk=OuterRef("decision_id"))
                )
            )
            .order_by("contract_id", "number")
            .values_list(
                "contract_id",
                "number",
                "new_end_date",
                "new_end_date_precision",
                "decision_is_published",
                "decision_id",
                "decision__reference",
                "decision__title",
                "decision__slug",
                "decision__approved_on",
            )
        )
        return _grouped(
            (
                contract_id,
                Extension(
                    number,
                    new_end_date,
                    precision,
                    Decision(*decision) if is_published else None,
                ),
            )
            for contract_id, number, new_end_date, precision, is_published, *decision in found
        )

    @cached_property
    def decision_links(self) -> dict[int, list[DecisionLink]]:
        """{contract id: its links to published decisions}."""
        found = (
            ContractDecision.objects.filter(
                contract__in=self.published_ids, decision__in=self._published_decisions
            )
            .order_by("contract_id", "pk")
            .values_list(
                "contract_id",
                "role",
                "decision_id",
                "decision__reference",
                "decision__title",
                "decision__slug",
                "decision__approved_on",
            )
        )
        return _grouped(
            (contract_id, DecisionLink(role, Decision(*decision)))
            for contract_id, role, *decision in found
        )

    @cached_property
    def measures(self) -> dict[int, list[Measure]]:
        found = (
            ContractMeasure.objects.filter(contract__in=self.published_ids)
            .order_by("contract_id", "position", "pk")
            .values_list("contract_id", "name", "value", "kind", "period")
        )
        return _grouped((contract_id, Measure(*values)) for contract_id, *values in found)

    @cached_property
    def cofunding(self) -> dict[int, list[Year]]:
        """{contract id: its co-funding years in order, each with its shares, the largest
        first and those not given last}. A year with shares but no total given appears
        with no total (as ``Contract.cofunding`` shows it)."""
        parties = self.parties
        years = _grouped(
            (contract_id, Year(financial_year, total, basis))
            for contract_id, financial_year, total, basis in (
                FundingYear.objects.filter(contract__in=self.published_ids)
                .order_by()
                .values_list("contract_id", "financial_year", "total", "basis")
            )
        )
        shares = _grouped(
            (contract_id, (financial_year, Share(parties[partner_id], percentage, amount)))
            for contract_id, financial_year, partner_id, percentage, amount in (
                FundingShare.objects.filter(contract__in=self.published_ids)
                .order_by()
                .values_list("contract_id", "financial_year", "partner_id", "percentage", "amount")
            )
        )
        return {
            contract_id: splits.by_financial_year(
                years.get(contract_id, []),
                shares.get(contract_id, []),
                new_year=lambda financial_year: Year(
                    financial_year, None, FundingYear.Basis.AMOUNT
                ),
            )
            for contract_id in years.keys() | shares.keys()
        }

    @cached_property
    def uplifts(self) -> dict[int, list[UpliftPart]]:
        """{contract id: its shares of uplifts}."""
        parties = self.parties
        uplifts: dict[int, Uplift] = {}
        pairs = []
        for contract_id, percentage, amount, uplift_id, *uplift in (
            UpliftShare.objects.filter(contract__in=self.published_ids)
            # The model's order: by uplift (latest first year first), largest share first.
            .order_by("uplift", "-percentage", "pk")
            .values_list(
                "contract_id",
                "percentage",
                "amount",
                "uplift_id",
                "uplift__title",
                "uplift__amount",
                "uplift__first_financial_year",
                "uplift__funder_id",
            )
        ):
            if uplift_id not in uplifts:
                title, total, first_year, funder_id = uplift
                uplifts[uplift_id] = Uplift(uplift_id, title, total, first_year, parties[funder_id])
            pairs.append((contract_id, UpliftPart(uplifts[uplift_id], percentage, amount)))
        return _grouped(pairs)

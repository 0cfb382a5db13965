"""The public contracts register (the mechanism is ``pcc_portal.register_cache``), and
the paginators of its page and API list, which count once per version and filters."""

from decisions.registers import DECISIONS
from organisations.registers import ORGANISATIONS
from pcc_portal.register_cache import Register, counting_pagination, counting_paginator
from pcc_portal.registers import OFFICES


def _contracts_models():
    from commissioning.models import (
        Contract,
        ContractDecision,
        ContractExtension,
        ContractMeasure,
        FundingShare,
        FundingYear,
        Uplift,
        UpliftShare,
    )

    # A contract, its terms, measures, extensions, co-funding years and shares, uplifts,
    # and its links to decisions (each shown only once the decision is published).
    return (
        Contract,
        ContractExtension,
        ContractMeasure,
        ContractDecision,
        FundingYear,
        FundingShare,
        Uplift,
        UpliftShare,
    )


CONTRACTS = Register(
    "contracts",
    models=_contracts_models,
    depends_on=lambda: (ORGANISATIONS, DECISIONS, OFFICES),
    dated=True,  # a contract's term is current or ended as of today
)
ContractPaginator = counting_paginator(CONTRACTS)
ContractPagination = counting_pagination(CONTRACTS)

REGISTERS = (CONTRACTS,)

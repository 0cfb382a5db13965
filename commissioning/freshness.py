"""The version of the public contracts register, for conditional GET and the cache (the
mechanism is ``pcc_portal.freshness.Register``), and the paginators of its page and API
list, which count once per version and filters."""

from pcc_portal.freshness import Register, counting_pagination, counting_paginator


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
    from decisions.models import DecisionRecord
    from organisations.models import Organisation
    from pcc_portal.models import Office

    # Everything the register's pages, API and downloads show: a contract, its terms,
    # measures, extensions, co-funding years and shares, uplifts, the organisations they
    # name, its office, and the decisions it links to (shown only once published).
    return (
        Contract,
        ContractExtension,
        ContractMeasure,
        ContractDecision,
        FundingYear,
        FundingShare,
        Uplift,
        UpliftShare,
        Organisation,
        DecisionRecord,
        Office,
    )


CONTRACTS = Register("contracts", _contracts_models, apps=("commissioning",))
ContractPaginator = counting_paginator(CONTRACTS)
ContractPagination = counting_pagination(CONTRACTS)

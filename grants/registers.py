"""The public grants register (the mechanism is ``pcc_portal.register_cache``), and the
paginator of its lists, which counts once per version."""

from decisions.registers import DECISIONS
from organisations.registers import ORGANISATIONS
from pcc_portal.register_cache import Register, counting_pagination, counting_paginator
from pcc_portal.registers import OFFICES


def _grants_models():
    from grants.models import (
        Application,
        Distribution,
        DistributionLine,
        Fund,
        GrantAward,
        MonitoringReport,
        Round,
    )

    # An award is public once its application is awarded; it names its fund and round,
    # and its recipient (an organisation) and approving decision through the registers
    # this one depends on.
    return (GrantAward, Application, MonitoringReport, Round, Fund, Distribution, DistributionLine)


GRANTS = Register(
    "grants", models=_grants_models, depends_on=lambda: (ORGANISATIONS, DECISIONS, OFFICES)
)
AwardPaginator = counting_paginator(GRANTS)
AwardPagination = counting_pagination(GRANTS)

REGISTERS = (GRANTS,)

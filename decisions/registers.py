"""The public decisions register (the mechanism is ``pcc_portal.register_cache``) and the
paginators of its lists, which count once per version."""

from pcc_portal.register_cache import Register, counting_pagination, counting_paginator
from pcc_portal.registers import OFFICES


def _decisions_models():
    from decisions.models import (
        DecisionAmendment,
        DecisionAttachment,
        DecisionCategory,
        DecisionRecord,
        ReportSection,
    )

    return (DecisionRecord, DecisionCategory, ReportSection, DecisionAttachment, DecisionAmendment)


DECISIONS = Register("decisions", models=_decisions_models, depends_on=lambda: (OFFICES,))
DecisionPaginator = counting_paginator(DECISIONS)
DecisionPagination = counting_pagination(DECISIONS)

REGISTERS = (DECISIONS,)

"""The version of the public decisions register (the mechanism is
``pcc_portal.freshness.Register``) and the paginators of its lists, which count once per
version."""

from pcc_portal.freshness import (  # noqa: F401 - the decisions app uses them as freshness.*
    Register,
    cached_for_readers,
    counting_pagination,
    counting_paginator,
    download,
    filters_key,
)


def _decisions_models():
    from decisions.models import DecisionAmendment, DecisionCategory, DecisionRecord
    from pcc_portal.models import Office

    return (DecisionRecord, DecisionAmendment, DecisionCategory, Office)


DECISIONS = Register("decisions", _decisions_models, apps=("decisions",))
DecisionPaginator = counting_paginator(DECISIONS)
DecisionPagination = counting_pagination(DECISIONS)

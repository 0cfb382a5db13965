"""The version of the public grants register, for conditional GET and the cache (the
mechanism is ``pcc_portal.freshness.Register``), and the paginator of its lists, which
counts once per version."""

from pcc_portal.freshness import Register, counting_pagination, counting_paginator


def _grants_models():
    from decisions.models import DecisionRecord
    from grants.models import Application, Distribution, DistributionLine, Fund, GrantAward, Round
    from organisations.models import Organisation

    # An award is public once its application is awarded; it names its recipient, fund,
    # round and (when published) approving decision.
    return (
        GrantAward,
        Application,
        Round,
        Fund,
        Distribution,
        DistributionLine,
        Organisation,
        DecisionRecord,
    )


GRANTS = Register("grants", _grants_models, apps=("grants",))
AwardPaginator = counting_paginator(GRANTS)
AwardPagination = counting_pagination(GRANTS)

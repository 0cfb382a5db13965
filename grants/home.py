"""The home page's section of the latest grants awarded."""

from grants.models import GrantAward
from pcc_portal import dates
from pcc_portal.money import format_pounds

LATEST = 5


def home_section():
    awards = (
        GrantAward.objects.published()
        .select_related("application__applicant", "application__round__fund")
        .order_by("-awarded_on", "-pk")[:LATEST]
    )
    return {
        "title": "Latest grants",
        "url_name": "grants:index",
        "description": "Grants the Police and Crime Commissioner has awarded, newest first.",
        "items": [
            {
                "title": f"{award.application.applicant.name}: {award.application.project_title}",
                "url": award.get_absolute_url(),
                "meta": (
                    f"{format_pounds(award.amount)} from the {award.application.round.fund.name}, "
                    f"awarded {dates.display(award.awarded_on)}."
                ),
            }
            for award in awards
        ],
    }

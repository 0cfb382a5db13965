"""The grant awards a published decision approved (for its public page)."""

from grants.models import GrantAward


def links_for_decision(record):
    return [
        {
            "relation": "Grant approved by this decision",
            "title": str(award),
            "url": award.get_absolute_url(),
        }
        for award in GrantAward.objects.published()
        .filter(decision=record)
        .select_related("application__applicant")
        .order_by("-amount")
    ]

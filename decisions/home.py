"""The home page's section of the latest published decisions."""

from django.urls import reverse

from decisions.models import DecisionRecord

LATEST = 5


def home_section():
    records = (
        DecisionRecord.objects.published()
        .select_related("office")
        .order_by("-published_at", "-pk")[:LATEST]
    )
    return {
        "title": "Latest decisions",
        "url_name": "decisions:list",
        "description": "Decisions of the Police and Crime Commissioner, newest first.",
        "items": [
            {
                "title": f"{record.reference}: {record.title}",
                "url": reverse("decisions:detail", kwargs={"slug": record.slug}),
                "meta": f"{record.office.area}. Published {record.published_display}.",
            }
            for record in records
        ],
    }

from django.urls import reverse


def home_section():
    """The statutory publication scheme, the registers and email alerts."""
    return {
        "title": "Transparency",
        "url_name": "transparency:publication-scheme",
        "description": (
            "Everything the law requires the Commissioner to publish, the registers of "
            "interests and of gifts and hospitality, and email alerts."
        ),
        "items": [
            {
                "title": "Publication scheme",
                "url": reverse("transparency:publication-scheme"),
                "meta": "Every class of information the Specified Information Order requires.",
            },
            {
                "title": "Register of interests",
                "url": reverse("transparency:interests"),
                "meta": "The Commissioner, the deputy and senior staff.",
            },
            {
                "title": "Register of gifts and hospitality",
                "url": reverse("transparency:gifts-and-hospitality"),
                "meta": "Offers made, their estimated value, accepted or declined.",
            },
            {
                "title": "Get email alerts",
                "url": reverse("transparency:alerts"),
                "meta": "New decisions, a board's agendas and minutes, or a saved search.",
            },
        ],
    }

DOWNLOADS = [
    {
        "title": "Register of interests",
        "url_name": "transparency:interests-csv",
        "format": "CSV",
        "description": (
            "Interests of the Police and Crime Commissioner, the deputy and senior staff: "
            "person, role, category, interest, dates registered and updated."
        ),
    },
    {
        "title": "Register of gifts and hospitality",
        "url_name": "transparency:gifts-and-hospitality-csv",
        "format": "CSV",
        "description": (
            "Every offer of a gift or hospitality: date, who it was offered to, what, by "
            "whom, estimated value in pounds, and whether it was accepted or declined."
        ),
    },
]

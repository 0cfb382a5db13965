"""Reading the sitemap as a search engine does: the index, then every sitemap it lists."""

import re
from urllib.parse import urlsplit


def whole_sitemap(client) -> str:
    """The text of every sitemap the index at /sitemap.xml lists, one after another."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert index["Content-Type"].startswith("application/xml")
    parts = []
    for location in re.findall(r"<loc>([^<]+)</loc>", index.content.decode()):
        address = urlsplit(location)
        response = client.get(address.path + (f"?{address.query}" if address.query else ""))
        assert response.status_code == 200, location
        parts.append(response.content.decode())
    return "\n".join(parts)

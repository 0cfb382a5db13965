"""Crawl every public surface of the site with Django's test client.

Starts from the given paths and follows every same-site link found in HTML (href and
src), XML (sitemaps' <loc>, Atom and RSS links), JSON (any string that is a same-site
URL or path, so API pagination and detail links are followed) and iCalendar (URL
lines). Never goes under /admin/. Returns every page fetched with its status and body.
"""

import json
import re
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SITE = "http://testserver"
SKIP_PREFIXES = ("/admin/", "/static/", "/api/docs/")
XML_LINK = re.compile(
    r"<loc>\s*([^<\s]+)\s*</loc>|<link[^>]*href=\"([^\"]+)\"|<link>([^<]+)</link>"
)
ICS_URL = re.compile(r"^URL[;:](?:[^:]*:)?(\S+)", re.MULTILINE)


@dataclass
class Fetched:
    path: str
    status: int
    content_type: str
    body: str


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)


def _same_site_path(base_path: str, link: str) -> str | None:
    absolute = urljoin(SITE + base_path, link.strip())
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if path.startswith(SKIP_PREFIXES):
        return None
    return path


def _json_strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
    elif isinstance(value, str):
        yield value


def links_in(path: str, content_type: str, body: str) -> list[str]:
    found = []
    if "html" in content_type:
        parser = _LinkParser()
        parser.feed(body)
        found = parser.links
    elif "xml" in content_type:
        found = [next(group for group in match if group) for match in XML_LINK.findall(body)]
    elif "json" in content_type:
        try:
            found = [
                text
                for text in _json_strings(json.loads(body))
                if text.startswith((SITE, "/")) and " " not in text
            ]
        except ValueError:
            found = []
    elif "calendar" in content_type:
        found = ICS_URL.findall(body)
    return found


def crawl(client, start_paths, *, limit=3000) -> list[Fetched]:
    queue = deque(start_paths)
    seen = set(start_paths)
    fetched = []
    while queue:
        path = queue.popleft()
        response = client.get(path, HTTP_ACCEPT="text/html,application/json;q=0.9,*/*;q=0.8")
        content_type = response.get("Content-Type", "")
        if response.streaming:
            raw = b"".join(response.streaming_content)
        else:
            raw = response.content
        body = raw.decode("utf-8", errors="replace") if "pdf" not in content_type else ""
        if "pdf" in content_type:
            body = _pdf_text(raw)
        fetched.append(Fetched(path, response.status_code, content_type, body))
        if response.status_code in (301, 302) and response.get("Location"):
            target = _same_site_path(path, response["Location"])
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        for link in links_in(path, content_type, body):
            target = _same_site_path(path, link)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
        if len(fetched) >= limit:
            raise AssertionError(f"The crawl passed {limit} pages: a link loop?")
    return fetched


def _pdf_text(raw: bytes) -> str:
    import io

    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(raw))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # noqa: BLE001 - a broken PDF is reported by the caller's assertions
        return ""

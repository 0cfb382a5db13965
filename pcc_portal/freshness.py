"""When a public register last changed: the validator of conditional GET (``ETag``) for
its pages and downloads, and the key of what is kept in the cache.

Every change to a model an officer edits is kept, with its time, in the model's history
table (django-simple-history records workflow steps, admin edits and deletions alike);
the latest of those times over the models a register shows is when anything the public
sees of it last changed. Reading it is one look-up in each history table's index on
``history_date`` (a millisecond), where building what it guards takes from tens of
milliseconds (counts, totals, filter choices) to seconds (a download of a whole register).

What the public sees also changes with the code that draws it, so a register's version
carries a fingerprint of its app's templates and modules and the site's, computed once
when the process starts: every worker of one release computes the same one.

A change is stamped when it is saved, not when its transaction commits: one committed
after a later-stamped change had already been read could go unseen. The version also
changes every ``PERIOD`` seconds, which bounds that (rare) staleness, and what is cached
is rebuilt at least that often.

Each app makes its own ``Register`` (``decisions.freshness.DECISIONS``,
``grants.freshness.GRANTS``, ``commissioning.freshness.CONTRACTS``, ``board.freshness.BOARD``)
and uses the page cache, downloads and counting paginators below with it.
"""

import datetime
import hashlib
import json
import os
import secrets
import time
from functools import cached_property, wraps
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, HttpResponse
from django.utils.cache import get_conditional_response
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

PERIOD = 15 * 60
_NOTHING = object()  # what ``recall`` finds when nothing is kept (None may be kept)


def code_fingerprint(*apps: str) -> str:
    """A hash of the templates, styles and modules of ``apps``, the project package and
    the site templates (migrations aside)."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in (*apps, "pcc_portal", "templates"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".css"} and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Register:
    """The version of one public register, from the history of the models it shows."""

    def __init__(self, name: str, tracked_models, *, apps: tuple[str, ...]):
        self.name = name
        self._tracked_models = tracked_models  # a function, so models load first
        self._apps = apps
        self._fingerprint = None
        self._sql = None

    def last_changed(self) -> datetime.datetime | None:
        """When anything the register shows last changed, or None when no change has been
        recorded (data loaded in bulk, without history). One query, whose SQL is built
        once per process: it never changes, and building it costs more than running it."""
        if self._sql is None:
            first, *others = [
                model.history.order_by("-history_date").values_list("history_date")[:1]
                for model in self._tracked_models()
            ]
            self._sql = first.union(*others, all=True).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(*self._sql)
            return max((changed for (changed,) in cursor.fetchall()), default=None)

    def version(self) -> str:
        """Changes whenever what the public sees of the register may have changed."""
        if self._fingerprint is None:
            self._fingerprint = code_fingerprint(*self._apps)
        changed = self.last_changed()
        period = int(time.time() // PERIOD)
        return f"{changed.isoformat() if changed else 'as-loaded'}/{self._fingerprint}/{period}"

    def version_for(self, request) -> str:
        """``version()``, read once per request however many parts of it ask."""
        if request is None:
            return self.version()
        versions = request.__dict__.setdefault("_register_versions", {})
        if self.name not in versions:
            versions[self.name] = self.version()
        return versions[self.name]

    def not_modified(self, request, version: str):
        """``(response, etag)``: a ``304 Not Modified`` response when the client already
        holds this version (its ``If-None-Match`` names it), else None; and the ``ETag``
        to send with a full answer."""
        etag = '"' + hashlib.sha256(version.encode()).hexdigest()[:32] + '"'
        response = get_conditional_response(request, etag=etag)
        if response is not None:
            response["ETag"] = etag  # a 304 names the version it confirms (RFC 9110, 15.4.5)
        return response, etag

    def remember(self, key: str, version: str, value) -> None:
        """Keep ``value`` under ``key`` for this version, as ``cached`` would have built it."""
        cache.set(f"{self.name}:{key}", (version, value), PERIOD)

    def recall(self, key: str, version: str, default=None):
        """What was kept under ``key`` for this version, or ``default`` (nothing kept, or
        kept for an earlier version)."""
        entry = cache.get(f"{self.name}:{key}")
        if entry is not None and entry[0] == version:
            return entry[1]
        return default

    def cached(self, key: str, version: str, build):
        """What ``build()`` returns, built once per version and kept in the cache under
        ``key`` (one entry a key, replaced when the register changes)."""
        value = self.recall(key, version, _NOTHING)
        if value is _NOTHING:
            value = build()
            self.remember(key, version, value)
        return value


def address_key(request) -> str:
    """A short key naming the whole address a request asked for (host, path and query)."""
    return hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()


# Cookies that make a page personal: a signed-in officer's session, a message waiting.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)


def cached_for_readers(register: Register):
    """Decorate a public list view: its page is built once per version of ``register``
    and address, and then served from the cache to every reader.

    A list page is the same for every member of the public, and on a busy day the same
    few pages (the register's first page, a search in the news) are asked for over and
    over; building one takes 20 to 40 ms (search, filters, templates), reading it from
    the cache about 1. A new version of the register (a record published, corrected or
    withdrawn, a deployment, or ``PERIOD`` gone by) is a new key, so a reader never gets
    a page the register has moved on from. Requests that carry a session or a waiting
    message, and pages that set a cookie or use the session or a CSRF token, are built
    and sent as usual, and never cached; nor is anything with ``DEBUG`` on, where the
    templates change under a running server.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if (
                settings.DEBUG  # a developer sees a template change at once
                or request.method not in ("GET", "HEAD")
                or any(name in request.COOKIES for name in PERSONAL_COOKIES)
            ):
                return view(request, *args, **kwargs)
            version = register.version_for(request)
            key = f"page:{address_key(request)}"
            kept = register.recall(key, version)
            if kept is not None:
                content, content_type = kept
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            session = getattr(request, "session", None)
            personal = (
                response.cookies
                or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                or (session is not None and session.accessed)
            )
            if response.status_code == 200 and not response.streaming and not personal:
                register.remember(key, version, (response.content, response["Content-Type"]))
            return response

        return wrapped

    return decorator


class CachedListMixin:
    """For an API viewset: the data of its list answers (each page, filters and address)
    kept per version of ``register``, as ``cached_for_readers`` keeps the public pages.

    The anonymous throttle and content negotiation run first, as for any request (only
    the data is kept, not the response); a new version of the register is a new key.
    """

    register: Register

    def list(self, request, *args, **kwargs):
        if settings.DEBUG:
            return super().list(request, *args, **kwargs)
        version = self.register.version_for(request)
        key = f"api:{self.basename}:{address_key(request)}"
        kept = self.register.recall(key, version)
        if kept is not None:
            return Response(kept)
        response = super().list(request, *args, **kwargs)
        if response.status_code == 200:
            # Kept as plain JSON values: DRF's own containers pickle at five times the
            # size and forty times the time (4 ms for a page of contracts).
            plain = json.loads(json.dumps(response.data, cls=JSONEncoder))
            self.register.remember(key, version, plain)
        return response


def _write_atomically(folder: Path, name: str, content: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    partial = folder / f".{name}.{os.getpid()}.partial"
    partial.write_bytes(content)
    os.replace(partial, path)
    return path


def open_built_file(register: Register, name: str, version: str, build):
    """An open binary file of what ``build()`` returns (bytes), built once per version of
    ``register`` and kept as a file under ``settings.OPEN_DATA_CACHE_DIR`` that every
    worker reads: a download of a whole register (megabytes) is served from disk, not
    decompressed and unpickled from the cache on every request. The cache holds only
    which file is current; files of earlier versions are removed (a reader that has one
    open keeps reading it)."""
    folder = Path(settings.OPEN_DATA_CACHE_DIR)
    pointer = f"file:{name}"
    current = register.recall(pointer, version)
    if current is not None:
        try:
            return open(folder / current, "rb")  # noqa: SIM115 - the response closes it
        except FileNotFoundError:
            pass  # replaced by another worker's build a moment ago: build it again
    stored = f"{register.name}-{secrets.token_hex(8)}-{name}"
    _write_atomically(folder, stored, build())
    register.remember(pointer, version, stored)
    handle = open(folder / stored, "rb")  # noqa: SIM115 - the response closes it
    for old in folder.glob(f"{register.name}-*-{name}"):
        if old.name != stored:
            old.unlink(missing_ok=True)
    return handle


def download(
    register: Register,
    request,
    name: str,
    build,
    content_type: str,
    *,
    disposition: str | None = None,
    streaming: bool = False,
    cached: bool = True,
):
    """The open-data file ``name`` of ``register``: ``304 Not Modified`` when the client
    holds this version (``If-None-Match``), else the file built once per version
    (``open_built_file``), streamed from disk when ``streaming``. ``cached=False`` builds
    it for this request only (a filtered download)."""
    version = register.version_for(request)
    not_modified, etag = register.not_modified(request, version)
    if not_modified is not None:
        return not_modified
    if not cached:
        response = HttpResponse(build(), content_type=content_type)
    else:
        handle = open_built_file(register, name, version, build)
        if streaming:
            response = FileResponse(handle, content_type=content_type)
        else:
            with handle:
                response = HttpResponse(handle.read(), content_type=content_type)
    if not response.streaming:
        response["Content-Length"] = len(response.content)
    if disposition:
        response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["ETag"] = etag
    return response


def filters_key(params) -> str:
    """A short key naming what a list shows: its query string's parameters, the page
    number aside (two requests with the same filters list the same records)."""
    items = sorted((name, tuple(params.getlist(name))) for name in params if name != "page")
    return hashlib.sha256(repr(items).encode()).hexdigest()[:24]


def counting_paginator(register: Register) -> type[Paginator]:
    """A paginator that counts what a list selects once per version of ``register`` and
    filters (``key``, from ``filters_key``) and keeps the count in the cache: counting a
    register of tens of thousands of records on every page view costs more than
    showing the page."""

    class CachedCountPaginator(Paginator):
        def __init__(self, object_list, per_page, *, key: str, version: str | None = None):
            super().__init__(object_list, per_page)
            self.key = key
            self.version = version

        @cached_property
        def count(self):
            version = self.version or register.version()
            return register.cached(f"count:{self.key}", version, self.object_list.count)

    return CachedCountPaginator


def counting_pagination(register: Register) -> type[PageNumberPagination]:
    """The API's page-number pagination, counting as ``counting_paginator`` does."""
    paginator_class = counting_paginator(register)

    class CachedCountPagination(PageNumberPagination):
        def paginate_queryset(self, queryset, request, view=None):
            self.filters_key = filters_key(request.query_params)
            self.version = register.version_for(request)
            return super().paginate_queryset(queryset, request, view)

        def django_paginator_class(self, queryset, page_size):
            return paginator_class(queryset, page_size, key=self.filters_key, version=self.version)

    return CachedCountPagination

"""The register cache: what the public sees of a register (pages, API answers, counts,
downloads) is built once per *version* of the register and served from the cache until
the version moves.

A register declares the models it shows and the registers it depends on
(``Register("contracts", models=..., depends_on=(DECISIONS,))``); each app declares its
own in ``<app>/registers.py`` and lists only its own models. The version is read from
one counter row per table (``pcc_portal.models.TableVersion``): a PostgreSQL
statement-level trigger on every table a register shows moves its row on every insert,
update, delete and truncate, whoever makes it (a workflow step, the admin,
``QuerySet.update()``, raw SQL, a data migration). The triggers are installed after
every ``migrate`` from the declarations (``pcc_portal.registers.install_triggers``), so a model added to a
register gets its trigger with no SQL written by hand.

The counter is moved inside the writer's transaction, so a reader sees the new value
exactly when it sees the change; each new value comes from one sequence, so a value is
never given twice (not even after a rollback), and a version never comes back. What the
public sees also changes with the code that draws it, so the version carries a
fingerprint of the templates and modules of the register's apps, computed once when the
process starts. There is no time limit on what is cached: nothing but a new version
makes an entry out of date (the cache may still evict it to make room).
"""

import hashlib
import json
import os
import secrets
from functools import cache as memoise
from functools import cached_property, wraps
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

_NOTHING = object()  # what ``recall`` finds when nothing is kept (None may be kept)

TRIGGER_NAME = "register_cache_table_version"
TRIGGER_FUNCTION = "pcc_portal_move_table_version"


@memoise
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


def tables_of(model) -> list[str]:
    """The tables holding what ``model`` shows: its own and those of its many-to-many
    fields (a link added or removed changes what a page lists)."""
    tables = [model._meta.db_table]
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created:
            tables.append(through._meta.db_table)
    return tables


class Register:
    """One public register: the models it shows, the registers it depends on (what it
    shows of theirs), and the version of all of that.

    ``models`` and ``depends_on`` are functions, called once the apps are loaded (a
    register module is imported before the models are ready, and a register may depend
    on one declared after it). ``dated``: what the register shows also depends on
    today's date (a contract's term is current or ended, a meeting upcoming or past),
    so its version moves at midnight too."""

    def __init__(self, name: str, *, models=tuple, depends_on=tuple, dated: bool = False):
        self.name = name
        self._models = models
        self._depends_on = depends_on
        self._dated = dated

    def __repr__(self):
        return f"<Register {self.name}>"

    def own_models(self) -> tuple:
        return tuple(self._models())

    def dependencies(self) -> tuple["Register", ...]:
        return tuple(self._depends_on())

    @cached_property
    def closure(self) -> tuple["Register", ...]:
        """This register and every register it depends on, directly or through another."""
        found: dict[str, Register] = {}
        waiting = [self]
        while waiting:
            register = waiting.pop()
            if register.name not in found:
                found[register.name] = register
                waiting.extend(register.dependencies())
        return tuple(found[name] for name in sorted(found))

    @cached_property
    def models(self) -> tuple:
        """Every model whose change may change what this register shows."""
        return tuple(
            dict.fromkeys(model for register in self.closure for model in register.own_models())
        )

    @cached_property
    def tables(self) -> tuple[str, ...]:
        return tuple(sorted({table for model in self.models for table in tables_of(model)}))

    @cached_property
    def dated(self) -> bool:
        return any(register._dated for register in self.closure)

    @cached_property
    def fingerprint(self) -> str:
        return code_fingerprint(*sorted({model._meta.app_label for model in self.models}))

    def version(self) -> str:
        """Moves whenever anything this register shows may have changed: one query."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name, version FROM pcc_portal_tableversion "
                "WHERE table_name = ANY(%s)",
                [list(self.tables)],
            )
            counters = dict(cursor.fetchall())
        # A table with no counter yet has not changed since its trigger was installed.
        state = ",".join(f"{table}={counters.get(table, 0)}" for table in self.tables)
        if self.dated:
            state += f",today={timezone.localdate()}"
        digest = hashlib.sha256(state.encode()).hexdigest()[:24]
        return f"{digest}/{self.fingerprint}"

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
        """Keep ``value`` under ``key`` for this version, as ``cached`` would have built it.
        No timeout: only a new version makes it out of date."""
        cache.set(f"{self.name}:{key}", (version, value), None)

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


def record_change(model) -> None:
    """Move the version of every register showing ``model`` for a change the database
    cannot see: a file stored beside its rows (a decision's signed PDF)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pcc_portal_count_table_change(%s)", [model._meta.db_table])


def _files_are_stored(names) -> bool:
    return all(default_storage.exists(name) for name in names)


def address_key(request) -> str:
    """A short key naming the whole address a request asked for (host, path and query)."""
    return hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()


# Cookies that make a page personal: a signed-in officer's session, a message waiting.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)


def cached_for_readers(register: Register):
    """Decorate a public view: its page is built once per version of ``register`` and
    address, and then served from the cache to every reader.

    A public page is the same for every member of the public, and the same few pages
    (the home page, a register's first page, a decision in the news) are asked for over
    and over; reading a page from the cache costs one query (the version) where building
    it costs many. A new version of the register (a record published, corrected or
    withdrawn, a deployment) is a new key, so a reader never gets a page the register has
    moved on from. Requests that carry a session or a waiting message, and pages that
    set a cookie or use the session or a CSRF token, are built and sent as usual, and
    never cached; nor is anything with ``DEBUG`` on, where the templates change under a
    running server. A view whose page shows something of a stored file (its size, its
    SHA-256) names the file in ``response.shows_stored_files``: the kept page is served
    only while the file is stored.
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
                content, content_type, files = kept
                # A page naming a stored file (a PDF's fingerprint) is served only while
                # the file is there: an operator may remove one the database knows
                # nothing of.
                if _files_are_stored(files):
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
                files = getattr(response, "shows_stored_files", ())
                register.remember(key, version, (response.content, response["Content-Type"], files))
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
            # Kept as plain JSON values: DRF's own containers (ReturnDict, OrderedDict
            # subclasses holding their serializer) pickle far larger and slower.
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


# The parameter a list is sorted by: it orders what the filters select, never changes it.
ORDERING_PARAMETER = "sort"


def filters_key(params, names) -> str:
    """A short key naming what a list selects: the values of its filters ``names`` (a
    FilterSet's ``filters``) in the query string, its sort order aside. Anything else in
    the address (the page number, the order, a tracking parameter, an API ``format``)
    selects nothing, so two addresses with the same filters share their count and
    totals: a new address is counted over the register only when its filters are new."""
    items = sorted(
        (name, tuple(params.getlist(name)))
        for name in names
        if name in params and name != ORDERING_PARAMETER
    )
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
            self.filters_key = filters_key(request.query_params, view.filterset_class.base_filters)
            self.version = register.version_for(request)
            return super().paginate_queryset(queryset, request, view)

        def django_paginator_class(self, queryset, page_size):
            return paginator_class(queryset, page_size, key=self.filters_key, version=self.version)

    return CachedCountPagination

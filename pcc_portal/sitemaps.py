"""The sitemap: an index at ``/sitemap.xml`` and one sitemap per section and page.

Each app's ``sitemaps.py`` gives its sections (``registry.sitemaps()``); a section of
more than its ``limit`` entries (5,000) runs over pages (``?p=2``), each listed in the
index, so every published record is in the sitemap at any scale. One sitemap of the
whole site took 4.4 s and 2.9 MB at national scale: each page is now built once per
version of the public registers, kept in the cache and answered with an ``ETag``.

The version is the latest change recorded in the history of any model of the domain
apps (``pcc_portal.freshness.Register``): publishing, withdrawing or editing anything
gives a new version, so a cached sitemap never lists a record that is no longer public.
"""

from django.apps import apps
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from pcc_portal import registry
from pcc_portal.freshness import Register


def _public_models():
    return tuple(
        model
        for model in apps.get_models()
        if model._meta.app_label in registry.DOMAIN_APPS + ("pcc_portal",)
        and hasattr(model, "history")
    )


SITE = Register("sitemap", _public_models, apps=registry.DOMAIN_APPS)
SECTIONS = registry.sitemaps()


def _cached_response(request, key, build):
    version = SITE.version()
    not_modified, etag = SITE.not_modified(request, version)
    if not_modified is not None:
        return not_modified

    def render():
        response = build()
        response.render()
        return response.content

    content = SITE.cached(f"{key}:{request.build_absolute_uri()}", version, render)
    response = HttpResponse(content, content_type="application/xml")
    response["ETag"] = etag
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_safe
def index(request):
    return _cached_response(
        request,
        "index",
        lambda: sitemap_views.index(request, sitemaps=SECTIONS, sitemap_url_name="sitemap-section"),
    )


@require_safe
def section(request, section):
    # An unknown section or page raises Http404 from Django's view, before anything is cached.
    return _cached_response(
        request,
        f"section:{section}",
        lambda: sitemap_views.sitemap(request, sitemaps=SECTIONS, section=section),
    )

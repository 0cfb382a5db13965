"""The sitemap: an index at ``/sitemap.xml`` and one sitemap per section and page.

Each app's ``sitemaps.py`` gives its sections (``registry.sitemaps()``); a section of
more than its ``limit`` entries (5,000) runs over pages (``?p=2``), each listed in the
index, so every published record is in the sitemap at any scale. Building a sitemap of
a whole national register is slow and large, so each page is built once per version of
the whole site's register (``pcc_portal.registers.SITE``), kept in the cache and
answered with an ``ETag``: publishing, withdrawing or editing anything gives a new
version, so a cached sitemap never lists a record that is no longer public.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from pcc_portal import registry
from pcc_portal.registers import SITE

SECTIONS = registry.sitemaps()


def _cached_response(request, key, build):
    version = SITE.version_for(request)
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

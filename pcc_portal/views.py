from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from pcc_portal import registry
from pcc_portal.models import Office
from pcc_portal.register_cache import cached_for_readers
from pcc_portal.registers import SITE


@require_safe
@cached_for_readers(SITE)  # each app's latest records, so it follows every register
def home(request):
    return render(
        request,
        "home.html",
        {"sections": registry.home_sections(), "office_list": Office.objects.all()},
    )


@require_safe
def accessibility(request):
    return render(request, "accessibility.html")


@require_safe
def open_data(request):
    downloads = [
        {**item, "url": reverse(item["url_name"])} for item in registry.open_data_downloads()
    ]
    return render(request, "open_data.html", {"downloads": downloads})


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        # API clients get the same JSON error body as DRF's own 404s.
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)

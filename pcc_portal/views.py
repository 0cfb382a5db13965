from django.contrib import admin
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import defaults
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


def bad_request(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    """A refusal in the officer admin is shown in the admin's own style, saying what was
    refused and which roles the officer holds; anywhere else Django's own 403 answers."""
    if not request.path.startswith(reverse("admin:index")):
        return defaults.permission_denied(request, exception)
    reason = str(exception) if exception is not None else ""
    user = request.user
    context = {
        **admin.site.each_context(request),
        "title": "You cannot do this",
        "reason": reason,
        "roles": list(user.groups.values_list("name", flat=True)) if user.is_authenticated else [],
    }
    return render(request, "admin/403.html", context, status=403)


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        # API clients get the same JSON error body as DRF's own 404s.
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)

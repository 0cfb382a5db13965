"""Public pages of the decisions register. Every query starts from ``published()``."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from decisions import pdf
from decisions.filters import PublicDecisionFilter, highlighted
from decisions.models import DecisionRecord
from decisions.registers import DECISIONS, DecisionPaginator
from pcc_portal import registry
from pcc_portal.register_cache import cached_for_readers, filters_key
from pcc_portal.registers import SITE

PAGE_SIZE = 20


@require_safe
@cached_for_readers(DECISIONS)
def decision_list(request):
    decisions = PublicDecisionFilter(
        request.GET,
        queryset=DecisionRecord.objects.published().for_public_list(),
        request=request,
    )
    form = decisions.form
    searching = bool(form.is_valid() and form.cleaned_data.get("q"))
    paginator = DecisionPaginator(
        decisions.qs,
        PAGE_SIZE,
        key=filters_key(request.GET, decisions.filters),
        version=decisions.version,
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    for record in page_obj:
        snippet = getattr(record, "snippet", "")
        record.highlighted_snippet = highlighted(snippet) if snippet else ""
    return render(
        request,
        "decisions/decision_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "decision_list": page_obj.object_list,
            "result_count": page_obj.paginator.count,
            "search_limit_reached": searching
            and page_obj.paginator.count >= decisions.search_limit,
            "searching": searching,
            "crumbs": [("Home", reverse("home")), ("Decisions", None)],
            "filtered": any(
                request.GET.get(name) for name in form.fields if name not in {"sort", "page"}
            ),
        },
    )


def _published_record(slug):
    return get_object_or_404(
        DecisionRecord.objects.published().select_related("office", "category"), slug=slug
    )


@require_safe
# The page links to the contracts, grants and meetings that point at the decision, so it
# follows every register. Its PDF's size and SHA-256 come from the PDF stored (signed)
# before the page is built: storing a PDF moves the register's version, and the kept page
# is served only while that file is stored, so it always names the file the public
# downloads.
@cached_for_readers(SITE)
def decision_detail(request, slug):
    record = _published_record(slug)
    signed_pdf = pdf.published_pdf_fingerprint(record)
    response = render(
        request,
        "decisions/decision_detail.html",
        {
            "record": record,
            "report": record.public_report(),
            "amendments": record.amendments.all(),
            "related_decisions": record.related_decisions.published().for_public_list(),
            "canonical_url": request.build_absolute_uri(record.get_absolute_url()),
            "signed_pdf": signed_pdf,
            "linked_records": registry.decision_links(record),
            "crumbs": [
                ("Home", reverse("home")),
                ("Decisions", reverse("decisions:list")),
                (record.reference, None),
            ],
        },
    )
    response.shows_stored_files = (signed_pdf.storage_name,)
    return response


@require_safe
def reference_with_slash(request, reference):
    """``/decisions/16/2020/`` → ``/decisions/16-2020/`` for a published record."""
    record = DecisionRecord.objects.published().filter(reference=reference).first()
    if record is None:
        raise Http404("No published decision has this reference.")
    return redirect(record, permanent=True)


@require_safe
def attachment_download(request, slug, pk):
    """An attachment of a published record whose Section B report is published."""
    report = _published_record(slug).public_report()
    if report is None:
        raise Http404("The report of this decision is not published.")
    attachment = get_object_or_404(report.attachments, pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def decision_pdf(request, slug):
    """``/decisions/<ref>/pdf/``: the signed PDF of a published decision, shown inline,
    with the SHA-256 of its bytes as its ETag. Anything not published answers 404."""
    record = get_object_or_404(
        DecisionRecord.objects.published().select_related("office"), slug=slug
    )
    stored = pdf.published_pdf(record)
    etag = f'"{stored.sha256}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(stored.content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, pdf.download_filename(record)
    )
    response["ETag"] = etag
    return response

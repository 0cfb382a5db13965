"""The public contracts register: the list with its filters, and one contract's page."""

from django.forms import CheckboxInput, Select
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from commissioning.filters import ContractFilter
from commissioning.models import Contract
from commissioning.registers import CONTRACTS, ContractPaginator
from pcc_portal.register_cache import cached_for_readers, filters_key

PAGE_SIZE = 20


def _govuk_form(form):
    """Give the filter form's widgets their GOV.UK classes and describe them by their
    hint and error, so the plain GET form is accessible without JavaScript."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, Select):
            widget.attrs["class"] = "govuk-select"
        elif not isinstance(widget, CheckboxInput):
            width = " govuk-input--width-10" if name.startswith("value_") else ""
            widget.attrs["class"] = "govuk-input" + width
            if name.startswith("value_"):
                widget.attrs["inputmode"] = "decimal"
                widget.attrs["spellcheck"] = "false"
            elif name in {"provider", "partner"}:
                widget.attrs["spellcheck"] = "false"
        described_by = []
        if field.help_text:
            described_by.append(f"id_{name}-hint")
        if form.is_bound and form.errors.get(name):
            described_by.append(f"id_{name}-error")
            widget.attrs["class"] += (
                " govuk-select--error" if isinstance(widget, Select) else " govuk-input--error"
            )
        if described_by:
            widget.attrs["aria-describedby"] = " ".join(described_by)
    return form


@require_safe
@cached_for_readers(CONTRACTS)
def contract_list(request):
    contracts = Contract.objects.published().with_term().for_register().order_by("title", "pk")
    filterset = ContractFilter(request.GET or None, queryset=contracts, request=request)
    # Counted once per version of the register and filters, not on every view.
    paginator = ContractPaginator(
        filterset.qs,
        PAGE_SIZE,
        key=filters_key(request.GET, filterset.filters),
        version=CONTRACTS.version_for(request),
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "commissioning/contract_list.html",
        {
            "form": _govuk_form(filterset.form),
            "page_obj": page_obj,
            "contracts": page_obj.object_list,
            "filtered": bool(request.GET.keys() - {"page", "sort"}),
            "crumbs": [("Home", reverse("home")), ("Contracts register", None)],
        },
    )


@require_safe
@cached_for_readers(CONTRACTS)
def contract_detail(request, slug):
    contract = get_object_or_404(
        Contract.objects.published().with_term().for_public_page(), slug=slug
    )
    return render(
        request,
        "commissioning/contract_detail.html",
        {
            "contract": contract,
            "cofunding": contract.cofunding(),
            "uplifts": contract.uplifts(),
            "crumbs": [
                ("Home", reverse("home")),
                ("Contracts register", reverse("commissioning:list")),
                (contract.title, None),
            ],
        },
    )


@require_safe
def contract_copy(request, slug):
    """The published (possibly redacted) copy of a published contract, as a PDF. The file
    is served only through here, so a draft's copy is never reachable."""
    contract = get_object_or_404(Contract.objects.published().exclude(published_copy=""), slug=slug)
    return FileResponse(
        contract.published_copy.open("rb"),
        as_attachment=True,
        filename=f"{contract.slug}.pdf",
        content_type="application/pdf",
    )

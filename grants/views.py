"""Public pages of the grants register. Awards come only from ``published()``; rounds
show only the figures of published awards."""

from functools import partial

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from grants.budget import BudgetBar
from grants.filters import GrantAwardFilter, year_choices
from grants.models import Fund, GrantAward, Round
from grants.registers import GRANTS, AwardPaginator
from pcc_portal.register_cache import cached_for_readers, filters_key

PAGE_SIZE = 20
# /grants/ lists each fund's rounds of this many latest years; its own page lists all.
RECENT_YEARS = 3


def _crumbs(*trail):
    return [("Home", reverse("home")), ("Grants", reverse("grants:index")), *trail]


@require_safe
@cached_for_readers(GRANTS)
def index(request):
    awards = GrantAwardFilter(
        request.GET or None,
        queryset=GrantAward.objects.published().for_public_cards(),
        request=request,
    )
    form = awards.form
    version = GRANTS.version_for(request)
    form.offer_years(GRANTS.cached("years", version, year_choices))
    results = awards.qs
    filters = filters_key(request.GET, awards.filters)
    totals = GRANTS.cached(f"totals:{filters}", version, results.totals)
    paginator = AwardPaginator(results, PAGE_SIZE, key=filters, version=version)
    paginator.count = totals["count"]  # counted with the total: one query, not two
    page_obj = paginator.get_page(request.GET.get("page"))
    filter_names = [name for name in form.fields if name != "page"]
    return render(
        request,
        "grants/index.html",
        {
            "form": form,
            # Called by the template only when the funds are drawn (not cached).
            "funds": partial(Fund.objects.for_public, recent_years=RECENT_YEARS),
            "register_version": version,
            "page_obj": page_obj,
            "award_list": page_obj.object_list,
            "totals": totals,
            "filtered": any(request.GET.get(name) for name in filter_names),
            "crumbs": [("Home", reverse("home")), ("Grants", None)],
        },
    )


@require_safe
def fund_detail(request, slug):
    fund = get_object_or_404(Fund.objects.for_public(), slug=slug)
    awards = GrantAward.objects.published().filter(application__round__fund=fund)
    return render(
        request,
        "grants/fund_detail.html",
        {
            "fund": fund,
            "totals": awards.totals(),
            "latest_awards": awards.for_public_cards().order_by("-awarded_on", "-pk")[:5],
            "crumbs": _crumbs((fund.name, None)),
        },
    )


@require_safe
def round_detail(request, slug):
    round_ = get_object_or_404(
        Round.objects.with_public_figures().select_related("fund", "administered_by"), slug=slug
    )
    awards = (
        GrantAward.objects.published()
        .filter(application__round=round_)
        .for_public_cards()
        .order_by("-awarded_on", "-pk")
    )
    page_obj = Paginator(awards, PAGE_SIZE).get_page(request.GET.get("page"))
    bar = None
    if round_.budget:
        bar = BudgetBar(budget=round_.budget, awarded=round_.awarded_total, show_committed=False)
    return render(
        request,
        "grants/round_detail.html",
        {
            "round": round_,
            "bar": bar,
            "page_obj": page_obj,
            "award_list": page_obj.object_list,
            "crumbs": _crumbs(
                (round_.fund.name, round_.fund.get_absolute_url()), (round_.name, None)
            ),
        },
    )


@require_safe
@cached_for_readers(GRANTS)
def award_detail(request, pk):
    award = get_object_or_404(GrantAward.objects.published().for_public_list(), pk=pk)
    round_ = award.application.round
    return render(
        request,
        "grants/award_detail.html",
        {
            "award": award,
            "crumbs": _crumbs(
                (round_.fund.name, round_.fund.get_absolute_url()),
                (round_.name, round_.get_absolute_url()),
                (award.application.project_title, None),
            ),
        },
    )

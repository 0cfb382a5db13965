import csv
from itertools import groupby

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from board.models import Board
from transparency import alerts
from transparency.forms import KindForm, SubscriptionForm, kind_choices
from transparency.models import GiftOrHospitality, PublicationSchemeItem, RegisteredInterest

GIFTS_PER_PAGE = 50


def _crumbs(*trail):
    return [("Home", reverse("home")), *trail]


@require_safe
def publication_scheme(request):
    items = list(PublicationSchemeItem.objects.all())
    classes = [
        {"heading": PublicationSchemeItem.SchemeClass(number).label, "items": list(group)}
        for number, group in groupby(items, key=lambda item: item.scheme_class)
    ]
    gaps = sum(1 for item in items if item.status == PublicationSchemeItem.Status.GAP)
    return render(
        request,
        "transparency/publication_scheme.html",
        {
            "classes": classes,
            "total": len(items),
            "gaps": gaps,
            "crumbs": _crumbs(("Publication scheme", None)),
        },
    )


@require_safe
def interests(request):
    entries = RegisteredInterest.objects.published()
    people = [
        {"office": office, "person": person, "role": role, "entries": list(group)}
        for (office, person, role), group in groupby(
            entries, key=lambda entry: (entry.office, entry.person, entry.role)
        )
    ]
    return render(
        request,
        "transparency/interests.html",
        {
            "people": people,
            "crumbs": _crumbs(
                ("Publication scheme", reverse("transparency:publication-scheme")),
                ("Register of interests", None),
            ),
        },
    )


@require_safe
def gifts(request):
    page_obj = Paginator(GiftOrHospitality.objects.published(), GIFTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "transparency/gifts_and_hospitality.html",
        {
            "page_obj": page_obj,
            "crumbs": _crumbs(
                ("Publication scheme", reverse("transparency:publication-scheme")),
                ("Register of gifts and hospitality", None),
            ),
        },
    )


def _csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@require_safe
def interests_csv(request):
    return _csv_response(
        "register-of-interests.csv",
        [
            "office",
            "person",
            "role",
            "category",
            "description",
            "date_registered",
            "date_updated",
        ],
        (
            [
                entry.office.name,
                entry.person,
                entry.role,
                entry.get_category_display(),
                entry.description,
                entry.registered_on.isoformat(),
                entry.updated_on.isoformat() if entry.updated_on else "",
            ]
            for entry in RegisteredInterest.objects.published()
        ),
    )


@require_safe
def gifts_csv(request):
    return _csv_response(
        "register-of-gifts-and-hospitality.csv",
        [
            "office",
            "date",
            "offered_to",
            "role",
            "kind",
            "description",
            "offered_by",
            "estimated_value_gbp",
            "accepted_or_declined",
        ],
        (
            [
                entry.office.name,
                entry.offered_on.isoformat(),
                entry.recipient,
                entry.recipient_role,
                entry.get_kind_display(),
                entry.description,
                entry.offered_by,
                f"{entry.estimated_value:.2f}",
                entry.get_outcome_display(),
            ]
            for entry in GiftOrHospitality.objects.published()
        ),
    )


KIND_HEADINGS = {
    alerts.Kind.DECISIONS: "Alerts about new decisions",
    alerts.Kind.BOARD: "Alerts about a board's agendas and minutes",
    alerts.Kind.SEARCH: "Alerts for a saved search of decisions",
}


def _alert_details(request, form, kind):
    return render(
        request,
        "transparency/alerts_details.html",
        {
            "form": form,
            "kind": kind,
            "heading": KIND_HEADINGS[kind],
            "crumbs": _crumbs(
                ("Get email alerts", reverse("transparency:alerts")), (KIND_HEADINGS[kind], None)
            ),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def alerts_subscribe(request):
    """/alerts/ asks what the alerts are about (a GET form); /alerts/?kind=<kind> asks
    for the topic and the address, and its POST subscribes. /alerts/?search=<query
    string> goes straight to a saved search of that query, for the decisions page to
    link to."""
    if request.method == "POST":
        form = SubscriptionForm(request.POST)
        if form.is_valid():
            try:
                alerts.subscribe(email=form.cleaned_data["email"], **form.topic())
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error(field, message)
            else:
                return redirect("transparency:alerts-check-email")
        kind = form.data.get("kind")
        if kind not in dict(kind_choices()):
            return redirect("transparency:alerts")
        return _alert_details(request, form, kind)

    search = request.GET.get("search", "").strip()
    if search:
        form = SubscriptionForm(initial={"kind": alerts.Kind.SEARCH, "search": search})
        return _alert_details(request, form, alerts.Kind.SEARCH)
    chosen = KindForm(request.GET) if "kind" in request.GET or "continue" in request.GET else None
    if chosen is not None and chosen.is_valid():
        kind = chosen.cleaned_data["kind"]
        return _alert_details(request, SubscriptionForm(initial={"kind": kind}), kind)
    return render(
        request,
        "transparency/alerts.html",
        {
            "form": chosen or KindForm(),
            "boards": Board.objects.select_related("office"),
            "crumbs": _crumbs(("Get email alerts", None)),
        },
    )


@require_safe
def alerts_check_email(request):
    return render(
        request,
        "transparency/alerts_check_email.html",
        {"days": alerts.AlertSubscription.PENDING_DAYS},
    )


@require_safe
def alerts_confirm(request, token):
    try:
        subscription = alerts.confirm(token)
    except alerts.InvalidLinkError as problem:
        return render(
            request,
            "transparency/alerts_link_problem.html",
            {
                "problem": str(problem),
                "expired": isinstance(problem, alerts.ExpiredLinkError),
                "days": alerts.AlertSubscription.PENDING_DAYS,
            },
            status=400,
        )
    return render(
        request,
        "transparency/alerts_confirmed.html",
        {
            "subscription": subscription,
            "unsubscribe_path": reverse(
                "transparency:alerts-unsubscribe", args=[alerts.unsubscribe_token(subscription)]
            ),
        },
    )


# RFC 8058: a mail client unsubscribes with a POST carrying no CSRF token, and the
# answer must not be a redirect. A GET (which mail scanners make on their own) only
# shows the one button that unsubscribes.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def alerts_unsubscribe(request, token):
    try:
        if request.method == "POST":
            alerts.unsubscribe(token)
            return render(request, "transparency/alerts_unsubscribed.html")
        subscription = alerts.subscription_for_unsubscribe(token)
    except alerts.InvalidLinkError as problem:
        return render(
            request,
            "transparency/alerts_link_problem.html",
            {"problem": str(problem)},
            status=400,
        )
    if subscription is None:
        return render(request, "transparency/alerts_unsubscribed.html")
    return render(request, "transparency/alerts_unsubscribe.html", {"subscription": subscription})

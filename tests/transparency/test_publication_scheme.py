import re
from html import unescape

import pytest
from django.urls import reverse

from pcc_portal import roles
from transparency.models import PublicationSchemeItem

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("publication_scheme")]

SchemeClass = PublicationSchemeItem.SchemeClass
ROW = re.compile(r'<tr class="govuk-table__row">\s*<th scope="row".*?</tr>', re.S)
LINK = re.compile(r'<td class="govuk-table__cell">\s*<a class="govuk-link" href="([^"]+)"')
GAP = '<strong class="govuk-tag govuk-tag--grey">Not yet published</strong>'


def scheme_rows(client):
    response = client.get("/publication-scheme/")
    assert response.status_code == 200
    return ROW.findall(response.content.decode())


def test_every_class_of_the_order_has_its_heading(client):
    html = unescape(client.get("/publication-scheme/").content.decode())

    for heading in SchemeClass.labels:
        assert f">{heading}</h2>" in html


@pytest.mark.parametrize(
    "paragraph",
    [
        "1(a)", "1(b)", "1(c)", "1(d)", "1(e)", "1(f)",
        "2(a)", "2(b)", "2(c)", "2(d)", "2(e)", "2A",
        "3(a)", "3(b)", "3(c)", "3(d)", "3(e)", "3(f)", "3(g)", "3(h)", "3(i)", "3(j)",
        "4(a)", "5(a)", "5(b)", "5(c)", "5(d)", "6", "7",
        "7A(a)", "7A(b)", "7B(a)", "7B(b)", "7C(a)", "7C(b)", "8",
    ],
)  # fmt: skip
def test_each_paragraph_of_the_order_is_listed(client, paragraph):
    html = client.get("/publication-scheme/").content.decode()

    assert re.search(rf"Schedule, Part 1, paragraph {re.escape(paragraph)}(?![\w(])", html)


def test_the_2021_additions_name_the_amending_order(client):
    html = client.get("/publication-scheme/").content.decode()

    for paragraph in ("7A(a)", "7B(a)", "7C(a)"):
        assert f"paragraph {paragraph}, inserted by SI 2021/547" in html


def test_every_item_has_a_working_link_or_a_visible_gap(client):
    rows = scheme_rows(client)

    assert len(rows) == PublicationSchemeItem.objects.count() >= 40
    for row in rows:
        link = LINK.search(row)
        if link is None:
            assert GAP in row, row
            continue
        assert GAP not in row
        url = unescape(link.group(1))
        if url.startswith("/"):
            assert client.get(url).status_code == 200, url


def test_items_the_portal_publishes_link_to_its_own_pages(client):
    html = client.get("/publication-scheme/").content.decode()
    decisions_row = next(row for row in ROW.findall(html) if "paragraph 5(d)" in row)
    interests_row = next(row for row in ROW.findall(html) if "paragraph 1(e)" in row)
    gifts_row = next(row for row in ROW.findall(html) if "paragraph 2(e)" in row)

    assert 'href="/decisions/"' in decisions_row
    assert 'href="/registers/interests/"' in interests_row
    assert 'href="/registers/gifts-and-hospitality/"' in gifts_row


def test_an_item_pointing_at_a_page_that_does_not_exist_is_shown_as_a_gap(client):
    PublicationSchemeItem.objects.filter(title="Register of interests").update(
        portal_url_name="registers:no-such-page"
    )

    row = next(row for row in scheme_rows(client) if "paragraph 1(e)" in row)

    assert GAP in row
    assert "href=" not in row


def test_the_page_counts_the_gaps(client):
    gaps = PublicationSchemeItem.objects.with_status(PublicationSchemeItem.Status.GAP).count()

    html = client.get("/publication-scheme/").content.decode()

    assert gaps > 0
    assert f"{gaps} of {PublicationSchemeItem.objects.count()} items are not yet published" in html


def test_a_publisher_sets_the_address_on_the_office_website_in_the_admin(client, officer_in):
    item = PublicationSchemeItem.objects.get(title="Police and Crime Plan")
    client.force_login(officer_in(roles.PUBLISHER))

    response = client.post(
        reverse("admin:transparency_publicationschemeitem_change", args=[item.pk]),
        {
            "scheme_class": item.scheme_class,
            "position": item.position,
            "title": item.title,
            "description": item.description,
            "statutory_reference": item.statutory_reference,
            "portal_url_name": "",
            "external_url": "https://www.derbyshire-pcc.gov.uk/police-and-crime-plan/",
            "last_updated": "2022-04-01",
        },
    )

    assert response.status_code == 302
    row = next(row for row in scheme_rows(client) if "Police and Crime Plan" in row)
    assert 'href="https://www.derbyshire-pcc.gov.uk/police-and-crime-plan/"' in row
    assert "1 April 2022" in row
    change = item.history.first()
    assert change.history_type == "~"
    assert change.history_user.groups.filter(name=roles.PUBLISHER).exists()


def test_an_item_cannot_be_published_in_two_places(client, officer_in):
    item = PublicationSchemeItem.objects.get(title="Police and Crime Plan")
    client.force_login(officer_in(roles.PUBLISHER))

    response = client.post(
        reverse("admin:transparency_publicationschemeitem_change", args=[item.pk]),
        {
            "scheme_class": item.scheme_class,
            "position": item.position,
            "title": item.title,
            "statutory_reference": item.statutory_reference,
            "portal_url_name": "decisions:list",
            "external_url": "https://www.derbyshire-pcc.gov.uk/police-and-crime-plan/",
        },
    )

    assert response.status_code == 200
    assert (
        "Choose a page of this website or give an address on the office&#x27;s website, not both."
        in response.content.decode()
    )
    item.refresh_from_db()
    assert item.external_url == ""


def test_the_admin_checklist_shows_status_and_last_update(client, officer_in):
    client.force_login(officer_in(roles.PUBLISHER))

    html = client.get(
        reverse("admin:transparency_publicationschemeitem_changelist")
    ).content.decode()

    assert "Not yet published" in html
    assert "Published on this website" in html
    assert "column-last_updated" in html


def test_the_admin_checklist_filters_the_gaps(client, officer_in):
    client.force_login(officer_in(roles.PUBLISHER))
    gaps = PublicationSchemeItem.objects.with_status(PublicationSchemeItem.Status.GAP)

    response = client.get(
        reverse("admin:transparency_publicationschemeitem_changelist"), {"status": "gap"}
    )

    assert list(response.context["cl"].result_list) == list(gaps)
    assert not any(item.url for item in response.context["cl"].result_list)
    assert "Register of interests" not in {i.title for i in response.context["cl"].result_list}

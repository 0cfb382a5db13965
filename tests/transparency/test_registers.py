import csv
import io
import sys
from decimal import Decimal

import pytest
from django.urls import reverse

from pcc_portal import roles
from tests.transparency.factories import GiftOrHospitalityFactory, RegisteredInterestFactory
from transparency import demo
from transparency.models import GiftOrHospitality, RegisteredInterest

pytestmark = pytest.mark.django_db


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_register_of_interests_shows_each_persons_interests(client, office):
    RegisteredInterestFactory(
        office=office,
        person="Police and Crime Commissioner",
        role="Police and Crime Commissioner",
        category=RegisteredInterest.Category.MEMBERSHIPS,
        description="Example entry: member of a national association.",
        updated_on="2022-04-01",
    )
    RegisteredInterestFactory(
        office=office,
        person="Chief Executive",
        role="Chief Executive",
        category=RegisteredInterest.Category.LAND,
        description="Example entry: owns their home in the police area.",
    )

    html = client.get("/registers/interests/").content.decode()

    assert '<h1 class="govuk-heading-xl">Register of interests</h1>' in html
    assert "Membership of bodies and organisations" in html
    assert "Example entry: member of a national association." in html
    assert "17 May 2021" in html
    assert "1 April 2022" in html
    assert "Land and property" in html
    assert html.index("Chief Executive") < html.index("Example entry: owns their home")


def test_the_gifts_and_hospitality_register_shows_value_and_outcome(client, office):
    GiftOrHospitalityFactory(
        office=office,
        recipient="Chief Executive",
        kind=GiftOrHospitality.Kind.GIFT,
        description="Example entry: a bottle of wine.",
        offered_by="Example service provider",
        estimated_value=Decimal("1234.50"),
        outcome=GiftOrHospitality.Outcome.DECLINED,
    )

    html = client.get("/registers/gifts-and-hospitality/").content.decode()

    assert "Gift: Example entry: a bottle of wine." in html
    assert "Example service provider" in html
    assert "£1,234.50" in html
    assert "Declined" in html
    assert "14 September 2021" in html


def test_the_register_of_interests_downloads_as_csv(client, office):
    RegisteredInterestFactory(office=office, description="Example entry: trustee, unpaid.")

    response = client.get("/registers/interests.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="register-of-interests.csv"' in response["Content-Disposition"]
    header, row = csv_rows(response)
    assert header == [
        "office",
        "person",
        "role",
        "category",
        "description",
        "date_registered",
        "date_updated",
    ]
    assert row == [
        office.name,
        "Police and Crime Commissioner",
        "Police and Crime Commissioner",
        "Membership of bodies and organisations",
        "Example entry: trustee, unpaid.",
        "2021-05-17",
        "",
    ]


def test_the_gifts_and_hospitality_register_downloads_as_csv_with_exact_values(client, office):
    GiftOrHospitalityFactory(office=office, estimated_value=Decimal("0.10"))
    GiftOrHospitalityFactory(
        office=office, estimated_value=Decimal("0.20"), offered_on="2022-01-02"
    )

    rows = csv_rows(client.get("/registers/gifts-and-hospitality.csv"))

    assert rows[0][7] == "estimated_value_gbp"
    assert [row[7] for row in rows[1:]] == ["0.20", "0.10"]
    assert [row[1] for row in rows[1:]] == ["2022-01-02", "2021-09-14"]
    assert rows[1][8] == "Accepted"


def test_the_open_data_page_lists_both_register_downloads(client):
    html = client.get("/open-data/").content.decode()

    assert 'href="/registers/interests.csv"' in html
    assert 'href="/registers/gifts-and-hospitality.csv"' in html


@pytest.mark.parametrize(
    ("url", "factory"),
    [
        ("/registers/interests/", RegisteredInterestFactory),
        ("/registers/gifts-and-hospitality/", GiftOrHospitalityFactory),
        ("/registers/interests.csv", RegisteredInterestFactory),
        ("/registers/gifts-and-hospitality.csv", GiftOrHospitalityFactory),
    ],
)
def test_register_pages_query_count_does_not_grow_with_entries(
    client, office, django_assert_max_num_queries, url, factory
):
    factory(office=office)
    with django_assert_max_num_queries(4) as few:
        client.get(url)
    factory.create_batch(30, office=office)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert response.status_code == 200


def test_a_publisher_adds_a_gift_in_the_admin_and_its_history_is_kept(client, office, officer_in):
    publisher = officer_in(roles.PUBLISHER)
    client.force_login(publisher)

    response = client.post(
        reverse("admin:transparency_giftorhospitality_add"),
        {
            "office": office.pk,
            "recipient": "Police and Crime Commissioner",
            "recipient_role": "Police and Crime Commissioner",
            "kind": "hospitality",
            "description": "Example entry: dinner at an awards evening.",
            "offered_by": "Example charity",
            "estimated_value": "45.00",
            "offered_on": "2022-02-01",
            "outcome": "accepted",
        },
    )

    assert response.status_code == 302
    gift = GiftOrHospitality.objects.get()
    assert gift.estimated_value == Decimal("45.00")
    assert gift.history.get().history_user == publisher
    assert (
        "Example entry: dinner at an awards evening."
        in client.get("/registers/gifts-and-hospitality/").content.decode()
    )


def test_a_negative_estimated_value_is_refused(client, office, officer_in):
    client.force_login(officer_in(roles.PUBLISHER))

    response = client.post(
        reverse("admin:transparency_giftorhospitality_add"),
        {
            "office": office.pk,
            "recipient": "Chief Executive",
            "recipient_role": "Chief Executive",
            "kind": "gift",
            "description": "Example entry: a book.",
            "offered_by": "Example author",
            "estimated_value": "-5.00",
            "offered_on": "2022-02-01",
            "outcome": "declined",
        },
    )

    assert response.status_code == 200
    assert "The estimated value cannot be negative." in response.content.decode()
    assert not GiftOrHospitality.objects.exists()


def test_an_interest_cannot_be_updated_before_it_was_registered(client, office, officer_in):
    client.force_login(officer_in(roles.PUBLISHER))

    response = client.post(
        reverse("admin:transparency_registeredinterest_add"),
        {
            "office": office.pk,
            "person": "Chief Executive",
            "role": "Chief Executive",
            "category": "other",
            "description": "Example entry.",
            "registered_on": "2022-02-01",
            "updated_on": "2022-01-01",
        },
    )

    assert "The date updated cannot be before the date registered." in response.content.decode()
    assert not RegisteredInterest.objects.exists()


def test_the_demo_registers_are_marked_as_examples_and_load_once(office):
    demo.load_demo(sys.stdout)
    counts = (
        RegisteredInterest.objects.count(),
        GiftOrHospitality.objects.count(),
        RegisteredInterest.history.count(),
        GiftOrHospitality.history.count(),
    )

    demo.load_demo(sys.stdout)

    assert counts[0] > 0
    assert counts[1] > 0
    assert (
        RegisteredInterest.objects.count(),
        GiftOrHospitality.objects.count(),
        RegisteredInterest.history.count(),
        GiftOrHospitality.history.count(),
    ) == counts
    for entry in [*RegisteredInterest.objects.all(), *GiftOrHospitality.objects.all()]:
        assert entry.description.startswith("Example entry")

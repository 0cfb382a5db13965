"""What the performance work changed in what people see: conditional GET and cached
downloads that follow every change, capped search ranking, counts and totals that
follow new awards, and the grants page's latest rounds."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest

from decisions import workflow
from decisions.filters import PublicDecisionFilter
from pcc_portal import roles
from tests.decisions.factories import DecisionPublishedFactory, DecisionScheduledFactory
from tests.grants.factories import (
    GrantAwardFactory,
    OrganisationFactory,
    SmallGrantsFundFactory,
    SmallGrantsRoundFactory,
)

pytestmark = pytest.mark.django_db


def csv_references(response) -> list[str]:
    body = b"".join(response.streaming_content).decode()
    return [row["reference"] for row in csv.DictReader(io.StringIO(body))]


def test_decisions_csv_answers_not_modified_to_a_client_that_already_has_it(client):
    DecisionPublishedFactory(reference="16/2020")
    first = client.get("/decisions.csv")
    assert csv_references(first) == ["16/2020"]

    again = client.get("/decisions.csv", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_decisions_csv_includes_a_decision_published_after_it_was_cached(client, officer_in):
    DecisionPublishedFactory(reference="16/2020")
    first = client.get("/decisions.csv")
    assert csv_references(first) == ["16/2020"]
    scheduled = DecisionScheduledFactory(reference="17/2020")

    workflow.publish(scheduled, by=officer_in(roles.PUBLISHER), comment="Contract now signed.")
    again = client.get("/decisions.csv", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert sorted(csv_references(again)) == ["16/2020", "17/2020"]
    assert again["ETag"] != first["ETag"]


def test_decisions_json_is_served_again_from_the_cache_until_the_register_changes(client):
    DecisionPublishedFactory(reference="16/2020", title="Arbor")
    assert [item["title"] for item in client.get("/decisions.json").json()["decisions"]] == [
        "Arbor"
    ]
    DecisionPublishedFactory(reference="24/2018", title="IDVA service")

    titles = [item["title"] for item in client.get("/decisions.json").json()["decisions"]]

    assert sorted(titles) == ["Arbor", "IDVA service"]


def test_a_search_matching_more_than_its_limit_lists_the_latest_matches_and_says_at_least(
    client, monkeypatch
):
    monkeypatch.setattr(PublicDecisionFilter, "search_limit", 3)
    for day in range(1, 6):
        DecisionPublishedFactory(
            reference=f"{day}/2020",
            title=f"Kelbrookdale refuge {day}",
            received_on=datetime.date(2020, 2, 1),
            approved_on=datetime.date(2020, 3, day),
        )

    html = client.get("/decisions/", {"q": "Kelbrookdale"}).content.decode()

    assert "At least 3 decisions matching “Kelbrookdale”" in html
    for shown in ("3-2020", "4-2020", "5-2020"):
        assert f"/decisions/{shown}/" in html
    for older in ("1-2020", "2-2020"):
        assert f"/decisions/{older}/" not in html


def test_a_search_within_its_limit_gives_the_exact_count(client):
    DecisionPublishedFactory(reference="1/2020", title="Kelbrookdale refuge")
    DecisionPublishedFactory(reference="2/2020", title="Drug testing equipment")

    html = client.get("/decisions/", {"q": "Kelbrookdale"}).content.decode()

    assert "1 decision matching “Kelbrookdale”" in html


def test_api_search_counts_at_most_its_limit(client, monkeypatch):
    monkeypatch.setattr(PublicDecisionFilter, "search_limit", 2)
    for number in range(1, 5):
        DecisionPublishedFactory(reference=f"{number}/2020", title="Accommodation service")

    data = client.get("/api/decisions/", {"q": "accommodation"}).json()

    assert data["count"] == 2
    assert len(data["results"]) == 2


def test_the_grants_register_counts_and_totals_a_new_award_at_once(client):
    GrantAwardFactory(application__amount_requested=Decimal("1000.00"))
    assert "1 grant totalling £1,000.00" in client.get("/grants/").content.decode()

    GrantAwardFactory(application__amount_requested=Decimal("500.00"))
    html = client.get("/grants/").content.decode()

    assert "2 grants totalling £1,500.00" in html


def test_the_grants_api_counts_a_new_award_at_once(client):
    GrantAwardFactory()
    assert client.get("/api/grants/").json()["count"] == 1

    GrantAwardFactory()

    assert client.get("/api/grants/").json()["count"] == 2


def test_the_grants_page_lists_three_years_of_a_funds_rounds_and_links_to_all(client):
    fund = SmallGrantsFundFactory()
    for year in range(2018, 2023):
        for number, (opens, closes) in enumerate(
            [((year - 1, 11, 2), (year, 3, 1)), ((year, 3, 2), (year, 7, 1))], start=1
        ):
            SmallGrantsRoundFactory(
                fund=fund,
                name=f"Small Grants {year} round {number}",
                slug=f"small-grants-{year}-{number}",
                opens_on=datetime.date(*opens),
                closes_on=datetime.date(*closes),
            )
    GrantAwardFactory(application__applicant=OrganisationFactory(name="Ripley Boxing Club"))

    html = client.get("/grants/").content.decode()

    # Three rounds a year for three years: the nine latest of the ten.
    for year in (2019, 2020, 2021, 2022):
        assert f"Small Grants {year} round 2" in html
    assert "Small Grants 2018 round 2" in html
    assert "Small Grants 2018 round 1" not in html
    assert "All 10 rounds of the Small Grants" in html
    assert "Ripley Boxing Club" in html


def test_a_register_download_is_kept_on_disk_once_per_version(client, settings):
    DecisionPublishedFactory(reference="16/2020")
    folder = settings.OPEN_DATA_CACHE_DIR

    first = client.get("/decisions.csv")
    assert csv_references(first) == ["16/2020"]
    kept = sorted(path.name for path in folder.glob("decisions-*-decisions.csv"))
    assert len(kept) == 1

    DecisionPublishedFactory(reference="17/2020")
    second = client.get("/decisions.csv")

    assert sorted(csv_references(second)) == ["16/2020", "17/2020"]
    now_kept = sorted(path.name for path in folder.glob("decisions-*-decisions.csv"))
    assert len(now_kept) == 1
    assert now_kept != kept  # the earlier version's file is gone
    assert second["Content-Length"] == str((folder / now_kept[0]).stat().st_size)


def test_a_download_whose_file_was_removed_is_built_again(client, settings):
    DecisionPublishedFactory(reference="16/2020")
    client.get("/decisions.json")
    for path in settings.OPEN_DATA_CACHE_DIR.glob("decisions-*-decisions.json"):
        path.unlink()

    response = client.get("/decisions.json")

    assert response.status_code == 200
    assert [row["reference"] for row in response.json()["decisions"]] == ["16/2020"]


def test_the_capped_search_orders_its_matches_as_the_full_ranking_does(client):
    from decisions.filters import DecisionFilter
    from decisions.models import DecisionRecord

    texts = [
        ("Refuge refuge refuge accommodation", "Refuge."),
        ("Accommodation", "A refuge for victims of domestic abuse, a refuge place."),
        ("Drug testing", "Equipment, and one refuge bed."),
        ("Refuge extension", "Extends the refuge contract."),
        ("Refuge", "Refuge."),  # ties broken by date, then newest record
    ]
    for day, (title, summary) in enumerate(texts, start=1):
        DecisionPublishedFactory(
            reference=f"{day}/2020",
            title=title,
            executive_summary=summary,
            received_on=datetime.date(2020, 2, 1),
            approved_on=datetime.date(2020, 3, 1 + day % 2),
        )
    full = DecisionFilter({"q": "refuge"}, queryset=DecisionRecord.objects.published()).qs
    expected = [record.slug for record in full]

    html = client.get("/decisions/", {"q": "refuge"}).content.decode()
    api = client.get("/api/decisions/", {"q": "refuge"}).json()

    shown = [slug for slug in re.findall(r'href="/decisions/([^/"]+)/"', html) if slug in expected]
    assert shown == expected
    assert [item["reference"].replace("/", "-") for item in api["results"]] == expected


def test_each_page_of_a_capped_search_reads_its_own_records_in_ranked_order(client, monkeypatch):
    from decisions import views
    from decisions.filters import DecisionFilter
    from decisions.models import DecisionRecord

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for day in range(1, 6):
        DecisionPublishedFactory(
            reference=f"{day}/2020",
            title="Refuge " * day + "accommodation",
            executive_summary=f"A refuge place, number {day}.",
            received_on=datetime.date(2020, 2, 1),
            approved_on=datetime.date(2020, 3, day),
        )
    full = DecisionFilter({"q": "refuge"}, queryset=DecisionRecord.objects.published()).qs
    expected = [record.slug for record in full]

    shown = []
    for page in (1, 2, 3):
        html = client.get("/decisions/", {"q": "refuge", "page": page}).content.decode()
        on_page = re.findall(r'href="/decisions/(\d+-2020)/"', html)
        assert len(on_page) == (1 if page == 3 else 2)
        assert html.count("<mark>") >= len(on_page)  # each record with its snippet
        shown += on_page

    assert shown == expected
    assert "5 decisions matching “refuge”" in html

"""The page cache of the public lists: a reader gets the page the register is at now,
never one it has moved on from, and an officer's pages are never cached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.decisions.factories import DecisionPublishedFactory
from tests.grants.factories import GrantAwardFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_reader_asking_again_is_served_from_the_cache_with_one_query(client):
    DecisionPublishedFactory(title="Arbor victim services contract extension")

    first, built_with = queries_for(client, "/decisions/?q=victim")
    again, served_with = queries_for(client, "/decisions/?q=victim")

    assert again == first
    assert "Arbor victim services contract extension" in again
    assert built_with > 1
    assert served_with == 1  # the register's version, nothing else


def test_a_newly_published_decision_is_listed_at_once(client):
    DecisionPublishedFactory(title="Power washer provision")
    assert "Power washer provision" in queries_for(client, "/decisions/")[0]

    DecisionPublishedFactory(title="Circles of Support funding")

    page = queries_for(client, "/decisions/")[0]
    assert "Circles of Support funding" in page
    assert "2 decisions" in page


def test_a_withdrawn_decision_leaves_the_cached_list_at_once(client):
    record = DecisionPublishedFactory(title="Marker-withdrawn-decision")
    assert "Marker-withdrawn-decision" in queries_for(client, "/decisions/")[0]

    record.status = record.Status.DRAFT
    record.published_at = None
    record.save()

    assert "Marker-withdrawn-decision" not in queries_for(client, "/decisions/")[0]


def test_each_search_and_page_is_its_own_entry(client):
    DecisionPublishedFactory(title="Victim services")
    DecisionPublishedFactory(title="Offender services")

    assert "Offender services" not in queries_for(client, "/decisions/?q=victim")[0]
    assert "Victim services" not in queries_for(client, "/decisions/?q=offender")[0]


def test_a_signed_in_officer_is_never_served_from_the_cache(client, officer_in):
    DecisionPublishedFactory()
    queries_for(client, "/decisions/")
    client.force_login(officer_in("Drafting officer"))

    _, with_session = queries_for(client, "/decisions/")

    assert with_session > 1


def test_the_grants_list_follows_a_new_award(client):
    GrantAwardFactory(application__project_title="Drama workshops in schools")
    assert "Drama workshops in schools" in queries_for(client, "/grants/")[0]
    assert queries_for(client, "/grants/")[1] == 1

    GrantAwardFactory(application__project_title="Youth boxing club")

    assert "Youth boxing club" in queries_for(client, "/grants/")[0]


def test_a_cached_page_still_answers_304_to_a_browser_holding_it(client):
    DecisionPublishedFactory()
    first = client.get("/decisions/")
    client.get("/decisions/")

    again = client.get("/decisions/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


def test_the_meetings_list_follows_a_new_meeting_and_a_changed_place(client):
    import datetime

    from tests.board.factories import MeetingFactory

    first = MeetingFactory(date=datetime.date(2021, 3, 15))
    page = queries_for(client, "/meetings/")[0]
    assert first.get_absolute_url() in page
    assert queries_for(client, "/meetings/")[1] == 1

    second = MeetingFactory(board=first.board, date=datetime.date(2021, 1, 25))
    first.location = "Marker Hall, Butterley"
    first.is_virtual = False
    first.save()

    page = queries_for(client, "/meetings/")[0]
    assert second.get_absolute_url() in page
    assert "Marker Hall, Butterley" in page


def test_with_debug_on_every_page_is_built_afresh(client, settings):
    settings.DEBUG = True
    DecisionPublishedFactory()
    queries_for(client, "/decisions/")

    assert queries_for(client, "/decisions/")[1] > 1


def api_json(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.json(), len(queries)


@pytest.mark.parametrize("url", ["/api/decisions/", "/api/decisions/?q=washer"])
def test_an_api_list_asked_again_is_answered_from_the_cache_until_the_register_changes(client, url):
    DecisionPublishedFactory(title="Power washer provision")
    first, built_with = api_json(client, url)
    again, served_with = api_json(client, url)
    assert again == first
    assert served_with == 1 < built_with  # the register's version, nothing else

    DecisionPublishedFactory(title="Power washer for the marine unit")

    titles = [item["title"] for item in api_json(client, url)[0]["results"]]
    assert sorted(titles) == ["Power washer for the marine unit", "Power washer provision"]


def test_the_grants_and_contracts_api_lists_follow_their_registers(client):
    from tests.commissioning.factories import ContractPublishedFactory

    GrantAwardFactory(application__project_title="Drama workshops in schools")
    ContractPublishedFactory(title="Arbor victim services")
    api_json(client, "/api/grants/")
    api_json(client, "/api/contracts/")
    assert api_json(client, "/api/grants/")[1] == 1
    assert api_json(client, "/api/contracts/")[1] == 1

    GrantAwardFactory(application__project_title="Youth boxing club")
    ContractPublishedFactory(title="Circles of Support")

    grants = api_json(client, "/api/grants/")[0]
    contracts = api_json(client, "/api/contracts/")[0]
    assert {item["title"] for item in grants["results"]} == {
        "Drama workshops in schools",
        "Youth boxing club",
    }
    assert {item["title"] for item in contracts["results"]} == {
        "Arbor victim services",
        "Circles of Support",
    }


def test_an_api_list_from_the_cache_is_still_throttled(client, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    DecisionPublishedFactory()

    answers = [client.get("/api/decisions/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_a_meeting_page_is_served_again_from_the_cache_until_the_meeting_or_its_log_changes(
    client, officer_in
):
    import datetime

    from board import workflow
    from board.models import AgendaItem
    from tests.board.factories import (
        AgendaItemFactory,
        MeetingFactory,
        PublishedDecisionFactory,
        ResolutionFactory,
    )

    secretary = officer_in("Board secretary")
    decision = PublishedDecisionFactory(title="Marker-logged decision")
    meeting = MeetingFactory(date=datetime.date(2021, 3, 15), board__office=decision.office)
    ResolutionFactory(
        agenda_item=AgendaItemFactory(
            meeting=meeting, number="11A", kind=AgendaItem.Kind.DECISIONS_LOG
        ),
        text="Marker-resolution noted",
    )
    workflow.publish_agenda(meeting, by=secretary)
    url = meeting.get_absolute_url()
    page, _ = queries_for(client, url)
    assert "Marker-logged decision" in page
    assert "Marker-resolution noted" not in page  # minutes not yet approved
    assert queries_for(client, url) == (page, 1)

    workflow.record_minutes(meeting, by=secretary, closed_at=datetime.time(16, 12))
    workflow.approve_minutes(meeting, by=secretary)
    assert "Marker-resolution noted" in queries_for(client, url)[0]

    decision.status = decision.Status.DRAFT  # withdrawn
    decision.published_at = None
    decision.save()
    assert "Marker-logged decision" not in queries_for(client, url)[0]


def test_the_home_page_is_served_from_the_cache_and_lists_a_new_decision_at_once(client):
    DecisionPublishedFactory(title="Marker-first decision")
    page, _ = queries_for(client, "/")
    assert "Marker-first decision" in page
    assert queries_for(client, "/") == (page, 1)

    DecisionPublishedFactory(title="Marker-second decision")

    assert "Marker-second decision" in queries_for(client, "/")[0]


@pytest.mark.pdf
def test_a_decision_page_is_served_from_the_cache_naming_the_pdf_the_public_downloads(client):
    import hashlib

    from decisions import pdf

    record = DecisionPublishedFactory(title="Marker-decision page")
    pdf.published_pdf(record)  # stored when it is published (after commit)
    url = record.get_absolute_url()
    page, _ = queries_for(client, url)
    assert queries_for(client, url) == (page, 1)
    downloaded = client.get(f"{url}pdf/")
    assert hashlib.sha256(downloaded.content).hexdigest() in page

    # A correction is new content: a new PDF is stored, and the page names it.
    record.amendments.create(correction="Marker-correction of the amount.")
    corrected, _ = queries_for(client, url)
    downloaded_again = client.get(f"{url}pdf/")

    assert "Marker-correction of the amount." in corrected
    assert hashlib.sha256(downloaded_again.content).hexdigest() in corrected
    assert downloaded_again.content != downloaded.content


def test_a_contract_page_is_served_from_the_cache_until_the_contract_is_withdrawn(
    client, officer_in
):
    from commissioning import publication
    from pcc_portal import roles
    from tests.commissioning.factories import ContractPublishedFactory

    contract = ContractPublishedFactory(title="Marker-contract page")
    url = contract.get_absolute_url()
    page, _ = queries_for(client, url)
    assert "Marker-contract page" in page
    assert queries_for(client, url) == (page, 1)

    publication.withdraw(contract, by=officer_in(roles.PUBLISHER))

    assert client.get(url).status_code == 404


def test_an_award_page_is_served_from_the_cache_and_follows_a_change_of_amount(client):
    from decimal import Decimal

    from grants.models import GrantAward

    award = GrantAwardFactory(amount=Decimal("1234.00"))
    url = award.get_absolute_url()
    page, _ = queries_for(client, url)
    assert "£1,234.00" in page
    assert queries_for(client, url) == (page, 1)

    GrantAward.objects.filter(pk=award.pk).update(amount=Decimal("1500.00"))

    assert "£1,500.00" in queries_for(client, url)[0]


def test_the_meetings_list_moves_todays_meeting_to_the_past_the_next_day(client, monkeypatch):
    import datetime

    from django.utils import timezone

    from tests.board.factories import MeetingAgendaPublishedFactory

    today = timezone.localdate()
    MeetingAgendaPublishedFactory(date=today)
    page, _ = queries_for(client, "/meetings/")
    assert "No past meetings" in page
    assert queries_for(client, "/meetings/") == (page, 1)

    # Nothing is written overnight: the date itself is part of the version.
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + datetime.timedelta(days=1))
    next_day, _ = queries_for(client, "/meetings/")

    assert "No upcoming meetings" in next_day
    assert "No past meetings" not in next_day

import datetime
import io
import re
import time

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from board.models import Meeting
from decisions import workflow
from tests.board.factories import BoardFactory, MeetingAgendaPublishedFactory
from tests.decisions.factories import (
    DecisionCategoryFactory,
    DecisionPublishedFactory,
    DecisionScheduledFactory,
)
from tests.factories import HumbersideOfficeFactory
from tests.transparency.factories import ConfirmedSubscriptionFactory, PendingSubscriptionFactory
from transparency import alerts
from transparency.models import AlertSubscription, SentAlert

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://portal\.example\.org(/\S+)")


def subscribe(client, **data):
    return client.post("/alerts/", {"email": "reader@example.com", **data})


def links_in(message):
    return LINK.findall(message.body)


def send_alerts():
    mail.outbox.clear()
    call_command("send_alerts", stdout=io.StringIO())
    return list(mail.outbox)


def test_the_alerts_page_first_asks_what_the_alerts_are_about(client):
    html = client.get("/alerts/").content.decode()

    assert "<title>Get email alerts" in html
    assert '<form method="get" action="/alerts/"' in html
    assert '<label class="govuk-label govuk-radios__label" for="id_kind_0">New published ' in html
    assert "A saved search of decisions" in html
    assert "A board&#x27;s agendas and minutes" not in html


def test_the_alerts_page_offers_board_papers_once_there_is_a_board(client, office):
    BoardFactory(office=office)

    html = client.get("/alerts/").content.decode()

    assert "A board&#x27;s agendas and minutes" in html


def test_continuing_without_choosing_shows_the_error(client):
    response = client.get("/alerts/", {"continue": "1"})

    html = response.content.decode()
    assert "<title>Error: Get email alerts" in html
    assert '<a href="#id_kind_0">Select what you want alerts about</a>' in html
    assert 'class="govuk-error-message"' in html


def test_the_second_page_asks_for_the_topic_and_a_labelled_address(client, office):
    html = client.get("/alerts/", {"kind": "decisions", "continue": "1"}).content.decode()

    assert "<title>Alerts about new decisions" in html
    assert '<input type="hidden" name="kind" value="decisions"' in html
    assert '<label class="govuk-label" for="id_office">Office</label>' in html
    assert '<label class="govuk-label govuk-label--m" for="id_email">Email address</label>' in html
    assert 'autocomplete="email"' in html
    assert '<div id="id_email-hint" class="govuk-hint">' in html


def test_a_form_with_problems_is_shown_again_with_an_error_summary(client):
    response = client.post("/alerts/", {"email": "not an address", "kind": "search"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Alerts for a saved search of decisions" in html
    assert "There is a problem" in html
    search_error = html.index(
        '<a href="#id_search">Enter words to search for, or the address of a search'
    )
    email_error = html.index('<a href="#id_email">Enter an email address in the correct format')
    assert search_error < email_error
    assert not AlertSubscription.objects.exists()
    assert mail.outbox == []


def test_a_saved_search_needs_words_to_search_for(client):
    response = subscribe(client, kind="search", search="   ")

    assert "Enter words to search for, or the address of a search of decisions" in (
        response.content.decode()
    )
    assert not AlertSubscription.objects.exists()


def test_a_subscriber_confirms_gets_exactly_one_alert_and_unsubscribes_in_one_click(
    client, office, site_url
):
    response = subscribe(client, kind="decisions")
    assert response.status_code == 302
    assert response["Location"] == "/alerts/check-your-email/"
    (confirmation,) = mail.outbox
    assert confirmation.to == ["reader@example.com"]
    assert "Confirm your email alerts" in confirmation.subject
    (confirm_path,) = links_in(confirmation)

    DecisionPublishedFactory(office=office, title="Published before confirming")
    assert send_alerts() == []

    confirmed = client.get(confirm_path)
    assert confirmed.status_code == 200
    assert "Your email alerts are confirmed" in confirmed.content.decode()

    record = DecisionPublishedFactory(
        office=office, title="Extension of the Arbor accommodation contract"
    )
    (alert,) = send_alerts()
    assert send_alerts() == []

    assert alert.to == ["reader@example.com"]
    assert alert.subject.startswith("Published: Extension of the Arbor accommodation contract")
    assert f"{site_url}{record.get_absolute_url()}" in alert.body
    assert "Published before confirming" not in alert.body
    unsubscribe_url = alert.extra_headers["List-Unsubscribe"].strip("<>")
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in alert.body
    assert client.get(record.get_absolute_url()).status_code == 200

    unsubscribe_path = unsubscribe_url.removeprefix(site_url)
    page = client.get(unsubscribe_path).content.decode()
    assert "reader@example.com" in page
    assert AlertSubscription.objects.filter(email="reader@example.com").exists()
    done = client.post(unsubscribe_path, {"List-Unsubscribe": "One-Click"})

    assert done.status_code == 200
    assert "You have unsubscribed" in done.content.decode()
    assert not AlertSubscription.objects.filter(email="reader@example.com").exists()
    assert not SentAlert.objects.exists()
    DecisionPublishedFactory(office=office, title="Published after unsubscribing")
    assert send_alerts() == []


def test_a_mail_client_unsubscribes_with_the_rfc_8058_post_and_no_csrf_token(site_url):
    subscription = ConfirmedSubscriptionFactory()
    path = alerts.unsubscribe_url(subscription).removeprefix(site_url)
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not AlertSubscription.objects.filter(pk=subscription.pk).exists()
    assert (
        mail_client.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )


def test_opening_the_unsubscribe_link_alone_unsubscribes_nobody(client, site_url):
    subscription = ConfirmedSubscriptionFactory()

    response = client.get(alerts.unsubscribe_url(subscription).removeprefix(site_url))

    assert response.status_code == 200
    assert '<button type="submit" class="govuk-button govuk-button--warning"' in (
        response.content.decode()
    )
    assert AlertSubscription.objects.filter(pk=subscription.pk).exists()


def test_a_forged_unsubscribe_link_deletes_nothing(client):
    subscription = ConfirmedSubscriptionFactory()

    response = client.post(f"/alerts/unsubscribe/{subscription.pk}:forged/")

    assert response.status_code == 400
    assert AlertSubscription.objects.filter(pk=subscription.pk).exists()


def test_nothing_is_sent_to_an_unconfirmed_subscription(office):
    PendingSubscriptionFactory(created_at=timezone.now() - datetime.timedelta(days=1))

    DecisionPublishedFactory(office=office)

    assert send_alerts() == []


def test_unconfirmed_subscriptions_are_deleted_after_seven_days():
    old = PendingSubscriptionFactory(created_at=timezone.now() - datetime.timedelta(days=8))
    recent = PendingSubscriptionFactory(created_at=timezone.now() - datetime.timedelta(days=6))
    confirmed = ConfirmedSubscriptionFactory(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )

    send_alerts()

    assert set(AlertSubscription.objects.values_list("pk", flat=True)) == {
        recent.pk,
        confirmed.pk,
    }
    assert old.email not in AlertSubscription.objects.values_list("email", flat=True)


def test_a_confirmation_link_expires_after_seven_days(client, monkeypatch):
    subscription = PendingSubscriptionFactory()
    path = f"/alerts/confirm/{alerts.confirmation_token(subscription)}/"
    signed_at = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: signed_at + 7 * 24 * 3600 + 60)

    response = client.get(path)

    assert response.status_code == 400
    assert "This confirmation link has expired." in response.content.decode()
    assert "Confirmation links work for 7 days." in response.content.decode()
    assert "Ask for the alerts again" in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


def test_a_forged_confirmation_link_is_refused(client):
    subscription = PendingSubscriptionFactory()

    response = client.get(f"/alerts/confirm/{subscription.pk}:1abc:forged/")

    assert response.status_code == 400
    assert "This confirmation link is not valid." in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


def test_asking_twice_for_the_same_alerts_makes_one_subscription(client):
    subscribe(client, kind="decisions")
    subscribe(client, kind="decisions")

    assert AlertSubscription.objects.count() == 1
    assert len(mail.outbox) == 2
    assert [m.subject for m in mail.outbox][0] == mail.outbox[1].subject


def test_asking_again_once_confirmed_says_so_without_a_second_subscription(client):
    ConfirmedSubscriptionFactory(email="reader@example.com")

    response = subscribe(client, kind="decisions")

    assert response.status_code == 302
    assert AlertSubscription.objects.count() == 1
    (notice,) = mail.outbox
    assert "You already get these email alerts" in notice.subject
    assert "List-Unsubscribe" in notice.extra_headers


def test_a_category_subscription_gets_only_decisions_of_that_priority(office):
    victims = DecisionCategoryFactory(office=office, name="Victims", slug="victims")
    roads = DecisionCategoryFactory(office=office, name="Roads", slug="roads")
    ConfirmedSubscriptionFactory(office=office, category=victims)

    DecisionPublishedFactory(office=office, title="Victims' services", category=victims)
    DecisionPublishedFactory(office=office, title="Speed cameras", category=roads)

    (alert,) = send_alerts()
    assert "Victims' services" in alert.body
    assert "Speed cameras" not in alert.body


def test_a_category_of_another_office_is_refused(client, office):
    other = DecisionCategoryFactory(office=HumbersideOfficeFactory(), name="Roads")

    response = subscribe(client, kind="decisions", office=office.slug, category=other.pk)

    assert f"Choose a priority of the {office}, or choose all offices." in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert not AlertSubscription.objects.exists()


def test_an_office_subscription_gets_only_that_offices_decisions(office):
    humberside = HumbersideOfficeFactory()
    ConfirmedSubscriptionFactory(office=humberside)

    DecisionPublishedFactory(office=office, title="Derbyshire decision")
    DecisionPublishedFactory(office=humberside, title="Circles of Support")

    (alert,) = send_alerts()
    assert "Circles of Support" in alert.body
    assert "Derbyshire decision" not in alert.body


def test_a_saved_search_gets_only_matching_decisions(client, office):
    subscribe(
        client, kind="search", search="https://portal.example.org/decisions/?q=accommodation&page=2"
    )
    subscription = AlertSubscription.objects.get()
    assert subscription.search == "q=accommodation"
    alerts.confirm(alerts.confirmation_token(subscription))

    DecisionPublishedFactory(
        office=office,
        title="Arbor high-risk offenders accommodation",
        executive_summary="Accommodation for high-risk offenders.",
    )
    DecisionPublishedFactory(
        office=office,
        title="Independent domestic violence advisers",
        executive_summary="An extra £55,000 a year for the IDVA service.",
    )

    (alert,) = send_alerts()
    assert "Arbor high-risk offenders accommodation" in alert.body
    assert "Independent domestic violence advisers" not in alert.body
    assert "“accommodation”" in alert.body


def test_decisions_signed_but_deferred_are_not_sent_until_published(office):
    ConfirmedSubscriptionFactory()
    record = DecisionScheduledFactory(office=office, title="Deferred: Circles of Support")

    assert send_alerts() == []

    workflow.publish_due(today=record.deferred_until)
    (alert,) = send_alerts()
    assert "Deferred: Circles of Support" in alert.body


def test_a_board_subscription_gets_its_agendas_and_minutes_only(client, office, site_url):
    board = BoardFactory(office=office, name="Strategic Priorities Assurance Board")
    other_board = BoardFactory(
        office=office, name="Joint Audit, Risk and Assurance Committee", slug="jarac"
    )
    ConfirmedSubscriptionFactory(kind="board", board=board)

    meeting = MeetingAgendaPublishedFactory(board=board, date=datetime.date(2021, 3, 15))
    MeetingAgendaPublishedFactory(board=other_board, date=datetime.date(2021, 3, 15))

    (alert,) = send_alerts()
    assert "Agenda: Strategic Priorities Assurance Board, 15 March 2021" in alert.body
    assert "Joint Audit" not in alert.body
    assert f"{site_url}/meetings/2021-03-15-{board.slug}/" in alert.body

    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.MINUTES_APPROVED,
        closed_at=datetime.time(16, 12),
        minutes_approved_at=timezone.now(),
    )
    (minutes,) = send_alerts()
    assert "Minutes: Strategic Priorities Assurance Board, 15 March 2021" in minutes.body
    assert "Agenda:" not in minutes.body
    assert send_alerts() == []


def test_a_failed_send_is_retried_next_time_and_sent_once(office, settings):
    ConfirmedSubscriptionFactory()
    DecisionPublishedFactory(office=office, title="Circles of Support")
    settings.EMAIL_BACKEND = "tests.transparency.failing_email_backend.FailingEmailBackend"

    with pytest.raises(ConnectionRefusedError):
        alerts.send_alerts()

    assert not SentAlert.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    (alert,) = send_alerts()
    assert "Circles of Support" in alert.body
    assert send_alerts() == []


def test_a_board_subscription_is_made_from_the_form(client, office, site_url):
    board = BoardFactory(office=office, name="Strategic Priorities Assurance Board")

    response = subscribe(client, kind="board", board=board.slug)

    assert response.status_code == 302
    subscription = AlertSubscription.objects.get()
    assert subscription.board == board
    (confirmation,) = mail.outbox
    assert "agendas and minutes of the Strategic Priorities Assurance Board" in confirmation.body


def test_a_board_subscription_needs_a_board(client, office):
    BoardFactory(office=office)

    response = subscribe(client, kind="board")

    assert "Select the board whose agendas and minutes you want" in response.content.decode()
    assert not AlertSubscription.objects.exists()


def test_the_decisions_page_can_offer_an_alert_for_its_search(client):
    html = client.get("/alerts/", {"search": "q=arbor&year=2020"}).content.decode()

    assert 'value="q=arbor&amp;year=2020"' in html
    assert '<input type="hidden" name="kind" value="search"' in html


def test_a_search_too_long_to_save_is_refused_with_its_length():
    with pytest.raises(ValidationError) as refused:
        alerts.normalise_search("é" * 100)

    assert refused.value.message_dict["search"] == [
        "The search is too long to save: use fewer words (602 characters once saved, at most 500)."
    ]


def test_the_alerts_page_links_each_boards_feed_and_calendar(client, office):
    BoardFactory(office=office, slug="spa")

    html = client.get("/alerts/").content.decode()

    assert 'href="/meetings/boards/spa/feed/"' in html
    assert 'href="/meetings/boards/spa/calendar.ics"' in html

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from decisions import workflow
from decisions.models import DecisionAmendment
from pcc_portal import roles
from tests.decisions.factories import (
    MINIMAL_PDF,
    STATE_FACTORIES,
    UNPUBLISHED_STATES,
    DecisionCategoryFactory,
    DecisionPublishedFactory,
    DecisionScheduledFactory,
)
from tests.factories import DerbyshireOfficeFactory, HumbersideOfficeFactory
from tests.sitemap import whole_sitemap

pytestmark = pytest.mark.django_db

SECRET_WORD = "Zanzibarquest"


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# The register


def test_register_lists_published_decisions_with_a_result_count(client):
    DecisionPublishedFactory(reference="16/2020", title="Arbor high risk offenders")
    DecisionPublishedFactory(reference="24/2018", title="Derbyshire wide IDVA service")

    html = page_text(client.get("/decisions/"))

    assert "2 decisions" in html
    assert 'href="/decisions/16-2020/"' in html
    assert "Derbyshire wide IDVA service" in html


def test_search_finds_a_decision_by_a_word_from_its_published_report(client):
    DecisionPublishedFactory(
        title="Circles of Support",
        report_sections=[("Background", f"The service is provided by {SECRET_WORD}.")],
    )
    DecisionPublishedFactory(title="Derbyshire Drive")

    html = page_text(client.get("/decisions/", {"q": SECRET_WORD}))

    assert "1 decision matching" in html
    assert "Circles of Support" in html
    assert "Derbyshire Drive" not in html
    assert f"<mark>{SECRET_WORD}</mark>" in html


def test_search_does_not_read_a_withheld_section_b_report(client):
    DecisionPublishedFactory(
        section_b_published=False,
        section_b_publication_note="The report contains commercially sensitive information.",
        report_sections=[("Finance", f"The price quoted by {SECRET_WORD} was lower.")],
    )

    html = page_text(client.get("/decisions/", {"q": SECRET_WORD}))

    assert "0 decisions" in html


def test_search_ranks_a_title_match_above_a_report_match(client):
    DecisionPublishedFactory(
        title="Power washer provision",
        report_sections=[("Overview", "Mentions accommodation once.")],
    )
    DecisionPublishedFactory(title="Accommodation and support for offenders")

    html = page_text(client.get("/decisions/", {"q": "accommodation"}))

    assert html.index("Accommodation and support for offenders") < html.index(
        "Power washer provision"
    )


def test_search_snippets_escape_the_record_text(client):
    DecisionPublishedFactory(
        executive_summary=f"if x<y then {SECRET_WORD} <img src=x onerror=alert(1)>"
    )

    html = page_text(client.get("/decisions/", {"q": SECRET_WORD}))

    assert "<img src=x" not in html
    assert f"<mark>{SECRET_WORD}</mark> &lt;img src=x onerror=alert(1)&gt;" in html


def test_register_filters_by_office_year_category_and_amount(client):
    derbyshire = DerbyshireOfficeFactory()
    humberside = HumbersideOfficeFactory()
    category = DecisionCategoryFactory(office=derbyshire)
    DecisionPublishedFactory(
        office=derbyshire,
        title="Drug Solution Equipment",
        category=category,
        approved_on=datetime.date(2021, 2, 1),
        received_on=datetime.date(2021, 1, 4),
        financial_amount=Decimal("55000.00"),
    )
    DecisionPublishedFactory(
        office=derbyshire,
        title="IDVA service 2018",
        approved_on=datetime.date(2018, 6, 1),
        received_on=datetime.date(2018, 6, 1),
        financial_amount=Decimal("55000.00"),
    )
    DecisionPublishedFactory(
        office=humberside,
        title="Circles of Support",
        approved_on=datetime.date(2021, 11, 11),
        received_on=datetime.date(2021, 11, 1),
        financial_amount=Decimal("25841.18"),
    )

    def titles(**query):
        html = page_text(client.get("/decisions/", query))
        return {
            title
            for title in ("Drug Solution Equipment", "IDVA service 2018", "Circles of Support")
            if f">{title}</a>" in html
        }

    assert titles(office="humberside") == {"Circles of Support"}
    assert titles(year="2021") == {"Drug Solution Equipment", "Circles of Support"}
    assert titles(category="drugs-and-alcohol") == {"Drug Solution Equipment"}
    assert titles(amount_min="30000") == {"Drug Solution Equipment", "IDVA service 2018"}
    assert titles(amount_max="25841.18") == {"Circles of Support"}
    assert titles(office="derbyshire", year="2018") == {"IDVA service 2018"}


def test_an_amount_range_the_wrong_way_round_is_explained(client):
    response = client.get("/decisions/", {"amount_min": "100", "amount_max": "10"})

    html = page_text(response)
    assert "<title>Error: Decisions" in html
    assert "The largest amount (£10) must be at least the smallest amount (£100)." in html
    assert 'href="#id_amount_max"' in html


def test_register_sorts_by_amount(client):
    DecisionPublishedFactory(title="Small decision", financial_amount=Decimal("10.00"))
    DecisionPublishedFactory(title="Large decision", financial_amount=Decimal("390000.00"))
    DecisionPublishedFactory(title="No amount decision", financial_amount=None)

    high = page_text(client.get("/decisions/", {"sort": "amount-high"}))
    low = page_text(client.get("/decisions/", {"sort": "amount-low"}))

    assert high.index("Large decision") < high.index("Small decision") < high.index("No amount")
    assert low.index("Small decision") < low.index("Large decision") < low.index("No amount")


def test_register_is_paginated_keeping_the_filters(client):
    office = DerbyshireOfficeFactory()
    for _ in range(21):
        DecisionPublishedFactory(office=office)

    first = page_text(client.get("/decisions/", {"office": "derbyshire"}))
    second = page_text(client.get("/decisions/", {"office": "derbyshire", "page": "2"}))

    assert "21 decisions" in first
    assert "?office=derbyshire&amp;page=2" in first
    assert second.count('<h2 class="govuk-heading-s govuk-!-margin-bottom-1">') == 1


def test_filter_form_works_without_javascript(client):
    html = page_text(client.get("/decisions/"))

    assert '<form method="get" action="/decisions/"' in html
    for name in ("q", "office", "year", "category", "amount_min", "amount_max", "sort"):
        assert f'name="{name}"' in html
        assert f'for="id_{name}"' in html


def test_register_query_count_does_not_grow_with_the_page(client, django_assert_max_num_queries):
    office = DerbyshireOfficeFactory()
    category = DecisionCategoryFactory(office=office)
    for _ in range(20):
        DecisionPublishedFactory(office=office, category=category)

    with django_assert_max_num_queries(6):
        page_text(client.get("/decisions/", {"q": "accommodation"}))
    with django_assert_max_num_queries(6):
        page_text(client.get("/decisions/"))


# One decision


def test_decision_page_shows_section_a_then_section_b_like_the_record(client):
    record = DecisionPublishedFactory(
        reference="16/2020",
        title="High Risk Offenders Accommodation and Support Project - Arbor",
        decision="To extend the service until March 2021",
        declaration_of_interests="None",
        commissioner_name="Hardyal Dhindsa",
        officer_approver_name="Andrew Dale",
        contact_name="Dawn Robinson",
        report_sections=[
            ("Overview", "There are currently 32 units of accommodation."),
            ("Background", "Following tender, the contract was combined."),
        ],
    )

    html = page_text(client.get(record.get_absolute_url()))

    order = [
        "Section A: request for decision",
        "OPCC reference",
        "To extend the service until March 2021",
        "Declaration</h3>",
        "Hardyal Dhindsa",
        "Publication scheme considerations",
        "Officer approval",
        "Andrew Dale",
        "Section B: report",
        "Dawn Robinson",
        "There are currently 32 units of accommodation.",
        "Following tender, the contract was combined.",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert 'href="/decisions/16-2020/pdf/"' in html


def test_a_withheld_section_b_report_is_replaced_by_its_reason(client):
    record = DecisionPublishedFactory(
        section_b_published=False,
        section_b_publication_note="The report contains commercially sensitive information.",
        report_sections=[("Finance", f"Price quoted by {SECRET_WORD}.")],
        attachments=[("Tender prices", "prices.pdf", MINIMAL_PDF)],
    )

    html = page_text(client.get(record.get_absolute_url()))

    assert "The Section B report of this decision is not published." in html
    assert "commercially sensitive information" in html
    assert SECRET_WORD not in html
    assert "Tender prices" not in html
    attachment = record.attachments.get()
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_attachment_downloads_as_a_pdf_file(client):
    record = DecisionPublishedFactory(
        attachments=[("Appendix A: partnership agreement", "partnership.pdf", MINIMAL_PDF)]
    )
    attachment = record.attachments.get()

    html = page_text(client.get(record.get_absolute_url()))
    response = client.get(attachment.get_absolute_url())

    assert "Appendix A: partnership agreement" in html
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="partnership.pdf"'
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_attachment_of_an_unpublished_record_is_not_found(client):
    record = DecisionScheduledFactory(attachments=[("Appendix", "a.pdf", MINIMAL_PDF)])

    response = client.get(f"/decisions/{record.slug}/attachments/{record.attachments.get().pk}/")

    assert response.status_code == 404


def test_amendments_are_shown_on_the_original_record(client, officer_in):
    record = DecisionPublishedFactory()
    workflow.record_amendment(
        record, by=officer_in(roles.OFFICER_APPROVER), correction="The sum is £55,000."
    )

    html = page_text(client.get(record.get_absolute_url()))

    assert "This decision record has been corrected since it was signed." in html
    assert "The sum is £55,000." in html
    assert DecisionAmendment.objects.count() == 1


def test_related_decisions_link_only_to_published_ones(client):
    record = DecisionPublishedFactory()
    published = DecisionPublishedFactory(title="Related published decision")
    scheduled = DecisionScheduledFactory(title="Related scheduled decision")
    record.related_decisions.add(published, scheduled)

    html = page_text(client.get(record.get_absolute_url()))

    assert "Related published decision" in html
    assert "Related scheduled decision" not in html


def test_a_reference_typed_with_its_slash_redirects_to_the_canonical_page(client):
    DecisionPublishedFactory(reference="16/2020")

    response = client.get("/decisions/16/2020/")

    assert response.status_code == 301
    assert response["Location"] == "/decisions/16-2020/"


def test_a_month_precision_date_is_shown_as_the_month(client):
    record = DecisionPublishedFactory(
        received_on=datetime.date(2020, 2, 1),
        received_on_precision="month",
        approved_on=datetime.date(2020, 2, 1),
        approved_on_precision="month",
    )

    html = page_text(client.get(record.get_absolute_url()))

    assert "February 2020" in html
    assert "1 February 2020" not in html


# Feed, downloads, sitemap, home page


def test_feed_lists_published_decisions(client):
    DecisionPublishedFactory(reference="24/2018", title="Derbyshire Wide IDVA Service")

    response = client.get("/decisions/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "24/2018: Derbyshire Wide IDVA Service" in response.content.decode()


def test_csv_download_has_one_row_per_published_decision(client):
    DecisionPublishedFactory(reference="24/2018", financial_amount=Decimal("55000.00"))

    response = client.get("/decisions.csv")

    assert response["Content-Disposition"] == 'attachment; filename="decisions.csv"'
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["reference"], row["financial_amount"]) for row in rows] == [
        ("24/2018", "55000.00")
    ]


def test_json_download_lists_published_decisions(client):
    DecisionPublishedFactory(reference="262021", financial_amount=Decimal("25841.18"))

    data = client.get("/decisions.json").json()

    assert [(item["reference"], item["financial_amount"]) for item in data["decisions"]] == [
        ("262021", "25841.18")
    ]


def test_sitemap_lists_published_decisions(client):
    DecisionPublishedFactory(reference="16/2020")

    xml = whole_sitemap(client)

    assert "/decisions/16-2020/</loc>" in xml


def test_home_page_shows_the_latest_decisions(client):
    DecisionPublishedFactory(reference="DN0121", title="Power washer provision")

    html = page_text(client.get("/"))

    assert "Latest decisions" in html
    assert "DN0121: Power washer provision" in html


def test_open_data_page_offers_the_downloads(client):
    html = page_text(client.get("/open-data/"))

    assert "/decisions.csv" in html
    assert "/decisions.json" in html


# Nothing unpublished reaches any public surface


@pytest.mark.parametrize("state", UNPUBLISHED_STATES)
def test_unpublished_records_appear_nowhere_public(client, state):
    hidden_title = "Unpublished Kumquat decision"
    record = STATE_FACTORIES[state](
        reference="99/2020",
        title=hidden_title,
        report_sections=[("Overview", SECRET_WORD)],
    )
    record.refresh_search_vector()
    DecisionPublishedFactory(title="A published decision")

    def body(url):
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return content.decode()

    for url in [
        "/decisions/",
        "/decisions/feed/",
        "/decisions.csv",
        "/decisions.json",
        "/api/decisions/",
        "/sitemap.xml",
        "/sitemap-decisions.xml",
        "/",
    ]:
        assert "Kumquat" not in body(url), url
        assert "99-2020" not in body(url), url
    assert "0 decisions matching" in body(f"/decisions/?q={SECRET_WORD}")
    assert client.get("/api/decisions/", {"q": SECRET_WORD}).json()["count"] == 0
    for url in ["/decisions/99-2020/", "/decisions/99/2020/", "/api/decisions/99-2020/"]:
        assert client.get(url).status_code == 404, url


def test_deferred_decision_appears_only_after_publish_due_on_its_date(client):
    record = DecisionScheduledFactory(title=f"Deferred {SECRET_WORD}")

    assert SECRET_WORD not in page_text(client.get("/decisions/"))
    assert client.get(record.get_absolute_url()).status_code == 404

    workflow.publish_due(today=record.deferred_until - datetime.timedelta(days=1))
    assert client.get(record.get_absolute_url()).status_code == 404

    workflow.publish_due(today=record.deferred_until)
    assert SECRET_WORD in page_text(client.get("/decisions/"))
    assert SECRET_WORD in page_text(client.get(record.get_absolute_url()))


def test_published_page_date_is_today_for_a_record_published_now(client):
    record = DecisionPublishedFactory()

    html = page_text(client.get(record.get_absolute_url()))

    assert timezone.localdate().strftime("%B %Y").split()[0] in html

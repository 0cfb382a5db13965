"""The demo from seed 003: the three Derbyshire SPA Board meetings of early 2021."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from board import demo
from board.models import AgendaItem, Meeting
from decisions.models import DecisionRecord
from pcc_portal.dates import DatePrecision
from pcc_portal.models import Office
from tests.board.factories import PublishedDecisionFactory
from tests.board.test_pack import ReadPack, contents, outline

DECISIONS_LOG = [
    ("DN0121", "Power washer Provision Service and Maintenance Extension Letter"),
    ("DN0221", "Pension Admin Service Extension Letter"),
    ("DN0321", "Derbyshire Drive"),
    ("DN0421", "Drug Solution Equipment"),
    ("DN0521", "NEP Professional Services"),
    ("DN0621", "IT Hardware Software and Consumable"),
    ("DN0721", "Provision of RJ Service - extension letter"),
    ("DN0821", "CHISVA Extension Letter"),
    ("DN0921", "Provision of Support for Young People as Victims of Crime Extension Letter"),
    ("DN1021", "G-Cloud 12 Call off Contract"),
]


def _text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def seeded(module_db):
    call_command("loaddata", Path(settings.BASE_DIR) / "fixtures" / "offices.json", verbosity=0)
    office = Office.objects.get(slug="derbyshire")
    # As the decisions app's demo publishes them: "Date added to Website 02/2021".
    for reference, title in DECISIONS_LOG:
        PublishedDecisionFactory(
            office=office,
            reference=reference,
            title=title,
            published_at=timezone.make_aware(datetime.datetime(2021, 2, 1, 12)),
            publication_date_precision=DatePrecision.MONTH,
        )
    demo.load_demo(io.StringIO())
    march = Meeting.objects.get(date=datetime.date(2021, 3, 15))
    with march.pack.open("rb") as handle:
        return ReadPack.of(handle.read())


@pytest.mark.django_db
def test_the_meetings_page_lists_the_three_seed_meetings(seeded, client):
    html = client.get("/meetings/").content.decode()

    for slug, title in [
        ("2021-01-25-spa-board", "Strategic Priorities Assurance Board, 25 January 2021"),
        ("2021-02-01-spa-board", "Strategic Priorities Assurance Board, 1 February 2021"),
        ("2021-03-15-spa-board", "Strategic Priorities Assurance Board, 15 March 2021"),
    ]:
        assert f'href="/meetings/{slug}/"' in html
        assert title in html
    assert 'href="/meetings/2021-03-15-spa-board/agenda-pack.pdf"' in html


@pytest.mark.django_db
def test_the_budget_meeting_shows_its_items_in_order_and_its_resolutions(seeded, client):
    text = _text(client.get("/meetings/2021-02-01-spa-board/").content.decode())

    headings = [
        "1 Apologies",
        "2 Declarations of interest",
        "3 Announcements from the Commissioner",
        "4.A Announcements from the Chief Constable",
        "5A Medium Term Financial Strategy (MTFS)",
        "5B Budget and Precept Report",
        "5C Capital Programme",
        "5D Prudential Indicators, Minimum Revenue Provision, Treasury Management and Investment Strategy",
        "5E Budget Monitoring Period 9 (December)",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    for resolution in [
        "To recommend a £15 precept increase for a Band D Property.",
        "To approve the revenue budget for 2021/22.",
        "To approve the Capital Programme for 2021/22 to 2024/25 and associated funding as set out in Appendix A.",
        "The Treasury Management Strategy 2021/22 to 2023/24 and the treasury Prudential Indicators contained within Appendix B were approved.",
        "The Authorised Limit Prudential Indicator was approved.",
        "a projected overspend of £0.146m to the end of the year.",
    ]:
        assert resolution in text
    assert "PCC Dhindsa, Mr K Gillott, Mr D Peet, Mr A Dale, Mrs E Kelly, Ms D Rimell" in text
    assert "CC Swann, DCC Meynell, T/ACC Shooter, Mr S Allsop, Mr Peatling" in text
    assert "Meeting closed at 15.03" in text


@pytest.mark.django_db
def test_the_january_meeting_has_its_questions_and_grant_resolutions(seeded, client):
    text = _text(client.get("/meetings/2021-01-25-spa-board/").content.decode())

    for number in ["Q1", "Q2", "Q3", "Q4", "Q5"]:
        assert number in text
    assert "Has any disciplinary or managerial action been taken" in text
    assert (
        "The Commissioner’s Vulnerability Fund awards to the 23 organizations at the values "
        "listed in Table 1 of the report, totaling £341,843.00 was approved." in text
    )
    assert "The launch of round two of the Vulnerability Fund" in text
    assert "The distribution from the Police Property Act 2019/20 was approved as" in text
    assert "To Police and Crime Commissioner for Derbyshire Fund £9,040" in text
    assert "Total £16,292" in text
    numbers = list(
        AgendaItem.objects.filter(meeting__date=datetime.date(2021, 1, 25))
        .order_by("sort_key")
        .values_list("number", flat=True)
    )
    assert numbers == [
        "1",
        "2",
        "3",
        "4.A",
        "5",
        "5B",
        "6",
        "7",
        "8A",
        "8B",
        "8C",
        "10A",
        "10B",
        "10C",
        "10D",
        "11A",
    ]
    assert "Meeting closed at 16.12" in text


@pytest.mark.django_db
def test_the_march_meeting_shows_its_agenda_reports_and_decisions_log(seeded, client):
    text = _text(client.get("/meetings/2021-03-15-spa-board/").content.decode())

    for reference, title in DECISIONS_LOG:
        assert f"{reference} {title} February 2021" in text
    assert "Force Performance against the Police and Crime Plan" in text
    assert "will be published here once the board has approved them" in text
    report = _text(client.get("/meetings/2021-03-15-spa-board/reports/9a/").content.decode())
    assert "Mr S Allsop" in report
    assert "1.1 The anticipated year end position has moved to an underspend of £1.241m" in report
    assert "Appendix A: Finance Briefing 2020/21 (Period 10)" in report


@pytest.mark.django_db
def test_the_march_pack_has_a_bookmark_for_every_item(seeded):
    titles = [title for title, _, depth in outline(seeded) if depth == 0]

    assert titles == [
        "Cover",
        "Contents",
        "Agenda",
        "1 Apologies",
        "2 Declarations of interest",
        "3 Announcements from the Commissioner",
        "4 Announcements from the Chief Constable",
        "5 Minutes and matters arising – SPA Board 25 January 2021 and 1 February 2021",
        "6 Review of actions",
        "7 Forward plan",
        "8A Update on Force Covid-19 Response",
        "8B Police and Crime Plan 2016–2021: the Commissioner's work on its seven priorities",
        "8C Force Performance against the Police and Crime Plan",
        "9A Financial Briefing – End of January 2021",
        "11A Decisions taken but not yet reported to the Strategic Priorities Assurance Board",
    ]


@pytest.mark.django_db
def test_the_march_pack_contents_gives_the_real_pages(seeded):
    bookmarks = {title: page for title, page, _ in outline(seeded)}
    printed = contents(seeded)

    assert (
        printed["Minutes of the meeting of 25 January 2021"]
        == bookmarks["Minutes of the meeting of 25 January 2021"]
    )
    assert (
        printed["Appendix A: Finance Briefing 2020/21 (Period 10)"]
        == bookmarks["Appendix A: Finance Briefing 2020/21 (Period 10)"]
    )
    for title, page in printed.items():
        assert bookmarks[title] == page, title
    first_minutes = seeded.flat(bookmarks["Minutes of the meeting of 25 January 2021"])
    assert "Minutes of the meeting of 25 January 2021" in first_minutes
    log_page = seeded.flat(
        bookmarks[
            "11A Decisions taken but not yet reported to the Strategic Priorities Assurance Board"
        ]
    )
    assert "DECISIONS TAKEN BUT NOT YET REPORTED" in log_page.upper()


@pytest.mark.django_db
def test_the_march_pack_numbers_every_page_including_the_appendix(seeded):
    total = len(seeded.texts)
    bookmarks = {title: page for title, page, _ in outline(seeded)}
    appendix = bookmarks["Appendix A: Finance Briefing 2020/21 (Period 10)"]

    for number in range(1, total + 1):
        assert f"Page {number} of {total}" in seeded.flat(number), f"page {number}"
    appendix_text = seeded.flat(appendix)
    assert "Overall Financial Performance" in appendix_text
    assert f"Page {appendix} of {total}" in appendix_text


@pytest.mark.django_db
def test_the_march_pack_includes_the_approved_minutes_for_approval(seeded):
    text = seeded.everything()

    assert "To recommend a £15 precept increase for a Band D Property." in text
    assert "Power washer Provision Service and Maintenance Extension Letter" in text


@pytest.mark.django_db
def test_loading_the_demo_again_changes_nothing(seeded):
    from board import models

    counted = [
        models.Meeting,
        models.AgendaItem,
        models.Report,
        models.Appendix,
        models.Minute,
        models.Resolution,
        models.ResolutionAmount,
        models.PublicQuestion,
        models.Attendance,
        models.PlannedItem,
        models.DecisionLogEntry,
    ]
    before = {model: (model.objects.count(), model.history.count()) for model in counted}
    pack = Meeting.objects.get(date=datetime.date(2021, 3, 15)).pack.name

    demo.load_demo(io.StringIO())

    assert {model: (model.objects.count(), model.history.count()) for model in counted} == before
    assert Meeting.objects.get(date=datetime.date(2021, 3, 15)).pack.name == pack


@pytest.mark.django_db
def test_the_demo_log_links_the_decisions_apps_records(seeded):
    march = Meeting.objects.get(date=datetime.date(2021, 3, 15))

    assert [entry.decision.reference for entry in march.decision_log.order_by("position")] == [
        reference for reference, _ in DECISIONS_LOG
    ]
    assert DecisionRecord.objects.published().count() == len(DECISIONS_LOG)

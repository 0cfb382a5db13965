import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from decisions.demo import load_demo
from decisions.models import DecisionEvent, DecisionRecord
from pcc_portal.management.commands.seed_demo import FIXTURES

pytestmark = pytest.mark.django_db
Status = DecisionRecord.Status


@pytest.fixture
def demo():
    call_command("loaddata", FIXTURES / "offices.json", verbosity=0)
    load_demo(io.StringIO())


def test_demo_holds_the_three_seed_decisions_in_their_offices(demo, client):
    arbor = DecisionRecord.objects.get(reference="16/2020")
    idva = DecisionRecord.objects.get(reference="24/2018")
    circles = DecisionRecord.objects.get(reference="262021")

    assert (arbor.office.slug, idva.office.slug, circles.office.slug) == (
        "derbyshire",
        "derbyshire",
        "humberside",
    )
    assert arbor.decision == "<p>To extend the service until March 2021</p>"
    assert arbor.received_display == "February 2020"
    assert arbor.commissioner_name == "Hardyal Dhindsa"
    assert idva.financial_amount == Decimal("55000.00")
    assert idva.report_date == datetime.date(2018, 6, 25)
    assert circles.approved_on == datetime.date(2021, 11, 11)
    assert circles.financial_amount == Decimal("25841.18")
    assert [section.heading for section in circles.report_sections.all()][:3] == [
        "Background",
        "Options, risks and implications",
        "Finance",
    ]
    html = client.get("/decisions/24-2018/").content.decode()
    assert "Derbyshire County contract £89k + £33k = £122k" in html


def test_demo_holds_the_2021_decisions_log(demo):
    log = DecisionRecord.objects.filter(reference__startswith="DN").order_by("reference")

    assert [record.reference for record in log] == [f"DN{n:02}21" for n in range(1, 11)]
    assert log.get(reference="DN1021").decision == "<p>G-Cloud 12 Call off Contract</p>"
    assert {record.published_display for record in log} == {"February 2021"}
    assert all(record.status == Status.PUBLISHED for record in log)


def test_demo_has_an_example_at_each_workflow_stage(demo):
    examples = DecisionRecord.objects.filter(title__startswith="Example: ")

    assert {record.status for record in examples} == set(Status.values)
    returned = examples.get(status=Status.RETURNED)
    assert returned.events.get(step=DecisionEvent.Step.RETURN).comment.startswith(
        "Please add the finance section"
    )


def test_demo_search_finds_a_seed_decision_by_a_word_from_its_report(demo, client):
    html = client.get("/decisions/", {"q": "MOSOVO"}).content.decode()

    assert "2 decisions matching" in html
    assert "High Risk Offenders Accommodation and Support Project - Arbor" in html
    assert "Circles of Support – Request for Revised Funding and Commissioning" in html


def test_loading_the_demo_twice_changes_nothing(demo):
    before = list(DecisionRecord.objects.order_by("pk").values())
    events = DecisionEvent.objects.count()

    load_demo(io.StringIO())

    assert list(DecisionRecord.objects.order_by("pk").values()) == before
    assert DecisionEvent.objects.count() == events


def test_importing_a_reference_the_office_already_has_is_refused_and_nothing_is_saved(
    demo, tmp_path
):
    path = tmp_path / "import.json"
    path.write_text(
        json.dumps(
            {
                "records": [
                    {
                        "office": "derbyshire",
                        "reference": "DN1121",
                        "title": "A new historic decision",
                        "decision": "New.",
                        "approved_on": "2021-03-01",
                        "published_at": "2021-03-01",
                    },
                    {
                        "office": "derbyshire",
                        "reference": "16/2020",
                        "title": "A duplicate",
                        "decision": "Duplicate.",
                        "approved_on": "2020-02-01",
                        "published_at": "2020-02-01",
                    },
                ]
            }
        )
    )

    with pytest.raises(CommandError) as refusal:
        call_command("import_decisions", path)

    assert str(refusal.value) == (
        "Record 2 (16/2020): reference: Derbyshire already has a decision with reference "
        "16/2020; each reference is used once per office. Nothing was imported."
    )
    assert not DecisionRecord.objects.filter(reference="DN1121").exists()


def test_importing_new_historic_records_keeps_their_references(demo, tmp_path, client):
    path = tmp_path / "import.json"
    path.write_text(
        json.dumps(
            {
                "records": [
                    {
                        "office": "derbyshire",
                        "reference": "DN1121",
                        "title": "Custody healthcare extension letter",
                        "decision": "Custody healthcare extension letter",
                        "approved_on": "2021-03-01",
                        "approved_on_precision": "month",
                        "published_at": "2021-03-01",
                        "publication_date_precision": "month",
                    }
                ]
            }
        )
    )
    out = io.StringIO()

    call_command("import_decisions", path, stdout=out)

    assert "1 decision record(s) imported." in out.getvalue()
    assert client.get("/decisions/DN1121/").status_code == 200

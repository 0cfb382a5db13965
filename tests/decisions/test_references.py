import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from decisions import workflow
from decisions.importing import import_record
from decisions.models import DecisionRecord, ReferenceCounter
from decisions.references import allocate_reference
from pcc_portal import roles
from tests.decisions.factories import DecisionDraftFactory, DecisionPublishedFactory
from tests.factories import DerbyshireOfficeFactory, HumbersideOfficeFactory, OfficeFactory

YEAR = timezone.localdate().year


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("{seq}/{year}", ["1/2021", "2/2021", "3/2021"]),
        ("DN{seq:02}{yy}", ["DN0121", "DN0221", "DN0321"]),
        ("{seq}{year}", ["12021", "22021", "32021"]),
    ],
)
def test_references_follow_the_office_format_in_sequence(pattern, expected):
    office = OfficeFactory(decision_reference_format=pattern)

    references = [allocate_reference(office, year=2021) for _ in expected]

    assert references == expected


@pytest.mark.django_db
def test_numbering_starts_again_each_year_and_per_office():
    derbyshire = DerbyshireOfficeFactory()
    humberside = HumbersideOfficeFactory()

    assert allocate_reference(derbyshire, year=2020) == "1/2020"
    assert allocate_reference(derbyshire, year=2020) == "2/2020"
    assert allocate_reference(derbyshire, year=2021) == "1/2021"
    assert allocate_reference(humberside, year=2021) == "12021"


@pytest.mark.django_db
def test_the_reference_of_an_imported_record_is_passed_over():
    office = DerbyshireOfficeFactory()
    DecisionPublishedFactory(office=office, reference="2/2020")

    assert [allocate_reference(office, year=2020) for _ in range(2)] == ["1/2020", "3/2020"]


@pytest.mark.django_db
def test_the_humberside_seed_reference_comes_from_its_format(officer_in):
    office = HumbersideOfficeFactory()
    drafts = [DecisionDraftFactory(office=office) for _ in range(26)]
    officer = officer_in(roles.DRAFTING_OFFICER, offices=[office])

    for draft in drafts:
        workflow.submit(draft, by=officer)

    assert drafts[-1].reference == f"26{YEAR}"


@pytest.mark.django_db
def test_an_imported_record_with_a_reference_the_office_has_is_refused_clearly():
    office = DerbyshireOfficeFactory()
    DecisionPublishedFactory(office=office, reference="16/2020")
    item = {
        "office": "derbyshire",
        "reference": "16/2020",
        "title": "High Risk Offenders Accommodation and Support Project - Arbor",
        "executive_summary": "A second copy.",
        "approved_on": "2020-02-01",
        "status": "published",
        "published_at": "2020-02-01",
        "report_sections": [{"heading": "Overview", "body": "Text."}],
    }

    with pytest.raises(ValidationError) as refusal:
        import_record(item)

    assert refusal.value.message_dict["reference"] == [
        "Derbyshire already has a decision with reference 16/2020; each reference is used "
        "once per office."
    ]
    assert DecisionRecord.objects.filter(reference="16/2020").count() == 1


@pytest.mark.django_db(transaction=True)
def test_officers_submitting_at_the_same_moment_get_unique_gapless_references(officer_in):
    office = DerbyshireOfficeFactory()
    officer = officer_in(roles.DRAFTING_OFFICER)
    drafts = [DecisionDraftFactory(office=office) for _ in range(8)]
    # The year's counter exists already, so only its row lock keeps submissions apart.
    ReferenceCounter.objects.create(office=office, year=YEAR)
    start = threading.Barrier(len(drafts))
    failures = []

    def submit(draft):
        try:
            connection.ensure_connection()
            start.wait()
            workflow.submit(draft, by=officer)
        except Exception as exc:  # noqa: BLE001 - reported to the test below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    references = sorted(
        DecisionRecord.objects.filter(office=office).values_list("reference", flat=True),
        key=lambda reference: int(reference.split("/")[0]),
    )
    assert references == [f"{number}/{YEAR}" for number in range(1, 9)]

"""Read-only admin pages (a signed decision, a view-only contract) show rich text
formatted, through the one sanitising gate: paragraphs and emphasis render, a script
neither runs nor shows, and every other read-only field stays escaped text."""

import re

import pytest
from django.urls import reverse

from commissioning.models import Contract
from decisions.models import DecisionRecord, ReportSection
from pcc_portal import roles
from tests.commissioning.factories import ContractPublishedFactory
from tests.decisions.factories import DecisionPublishedFactory

pytestmark = pytest.mark.django_db

WRITTEN_AROUND_THE_SAVE = (
    "<p>The service is <strong>extended</strong>.</p><script>alert('read-only')</script>"
)


def _readonly_values(markup: str) -> list[str]:
    return re.findall(r'<div class="readonly">(.*?)</div>', markup, re.S)


def _signed_decision():
    record = DecisionPublishedFactory(
        title="Victims <b>services</b>",
        report_sections=[("Overview", "<p>The overview.</p>")],
    )
    # Written with update(), around the model's save, as an old import might have: the
    # page must sanitise again as it shows it.
    DecisionRecord.objects.filter(pk=record.pk).update(executive_summary=WRITTEN_AROUND_THE_SAVE)
    ReportSection.objects.filter(record=record).update(body=WRITTEN_AROUND_THE_SAVE)
    return record


def test_a_signed_decision_shows_its_summary_and_sections_formatted(client, officer_in):
    record = _signed_decision()
    client.force_login(officer_in(roles.OFFICER_APPROVER))

    markup = client.get(
        reverse("admin:decisions_decisionrecord_change", args=[record.pk])
    ).content.decode()

    shown = [value for value in _readonly_values(markup) if "extended" in value]
    # The executive summary, and the Section B section in its inline.
    assert len(shown) == 2
    for value in shown:
        assert "<p>The service is <strong>extended</strong>.</p>" in value
        assert "&lt;p&gt;" not in value


def test_a_script_in_a_read_only_rich_text_is_neither_run_nor_shown(client, officer_in):
    record = _signed_decision()
    client.force_login(officer_in(roles.OFFICER_APPROVER))

    markup = client.get(
        reverse("admin:decisions_decisionrecord_change", args=[record.pk])
    ).content.decode()

    assert "alert(" not in markup
    assert "<script>alert" not in markup


def test_other_read_only_fields_stay_escaped_text(client, officer_in):
    record = _signed_decision()
    client.force_login(officer_in(roles.OFFICER_APPROVER))

    markup = client.get(
        reverse("admin:decisions_decisionrecord_change", args=[record.pk])
    ).content.decode()

    assert "Victims &lt;b&gt;services&lt;/b&gt;" in markup
    assert "Victims <b>services</b>" not in markup


def test_a_contract_seen_without_change_permission_shows_its_description_formatted(
    client, officer_in
):
    contract = ContractPublishedFactory()
    Contract.objects.filter(pk=contract.pk).update(description=WRITTEN_AROUND_THE_SAVE)
    client.force_login(officer_in(roles.PUBLISHER))

    markup = client.get(
        reverse("admin:commissioning_contract_change", args=[contract.pk])
    ).content.decode()

    assert any(
        "<p>The service is <strong>extended</strong>.</p>" in value
        for value in _readonly_values(markup)
    )
    assert "alert(" not in markup

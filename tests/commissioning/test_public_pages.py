"""The public contracts register: what a member of the public sees, and what they never see."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from commissioning import publication
from commissioning.filters import SORTS, ContractFilter
from commissioning.models import Contract, ContractDecision
from commissioning.views import _govuk_form
from pcc_portal import roles
from tests.commissioning.factories import (
    ContractDraftFactory,
    ContractExtensionFactory,
    ContractPublishedFactory,
    FundingShareFactory,
    FundingYearFactory,
    OrganisationFactory,
    ProviderFactory,
)
from tests.decisions.factories import DecisionDraftFactory, DecisionPublishedFactory
from tests.sitemap import whole_sitemap

pytestmark = pytest.mark.django_db


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_register_lists_published_contracts_only(client):
    ContractPublishedFactory(title="Independent domestic violence advisers")
    ContractDraftFactory(title="Draft contract not yet published")

    html = page(client, "/contracts/")

    assert "Independent domestic violence advisers" in html
    assert "Draft contract not yet published" not in html


def test_an_unpublished_contract_page_answers_404(client):
    draft = ContractDraftFactory()

    assert client.get(f"/contracts/{draft.slug}/").status_code == 404


def test_the_register_explains_the_specified_information_order(client):
    html = page(client, "/contracts/")

    assert "Specified Information" in html
    assert "more than £10,000" in html
    assert "SI 2012/2479" in html


def test_search_finds_contracts_by_provider_and_by_partner(client):
    ContractPublishedFactory(
        title="Circles of Support", provider=ProviderFactory(name="Humbercare")
    )
    arbor = ContractPublishedFactory(title="Arbor")
    FundingShareFactory(contract=arbor, partner=OrganisationFactory(name="Erewash Borough Council"))

    assert "Circles of Support" in page(client, "/contracts/", q="humbercare")
    assert "Arbor" not in page(client, "/contracts/", q="humbercare")
    assert "Arbor" in page(client, "/contracts/", q="erewash")


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"service_area": "offender_services"}, "Arbor", "IDVA"),
        ({"value_min": "100000"}, "Arbor", "IDVA"),
        ({"value_max": "100000"}, "IDVA", "Arbor"),
        ({"status": "ended"}, "Arbor", "IDVA"),
        ({"provider": "action"}, "Arbor", "IDVA"),
        ({"provider": "ACTION FOR"}, "Arbor", "IDVA"),
        ({"provider": "ction for chil"}, "Arbor", "IDVA"),
        ({"provider": "action-for-children"}, "Arbor", "IDVA"),
        ({"partner": "derby-city-council"}, "IDVA", "Arbor"),
        ({"partner": "city council"}, "IDVA", "Arbor"),
        ({"partner": "  Derby City  "}, "IDVA", "Arbor"),
    ],
)
def test_filters_narrow_the_register(client, params, shown, hidden):
    ContractPublishedFactory(
        title="Arbor",
        service_area="offender_services",
        total_value=Decimal("390000"),
        provider=ProviderFactory(name="Action for Children", slug="action-for-children"),
    )
    idva = ContractPublishedFactory(
        title="IDVA",
        service_area="domestic_abuse",
        total_value=Decimal("55000"),
        end_date=datetime.date.today() + datetime.timedelta(days=400),
    )
    FundingShareFactory(
        contract=idva,
        partner=OrganisationFactory(name="Derby City Council", slug="derby-city-council"),
    )

    html = page(client, "/contracts/", **params)

    assert f">{shown}</a>" in html
    assert f">{hidden}</a>" not in html


def test_the_filter_form_works_as_a_plain_get_form_with_labels(client):
    html = page(client, "/contracts/")

    assert '<form method="get" action="/contracts/"' in html
    for name, label in [
        ("q", "Search contracts"),
        ("service_area", "Service area"),
        ("provider", "Provider"),
        ("partner", "Funding partner"),
        ("status", "Status"),
        ("value_min", "Value from (£)"),
        ("sort", "Sort by"),
    ]:
        assert f'for="id_{name}">{label}</label>' in html
    assert "<script>" not in html
    assert "style=" not in html


def test_provider_and_partner_are_typed_not_chosen_from_every_organisation(client):
    ContractPublishedFactory(title="Arbor", provider=ProviderFactory(name="Humbercare"))
    OrganisationFactory(name="Grant applicant only")

    html = page(client, "/contracts/")

    # A text box each, labelled, with a hint read out with it: not a list of every
    # organisation on the register (about 2,000 at national scale).
    for name, label, hint in [
        ("provider", "Provider", "All or part of the provider's name."),
        ("partner", "Funding partner", "All or part of a co-funding partner's name."),
    ]:
        assert f'<label class="govuk-label govuk-label--s" for="id_{name}">{label}</label>' in html
        assert f'<div id="id_{name}-hint" class="govuk-hint">{escape(hint)}</div>' in html
        assert re.search(
            rf'<input type="text" name="{name}" class="govuk-input" spellcheck="false" '
            rf'aria-describedby="id_{name}-hint" id="id_{name}">',
            html,
        )
    assert '<select name="provider"' not in html
    assert '<select name="partner"' not in html
    # The only lists left: service area, status and sort, each with its "any" option.
    assert html.count("<option") == (
        len(Contract.ServiceArea.choices) + 1 + len(Contract.Status.choices) + 1 + len(SORTS)
    )
    assert "Grant applicant only" not in html


def test_the_register_keeps_what_was_typed_and_says_how_many_it_found(client):
    ContractPublishedFactory(
        title="Circles of Support", provider=ProviderFactory(name="Humbercare")
    )
    ContractPublishedFactory(title="Arbor", provider=ProviderFactory(name="Action"))
    arbor = ContractPublishedFactory(title="IDVA service")
    FundingShareFactory(
        contract=arbor, partner=OrganisationFactory(name="Probation Service for Humberside")
    )

    by_provider = page(client, "/contracts/", provider="humber")
    by_partner = page(client, "/contracts/", partner="probation")
    nobody = page(client, "/contracts/", provider="Nobody Ltd")

    assert 'name="provider" value="humber"' in by_provider
    assert "1 contract found" in by_provider
    assert ">Circles of Support</a>" in by_provider
    assert ">Arbor</a>" not in by_provider
    assert 'name="partner" value="probation"' in by_partner
    assert ">IDVA service</a>" in by_partner
    assert "1 contract found" in by_partner
    assert "0 contracts found" in nobody
    assert "No published contracts match your search." in nobody
    assert 'name="provider" value="Nobody Ltd"' in nobody
    assert "Clear filters" in nobody


def test_a_provider_named_only_on_a_draft_finds_nothing(client):
    ContractDraftFactory(title="Draft contract", provider=ProviderFactory(name="Secretco"))
    ContractPublishedFactory(title="Published contract")

    html = page(client, "/contracts/", provider="secretco")

    assert "0 contracts found" in html
    assert "Draft contract" not in html
    assert "Published contract" not in html


def test_the_count_follows_publication_and_withdrawal(client, officer_in):
    ContractPublishedFactory(title="Arbor")
    draft = ContractDraftFactory(title="Circles of Support")
    publisher = officer_in(roles.PUBLISHER)
    assert "1 contract<" in page(client, "/contracts/")

    publication.publish(draft, by=publisher)
    published = page(client, "/contracts/")
    publication.withdraw(draft, by=publisher)
    withdrawn = page(client, "/contracts/")

    assert "2 contracts<" in published
    assert ">Circles of Support</a>" in published
    assert "1 contract<" in withdrawn
    assert "Circles of Support" not in withdrawn


def test_a_reader_asking_again_is_served_the_same_page_from_the_cache(client):
    ContractPublishedFactory(
        title="Circles of Support", provider=ProviderFactory(name="Humbercare")
    )

    with CaptureQueriesContext(connection) as built:
        first = page(client, "/contracts/", provider="humber")
    with CaptureQueriesContext(connection) as served:
        again = page(client, "/contracts/", provider="humber")

    assert again == first
    assert ">Circles of Support</a>" in again
    assert len(built) > 1
    assert len(served) == 1  # the register's version, nothing else


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": '<b>victims</b> "abuse"', "provider": "Action & Co", "status": "ended"},
        {"value_min": "lots", "service_area": "no-such-area", "sort": "value-high"},
    ],
)
def test_the_filter_form_draws_what_django_s_widget_templates_would(rf, query):
    request = rf.get("/contracts/", query)
    form = _govuk_form(
        ContractFilter(request.GET or None, queryset=Contract.objects.published()).form
    )
    form.is_valid()

    ours = {name: str(form[name]) for name in form.fields}
    form.renderer = DjangoTemplates()
    django = {name: str(form[name]) for name in form.fields}

    assert ours == django
    assert "<option" in ours["service_area"]


def test_a_bad_value_filter_is_explained_in_an_error_summary(client):
    html = page(client, "/contracts/", value_min="lots")

    assert "There is a problem" in html
    assert "<title>Error: " in html
    assert "Enter a number." in html


def test_sorting_by_value_puts_the_highest_first(client):
    ContractPublishedFactory(title="Small contract", total_value=Decimal("12000"))
    ContractPublishedFactory(title="Large contract", total_value=Decimal("390000"))
    ContractPublishedFactory(title="Value not stated", total_value=None)

    html = page(client, "/contracts/", sort="value-high")

    assert (
        html.index("Large contract") < html.index("Small contract") < html.index("Value not stated")
    )


def test_the_register_is_paginated(client):
    for number in range(25):
        ContractPublishedFactory(title=f"Contract {number:02}")

    first = page(client, "/contracts/")
    second = page(client, "/contracts/", page=2)

    assert "Contract 00" in first
    assert "Contract 24" not in first
    assert "Contract 24" in second
    assert "Page 2 of 2." in second


@pytest.mark.parametrize("count", [3, 30])
def test_register_query_count_does_not_grow_with_the_page(
    client, django_assert_max_num_queries, count
):
    for _ in range(count):
        contract = ContractPublishedFactory()
        FundingShareFactory(contract=contract)
        FundingShareFactory(contract=contract)

    # The register's version, its count, the page, the partners, the offices (site-wide).
    with django_assert_max_num_queries(5):
        client.get("/contracts/")


def test_a_contract_page_shows_value_term_extensions_provider_and_partners(client):
    arbor = ContractPublishedFactory(
        title="Arbor",
        provider=ProviderFactory(name="Action"),
        start_date=datetime.date(2018, 4, 1),
        start_date_precision="month",
        end_date=datetime.date(2020, 3, 31),
        end_date_precision="month",
    )
    ContractExtensionFactory(
        contract=arbor, new_end_date=datetime.date(2021, 3, 31), new_end_date_precision="month"
    )
    FundingYearFactory(contract=arbor, financial_year=2019, total=None, basis="amount")
    FundingShareFactory(
        contract=arbor,
        financial_year=2019,
        partner=OrganisationFactory(name="Bolsover District Council"),
    )

    html = page(client, arbor.get_absolute_url())

    assert "£390,000.00" in html
    assert "April 2018 to March 2020" in html
    assert "3 x 12 months: 1 taken, 2 left" in html
    assert "March 2021" in html
    assert "March 2023" in html  # if every option were taken
    assert "Action" in html
    assert "Bolsover District Council" in html
    assert "Not stated" in html


def test_an_unpublished_decision_is_never_linked_from_a_contract(client):
    contract = ContractPublishedFactory()
    draft = DecisionDraftFactory(title="Draft decision about this contract")
    ContractDecision.objects.create(contract=contract, decision=draft, role="awarded")
    ContractExtensionFactory(contract=contract, decision=draft)

    html = page(client, contract.get_absolute_url())

    assert "Draft decision about this contract" not in html
    assert "No published decision is linked to this contract." in html


def test_a_published_decision_is_linked_with_its_role(client):
    contract = ContractPublishedFactory()
    decision = DecisionPublishedFactory(reference="16/2020", title="Arbor extension")
    ContractDecision.objects.create(contract=contract, decision=decision, role="extended")

    html = page(client, contract.get_absolute_url())

    assert 'href="/decisions/16-2020/"' in html
    assert "Extended by" in html


def test_contract_page_query_count_is_fixed(client, django_assert_max_num_queries):
    contract = ContractPublishedFactory()
    for year in (2019, 2020):
        FundingYearFactory(contract=contract, financial_year=year)
        FundingShareFactory(contract=contract, financial_year=year, percentage=Decimal("100"))

    # 8 to build the page and 1 for the register's version it is cached under.
    with django_assert_max_num_queries(9):
        client.get(contract.get_absolute_url())


def test_the_home_page_lists_recently_published_contracts(client):
    ContractPublishedFactory(title="Recently published contract")
    ContractDraftFactory(title="Draft on the home page")

    html = page(client, "/")

    assert "Recently published contract" in html
    assert "Draft on the home page" not in html


def test_the_sitemap_lists_published_contracts_only(client):
    published = ContractPublishedFactory()
    draft = ContractDraftFactory()

    xml = whole_sitemap(client)

    assert published.get_absolute_url() in xml
    assert draft.get_absolute_url() not in xml

"""The officer admin: contracts with inline shares and extensions, refusals of bad splits,
running totals, publication and the contracts awaiting a decision."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.models import Contract, ContractExtension, FundingShare, FundingYear
from pcc_portal import roles
from tests.commissioning.factories import (
    ContractDraftFactory,
    ContractExtensionFactory,
    ContractPublishedFactory,
    FundingShareFactory,
    FundingYearFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

INLINES = ("measures", "extensions", "decision_links", "funding_years", "funding_shares")


def change_url(contract):
    return reverse("admin:commissioning_contract_change", args=[contract.pk])


def form_data(contract, *, initial=None, **inlines):
    """The change form as an officer would post it: the contract's fields, and for each
    inline the rows given (dicts of field values), after ``initial[prefix]`` saved rows."""
    initial = initial or {}
    data = {
        "office": contract.office_id,
        "title": contract.title,
        "slug": contract.slug,
        "description": contract.description,
        "provider": contract.provider_id or "",
        "lead_commissioner": contract.lead_commissioner_id or "",
        "service_area": contract.service_area,
        "procurement_route": contract.procurement_route,
        "procurement_details": contract.procurement_details,
        "total_value": contract.total_value if contract.total_value is not None else "",
        "annual_value": contract.annual_value if contract.annual_value is not None else "",
        "start_date": contract.start_date.isoformat() if contract.start_date else "",
        "start_date_precision": contract.start_date_precision,
        "end_date": contract.end_date.isoformat() if contract.end_date else "",
        "end_date_precision": contract.end_date_precision,
        "extension_option_count": contract.extension_option_count,
        "extension_option_months": contract.extension_option_months or "",
        "funded_posts": "",
        "funded_posts_note": "",
        "withheld_reason": "",
    }
    for prefix in INLINES:
        rows = inlines.get(prefix, [])
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = initial.get(prefix, 0)
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for index, row in enumerate(rows):
            for name, value in row.items():
                data[f"{prefix}-{index}-{name}"] = value
            data[f"{prefix}-{index}-contract"] = contract.pk
    return data


@pytest.fixture
def officer(client, officer_in):
    user = officer_in(roles.COMMISSIONING_OFFICER)
    client.force_login(user)
    return user


@pytest.fixture
def circles():
    return ContractPublishedFactory(
        title="Circles of Support",
        slug="circles-of-support",
        total_value=Decimal("50668.99"),
        start_date=datetime.date(2021, 4, 1),
        end_date=datetime.date(2022, 3, 31),
        extension_option_count=0,
        extension_option_months=None,
    )


@pytest.fixture
def partners():
    return (
        OrganisationFactory(name="Police and Crime Commissioner for Humberside", slug="opcc"),
        OrganisationFactory(name="Probation Service", slug="probation-service"),
    )


def post_split(client, contract, partners, *, year, shares):
    opcc, probation = partners
    data = form_data(
        contract,
        funding_years=[year],
        funding_shares=[
            {"financial_year": 2021, "partner": opcc.pk, **shares[0]},
            {"financial_year": 2021, "partner": probation.pk, **shares[1]},
        ],
    )
    data["title"] = "Circles of Support (renamed)"
    return client.post(change_url(contract), data)


def test_a_split_by_percentage_is_saved_with_its_amounts_to_the_penny(
    client, officer, circles, partners
):
    response = post_split(
        client,
        circles,
        partners,
        year={"financial_year": 2021, "total": "50668.99", "basis": "percentage"},
        shares=[{"percentage": "51"}, {"percentage": "49"}],
    )

    assert response.status_code == 302
    amounts = dict(FundingShare.objects.values_list("partner__name", "amount"))
    assert amounts == {
        "Police and Crime Commissioner for Humberside": Decimal("25841.18"),
        "Probation Service": Decimal("24827.81"),
    }
    page = client.get(change_url(circles)).content.decode()
    assert "£50,668.99" in page
    assert "adds up" in page


def test_percentages_short_of_100_are_refused_in_the_admin_and_nothing_is_saved(
    client, officer, circles, partners
):
    response = post_split(
        client,
        circles,
        partners,
        year={"financial_year": 2021, "total": "50668.99", "basis": "percentage"},
        shares=[{"percentage": "51"}, {"percentage": "48"}],
    )

    assert response.status_code == 200
    assert "2021/22: The shares add up to 99.00%, 1.00% short of 100%." in response.content.decode()
    assert not FundingYear.objects.exists()
    assert not FundingShare.objects.exists()
    assert Contract.objects.get(pk=circles.pk).title == "Circles of Support"


def test_amounts_not_adding_up_to_the_total_are_refused_saying_by_how_much(
    client, officer, circles, partners
):
    response = post_split(
        client,
        circles,
        partners,
        year={"financial_year": 2021, "total": "55000.00", "basis": "amount"},
        shares=[{"amount": "33000.00"}, {"amount": "21000.00"}],
    )

    assert response.status_code == 200
    assert (
        "2021/22: The shares add up to £54,000.00, £1,000.00 short of the total of £55,000.00."
        in response.content.decode()
    )
    assert not FundingShare.objects.exists()


def test_a_negative_share_is_refused_with_a_clear_message(client, officer, circles, partners):
    response = post_split(
        client,
        circles,
        partners,
        year={"financial_year": 2021, "total": "", "basis": "amount"},
        shares=[{"amount": "-5.00"}, {"amount": "10.00"}],
    )

    assert response.status_code == 200
    assert "A share cannot be negative." in response.content.decode()
    assert not FundingShare.objects.exists()


def test_shares_for_a_year_without_its_total_and_basis_are_refused(
    client, officer, circles, partners
):
    data = form_data(
        circles,
        funding_shares=[{"financial_year": 2021, "partner": partners[0].pk, "amount": "10.00"}],
    )

    response = client.post(change_url(circles), data)

    assert response.status_code == 200
    assert "2021/22: add 2021/22 to the co-funding years" in response.content.decode()
    assert not FundingShare.objects.exists()


def test_partners_without_a_stated_share_are_saved_without_a_figure(
    client, officer, circles, partners
):
    response = post_split(
        client,
        circles,
        partners,
        year={"financial_year": 2021, "total": "", "basis": "amount"},
        shares=[{}, {}],
    )

    assert response.status_code == 302
    assert list(FundingShare.objects.values_list("percentage", "amount")) == [
        (None, None),
        (None, None),
    ]


def test_changing_a_years_total_works_out_the_saved_shares_again(
    client, officer, circles, partners
):
    year = FundingYearFactory(contract=circles, total=Decimal("1000.00"))
    opcc = FundingShareFactory(
        contract=circles, partner=partners[0], percentage=Decimal("51"), amount=Decimal("510.00")
    )
    probation = FundingShareFactory(
        contract=circles, partner=partners[1], percentage=Decimal("49"), amount=Decimal("490.00")
    )
    data = form_data(
        circles,
        initial={"funding_years": 1, "funding_shares": 2},
        funding_years=[
            {"id": year.pk, "financial_year": 2021, "total": "50668.99", "basis": "percentage"}
        ],
        funding_shares=[
            {
                "id": share.pk,
                "financial_year": 2021,
                "partner": share.partner_id,
                "percentage": share.percentage,
                "amount": share.amount,
            }
            for share in (opcc, probation)
        ],
    )

    response = client.post(change_url(circles), data)

    assert response.status_code == 302
    opcc.refresh_from_db()
    probation.refresh_from_db()
    assert (opcc.amount, probation.amount) == (Decimal("25841.18"), Decimal("24827.81"))


def test_taking_more_extension_options_than_the_contract_has_is_refused(client, officer):
    contract = ContractPublishedFactory(extension_option_count=1)
    data = form_data(
        contract,
        extensions=[
            {"number": 1, "new_end_date": "2021-03-31", "new_end_date_precision": "month"},
            {"number": 2, "new_end_date": "2022-03-31", "new_end_date_precision": "month"},
        ],
    )

    response = client.post(change_url(contract), data)

    assert response.status_code == 200
    assert "Option 2 cannot be taken: the contract has 1 extension option" in (
        response.content.decode()
    )
    assert not ContractExtension.objects.exists()


def test_an_end_date_before_the_start_is_refused_in_the_admin(client, officer):
    contract = ContractPublishedFactory()
    data = form_data(contract)
    data["end_date"] = "2018-03-01"

    response = client.post(change_url(contract), data)

    assert response.status_code == 200
    assert "The end date (1 March 2018) is before the start date (1 April 2018)" in (
        response.content.decode()
    )
    contract.refresh_from_db()
    assert contract.end_date == datetime.date(2020, 3, 31)


def test_an_extension_is_recorded_with_its_new_end_date(client, officer):
    contract = ContractPublishedFactory()
    data = form_data(
        contract,
        extensions=[{"number": 1, "new_end_date": "2021-03-31", "new_end_date_precision": "month"}],
    )

    response = client.post(change_url(contract), data)

    assert response.status_code == 302
    assert contract.extensions.get().new_end_display == "March 2021"


def test_the_change_page_shows_saved_totals_and_loads_the_live_totals_script(
    client, officer, circles, partners
):
    FundingYearFactory(contract=circles, total=Decimal("55000.00"), basis="amount")
    FundingShareFactory(contract=circles, partner=partners[0], amount=Decimal("33000.00"))

    page = client.get(change_url(circles)).content.decode()

    assert 'src="/static/commissioning/cofunding-totals.js"' in page
    assert 'id="cofunding-totals"' in page
    assert "£33,000.00" in page
    assert "£22,000.00" in page  # left to allocate


def test_decisions_due_view_lists_contracts_ending_soon_with_options_left(client, officer):
    today = datetime.date.today()
    ContractPublishedFactory(
        title="Arbor", start_date=today.replace(year=today.year - 2), end_date=today
    )
    ContractPublishedFactory(title="Ending, no options", end_date=today, extension_option_count=0)

    response = client.get(reverse("admin:commissioning_contract_decisions_due"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Arbor" in page
    assert "3 of 3 x 12 months" in page
    assert "Ending, no options" not in page


def test_contracts_list_links_to_the_decisions_due_view(client, officer):
    page = client.get(reverse("admin:commissioning_contract_changelist")).content.decode()

    assert reverse("admin:commissioning_contract_decisions_due") in page


def test_a_commissioning_officer_publishes_a_contract_with_its_button(client, officer):
    contract = ContractDraftFactory()
    change_url = reverse("admin:commissioning_contract_change", args=[contract.pk])
    step_url = reverse("admin:commissioning_contract_workflow_step", args=[contract.pk, "publish"])
    assert step_url in client.get(change_url).content.decode()

    response = client.post(step_url, {"comment": "Signed by both parties."})

    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.is_published
    assert contract.published_at is not None
    assert contract.history.first().history_user == officer
    event = contract.events.get()
    assert (event.step, event.by, event.comment) == ("publish", officer, "Signed by both parties.")


def test_withdrawing_takes_a_contract_off_the_register(client, officer):
    contract = ContractPublishedFactory()

    client.post(
        reverse("admin:commissioning_contract_workflow_step", args=[contract.pk, "withdraw"]),
        {"comment": "Entered in error."},
    )

    contract.refresh_from_db()
    assert not contract.is_published
    assert client.get(contract.get_absolute_url()).status_code == 404


def test_a_grants_officer_cannot_publish_contracts(client, officer_in):
    from django.core.exceptions import PermissionDenied

    from commissioning import publication

    contract = ContractDraftFactory()

    with pytest.raises(PermissionDenied):
        publication.publish(contract, by=officer_in(roles.GRANTS_OFFICER))

    contract.refresh_from_db()
    assert not contract.is_published


def test_a_drafting_officer_cannot_open_the_contracts_admin(client, officer_in):
    client.force_login(officer_in(roles.DRAFTING_OFFICER))

    response = client.get(reverse("admin:commissioning_contract_changelist"))

    assert response.status_code == 403


def test_extensions_already_saved_stay_when_the_form_is_saved_again(client, officer):
    extension = ContractExtensionFactory()
    contract = extension.contract
    data = form_data(
        contract,
        initial={"extensions": 1},
        extensions=[
            {
                "id": extension.pk,
                "number": 1,
                "new_end_date": "2021-03-31",
                "new_end_date_precision": "day",
            }
        ],
    )

    response = client.post(change_url(contract), data)

    assert response.status_code == 302
    assert contract.extensions.count() == 1


def test_a_redacted_pdf_copy_is_uploaded_and_offered_to_the_public(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.decisions.factories import make_pdf

    contract = ContractPublishedFactory()
    data = form_data(contract)
    data["published_copy"] = SimpleUploadedFile(
        "Arbor contract (redacted).pdf", make_pdf(), content_type="application/pdf"
    )
    data["published_copy_redacted"] = "on"

    response = client.post(change_url(contract), data)

    assert response.status_code == 302
    client.logout()
    page = client.get(contract.get_absolute_url()).content.decode()
    assert "Download the contract (PDF, redacted)" in page
    download = client.get(contract.get_copy_url())
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_copy_that_is_not_a_pdf_is_refused_naming_the_field(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    contract = ContractPublishedFactory()
    data = form_data(contract)
    data["published_copy"] = SimpleUploadedFile(
        "contract.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )

    response = client.post(change_url(contract), data)

    assert response.status_code == 200
    assert "The file must be a PDF; this one is not." in response.content.decode()
    contract.refresh_from_db()
    assert not contract.published_copy


def test_a_drafts_copy_is_never_served(client):
    from django.core.files.base import ContentFile

    from tests.decisions.factories import make_pdf

    draft = ContractDraftFactory()
    draft.published_copy.save("draft.pdf", ContentFile(make_pdf()))

    assert client.get(draft.get_copy_url()).status_code == 404


def test_an_uplift_is_split_between_contracts_to_the_penny(client, officer):
    from commissioning.models import Uplift

    county = ContractPublishedFactory(title="Derbyshire County IDVA service")
    city = ContractPublishedFactory(title="Derby City IDVA service")
    funder = county.lead_commissioner
    data = {
        "office": county.office_id,
        "title": "Derbyshire wide IDVA service: duty cover",
        "description": "",
        "funder": funder.pk,
        "amount": "55000.00",
        "first_financial_year": 2018,
        "shares-TOTAL_FORMS": 2,
        "shares-INITIAL_FORMS": 0,
        "shares-MIN_NUM_FORMS": 0,
        "shares-MAX_NUM_FORMS": 1000,
        "shares-0-contract": county.pk,
        "shares-0-percentage": "60",
        "shares-1-contract": city.pk,
        "shares-1-percentage": "40",
    }

    response = client.post(reverse("admin:commissioning_uplift_add"), data)

    assert response.status_code == 302
    uplift = Uplift.objects.get()
    assert dict(uplift.shares.values_list("contract__title", "amount")) == {
        "Derbyshire County IDVA service": Decimal("33000.00"),
        "Derby City IDVA service": Decimal("22000.00"),
    }


def test_an_uplift_whose_percentages_do_not_add_up_is_refused(client, officer):
    from commissioning.models import Uplift

    county = ContractPublishedFactory()
    city = ContractPublishedFactory()
    data = {
        "office": county.office_id,
        "title": "Uplift",
        "description": "",
        "funder": OrganisationFactory().pk,
        "amount": "55000.00",
        "first_financial_year": 2018,
        "shares-TOTAL_FORMS": 2,
        "shares-INITIAL_FORMS": 0,
        "shares-MIN_NUM_FORMS": 0,
        "shares-MAX_NUM_FORMS": 1000,
        "shares-0-contract": county.pk,
        "shares-0-percentage": "60",
        "shares-1-contract": city.pk,
        "shares-1-percentage": "45",
    }

    response = client.post(reverse("admin:commissioning_uplift_add"), data)

    assert response.status_code == 200
    assert "The shares add up to 105.00%, 5.00% over 100%." in response.content.decode()
    assert not Uplift.objects.exists()

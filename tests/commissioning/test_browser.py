"""The register's pages in headless Chromium: WCAG checks, reflow, and the admin's running
totals script. Skipped, saying so, when no Chromium is installed."""

import datetime
from decimal import Decimal

import pytest

from commissioning.models import ContractExtension
from pcc_portal import roles
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    CHROMIUM,
    axe_violations,
    browser,
    has_horizontal_scroll,
    page,
)
from tests.commissioning.factories import (
    ContractPublishedFactory,
    FundingShareFactory,
    FundingYearFactory,
    OrganisationFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM, reason="SKIPPED: no Chromium found (install chromium)"),
]


@pytest.fixture
def contract():
    contract = ContractPublishedFactory(
        title="Circles of Support",
        slug="circles-of-support",
        total_value=Decimal("50668.99"),
        start_date=datetime.date(2021, 4, 1),
        end_date=datetime.date(2022, 3, 31),
    )
    ContractExtension.objects.create(
        contract=contract, number=1, new_end_date=datetime.date(2023, 3, 31)
    )
    FundingYearFactory(contract=contract)
    FundingShareFactory(
        contract=contract,
        partner=OrganisationFactory(name="Probation Service"),
        percentage=Decimal("49"),
        amount=Decimal("24827.81"),
    )
    FundingShareFactory(
        contract=contract,
        partner=OrganisationFactory(name="OPCC for Humberside"),
        percentage=Decimal("51"),
        amount=Decimal("25841.18"),
    )
    return contract


@pytest.mark.parametrize(
    "path", ["/contracts/", "/contracts/?value_min=lots", "/contracts/circles-of-support/"]
)
def test_register_pages_have_no_wcag_violations(page, axe_violations, contract, path):  # noqa: F811
    page.goto(path)

    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/contracts/", "/contracts/circles-of-support/"])
def test_register_pages_reflow_at_320_pixels(page, contract, path):  # noqa: F811
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(path)

    assert not has_horizontal_scroll(page)


def test_the_filter_form_works_without_javascript(browser, live_server, contract):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    no_script = context.new_page()
    no_script.goto("/contracts/")

    no_script.get_by_label("Search contracts").fill("circles")
    with no_script.expect_navigation():  # the results page loaded, not only requested
        no_script.get_by_role("button", name="Apply filters").click()

    assert "q=circles" in no_script.url
    assert no_script.get_by_role("link", name="Circles of Support").is_visible()
    context.close()


def test_a_partner_is_found_by_typing_part_of_its_name(browser, live_server, contract):  # noqa: F811
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    no_script = context.new_page()
    no_script.goto("/contracts/")

    partner = no_script.get_by_label("Funding partner")
    assert partner.get_attribute("type") == "text"
    assert no_script.get_by_text("All or part of a co-funding partner").is_visible()
    partner.fill("probation")
    with no_script.expect_navigation():
        no_script.get_by_role("button", name="Apply filters").click()

    assert "partner=probation" in no_script.url
    assert no_script.get_by_label("Funding partner").input_value() == "probation"
    assert no_script.get_by_role("heading", name="1 contract found").is_visible()
    assert no_script.get_by_role("link", name="Circles of Support").is_visible()
    context.close()


def test_a_register_filtered_by_provider_and_partner_has_no_wcag_violations(
    page,  # noqa: F811
    axe_violations,  # noqa: F811
    contract,
):
    page.goto("/contracts/?provider=nobody&partner=probation")

    assert axe_violations(page) == []


def test_the_admin_adds_up_shares_as_the_officer_types(page, officer_in, contract):  # noqa: F811
    officer = officer_in(roles.COMMISSIONING_OFFICER)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill("correct horse battery")
    with page.expect_navigation():  # signed in before the next page is asked for
        page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/commissioning/contract/{contract.pk}/change/")
    totals = page.locator("#cofunding-totals")
    assert "adds up" in totals.inner_text()

    page.locator("[name='funding_shares-0-percentage']").fill("50")
    page.locator("[name='funding_shares-1-percentage']").fill("49")

    assert "Co-funding as entered" in totals.text_content()
    assert "99.00%" in totals.inner_text()
    assert "1.00% of 100% to allocate" in totals.inner_text()

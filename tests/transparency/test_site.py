import pytest

from tests.sitemap import whole_sitemap

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("publication_scheme")]


def test_the_home_page_points_to_the_publication_scheme_registers_and_alerts(client):
    html = client.get("/").content.decode()

    for path in (
        "/publication-scheme/",
        "/registers/interests/",
        "/registers/gifts-and-hospitality/",
        "/alerts/",
    ):
        assert f'href="{path}"' in html


def test_the_sitemap_lists_the_transparency_pages(client):
    xml = whole_sitemap(client)

    for path in (
        "/publication-scheme/",
        "/registers/interests/",
        "/registers/gifts-and-hospitality/",
        "/alerts/",
    ):
        assert f"{path}</loc>" in xml


def test_the_publication_scheme_page_takes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get("/publication-scheme/")

    assert response.status_code == 200

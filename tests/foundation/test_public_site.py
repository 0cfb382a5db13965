import pytest

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_the_govuk_template(client):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-template" in html
    assert 'href="#main-content"' in html
    assert "govuk/govuk-frontend.min.css" in html
    for link in ("/decisions/", "/meetings/", "/contracts/", "/grants/", "/open-data/"):
        assert f'href="{link}"' in html


def test_home_page_names_the_offices_that_publish(client):
    from tests.factories import DerbyshireOfficeFactory

    DerbyshireOfficeFactory()

    response = client.get("/")

    assert "Office of the Police and Crime Commissioner for Derbyshire" in response.content.decode()


def test_accessibility_statement_renders(client):
    response = client.get("/accessibility/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-template" in html
    assert "Accessibility statement" in html
    assert "WCAG" in html


def test_footer_carries_the_open_government_licence(client):
    html = client.get("/").content.decode()

    assert "Open Government Licence v3.0" in html
    assert 'href="/accessibility/"' in html


def test_unknown_page_answers_404_in_the_govuk_template(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_static_govuk_frontend_files_are_served(client):
    response = client.get("/static/govuk/govuk-frontend.min.css")

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert b".govuk-header" in body
    assert b"url(/assets/" not in body


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_a_public_page_answers_304_to_a_browser_that_already_holds_it(client):
    first = client.get("/accessibility/")
    assert first.status_code == 200
    etag = first.headers["ETag"]

    again = client.get("/accessibility/", HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    changed = client.get("/accessibility/", HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200
    assert "Accessibility statement" in changed.content.decode()

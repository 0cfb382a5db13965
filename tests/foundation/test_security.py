import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_carry_a_content_security_policy_without_unsafe_inline(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_public_pages_carry_security_headers(client):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_the_public_site_has_no_inline_scripts_or_styles(client):
    for url in ("/", "/accessibility/", "/open-data/"):
        html = client.get(url).content.decode()
        assert "<script>" not in html, url
        assert " style=" not in html, url


@pytest.mark.axes
def test_officer_sign_in_is_locked_after_five_failures(client, officer_in):
    officer_in("Drafting officer", username="lockme")

    for _ in range(5):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "lockme", "password": "wrong"}
        )
        assert response.status_code in (200, 429)

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "lockme", "password": "correct horse battery"},
    )

    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()


@pytest.mark.axes
def test_officer_signs_in_with_the_right_password(client, officer_in):
    officer_in("Drafting officer", username="rightpass")

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "rightpass", "password": "correct horse battery"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from pcc_portal import roles

pytestmark = pytest.mark.django_db


def test_admin_needs_a_login(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_login_page_is_titled_for_officers(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert "PCC Portal officer admin" in response.content.decode()


def test_an_officer_signs_in_to_the_admin(client, officer_in):
    officer = officer_in(roles.DRAFTING_OFFICER)

    client.force_login(officer)
    response = client.get("/admin/")

    assert response.status_code == 200
    assert "PCC Portal officer admin" in response.content.decode()


@pytest.mark.parametrize("role", roles.ROLES)
def test_each_role_exists_with_exactly_its_declared_permissions(role):
    declared = roles.declared_permissions(apps.get_app_configs())[role]

    group = Group.objects.get(name=role)
    held = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }

    assert held == declared
    assert "pcc_portal.view_office" in held


def test_no_role_may_change_the_offices():
    for role in roles.ROLES:
        group = Group.objects.get(name=role)
        assert not group.permissions.filter(codename="change_office").exists(), role

"""The officer roles, as Django groups, and the permissions each holds.

The groups themselves are created by a data migration (``0002_roles``). Each app
declares the permissions it grants in its own ``roles.py`` as ``PERMISSIONS``, a dict
of role name to ``"app_label.codename"`` strings; after every ``migrate`` the groups'
permissions are set to exactly what the apps declare, so a role never keeps a
permission that the code no longer gives it.
"""

from importlib import import_module

DRAFTING_OFFICER = "Drafting officer"
OFFICER_APPROVER = "Officer approver"
COMMISSIONER = "Commissioner"
PUBLISHER = "Publisher"
COMMISSIONING_OFFICER = "Commissioning officer"
GRANTS_OFFICER = "Grants officer"
BOARD_SECRETARY = "Board secretary"

ROLES = (
    DRAFTING_OFFICER,
    OFFICER_APPROVER,
    COMMISSIONER,
    PUBLISHER,
    COMMISSIONING_OFFICER,
    GRANTS_OFFICER,
    BOARD_SECRETARY,
)

ROLE_DESCRIPTIONS = {
    DRAFTING_OFFICER: "Writes decision requests and their Section B reports.",
    OFFICER_APPROVER: (
        "Chief Executive, Chief Finance Officer or nominee: gives officer approval, "
        "confirming financial, legal and equalities advice was taken."
    ),
    COMMISSIONER: "The Police and Crime Commissioner: declares interests, approves and signs.",
    PUBLISHER: "Publishes approved records and watches what awaits publication.",
    COMMISSIONING_OFFICER: "Keeps the contracts register and co-funding shares.",
    GRANTS_OFFICER: "Runs grant rounds, assesses applications and makes awards.",
    BOARD_SECRETARY: "Builds board meetings, minutes and agenda packs.",
}

PERMISSIONS = {role: ["pcc_portal.view_office"] for role in ROLES}


def declared_permissions(app_configs) -> dict[str, set[str]]:
    """Every role's permissions as declared by the installed apps' ``roles`` modules."""
    declared = {role: set() for role in ROLES}
    for app_config in app_configs:
        try:
            module = import_module(f"{app_config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app_config.name}.roles":
                raise
            continue
        for role, names in getattr(module, "PERMISSIONS", {}).items():
            if role not in declared:
                raise ValueError(f"{app_config.name}.roles names an unknown role: {role!r}")
            declared[role].update(names)
    return declared


def sync_role_permissions(sender=None, using="default", apps=None, **kwargs):
    """Give each role group exactly the permissions the apps declare (post_migrate)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.management import create_contenttypes

    # post_migrate runs app by app; make every app's permissions exist before using them.
    for app_config in global_apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0, using=using)
        create_permissions(app_config, verbosity=0, using=using)
    declared = declared_permissions(global_apps.get_app_configs())
    for role, names in declared.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        permissions = []
        for name in sorted(names):
            app_label, codename = name.split(".", 1)
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if permission is None:
                raise LookupError(f"Role {role!r} is given {name!r}, which does not exist.")
            permissions.append(permission)
        group.permissions.set(permissions)

"""Permissions each officer role holds on organisations (applied after every migrate)."""

from pcc_portal import roles

PERMISSIONS = {
    # Providers, lead commissioners and co-funding partners of the contracts register.
    roles.COMMISSIONING_OFFICER: [
        f"organisations.{action}_organisation" for action in ("view", "add", "change", "delete")
    ],
    # Applicants and recipients of grants.
    roles.GRANTS_OFFICER: [
        f"organisations.{action}_organisation" for action in ("view", "add", "change")
    ],
}

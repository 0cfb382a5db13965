"""What each officer role may do with grants (applied to the role groups after migrate)."""

from pcc_portal import roles

PERMISSIONS = {
    roles.GRANTS_OFFICER: [
        # The workflow steps (grants/workflow.py checks each on the server).
        "grants.receive_application",
        "grants.assess_application",
        "grants.decide_application",
        "grants.award_grant",
        "grants.monitor_grant",
        "grants.close_application",
        # Funds, rounds and distributions are kept by the officer directly.
        "grants.view_fund",
        "grants.add_fund",
        "grants.change_fund",
        "grants.view_round",
        "grants.add_round",
        "grants.change_round",
        "grants.view_distribution",
        "grants.add_distribution",
        "grants.change_distribution",
        "grants.view_distributionline",
        "grants.add_distributionline",
        "grants.change_distributionline",
        "grants.delete_distributionline",
        # Applications and awards change only through the workflow; their texts may be
        # corrected in the admin.
        "grants.view_application",
        "grants.change_application",
        "grants.view_applicationevent",
        "grants.view_grantaward",
        "grants.change_grantaward",
        "grants.view_monitoringreport",
        "grants.add_monitoringreport",
        "grants.change_monitoringreport",
    ],
}

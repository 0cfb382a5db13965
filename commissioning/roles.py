"""Permissions each officer role holds in commissioning (applied after every migrate)."""

from pcc_portal import roles

EDITED_BY_COMMISSIONING_OFFICERS = (
    "contract",
    "contractmeasure",
    "contractextension",
    "contractdecision",
    "fundingyear",
    "fundingshare",
    "uplift",
    "upliftshare",
)

PERMISSIONS = {
    roles.COMMISSIONING_OFFICER: [
        f"commissioning.{action}_{model}"
        for model in EDITED_BY_COMMISSIONING_OFFICERS
        for action in ("view", "add", "change", "delete")
    ]
    + [
        "commissioning.publish_contract",
        # To find the decision records that awarded, extended or varied a contract.
        "decisions.view_decisionrecord",
    ],
    roles.PUBLISHER: ["commissioning.view_contract", "commissioning.publish_contract"],
}

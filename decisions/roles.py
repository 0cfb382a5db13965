"""The decisions permissions each officer role holds (applied after every migrate)."""

from pcc_portal import roles

_READ = [
    "decisions.view_decisionrecord",
    "decisions.view_reportsection",
    "decisions.view_decisionattachment",
    "decisions.view_decisionamendment",
    "decisions.view_decisioncategory",
]

PERMISSIONS = {
    roles.DRAFTING_OFFICER: [
        *_READ,
        "decisions.add_decisionrecord",
        "decisions.change_decisionrecord",
        "decisions.submit_decisionrecord",
        "decisions.add_reportsection",
        "decisions.change_reportsection",
        "decisions.delete_reportsection",
        "decisions.add_decisionattachment",
        "decisions.change_decisionattachment",
        "decisions.delete_decisionattachment",
    ],
    roles.OFFICER_APPROVER: [
        *_READ,
        "decisions.give_officer_approval",
        "decisions.return_decisionrecord",
        "decisions.add_decisionamendment",
    ],
    roles.COMMISSIONER: [
        *_READ,
        "decisions.sign_decisionrecord",
        "decisions.return_decisionrecord",
    ],
    roles.PUBLISHER: [
        *_READ,
        "decisions.publish_decisionrecord",
        "decisions.view_awaiting_publication",
        "decisions.add_decisioncategory",
        "decisions.change_decisioncategory",
    ],
}

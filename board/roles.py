"""The permissions each role holds in the board app (applied after every migrate)."""

from pcc_portal import roles

BOARD_MODELS = (
    "board",
    "meeting",
    "agendaitem",
    "report",
    "appendix",
    "minute",
    "resolution",
    "resolutionamount",
    "publicquestion",
    "attendance",
    "declaration",
    "action",
    "planneditem",
)

WORKFLOW = (
    "board.publish_agenda",
    "board.record_minutes",
    "board.approve_minutes",
    "board.generate_pack",
)

PERMISSIONS = {
    roles.BOARD_SECRETARY: [
        f"board.{verb}_{model}"
        for model in BOARD_MODELS
        for verb in ("add", "change", "delete", "view")
    ]
    + ["board.view_decisionlogentry"]
    + list(WORKFLOW),
}

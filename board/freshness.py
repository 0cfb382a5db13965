"""The versions of the public meetings register, for the page cache of the meetings list
and of each meeting's page (the mechanism is ``pcc_portal.freshness.Register``)."""

from pcc_portal.freshness import Register


def _board_models():
    from django.apps import apps

    from pcc_portal.models import Office

    board = apps.get_app_config("board")
    return (*(model for model in board.get_models() if hasattr(model, "history")), Office)


def _meeting_page_models():
    from decisions.models import DecisionRecord

    # A meeting's page also lists the published decisions on its decisions log.
    return (*_board_models(), DecisionRecord)


BOARD = Register("board", _board_models, apps=("board",))
MEETING_PAGES = Register("meeting-pages", _meeting_page_models, apps=("board", "decisions"))

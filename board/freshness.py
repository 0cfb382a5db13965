"""The version of the public meetings register, for the page cache of the meetings list
(the mechanism is ``pcc_portal.freshness.Register``)."""

from pcc_portal.freshness import Register


def _board_models():
    from django.apps import apps

    from pcc_portal.models import Office

    board = apps.get_app_config("board")
    return (*(model for model in board.get_models() if hasattr(model, "history")), Office)


BOARD = Register("board", _board_models, apps=("board",))

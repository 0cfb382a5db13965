"""The public meetings register (the mechanism is ``pcc_portal.register_cache``): the
meetings list and each meeting's page, whose decisions log lists published decisions."""

from decisions.registers import DECISIONS
from pcc_portal.register_cache import Register, counting_paginator
from pcc_portal.registers import OFFICES


def _board_models():
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    # Every model of the board app is part of a meeting's public record (attendance,
    # agenda, reports, minutes, questions, actions, forward plan, decisions log); their
    # history is not.
    return tuple(
        model
        for model in apps.get_app_config("board").get_models()
        if not issubclass(model, HistoricalChanges)
    )


BOARD = Register(
    "board",
    models=_board_models,
    depends_on=lambda: (DECISIONS, OFFICES),
    dated=True,  # a meeting is upcoming or past as of today
)

MeetingPaginator = counting_paginator(BOARD)

REGISTERS = (BOARD,)

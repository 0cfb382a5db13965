"""The publication scheme and the statutory registers of interests and of gifts and
hospitality (the mechanism is ``pcc_portal.register_cache``)."""

from pcc_portal.register_cache import Register
from pcc_portal.registers import OFFICES


def _transparency_models():
    from transparency.models import GiftOrHospitality, PublicationSchemeItem, RegisteredInterest

    return (PublicationSchemeItem, RegisteredInterest, GiftOrHospitality)


TRANSPARENCY = Register("transparency", models=_transparency_models, depends_on=lambda: (OFFICES,))

REGISTERS = (TRANSPARENCY,)

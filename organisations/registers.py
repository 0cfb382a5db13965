"""The organisations register (the mechanism is ``pcc_portal.register_cache``):
providers, funding partners and grant recipients, named by contracts and grants alike."""

from pcc_portal.register_cache import Register


def _organisation_models():
    from organisations.models import Organisation

    return (Organisation,)


ORGANISATIONS = Register("organisations", models=_organisation_models)

REGISTERS = (ORGANISATIONS,)

"""The registers of the site as a whole (the mechanism is ``pcc_portal.register_cache``):
the offices, which every register shows, and the whole public site, which the home page,
a decision's page (it links to records of every app) and the sitemap show."""

from pcc_portal.register_cache import Register, declared_registers


def _office_models():
    from pcc_portal.models import Office

    return (Office,)


def _every_domain_register():
    return [register for register in declared_registers() if register is not SITE]


OFFICES = Register("offices", models=_office_models)
SITE = Register("site", depends_on=_every_domain_register)

REGISTERS = (OFFICES, SITE)

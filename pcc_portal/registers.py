"""The registers of the site as a whole (the mechanism is ``pcc_portal.register_cache``):
the offices, which every register shows, and the whole public site, which the home page,
a decision's page (it links to records of every app) and the sitemap show; and the list
of every register, from which the triggers that move their versions are installed."""

from django.db import connections

from pcc_portal.register_cache import TRIGGER_FUNCTION, TRIGGER_NAME, Register


def _office_models():
    from pcc_portal.models import Office

    return (Office,)


def _every_domain_register():
    return [register for register in declared_registers() if register is not SITE]


OFFICES = Register("offices", models=_office_models)
SITE = Register("site", depends_on=_every_domain_register)

REGISTERS = (OFFICES, SITE)


def declared_registers() -> list[Register]:
    """Every register of the site: the offices' and each domain app's ``REGISTERS``."""
    from pcc_portal import registry

    return [
        *REGISTERS,
        *(r for found in registry.collect("registers", "REGISTERS", []) for r in found),
    ]


def install_triggers(*, using: str = "default") -> list[str]:
    """Give every table of every declared register the trigger that moves its counter,
    and return the tables. Idempotent (``CREATE OR REPLACE``), run after every
    ``migrate``; a table that does not exist yet (a partial migration) is left for the
    next run."""
    tables = sorted({table for register in declared_registers() for table in register.tables})
    with connections[using].cursor() as cursor:
        existing = set(connections[using].introspection.table_names(cursor))
        if "pcc_portal_tableversion" not in existing:
            return []  # migrated back to before the register cache: nothing to count in
        installed = [table for table in tables if table in existing]
        for table in installed:
            quoted = connections[using].ops.quote_name(table)
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER_NAME} "
                f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quoted} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER_FUNCTION}()"
            )
    return installed


def install_triggers_after_migrate(*, using, **kwargs):
    install_triggers(using=using)

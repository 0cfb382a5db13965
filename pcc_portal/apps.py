from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pcc_portal"
    verbose_name = "Offices and roles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from pcc_portal import admin_readonly, registers, roles

        admin_readonly.install()

        post_migrate.connect(roles.sync_role_permissions, sender=self)
        post_migrate.connect(registers.install_triggers_after_migrate, sender=self)

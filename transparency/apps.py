from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    name = "transparency"
    verbose_name = "Transparency: publication scheme, registers and alerts"

    def ready(self):
        from django.contrib import admin

        # The admin home shows each officer what awaits them. Django's own admin
        # templates come before this app's in the template search, so the admin is
        # pointed at this app's index template, which extends Django's.
        if admin.site.index_template is None:
            admin.site.index_template = "transparency/admin_index.html"

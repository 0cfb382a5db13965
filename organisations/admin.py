from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "charity_number", "company_number", "org_id"]
    list_filter = ["kind"]
    search_fields = ["name", "org_id", "charity_number", "company_number"]
    prepopulated_fields = {"slug": ["name"]}

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pcc_portal.admin_scoping import OfficeScopedAdmin
from pcc_portal.models import Office


@admin.register(Office)
class OfficeAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "area", "commissioner_name", "decision_reference_format"]
    prepopulated_fields = {"slug": ["area"]}
    filter_horizontal = ["officers"]

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pcc_portal.models import Office


@admin.display(description="Office", ordering="office__area")
def office_area(record):
    """A list column naming a record's office by its area ("Derbyshire"): the office's
    full name would take a third of a list's width on a 1280-pixel screen."""
    return record.office.area


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area", "commissioner_name", "decision_reference_format"]
    prepopulated_fields = {"slug": ["area"]}
    filter_horizontal = ["officers"]

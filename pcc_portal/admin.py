from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from pcc_portal.admin_scoping import OfficeScopedAdmin
from pcc_portal.models import Office


@admin.display(description="Office", ordering="office__area")
def office_area(record):
    """A list column naming a record's office by its area ("Derbyshire"): the office's
    full name would take a third of a list's width on a 1280-pixel screen."""
    return record.office.area


@admin.register(Office)
class OfficeAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "area", "commissioner_name", "decision_reference_format"]
    prepopulated_fields = {"slug": ["area"]}
    filter_horizontal = ["officers"]


class OfficeMembershipInline(OfficeScopedAdmin, admin.TabularInline):
    """The offices an officer works for, on the user's page next to their roles, so an
    administrator gives an officer their roles and their offices in one place."""

    model = Office.officers.through
    fields = ["office"]
    extra = 0
    verbose_name = "office this officer works for"
    verbose_name_plural = (
        "Offices this officer works for (they see and act on these offices' records only)"
    )


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class OfficerAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, OfficeMembershipInline]

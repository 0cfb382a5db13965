"""Officer admin: the publication scheme as a compliance checklist, the two registers,
and the public's alert subscriptions (view and delete only, for erasure requests)."""

from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from pcc_portal.admin import office_area
from pcc_portal.admin_scoping import OfficeScopedAdmin
from transparency.models import (
    AlertSubscription,
    GiftOrHospitality,
    PublicationSchemeItem,
    RegisteredInterest,
)

Status = PublicationSchemeItem.Status


class PublicationStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.with_status(self.value())
        return queryset


@admin.register(PublicationSchemeItem)
class PublicationSchemeItemAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "scheme_class",
        "statutory_reference",
        "status_tag",
        "where_published",
        "last_updated",
    ]
    list_display_links = ["title"]
    list_filter = [PublicationStatusFilter, "scheme_class"]
    search_fields = ["title", "description", "statutory_reference"]
    list_per_page = 100
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("scheme_class", "position", "title", "description")}),
        ("Duty", {"fields": ("statutory_reference",)}),
        (
            "Where it is published",
            {
                "description": (
                    "Choose a page of this website, or give the address on the office's "
                    "website. Leave both empty while it is not yet published: the public "
                    "page then shows it as not yet published."
                ),
                "fields": ("portal_url_name", "external_url", "last_updated"),
            },
        ),
    )

    @admin.display(description="status")
    def status_tag(self, item):
        return item.get_status_display()

    @admin.display(description="where published")
    def where_published(self, item):
        if not item.url:
            return "—"
        return format_html('<a href="{}">{}</a>', item.url, item.url)


@admin.register(RegisteredInterest)
class RegisteredInterestAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["person", "role", "category", office_area, "registered_on", "updated_on"]
    list_filter = ["office", "category", "role"]
    search_fields = ["person", "role", "description"]
    list_select_related = ["office"]
    date_hierarchy = "registered_on"


@admin.register(GiftOrHospitality)
class GiftOrHospitalityAdmin(OfficeScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "offered_on",
        "recipient",
        "recipient_role",
        "kind",
        "offered_by",
        "estimated_value",
        "outcome",
        "office",
    ]
    list_filter = ["office", "outcome", "kind"]
    search_fields = ["recipient", "recipient_role", "offered_by", "description"]
    list_select_related = ["office"]
    date_hierarchy = "offered_on"


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "topic", "created_at", "confirmed_at"]
    list_filter = ["kind", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    list_select_related = ["office", "category", "board"]
    readonly_fields = [
        "email",
        "kind",
        "office",
        "category",
        "board",
        "search",
        "created_at",
        "confirmed_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

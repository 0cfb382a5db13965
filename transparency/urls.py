from django.urls import path

from transparency import views

app_name = "transparency"

urlpatterns = [
    path("publication-scheme/", views.publication_scheme, name="publication-scheme"),
    path("registers/interests/", views.interests, name="interests"),
    path("registers/interests.csv", views.interests_csv, name="interests-csv"),
    path(
        "registers/gifts-and-hospitality/",
        views.gifts,
        name="gifts-and-hospitality",
    ),
    path(
        "registers/gifts-and-hospitality.csv",
        views.gifts_csv,
        name="gifts-and-hospitality-csv",
    ),
    path("alerts/", views.alerts_subscribe, name="alerts"),
    path("alerts/check-your-email/", views.alerts_check_email, name="alerts-check-email"),
    path("alerts/confirm/<str:token>/", views.alerts_confirm, name="alerts-confirm"),
    path(
        "alerts/unsubscribe/<str:token>/",
        views.alerts_unsubscribe,
        name="alerts-unsubscribe",
    ),
]

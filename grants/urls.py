from django.urls import path

from grants import open_data, views

app_name = "grants"

urlpatterns = [
    path("grants/", views.index, name="index"),
    path("grants.csv", open_data.awards_csv, name="awards-csv"),
    path("grants.json", open_data.awards_json, name="awards-json"),
    path(
        "open-data/grants-360giving.json",
        open_data.threesixtygiving_json,
        name="threesixtygiving-json",
    ),
    path(
        "open-data/grants-360giving.csv",
        open_data.threesixtygiving_csv,
        name="threesixtygiving-csv",
    ),
    path("grants/rounds/<slug:slug>/", views.round_detail, name="round"),
    path("grants/awards/<int:pk>/", views.award_detail, name="award"),
    path("grants/<slug:slug>/", views.fund_detail, name="fund"),
]

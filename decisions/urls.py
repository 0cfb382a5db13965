from django.urls import path

from decisions import feeds, open_data, views

app_name = "decisions"

urlpatterns = [
    path("decisions/", views.decision_list, name="list"),
    path("decisions/feed/", feeds.LatestDecisionsFeed(), name="feed"),
    path("decisions.csv", open_data.decisions_csv, name="csv"),
    path("decisions.json", open_data.decisions_json, name="json"),
    path("decisions/<str:slug>/", views.decision_detail, name="detail"),
    path("decisions/<slug:slug>/pdf/", views.decision_pdf, name="pdf"),
    path(
        "decisions/<str:slug>/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment",
    ),
    # Must stay last: a reference typed with its slash, e.g. /decisions/16/2020/.
    path("decisions/<path:reference>/", views.reference_with_slash, name="reference-redirect"),
]

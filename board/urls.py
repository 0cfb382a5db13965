from django.urls import path

from board import feeds, open_data, views

app_name = "board"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings.ics", views.meetings_ics, name="meetings-ics"),
    path("meetings.csv", open_data.meetings_csv, name="meetings-csv"),
    path("meetings/boards/<slug:slug>/feed/", feeds.BoardPapersFeed(), name="board-feed"),
    path("meetings/boards/<slug:slug>/calendar.ics", feeds.board_calendar, name="board-calendar"),
    path("meetings/<str:slug>/", views.meeting_detail, name="meeting"),
    path("meetings/<str:slug>/agenda-pack.pdf", views.agenda_pack, name="agenda-pack"),
    path("meetings/<str:slug>/reports/<str:number>/", views.report_detail, name="report"),
    path(
        "meetings/<str:slug>/reports/<str:number>/appendices/<int:position>.pdf",
        views.appendix_download,
        name="appendix",
    ),
]

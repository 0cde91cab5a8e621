from django.urls import path

from . import views

urlpatterns = [
    path("networks/", views.network_list, name="network_list"),
    path("networks/new/", views.network_new, name="network_new"),
    path("networks/<slug:slug>/", views.network_detail, name="network_detail"),
    path("networks/<slug:slug>/edit/", views.network_edit, name="network_edit"),
    path("networks/<slug:slug>/board/", views.board_post, name="network_board_post"),
    path(
        "networks/<slug:slug>/board/<int:post_id>/delete/",
        views.board_delete,
        name="network_board_delete",
    ),
    path("networks/<slug:slug>/members/", views.network_members, name="network_members"),
    path(
        "networks/<slug:slug>/members/<int:membership_id>/",
        views.network_member_edit,
        name="network_member_edit",
    ),
    path("meetings/", views.my_meetings, name="my_meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/planner/", views.planner, name="meeting_planner"),
    path("meetings/calendar/", views.calendar_subscription, name="calendar_subscription"),
    path("meetings/reply/<str:token>/", views.meeting_reply, name="meeting_reply"),
    path(
        "meetings/reply/<str:token>/calendar.ics",
        views.meeting_reply_ics,
        name="meeting_reply_ics",
    ),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/after/", views.meeting_after, name="meeting_after"),
    path("meetings/series/<int:pk>/", views.series_detail, name="series_detail"),
    path("meetings/series/<int:pk>/edit/", views.series_edit, name="series_edit"),
]

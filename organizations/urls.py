from django.urls import path

from . import views

urlpatterns = [
    path("organizations/", views.directory, name="directory"),
    path("units/", views.unit_list, name="unit_list"),
    path("organizations/apply/", views.organization_apply, name="organization_apply"),
    path(
        "organizations/apply/sent/", views.organization_apply_sent, name="organization_apply_sent"
    ),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization_detail"),
    path(
        "organizations/<slug:slug>/members/",
        views.organization_members,
        name="organization_members",
    ),
    path("units/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("units/<slug:slug>/members/", views.unit_members, name="unit_members"),
    path("areas/<slug:code>/coordinators/", views.area_coordinators, name="area_coordinators"),
    path("coordination/", views.coordination, name="coordination"),
    path(
        "coordination/applications/<int:pk>/",
        views.application_review,
        name="application_review",
    ),
    path("memberships/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]

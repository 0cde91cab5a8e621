from django.urls import path

from . import views
from .views import people

urlpatterns = [
    # The signed-in person: where they land, their profile, which membership they act in,
    # and the audit log of what happened in their areas.
    path("me/", people.landing, name="landing"),
    path("me/profile/", people.profile, name="profile"),
    path("me/acting-as/", people.switch_membership, name="switch_membership"),
    path("audit/", people.audit_log, name="audit_log"),
    path("audit/export.csv", people.audit_log_export, name="audit_log_export"),
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
    # The NGO's own profile (views.selfservice) and the coordinators' freshness list.
    path(
        "organizations/<slug:slug>/edit/",
        views.organization_edit,
        name="organization_edit",
    ),
    path(
        "organizations/<slug:slug>/activities/",
        views.organization_activities,
        name="organization_activities",
    ),
    path(
        "organizations/<slug:slug>/activities/<int:pk>/edit/",
        views.activity_edit,
        name="activity_edit",
    ),
    path(
        "organizations/<slug:slug>/activities/<int:pk>/delete/",
        views.activity_delete,
        name="activity_delete",
    ),
    path(
        "organizations/<slug:slug>/locations/",
        views.organization_locations,
        name="organization_locations",
    ),
    path(
        "organizations/<slug:slug>/locations/<int:pk>/edit/",
        views.location_edit,
        name="location_edit",
    ),
    path(
        "organizations/<slug:slug>/locations/<int:pk>/delete/",
        views.location_delete,
        name="location_delete",
    ),
    path(
        "organizations/<slug:slug>/confirm/",
        views.organization_confirm,
        name="organization_confirm",
    ),
    path(
        "organizations/<slug:slug>/verify/",
        views.organization_verify,
        name="organization_verify",
    ),
    path(
        "organizations/<slug:slug>/history/",
        views.organization_history,
        name="organization_history",
    ),
    path(
        "organizations/<slug:slug>/texts/",
        views.organization_texts,
        name="organization_texts",
    ),
    path("coordination/freshness/", views.freshness, name="freshness"),
]

"""/api/hsds/: the Open Referral HSDS 3.0 API of the public directory (see hsds_views)."""

from django.urls import path

from . import hsds_views

urlpatterns = [
    path("", hsds_views.root, name="hsds_root"),
    path("services", hsds_views.services, name="hsds_services"),
    path("services/<str:hsds_id>", hsds_views.service, name="hsds_service"),
    path("organizations", hsds_views.organizations, name="hsds_organizations"),
    path("organizations/<str:hsds_id>", hsds_views.organization, name="hsds_organization"),
    path("taxonomy_terms", hsds_views.taxonomy_terms, name="hsds_taxonomy_terms"),
]

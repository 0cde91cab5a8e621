from django.urls import path

from networks import views as network_views

from . import api

urlpatterns = [
    path("openapi.json", api.openapi, name="api_openapi"),
    path("organizations/", api.organizations, name="api_organizations"),
    path("organizations/<slug:slug>/", api.organization, name="api_organization"),
    path("units/", api.units, name="api_units"),
    path("meetings/", network_views.api_meetings, name="api_meetings"),
]

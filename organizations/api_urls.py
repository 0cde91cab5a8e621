from django.urls import path

from . import api

urlpatterns = [
    path("openapi.json", api.openapi, name="api_openapi"),
    path("organizations/", api.organizations, name="api_organizations"),
    path("organizations/<slug:slug>/", api.organization, name="api_organization"),
    path("units/", api.units, name="api_units"),
]

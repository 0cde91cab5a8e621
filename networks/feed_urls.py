"""Calendar feeds, outside the language prefix: calendar apps fetch these."""

from django.urls import path

from . import views

urlpatterns = [
    path("calendar/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("calendar/networks/<slug:slug>.ics", views.network_feed, name="network_feed"),
]

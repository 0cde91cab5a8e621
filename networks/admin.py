from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin

from .models import BoardPost, Guest, Invitation, Meeting, MeetingSeries, Network, NetworkMembership


class HttpsURLs:
    """Addresses typed without a scheme are taken as https:// (Django 6's default)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0
    raw_id_fields = ["organization", "service_unit"]
    filter_horizontal = ["representatives"]


@admin.register(Network)
class NetworkAdmin(TranslationAdmin):
    list_display = ["name", "kind", "welfare_area"]
    list_filter = ["kind", "welfare_area"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators"]
    inlines = [NetworkMembershipInline]


@admin.register(BoardPost)
class BoardPostAdmin(admin.ModelAdmin):
    list_display = ["network", "kind", "author", "created_at", "expires_on"]
    list_filter = ["kind", "network"]


class GuestInline(admin.TabularInline):
    model = Guest
    fk_name = "series"
    extra = 0
    raw_id_fields = ["user"]


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(HttpsURLs, admin.ModelAdmin):
    list_display = ["title", "kind", "network", "rrule", "starts_on", "start_time"]
    list_filter = ["kind", "welfare_area"]
    search_fields = ["title"]
    inlines = [GuestInline]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["email", "name", "language", "response", "note", "sent_sequence", "attended"]
    readonly_fields = ["sent_sequence"]


@admin.register(Meeting)
class MeetingAdmin(HttpsURLs, admin.ModelAdmin):
    """Time and place are changed through the portal's pages, which tell the invitees."""

    list_display = ["title", "kind", "start", "status", "network", "sequence"]
    list_filter = ["status", "kind", "welfare_area"]
    search_fields = ["title"]
    date_hierarchy = "start"
    readonly_fields = ["uid", "sequence", "series", "recurrence_id"]
    inlines = [InvitationInline]

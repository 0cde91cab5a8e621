from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin

from .models import BoardPost, Guest, Invitation, Meeting, MeetingSeries, Network, NetworkMembership
from .services import NOTIFY_FIELDS

# What the invitees have been told: changed only through the portal's pages, whose
# services bump SEQUENCE, move the reminders and send the update (networks.services).
# The admin shows these on an existing meeting or series but cannot change them.
MEETING_LOCKED_FIELDS = sorted(NOTIFY_FIELDS | {"status", "invite_at", "cancellation_reason"})
SERIES_LOCKED_FIELDS = sorted(
    (NOTIFY_FIELDS - {"start"})
    | {"rrule", "starts_on", "start_time", "reminder_offsets", "invite_days_before"}
)


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
    """The rule, time and place are changed through the portal's pages (series_update),
    which carry them to the occurrences and tell the invitees."""

    list_display = ["title", "kind", "network", "rrule", "starts_on", "start_time"]
    list_filter = ["kind", "welfare_area"]
    search_fields = ["title"]
    inlines = [GuestInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + SERIES_LOCKED_FIELDS if obj is not None else fields


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["email", "name", "language", "response", "note", "sent_sequence", "attended"]
    readonly_fields = ["sent_sequence"]


@admin.register(Meeting)
class MeetingAdmin(HttpsURLs, admin.ModelAdmin):
    """Time, place and status are changed through the portal's pages (meeting_change,
    meeting_cancel), which bump SEQUENCE and tell the invitees."""

    list_display = ["title", "kind", "start", "status", "network", "sequence"]
    list_filter = ["status", "kind", "welfare_area"]
    search_fields = ["title"]
    date_hierarchy = "start"
    readonly_fields = ["uid", "sequence", "series", "recurrence_id"]
    inlines = [InvitationInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + MEETING_LOCKED_FIELDS if obj is not None else fields

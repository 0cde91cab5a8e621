"""The platform admin's view of the directory: everything, with each translated field in
fi/sv/en tabs and an NGO's change history."""

from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Activity,
    Invitation,
    Language,
    Location,
    Membership,
    OpeningHours,
    Organization,
    OrganizationText,
    ServiceUnit,
    TargetGroup,
    Theme,
    WelfareArea,
)


class HttpsURLs:
    """Addresses typed without a scheme are taken as https:// (Django 6's default)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class OrganizationTextInline(admin.TabularInline):
    model = OrganizationText
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(HttpsURLs, SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "welfare_area", "status", "accepts_referrals", "last_confirmed_at"]
    list_filter = ["status", "welfare_area", "accepts_referrals", "themes"]
    search_fields = ["name", "business_id", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["languages", "themes", "target_groups", "areas"]
    readonly_fields = ["last_confirmed_at", "verified_by", "verified_at", "created_at"]
    inlines = [LocationInline, OpeningHoursInline, OrganizationTextInline]
    exclude = ["search_vector_fi", "search_vector_sv", "search_vector_en", "stale_reminder_sent_at"]


@admin.register(Activity)
class ActivityAdmin(TranslationAdmin):
    list_display = ["name", "organization", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(ServiceUnit)
class ServiceUnitAdmin(TranslationAdmin):
    list_display = ["name", "welfare_area", "kind", "contact_email"]
    list_filter = ["welfare_area", "kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(WelfareArea)
class WelfareAreaAdmin(TranslationAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Theme, TargetGroup)
class TaxonomyAdmin(TranslationAdmin):
    list_display = ["slug", "name", "position"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    search_fields = ["code"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "service_unit", "welfare_area", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organization__name", "service_unit__name"]
    raw_id_fields = ["user", "organization", "service_unit", "created_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "status", "created_at", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email"]
    raw_id_fields = ["organization", "service_unit", "invited_by", "accepted_by"]

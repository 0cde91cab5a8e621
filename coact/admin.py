from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .delivery import try_again
from .models import Heartbeat, OutboxMessage, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "preferred_language", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["name", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seen_at", "beats"]
    readonly_fields = ["name", "last_seen_at", "beats"]


class DeliveryFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("waiting to be sent")),
            ("retrying", _("waiting after a failure")),
            ("failed", _("refused for good")),
            ("sent", _("sent")),
        ]

    def queryset(self, request, queryset):
        unsent = queryset.filter(sent_at__isnull=True, failed_at__isnull=True)
        return {
            "waiting": unsent.filter(retry_at__isnull=True),
            "retrying": unsent.filter(retry_at__isnull=False),
            "failed": queryset.filter(failed_at__isnull=False),
            "sent": queryset.filter(sent_at__isnull=False),
        }.get(self.value(), queryset)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """The mail the portal has queued (coact.mail.queue_mail): what left, what waits and
    what was refused. Read-only: a message is changed only by its delivery; a refused one
    can be tried again."""

    list_display = ["to", "subject", "created_at", "sent_at", "attempts", "failure", "failed_at"]
    list_filter = [DeliveryFilter]
    search_fields = ["to", "subject", "message_id"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    actions = ["try_again"]
    fields = [
        "to",
        "from_email",
        "subject",
        "message_id",
        "created_at",
        "queued_at",
        "sent_at",
        "attempts",
        "retry_at",
        "failure",
        "failed_at",
        "body",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(description=_("Try the chosen unsent messages again"), permissions=["retry"])
    def try_again(self, request, queryset):
        count = try_again(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be tried again on the next round.",
                "%(count)d messages will be tried again on the next round.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

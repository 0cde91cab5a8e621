from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import (
    Activity,
    Location,
    Organization,
    OrganizationText,
    ServiceUnit,
    TargetGroup,
    Theme,
    WelfareArea,
)


@register(WelfareArea)
class WelfareAreaTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(ServiceUnit)
class ServiceUnitTranslationOptions(TranslationOptions):
    fields = ("name", "contact_description")


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(TargetGroup)
class TargetGroupTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Organization)
class OrganizationTranslationOptions(TranslationOptions):
    fields = ("description", "long_description", "referral_instructions", "hours_description")


@register(Activity)
class ActivityTranslationOptions(TranslationOptions):
    fields = ("name", "description", "schedule_description")


# Profile history (who changed which field, when). Registered here, after the translated
# fields exist, so that the history keeps every language's text.
register_history(
    Organization,
    app="organizations",
    excluded_fields=["search_fi", "search_sv", "search_en", "stale_reminder_sent_at", "updated_at"],
    m2m_fields=["languages", "themes", "target_groups", "areas"],
)
register_history(Activity, app="organizations", excluded_fields=["updated_at"])
register_history(Location, app="organizations")
register_history(OrganizationText, app="organizations")

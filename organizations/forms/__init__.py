"""Forms for memberships, invitations and applications (`membership`) and for an NGO's
profile (`profiles`)."""

from .membership import (
    AcceptInvitationForm,
    ApplicationForm,
    InvitationForm,
    PasswordPairMixin,
    RejectApplicationForm,
    SingleLineField,
)
from .profiles import (
    LANGUAGE_CODES,
    LANGUAGE_GROUP_LEGENDS,
    ActivityForm,
    LanguageChoiceField,
    LanguageGroupsMixin,
    LocationForm,
    OpeningHoursForm,
    OpeningHoursFormSet,
    OrganizationProfileForm,
    OrganizationTextForm,
    OrganizationTextFormSet,
    opening_hours_rows,
)

__all__ = [
    "LANGUAGE_CODES",
    "LANGUAGE_GROUP_LEGENDS",
    "AcceptInvitationForm",
    "ActivityForm",
    "ApplicationForm",
    "InvitationForm",
    "LanguageChoiceField",
    "LanguageGroupsMixin",
    "LocationForm",
    "OpeningHoursForm",
    "OpeningHoursFormSet",
    "OrganizationProfileForm",
    "OrganizationTextForm",
    "OrganizationTextFormSet",
    "PasswordPairMixin",
    "RejectApplicationForm",
    "SingleLineField",
    "opening_hours_rows",
]

"""The forms of the contact request pages: the NGO's request with the client's consent,
the unit's answer, and the NGO's record of a withdrawal. The consent rules themselves are
the services' (referrals.services.consent_rules); these forms only read what was typed."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from coact.text_limits import limit_text_fields

from ..models import ConsentMethod, DataCategory
from ..services import consent_valid_until_default
from ..services.contact_requests import ANSWER_MAX_CHARS

# As on a referral: the consent's fields, and the client's languages named and sorted
# (from this form's own list of common ones, below).
from .sending import CONSENT_FIELDS, client_language_choices

# The languages clients of a Finnish welfare area most often speak; the languages the
# portal's NGOs serve in are added to these (client_language_choices).
COMMON_CLIENT_LANGUAGES = (
    "fi", "sv", "en", "ar", "so", "ru", "uk", "et", "fa", "prs", "ckb", "kmr", "ps", "ti",
    "am", "fr", "es", "zh", "vi", "th", "tr", "sq",
)  # fmt: skip

CLIENT_FIELDS = (
    "client_name",
    "client_phone",
    "client_email",
    "contact_times",
    "client_languages",
    "interpreter_needed",
    "reason",
)

phone_number = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{4,38}$",
    _("Write the phone number with digits, for example 040 123 4567 or +358 40 123 4567."),
)


# The data categories as a contact request names them: a unit does not escort, and the
# reason is the client's need, not a referral's.
CATEGORY_LABELS = {
    **dict(DataCategory.choices),
    DataCategory.LANGUAGES: _("Languages, and the need for an interpreter"),
    DataCategory.REASON: _("What the client needs, in short"),
}


class ContactRequestForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Sent on behalf of"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your own organisations.")},
    )
    # The client's consent.
    categories = forms.MultipleChoiceField(
        label=_("What the client agreed to share with the unit"),
        choices=list(CATEGORY_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    purpose = forms.CharField(
        label=_("What the client agreed the unit may contact them about"),
        help_text=_("For example: to talk about support for the family's housing."),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Write what the client agreed the unit may contact them about.")
        },
    )
    method = forms.ChoiceField(
        label=_("How the client gave the consent"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the client gave the consent.")},
    )
    language = forms.ChoiceField(
        label=_("The language you spoke with the client"),
        error_messages={"required": _("Choose the language you spoke with the client.")},
    )
    interpreter_used = forms.BooleanField(label=_("An interpreter was used"), required=False)
    valid_until = forms.DateField(
        label=_("The consent is valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the last day the consent is valid."),
            "invalid": _("Give the date as day, month and year."),
        },
    )
    # What the client agreed to share.
    client_name = forms.CharField(label=_("First name or alias"), max_length=100, required=False)
    client_phone = forms.CharField(
        label=_("Phone number"), max_length=40, required=False, validators=[phone_number]
    )
    client_email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        error_messages={"invalid": _("Write the e-mail address as name@example.fi.")},
    )
    contact_times = forms.CharField(
        label=_("When the client can be contacted"),
        help_text=_("For example: weekdays after 3 pm."),
        max_length=200,
        required=False,
    )
    client_languages = forms.MultipleChoiceField(
        label=_("The client's languages"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interpreter_needed = forms.BooleanField(
        label=_("The client needs an interpreter"), required=False
    )
    reason = forms.CharField(
        label=_("What the client needs help with"),
        help_text=_("In short. The unit reads this before it contacts the client."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, organizations, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("valid_until", consent_valid_until_default())
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if len(organizations) == 1:
            self.fields["organization"].widget = forms.HiddenInput()
            self.fields["organization"].initial = organizations[0].pk
        languages = client_language_choices(common=COMMON_CLIENT_LANGUAGES)
        self.fields["language"].choices = [("", _("Choose a language")), *languages]
        self.fields["client_languages"].choices = languages
        limit_text_fields(self)

    def consent_fields(self) -> list:
        return [self[name] for name in CONSENT_FIELDS]

    def client_fields(self) -> list:
        return [self[name] for name in CLIENT_FIELDS]

    def consent(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONSENT_FIELDS}

    def client(self) -> dict:
        return {name: self.cleaned_data[name] for name in CLIENT_FIELDS}


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer to the organisation"),
        help_text=_(
            "For example, when and how you will contact the client. The organisation's "
            "workers who sent the request read it."
        ),
        max_length=ANSWER_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the answer first.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)


class WithdrawForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the client withdrew the consent"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the client withdrew the consent.")},
    )

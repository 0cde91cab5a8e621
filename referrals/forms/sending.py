"""The sending unit's forms: a referral with the client's consent, the withdrawal of that
consent, and the filter of the unit's sent referrals.

The form checks what a form can (required fields, an e-mail address, a date, lengths) and
asks referrals.services.referral_check for the rest, so that every problem shows at once
and the rules stay in the service: a field whose data category is not ticked stays
empty, a phone number or an e-mail address, no personal identity code."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coact.text_limits import limit_text_fields
from organizations.languages import language_name
from organizations.models import Language, Theme

from .. import services
from ..models import ConsentMethod, DataCategory
from .service_errors import add_service_error

# The languages a worker can tick without the NGO serving them: the most spoken
# languages of people who move to Finland (Statistics Finland), the national and Sami
# languages, plus every language an NGO of the portal serves (client_language_choices).
CLIENT_LANGUAGE_CODES = (
    "fi", "sv", "en", "ru", "et", "ar", "so", "fa", "prs", "ckb", "kmr", "uk", "zh", "sq",
    "th", "vi", "tr", "es", "pt", "fr", "de", "pl", "ti", "am", "ps", "ur", "bn", "hi", "ne",
    "tl", "my", "ro", "bg", "hu", "sw", "lt", "lv", "om", "se", "smn", "sms", "rom",
)  # fmt: skip

PURPOSE_MAX = 300
# Form templates come from the apps' template folders (Django's form renderer).
CHECKBOX = "referrals/forms/checkbox_field.html"
CONTACT_TIMES_MAX = 200
REASON_MAX = 600

# The consent's fields and the client's, as referral_send takes them.
CONSENT_FIELDS = ("categories", "purpose", "method", "language", "interpreter_used", "valid_until")
CLIENT_FIELDS = (
    "client_name",
    "client_phone",
    "client_email",
    "contact_times",
    "client_languages",
    "interpreter_needed",
    "escort_needed",
    "reason",
)


def client_language_choices(
    ui_language: str | None = None, *, common: tuple[str, ...] = CLIENT_LANGUAGE_CODES
) -> list[tuple[str, str]]:
    """(code, name in the reader's language) of the `common` languages and every language
    an NGO of the portal serves, sorted by the name. One query."""
    ui_language = ui_language or get_language() or "fi"
    codes = set(common) | set(Language.objects.values_list("code", flat=True))
    return sorted(
        ((code, language_name(code, ui_language)) for code in codes),
        key=lambda choice: choice[1].casefold(),
    )


def _needs(category: DataCategory, text=None):
    """The hint under a client field: which ticked category lets it be filled in."""
    needs = format_lazy(_("Shared only when “{}” is ticked above."), category.label)
    return format_lazy("{} {}", needs, text) if text else needs


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReferralForm(forms.Form):
    """A referral to one NGO: the sending unit (when the worker has several), the
    activity, the consent, then the client's data of the ticked categories."""

    unit = forms.TypedChoiceField(
        label=_("Sent from"),
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("You work in more than one unit: choose the one the client is with."),
    )
    activity = forms.TypedChoiceField(
        label=_("Activity"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Choose one if the client wants to take part in a particular activity."),
    )

    # --- The consent ----------------------------------------------------------------------
    categories = forms.MultipleChoiceField(
        label=_("What the client agreed to share"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tick only what the client agreed to. Below, you can fill in only what is ticked here."
        ),
    )
    purpose = forms.CharField(
        label=_("Purpose of sharing"),
        max_length=PURPOSE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What the organisation may use the information for. For example: to contact "
            "the client about the women's peer group."
        ),
        error_messages={"required": _("Write what the organisation may use the information for.")},
    )
    method = forms.ChoiceField(
        label=_("How the client gave consent"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the client gave consent.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the consent conversation"),
        help_text=_("The language in which the client heard what they agreed to."),
        error_messages={"required": _("Choose the language in which you asked for consent.")},
    )
    interpreter_used = forms.BooleanField(
        label=_("An interpreter was used"), required=False, template_name=CHECKBOX
    )
    valid_until = forms.DateField(
        label=_("Consent valid until"),
        widget=_date_input(),
        help_text=_("The client can withdraw the consent at any time before that."),
        error_messages={"required": _("Give the last day the consent is valid.")},
    )

    # --- The client -----------------------------------------------------------------------
    client_name = forms.CharField(
        label=_("First name or alias"),
        max_length=100,
        required=False,
        help_text=_needs(DataCategory.NAME, _("No surname is needed.")),
    )
    client_phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_needs(DataCategory.PHONE, _("A phone number or an e-mail address is needed.")),
    )
    client_email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_needs(DataCategory.EMAIL),
    )
    contact_times = forms.CharField(
        label=_("When the client can be contacted"),
        max_length=CONTACT_TIMES_MAX,
        required=False,
        help_text=_needs(DataCategory.CONTACT_TIMES, _("For example: weekdays after 16.")),
    )
    client_languages = forms.MultipleChoiceField(
        label=_("The client's languages"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_needs(DataCategory.LANGUAGES),
    )
    interpreter_needed = forms.BooleanField(
        label=_("The client needs an interpreter"),
        required=False,
        template_name=CHECKBOX,
    )
    escort_needed = forms.BooleanField(
        label=_("The client needs someone to go with them the first time"),
        required=False,
        template_name=CHECKBOX,
    )
    reason = forms.CharField(
        label=_("Reason for the referral, in short"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_needs(
            DataCategory.REASON,
            _("Only what the organisation needs to know to help. No personal identity code."),
        ),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("What the referral is about, for the statistics. Not personal data."),
    )

    def __init__(self, *args, units, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(unit.pk, unit.name) for unit in units]
        if len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["unit"].initial = units[0].pk
        self.fields["activity"].choices = [
            ("", _("No particular activity")),
            *((activity.pk, activity.name) for activity in activities),
        ]
        if not activities:
            self.fields["activity"].widget = forms.HiddenInput()
        languages = client_language_choices()
        self.fields["client_languages"].choices = languages
        self.fields["language"].choices = [("", _("Choose the language")), *languages]
        limit_text_fields(self)

    def fieldsets(self) -> list[dict]:
        """The page's sections, in the order the error summary lists the problems."""
        return [
            {
                "id": "section-consent",
                "legend": _("The client's consent"),
                "fields": [self[name] for name in CONSENT_FIELDS],
            },
            {
                "id": "section-client",
                "legend": _("The client"),
                "intro": _(
                    "Fill in only what the client agreed to share. The organisation sees "
                    "this after you send the referral; nobody else does."
                ),
                "fields": [self[name] for name in (*CLIENT_FIELDS, "themes")],
            },
        ]

    def clean(self):
        data = super().clean()
        try:
            services.referral_check(consent=self.consent_data(), client=self.client_data())
        except ValidationError as error:
            add_service_error(self, error)
        return data

    def consent_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in CONSENT_FIELDS}

    def client_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in CLIENT_FIELDS}
        # Text fields the form refused (too long, say) are not checked again.
        return {name: value for name, value in data.items() if value is not None}


class WithdrawForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the client withdrew the consent"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
    )


class SentFilterForm(forms.Form):
    OPEN, ENDED = "open", "ended"
    show = forms.ChoiceField(
        label=_("Show"),
        choices=[(OPEN, _("Open referrals")), (ENDED, _("Ended referrals"))],
        required=False,
        widget=forms.RadioSelect,
    )

    def shown(self) -> str:
        return (self.cleaned_data.get("show") or self.OPEN) if self.is_valid() else self.OPEN

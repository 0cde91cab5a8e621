"""Forms an NGO's admin (or the area's coordinator) fills in to keep a profile current."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from coact.recurrence.fields import KEEP, RecurrenceField, Schedule
from coact.text_limits import limit_text_fields

from ..models import Activity, Language, Location, OpeningHours, Organization, OrganizationText

LANGUAGE_CODES = ("fi", "sv", "en")
LANGUAGE_GROUP_LEGENDS = {
    "fi": _("Texts in Finnish"),
    "sv": _("Texts in Swedish"),
    "en": _("Texts in English"),
}


def _language_label(code: str):
    return dict(settings.LANGUAGES)[code]


class LanguageGroupsMixin:
    """Groups the fields translated with modeltranslation by language, with lang="xx" on
    each input, and the remaining fields in named sections, for the template's fieldsets.

    `translated` names the translated fields; `sections` lists (legend, id, field names)
    and the placeholder "<languages>" marks where the per-language groups go."""

    translated: tuple[str, ...] = ()
    sections: tuple[tuple[object, str, tuple[str, ...]], ...] = ()

    def _set_up_languages(self) -> None:
        for base in self.translated:
            verbose = self._meta.model._meta.get_field(base).verbose_name
            for code in LANGUAGE_CODES:
                field = self.fields[f"{base}_{code}"]
                field.label = format_lazy("{} ({})", capfirst(verbose), _language_label(code))
                field.widget.attrs["lang"] = code

    def _order_as_shown(self) -> None:
        """The error summary lists the problems in the order the page shows the fields."""
        self.order_fields([field.name for group in self.fieldsets() for field in group["fields"]])

    def fieldsets(self) -> list[dict]:
        groups = []
        for legend, section_id, names in self.sections:
            if names == ("<languages>",):
                for code in LANGUAGE_CODES:
                    groups.append(
                        {
                            "legend": LANGUAGE_GROUP_LEGENDS[code],
                            "id": f"texts-{code}",
                            "fields": [self[f"{base}_{code}"] for base in self.translated],
                        }
                    )
            else:
                groups.append(
                    {"legend": legend, "id": section_id, "fields": [self[name] for name in names]}
                )
        return groups


class LanguageChoiceField(forms.ModelMultipleChoiceField):
    """Languages as checkboxes, named in the reader's language and sorted by that name."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(queryset=Language.objects.all(), **kwargs)

    def sort_choices(self) -> None:
        self.choices = sorted(
            ((language.pk, str(language)) for language in self.queryset),
            key=lambda choice: choice[1].casefold(),
        )


def _https_urls(model_field, **kwargs):
    """Addresses typed without a scheme are taken as https://."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class OrganizationProfileForm(LanguageGroupsMixin, forms.ModelForm):
    translated = ("description", "long_description", "hours_description", "referral_instructions")
    sections = (
        (_("The organisation"), "section-organisation", ("legal_form", "business_id")),
        (None, "", ("<languages>",)),
        (
            _("Who you serve"),
            "section-serve",
            ("languages", "themes", "target_groups", "areas", "municipalities"),
        ),
        (
            _("Contact"),
            "section-contact",
            ("email", "phone", "website", "lahella_url", "kotoutumisentukena_url"),
        ),
        (
            _("Services"),
            "section-services",
            (
                "escort_volunteers",
                "interpreting_volunteers",
                "online_services",
                "accepts_referrals",
            ),
        ),
    )

    languages = LanguageChoiceField(label=_("Languages served"), required=False)

    class Meta:
        model = Organization
        formfield_callback = _https_urls
        fields = [
            "legal_form",
            "business_id",
            *(
                f"{base}_{code}"
                for base in ("description", "long_description")
                for code in LANGUAGE_CODES
            ),
            "languages",
            "themes",
            "target_groups",
            "areas",
            "municipalities",
            "email",
            "phone",
            "website",
            "lahella_url",
            "kotoutumisentukena_url",
            *(f"hours_description_{code}" for code in LANGUAGE_CODES),
            "escort_volunteers",
            "interpreting_volunteers",
            "online_services",
            "accepts_referrals",
            *(f"referral_instructions_{code}" for code in LANGUAGE_CODES),
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
            **{f"description_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGE_CODES},
            **{
                f"long_description_{code}": forms.Textarea(attrs={"rows": 6})
                for code in LANGUAGE_CODES
            },
            **{
                f"referral_instructions_{code}": forms.Textarea(attrs={"rows": 3})
                for code in LANGUAGE_CODES
            },
        }
        help_texts = {
            "business_id": _("Leave empty for an unregistered group."),
            "municipalities": _("For example: Vantaa, Kerava"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_languages()
        self.fields["languages"].sort_choices()
        self.fields["business_id"].widget.attrs["placeholder"] = "1234567-8"
        # Finnish is the directory's fallback language: every profile has its text.
        description_fi = self.fields["description_fi"]
        description_fi.required = True
        description_fi.error_messages["required"] = _(
            "Write the short description in Finnish. The directory shows it to readers "
            "whose own language has no text yet, so it cannot be left empty."
        )
        limit_text_fields(self)
        self._order_as_shown()

    def clean_business_id(self) -> str:
        """Written the usual way, 1234567-8, whichever way it was typed. The model's
        validator says what is wrong with one that is not valid."""
        from stdnum.fi import ytunnus

        value = (self.cleaned_data.get("business_id") or "").strip()
        return ytunnus.format(value) if value and ytunnus.is_valid(value) else value


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes <= opens:
            self.add_error(
                "closes",
                _(
                    "The closing time must be after the opening time, for example "
                    "opens 17:00 and closes 20:00."
                ),
            )
        return cleaned


OpeningHoursFormSet = forms.inlineformset_factory(
    Organization,
    OpeningHours,
    form=OpeningHoursForm,
    extra=2,
    max_num=28,
    # A posted TOTAL_FORMS is capped here, not at Django's default of 28 + 1000 forms
    # (a hand-made post asking for a million took 25 s to answer).
    absolute_max=28,
    validate_max=True,
    can_delete=True,
)


def opening_hours_rows(formset) -> list[dict]:
    """The rows the formset describes, without the empty and the deleted ones."""
    return [
        {key: form.cleaned_data[key] for key in ("weekday", "opens", "closes")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class ActivityForm(LanguageGroupsMixin, forms.ModelForm):
    """An activity with its times: weekdays, how often and the start and end times (the
    rule they make is stored as an RRULE by coact.recurrence, never shown)."""

    translated = ("name", "description", "schedule_description")
    sections = (
        (None, "", ("<languages>",)),
        (_("What it is"), "section-what", ("kind", "languages", "themes", "target_groups")),
        (_("When and where"), "section-when", ("schedule", "location", "online")),
        (
            _("Taking part"),
            "section-taking-part",
            ("free_of_charge", "cost_description", "registration_required"),
        ),
    )

    languages = LanguageChoiceField(label=_("Languages"), required=False)

    class Meta:
        model = Activity
        fields = [
            *(f"name_{code}" for code in LANGUAGE_CODES),
            *(f"description_{code}" for code in LANGUAGE_CODES),
            "kind",
            "languages",
            "themes",
            "target_groups",
            *(f"schedule_description_{code}" for code in LANGUAGE_CODES),
            "location",
            "online",
            "free_of_charge",
            "cost_description",
            "registration_required",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            **{f"description_{code}": forms.Textarea(attrs={"rows": 4}) for code in LANGUAGE_CODES},
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        activity = self.instance
        current = activity.recurrence if activity.pk else ""
        schedule = RecurrenceField(
            times=True,
            current=current,
            label=_("When"),
            none_label=_("No regular times"),
        )
        if current and schedule.widget.decompress(Schedule(current))[0] == KEEP:
            schedule.help_text = _(
                "These times came from elsewhere, and the choices below cannot show them. "
                "They stay as they are unless you choose how often below."
            )
        else:
            schedule.help_text = _(
                "Choose how often and on which weekdays, and the times if they are "
                "fixed. For example every other Tuesday, 17:00 to 19:00."
            )
        self.fields["schedule"] = schedule
        self.initial.setdefault(
            "schedule", Schedule(current, activity.start_time, activity.end_time)
        )
        self._set_up_languages()
        self.fields["languages"].sort_choices()
        self.fields["location"].queryset = Location.objects.filter(organization=organization)
        self.fields["location"].help_text = _(
            "Add places on the organisation's Locations page first."
        )
        limit_text_fields(self)
        self._order_as_shown()

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"name_{code}") for code in LANGUAGE_CODES):
            self.add_error(
                "name_fi", _("Give the activity a name in at least one of the languages.")
            )
        if "schedule" in cleaned:
            schedule = cleaned.pop("schedule") or Schedule("")
            values = {
                "recurrence": schedule.rule,
                "start_time": schedule.start,
                "end_time": schedule.end,
            }
            cleaned.update(values)
            for name, value in values.items():
                setattr(self.instance, name, value)
        return cleaned


class LocationForm(forms.ModelForm):
    postal_code = forms.CharField(
        label=_("Postcode"),
        max_length=5,
        validators=[
            RegexValidator(r"^[0-9]{5}\Z", _("Enter a postcode of five digits, for example 01300."))
        ],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    class Meta:
        model = Location
        fields = [
            "name",
            "street_address",
            "postal_code",
            "municipality",
            "latitude",
            "longitude",
            "accessibility",
        ]
        widgets = {"accessibility": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": _("For example: Meeting room, Tikkurila library"),
            "latitude": _("Decimal degrees, for example 60.2934. Optional."),
            "longitude": _("Decimal degrees, for example 25.0378. Optional."),
            "accessibility": _("Steps, lift, accessible toilet, induction loop..."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)

    def clean_latitude(self):
        value = self.cleaned_data.get("latitude")
        if value is not None and not -90 <= value <= 90:
            raise forms.ValidationError(_("A latitude is between -90 and 90 degrees."))
        return value

    def clean_longitude(self):
        value = self.cleaned_data.get("longitude")
        if value is not None and not -180 <= value <= 180:
            raise forms.ValidationError(_("A longitude is between -180 and 180 degrees."))
        return value


class OrganizationTextForm(forms.ModelForm):
    """A short text in another language the NGO serves: a welcome, what it offers."""

    class Meta:
        model = OrganizationText
        fields = ["language", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "dir": "auto"})}
        help_texts = {
            "text": _(
                "Written in that language. Right-to-left scripts such as Arabic and Dari "
                "are shown the right way."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = Language.objects.exclude(code__in=("fi", "sv", "en"))
        self.fields["language"].label_from_instance = str
        limit_text_fields(self)


OrganizationTextFormSet = forms.inlineformset_factory(
    Organization,
    OrganizationText,
    form=OrganizationTextForm,
    extra=1,
    max_num=12,
    # A posted TOTAL_FORMS is capped here, not at Django's default of 12 + 1000 forms
    # (a hand-made post asking for a million took 25 s to answer).
    absolute_max=12,
    validate_max=True,
    can_delete=True,
)

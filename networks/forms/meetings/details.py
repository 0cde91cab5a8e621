"""What every meeting form shares: the fields of a meeting, its fieldsets, guests and the
repeat presets."""

from datetime import date, datetime
from email.utils import parseaddr

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from coact.recurrence import rule_like
from coact.text_limits import limit_text_fields
from organizations.forms.profiles import LanguageChoiceField
from organizations.models import Organization, ServiceUnit

from ... import selectors
from ...models import (
    Guest,
    Meeting,
)

# Offsets a coordinator can tick, in minutes before the start.
REMINDER_OFFSETS = (14 * 24 * 60, 7 * 24 * 60, 3 * 24 * 60, 24 * 60, 2 * 60)
MAX_GUESTS = 200
# A series makes at most this many meetings in a year: a little more than twice a week.
MAX_OCCURRENCES_A_YEAR = 120

OVERRIDE_CHOICES = [
    ("auto", _("Work it out from the time: before 8, after 16 or at the weekend")),
    ("yes", _("Yes, mark it as outside office hours")),
    ("no", _("No, it is within office hours")),
]
OVERRIDE_VALUES = {"auto": None, "yes": True, "no": False}


def override_choice(value: bool | None) -> str:
    return {None: "auto", True: "yes", False: "no"}[value]


class Repeat:
    NONE = "none"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    WEEKLY = "weekly"
    YEARLY = "yearly"
    CUSTOM = "custom"

    choices = [
        (NONE, _("Does not repeat")),
        (
            MONTHLY,
            _(
                "Every month, on the same weekday of the month as the date "
                "(for example the first Tuesday)"
            ),
        ),
        (QUARTERLY, _("Every three months, on the same weekday of the month as the date")),
        (WEEKLY, _("Every week, on the same weekday")),
        (YEARLY, _("Every year, on the same weekday of the same month")),
        (CUSTOM, _("On the weekdays and in the rhythm I choose below")),
    ]


def preset_rule(repeat: str, day: date) -> str:
    """The rule of a preset, from the date of the first meeting."""
    if repeat not in (Repeat.MONTHLY, Repeat.QUARTERLY, Repeat.WEEKLY, Repeat.YEARLY):
        raise ValueError(repeat)
    return rule_like(day, repeat)


def offset_label(minutes: int) -> str:
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return ngettext("%(count)s day before", "%(count)s days before", days) % {"count": days}
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(count)s hour before", "%(count)s hours before", hours) % {"count": hours}
    return ngettext("%(count)s minute before", "%(count)s minutes before", minutes) % {
        "count": minutes
    }


# --- Guests ------------------------------------------------------------------------------


def parse_guest_lines(text: str) -> list[tuple[str, str]]:
    """(name, address) for each line, "maria@example.org" or "Maria <maria@example.org>";
    one ValidationError naming every bad line."""
    guests: dict[str, tuple[str, str]] = {}
    errors = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip().strip(",;").strip()
        if not line:
            continue
        name, address = parseaddr(line)
        try:
            if not address or ("<" in line) != (">" in line):
                raise ValidationError("")
            validate_email(address)
        except ValidationError:
            errors.append(
                ValidationError(
                    _(
                        "Line %(number)s, “%(line)s”, is not an e-mail address. Write one "
                        "address a line, for example maria@example.org or "
                        "Maria Virtanen <maria@example.org>."
                    ),
                    code="invalid_guest",
                    params={"number": number, "line": line[:80]},
                )
            )
            continue
        guests.setdefault(address.lower(), (name.strip()[:200], address))
    if errors:
        raise ValidationError(errors)
    if len(guests) > MAX_GUESTS:
        raise ValidationError(
            _("Add at most %(max)s guests at a time."), code="too_many_guests",
            params={"max": MAX_GUESTS},
        )  # fmt: skip
    return list(guests.values())


def guest_lines(guests) -> str:
    return "\n".join(f"{g.name} <{g.email}>" if g.name else g.email for g in guests)


def build_guests(pairs: list[tuple[str, str]], language: str) -> list[Guest]:
    """Unsaved Guest rows; a guest with an account is linked to it, so the invitation
    comes in the person's own language and shows on their meetings page."""
    users = {
        user.email_lower: user
        for user in get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=[address.lower() for _name, address in pairs], is_active=True)
    }
    return [
        Guest(
            email=address,
            name=name,
            language=language,
            user=users.get(address.lower()),
        )
        for name, address in pairs
    ]


# --- Fields ------------------------------------------------------------------------------


def _model_field(name: str, **kwargs):
    return Meeting._meta.get_field(name).formfield(**kwargs)


def _date_field(**kwargs):
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _time_field(**kwargs):
    return forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), **kwargs)


def _duration_field(required: bool):
    help_text = (
        _("For example 30 for a meetup or 120 for a joint meeting.")
        if required
        else _(
            "Leave empty for the usual length: 30 minutes for a meetup, 90 for a group "
            "visit or a network meeting, 120 for a joint meeting, 180 for the yearly event."
        )
    )
    return forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=5,
        max_value=24 * 60,
        required=required,
        help_text=help_text,
    )


def _reminders_field():
    return forms.TypedMultipleChoiceField(
        label=_("Reminders"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each person invited who has not declined gets a reminder by e-mail at these "
            "times. If you tick none, reminders go 7 days and 1 day before."
        ),
    )


def _host_choices(areas) -> list:
    units = ServiceUnit.objects.filter(welfare_area__in=areas).only("pk", "name", "welfare_area")
    organizations = (
        Organization.objects.public()
        .filter(welfare_area__in=areas)
        .only("pk", "name", "welfare_area")
    )
    return [
        ("", _("No host")),
        (_("Service units"), [(f"unit:{unit.pk}", unit.name) for unit in units]),
        (_("NGOs"), [(f"ngo:{ngo.pk}", ngo.name) for ngo in organizations]),
    ]


def _resolve_host(value: str) -> ServiceUnit | Organization | None:
    kind, _sep, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None
    if kind == "unit":
        return ServiceUnit.objects.filter(pk=pk).first()
    if kind == "ngo":
        return Organization.objects.filter(pk=pk).first()
    return None


def host_value(details) -> str:
    if details.host_organization_id:
        return f"ngo:{details.host_organization_id}"
    if details.host_unit_id:
        return f"unit:{details.host_unit_id}"
    return ""


def local_start(day: date, at) -> datetime:
    return selectors.local_to_aware(datetime.combine(day, at))


def _guest_help_text() -> str:
    # Django does not escape help texts, and this one shows an address in <>.
    return escape(
        gettext(
            "Other people to invite, one e-mail address a line, for example "
            "maria@example.org or Maria Virtanen <maria@example.org>."
        )
    )


# Fieldsets shared by the scheduling, meeting and series forms: (legend, id, fields, help).
WHERE_SECTION = (
    _("Where"),
    "section-where",
    ("format", "address", "accessibility", "online_url"),
    None,
)
AGENDA_SECTION = (
    _("Language and agenda"),
    "section-agenda",
    ("languages", "agenda", "capacity", "public"),
    None,
)
REMINDERS_SECTION = (_("Reminders"), "section-reminders", ("reminder_offsets",), None)


class FieldsetsMixin:
    """Groups the fields for the template: (legend, id, field names, intro text)."""

    sections: tuple = ()

    def fieldsets(self) -> list[dict]:
        return [
            {
                "legend": legend,
                "id": section_id,
                "intro": intro,
                "fields": [self[name] for name in names if name in self.fields],
            }
            for legend, section_id, names, intro in self.sections
        ]


class MeetingDetailsForm(FieldsetsMixin, forms.Form):
    """What a series and its occurrences share: the fields of MeetingDetails, with the
    model's own labels, and the model's checks of format and place."""

    title = _model_field("title")
    kind = _model_field("kind")
    format = _model_field("format", widget=forms.RadioSelect)
    address = _model_field("address", help_text=_("Street address, room and floor."))
    accessibility = _model_field(
        "accessibility",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Step-free access, lift, induction loop, nearest public transport..."),
    )
    online_url = _model_field(
        "online_url",
        assume_scheme="https",
        help_text=_("For example a Teams or Zoom link."),
    )
    languages = LanguageChoiceField(
        label=_("Languages of the meeting"),
        required=False,
        help_text=_("A shared language such as English helps people who do not speak Finnish yet."),
    )
    agenda = _model_field("agenda", widget=forms.Textarea(attrs={"rows": 5}))
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=10_000,  # the column is a 32-bit integer: a bigger number was a 500
        required=False,
        help_text=_("Leave empty if there is no limit."),
    )
    outside_office_hours = forms.ChoiceField(
        label=_("Outside office hours?"),
        choices=OVERRIDE_CHOICES,
        initial="auto",
        widget=forms.RadioSelect,
        help_text=_("Meetings outside office hours are marked so, for volunteers who work by day."),
    )
    public = _model_field("public")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].sort_choices()
        limit_text_fields(self)
        # The error summary lists the problems in the order the page shows the fields.
        self.order_fields([name for section in self.sections for name in section[2]])

    def detail_values(self) -> dict:
        """The cleaned values as MeetingDetails field values."""
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in (
                "title",
                "kind",
                "format",
                "address",
                "accessibility",
                "online_url",
                "agenda",
                "capacity",
                "public",
            )
            if name in self.fields and name in data
        }
        if "outside_office_hours" in data:
            values["outside_office_hours_override"] = OVERRIDE_VALUES[data["outside_office_hours"]]
        if data.get("duration_minutes"):
            values["duration_minutes"] = data["duration_minutes"]
        return values

    def check_place(self) -> None:
        """The model's clean(): an address on site, a link online."""
        probe = Meeting(
            **{
                key: value
                for key, value in self.detail_values().items()
                if key in ("format", "address", "online_url")
            },
        )
        try:
            probe.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.fields:
                    for message in messages:
                        self.add_error(field, message)

"""Forms for scheduling a meeting or a series, changing them, replying and recording what
happened afterwards. Times are typed as Helsinki wall-clock times."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parseaddr

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from coact.permissions import coordinated_area_ids, networks_managed_by
from organizations.forms_selfservice import LanguageChoiceField
from organizations.models import Organization, ServiceUnit, WelfareArea

from . import services
from .models import (
    DEFAULT_DURATION,
    DEFAULT_REMINDER_OFFSETS,
    Guest,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingSeries,
    validate_no_identity_code,
)

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Offsets a coordinator can tick, in minutes before the start.
REMINDER_OFFSETS = (14 * 24 * 60, 7 * 24 * 60, 3 * 24 * 60, 24 * 60, 2 * 60)
MAX_GUESTS = 200
# A series makes at most this many meetings in a year: a little more than twice a week.
MAX_OCCURRENCES_A_YEAR = 120
ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")

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
    ADVANCED = "advanced"

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
        (ADVANCED, _("Advanced: write the rule yourself (RFC 5545 RRULE)")),
    ]


def weekday_position(day: date) -> int:
    """1 for the first Tuesday of its month, 2 for the second...; -1 for a fifth (the last)."""
    position = (day.day - 1) // 7 + 1
    return -1 if position == 5 else position


def preset_rule(repeat: str, day: date) -> str:
    weekday = WEEKDAY_CODES[day.weekday()]
    nth = f"{weekday_position(day)}{weekday}"
    if repeat == Repeat.MONTHLY:
        if nth.startswith("1"):
            return services.first_weekday_rule(day.weekday())
        return f"FREQ=MONTHLY;BYDAY={nth}"
    if repeat == Repeat.QUARTERLY:
        return f"FREQ=MONTHLY;INTERVAL=3;BYDAY={nth}"
    if repeat == Repeat.WEEKLY:
        return f"FREQ=WEEKLY;BYDAY={weekday}"
    if repeat == Repeat.YEARLY:
        return f"FREQ=YEARLY;BYMONTH={day.month};BYDAY={nth}"
    raise ValueError(repeat)


def normalized_rule(text: str) -> str:
    return re.sub(r"\s+", "", text).upper().removeprefix("RRULE:")


def rule_parts(rule: str) -> dict[str, str]:
    parts = {}
    for part in normalized_rule(rule).split(";"):
        key, _sep, value = part.partition("=")
        parts[key] = value
    return parts


# --- The rule in words -------------------------------------------------------------------


def _position_phrase(position: int, weekday: str) -> str:
    phrases = {
        1: pgettext("weekday of the month", "the first %(weekday)s"),
        2: pgettext("weekday of the month", "the second %(weekday)s"),
        3: pgettext("weekday of the month", "the third %(weekday)s"),
        4: pgettext("weekday of the month", "the fourth %(weekday)s"),
        -1: pgettext("weekday of the month", "the last %(weekday)s"),
    }
    return phrases[position] % {"weekday": weekday}


def describe_rule(rule: str) -> str | None:
    """The rule in words, for the common rules (the presets among them); None otherwise."""
    words = _rule_in_words(rule)
    return capfirst(words) if words else None


def _rule_in_words(rule: str) -> str | None:
    parts = rule_parts(rule)
    frequency = parts.pop("FREQ", "")
    try:
        interval = int(parts.pop("INTERVAL", "1"))
    except ValueError:
        return None
    by_day = parts.pop("BYDAY", "")
    by_month = parts.pop("BYMONTH", "")
    if parts or interval < 1:  # COUNT, UNTIL, BYMONTHDAY...: shown as the rule itself
        return None
    match = re.fullmatch(r"(-1|[1-4])?(MO|TU|WE|TH|FR|SA|SU)", by_day)
    if by_day and not match:
        return None
    weekday = str(WEEKDAYS[WEEKDAY_CODES.index(match.group(2))]) if match else ""
    if get_language() in ("fi", "sv"):
        weekday = weekday.lower()  # a weekday inside a sentence is not capitalised there
    position = int(match.group(1)) if match and match.group(1) else None
    if frequency == "WEEKLY" and not by_month and position is None:
        if not weekday:
            return gettext("Every week") if interval == 1 else None
        if interval == 1:
            return gettext("Every week on %(weekday)s") % {"weekday": weekday}
        return ngettext(
            "Every %(count)s week on %(weekday)s",
            "Every %(count)s weeks on %(weekday)s",
            interval,
        ) % {"count": interval, "weekday": weekday}
    if frequency == "MONTHLY" and not by_month and position is not None:
        day = _position_phrase(position, weekday)
        if interval == 1:
            return gettext("Every month on %(day)s") % {"day": day}
        if interval == 3:
            return gettext("Every three months on %(day)s") % {"day": day}
        return ngettext(
            "Every %(count)s month on %(day)s", "Every %(count)s months on %(day)s", interval
        ) % {"count": interval, "day": day}
    if frequency == "YEARLY" and interval == 1 and position is not None and by_month.isdigit():
        month = int(by_month)
        if 1 <= month <= 12:
            return gettext("Every year on %(day)s of %(month)s") % {
                "day": _position_phrase(position, weekday),
                "month": MONTHS[month],
            }
    if frequency == "DAILY" and not by_day and not by_month and interval == 1:
        return gettext("Every day")
    return None


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
    organizations = Organization.objects.filter(
        welfare_area__in=areas, status=Organization.Status.ACTIVE
    ).only("pk", "name", "welfare_area")
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
    return services.local_to_aware(datetime.combine(day, at))


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


class ScheduleForm(MeetingDetailsForm):
    """One form for a single meeting or a recurring series."""

    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=None,
        required=False,
        empty_label=_("No network: I invite the guests below"),
        help_text=_(
            "The named representatives of the network's members are invited "
            "automatically, each in their own language."
        ),
    )
    welfare_area = forms.ModelChoiceField(
        label=_("Welfare area"),
        queryset=None,
        required=False,
        empty_label=_("The network's area"),
        help_text=_("Needed when there is no network."),
    )
    host = forms.ChoiceField(
        label=_("Host"),
        required=False,
        help_text=_("The unit or NGO that hosts the meeting. Group visits are at an NGO."),
    )
    date = _date_field(
        label=_("Date"), help_text=_("For a repeating meeting, the date of the first one.")
    )
    start_time = _time_field(label=_("Start time"), help_text=_("Finnish time, for example 16:30."))
    duration_minutes = _duration_field(required=False)
    repeat = forms.ChoiceField(
        label=_("Repeats"), choices=Repeat.choices, initial=Repeat.NONE, widget=forms.RadioSelect
    )
    rrule = forms.CharField(
        label=_("Rule (advanced)"),
        required=False,
        max_length=300,
        help_text=_(
            "Only when you choose Advanced above. For example FREQ=MONTHLY;BYDAY=1TU for "
            "the first Tuesday of every month, or FREQ=WEEKLY;INTERVAL=2;BYDAY=WE for every "
            "other Wednesday."
        ),
    )
    reminder_offsets = _reminders_field()
    guests = forms.CharField(
        label=_("Guests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    guest_language = forms.ChoiceField(
        label=_("Language of the guests' invitations"),
        choices=settings.LANGUAGES,
        help_text=_("Guests who have an account here get the invitation in their own language."),
    )

    sections = (
        (
            _("What"),
            "section-what",
            ("kind", "title", "network", "welfare_area", "host"),
            None,
        ),
        (
            _("When"),
            "section-when",
            ("date", "start_time", "duration_minutes", "outside_office_hours"),
            None,
        ),
        (_("Repeats"), "section-repeat", ("repeat", "rrule"), None),
        WHERE_SECTION,
        AGENDA_SECTION,
        (
            _("Who is invited"),
            "section-guests",
            ("guests", "guest_language"),
            _(
                "Invitations are personal: each person gets an e-mail with a calendar file "
                "and a link to reply, which works without signing in."
            ),
        ),
        REMINDERS_SECTION,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        networks = networks_managed_by(user).order_by("name")
        self.fields["network"].queryset = networks
        areas = WelfareArea.objects.all()
        if not user.is_superuser:
            areas = areas.filter(
                Q(pk__in=coordinated_area_ids(user)) | Q(pk__in=networks.values("welfare_area"))
            )
        self.areas = areas
        self.fields["welfare_area"].queryset = areas
        self.fields["host"].choices = _host_choices(areas)
        self.fields["reminder_offsets"].choices = [
            (minutes, offset_label(minutes)) for minutes in REMINDER_OFFSETS
        ]
        self.fields["guests"].help_text = _guest_help_text()
        if len(areas) == 1:
            self.fields["welfare_area"].initial = areas[0].pk
        self.fields["reminder_offsets"].initial = list(DEFAULT_REMINDER_OFFSETS)
        self.fields["kind"].help_text = _(
            "Co-Act's rhythm: a 30-minute meetup and a group visit every month, a two-hour "
            "joint meeting every three months, a facilitated event once a year."
        )

    # --- Checks ---

    def clean_rrule(self) -> str:
        return normalized_rule(self.cleaned_data.get("rrule", ""))

    def clean_guests(self) -> list[tuple[str, str]]:
        return parse_guest_lines(self.cleaned_data.get("guests", ""))

    def clean(self):
        cleaned = super().clean()
        self._clean_area()
        self._clean_host()
        self.check_place()
        day, at = cleaned.get("date"), cleaned.get("start_time")
        if day and at:
            start = local_start(day, at)
            if start <= timezone.now():
                self.add_error("date", _("Choose a date and time in the future."))
            else:
                self._clean_repeat(start)
        if not cleaned.get("duration_minutes") and cleaned.get("kind"):
            cleaned["duration_minutes"] = DEFAULT_DURATION[MeetingKind(cleaned["kind"])]
        return cleaned

    def _clean_area(self) -> None:
        cleaned = self.cleaned_data
        network, area = cleaned.get("network"), cleaned.get("welfare_area")
        if network is not None:
            if area is not None and area.pk != network.welfare_area_id:
                self.add_error(
                    "welfare_area",
                    _("The network belongs to %(area)s. Choose that area, or leave the area empty.")
                    % {"area": network.welfare_area},
                )
                return
            cleaned["welfare_area"] = network.welfare_area
            return
        if area is None:
            if len(self.areas) == 1:
                cleaned["welfare_area"] = self.areas[0]
                area = self.areas[0]
            elif "welfare_area" not in self.errors:
                self.add_error("welfare_area", _("Choose the welfare area, or a network."))
                return
        if not self.user.is_superuser and area.pk not in coordinated_area_ids(self.user):
            self.add_error(
                "network",
                _(
                    "Choose one of your networks: you schedule meetings for the networks "
                    "you coordinate."
                ),
            )

    def _clean_host(self) -> None:
        cleaned = self.cleaned_data
        host = _resolve_host(cleaned.get("host", ""))
        cleaned["host_unit"] = host if isinstance(host, ServiceUnit) else None
        cleaned["host_organization"] = host if isinstance(host, Organization) else None
        area = cleaned.get("welfare_area")
        if host is not None and area is not None and host.welfare_area_id != area.pk:
            self.add_error(
                "host",
                _("Choose a host of %(area)s, where the meeting is.") % {"area": area},
            )

    def _clean_repeat(self, start: datetime) -> None:
        cleaned = self.cleaned_data
        repeat = cleaned.get("repeat")
        if repeat in (None, Repeat.NONE):
            cleaned["rule"] = ""
            return
        if repeat != Repeat.ADVANCED:
            cleaned["rule"] = preset_rule(repeat, cleaned["date"])
            return
        rule = cleaned.get("rrule", "")
        if "rrule" in self.errors:
            return
        if not rule:
            self.add_error("rrule", _("Write the rule, or choose how the meeting repeats above."))
            return
        error = rule_error(rule, start)
        if error:
            self.add_error("rrule", error)
            return
        cleaned["rule"] = rule

    # --- Results ---

    @property
    def repeats(self) -> bool:
        return bool(self.cleaned_data.get("rule"))

    def _place_and_people(self) -> dict:
        cleaned = self.cleaned_data
        return {
            **self.detail_values(),
            "duration_minutes": cleaned["duration_minutes"],
            "network": cleaned["network"],
            "welfare_area": cleaned["welfare_area"],
            "host_unit": cleaned["host_unit"],
            "host_organization": cleaned["host_organization"],
            "organiser": self.user,
        }

    def build_series(self) -> MeetingSeries:
        cleaned = self.cleaned_data
        return MeetingSeries(
            **self._place_and_people(),
            rrule=cleaned["rule"],
            starts_on=cleaned["date"],
            start_time=cleaned["start_time"],
            reminder_offsets=sorted(cleaned["reminder_offsets"], reverse=True),
        )

    def build_meeting(self) -> Meeting:
        cleaned = self.cleaned_data
        return Meeting(
            **self._place_and_people(),
            start=local_start(cleaned["date"], cleaned["start_time"]),
        )

    def build_guests(self) -> list[Guest]:
        return build_guests(self.cleaned_data["guests"], self.cleaned_data["guest_language"])


def rule_error(rule: str, start: datetime) -> str | None:
    """What is wrong with an RRULE typed by hand, in words; None if it is fine."""
    parts = rule_parts(rule)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        return gettext(
            "Start the rule with FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY, for "
            "example FREQ=MONTHLY;BYDAY=1TU for the first Tuesday of every month."
        )
    if "INTERVAL" in parts and not (parts["INTERVAL"].isdigit() and int(parts["INTERVAL"]) >= 1):
        return gettext("INTERVAL must be a whole number of at least 1, for example INTERVAL=3.")
    naive = start.astimezone(services.MEETING_TIME_ZONE).replace(tzinfo=None)
    try:
        parsed = services.parse_rrule(rule, naive)
        count = len(parsed.between(naive, naive + services.SERIES_HORIZON, inc=True))
    except (services.RecurrenceError, KeyError, OverflowError):
        return gettext(
            "The portal does not understand this rule. Write it as in RFC 5545, for example "
            "FREQ=MONTHLY;BYDAY=1TU for the first Tuesday of every month. An end date is "
            "written UNTIL=20271231 (without a time)."
        )
    if count == 0:
        return gettext("This rule gives no meeting in the next year. Check the rule.")
    if count > MAX_OCCURRENCES_A_YEAR:
        return gettext(
            "This rule gives %(count)s meetings in a year; the most is %(max)s. Choose a rarer "
            "rhythm."
        ) % {"count": count, "max": MAX_OCCURRENCES_A_YEAR}
    return None


class MeetingEditForm(MeetingDetailsForm):
    """Change one occurrence or a single meeting."""

    date = _date_field(label=_("Date"))
    start_time = _time_field(label=_("Start time"), help_text=_("Finnish time, for example 16:30."))
    duration_minutes = _duration_field(required=True)

    sections = (
        (_("What"), "section-what", ("title",), None),
        (
            _("When"),
            "section-when",
            ("date", "start_time", "duration_minutes", "outside_office_hours"),
            None,
        ),
        WHERE_SECTION,
        (_("Language and agenda"), "section-agenda", ("languages", "agenda", "capacity"), None),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        self.meeting = meeting
        local = meeting.local_start
        kwargs.setdefault(
            "initial",
            {
                "title": meeting.title,
                "date": local.date(),
                "start_time": local.time().replace(second=0, microsecond=0),
                "duration_minutes": meeting.duration_minutes,
                "format": meeting.format,
                "address": meeting.address,
                "accessibility": meeting.accessibility,
                "online_url": meeting.online_url,
                "languages": [language.pk for language in meeting.languages.all()],
                "agenda": meeting.agenda,
                "capacity": meeting.capacity,
                "outside_office_hours": override_choice(meeting.outside_office_hours_override),
            },
        )
        super().__init__(*args, **kwargs)
        for name in ("kind", "public"):
            del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        self.check_place()
        day, at = cleaned.get("date"), cleaned.get("start_time")
        if day and at:
            start = local_start(day, at)
            current = self.meeting.local_start
            if (day, at.replace(second=0, microsecond=0)) == (
                current.date(),
                current.time().replace(second=0, microsecond=0),
            ):
                start = self.meeting.start  # the form shows whole minutes: not a move
            elif start <= timezone.now():
                self.add_error("date", _("Choose a date and time in the future."))
            cleaned["start"] = start
        return cleaned

    def changes(self) -> dict:
        return {
            **self.detail_values(),
            "duration_minutes": self.cleaned_data["duration_minutes"],
            "start": self.cleaned_data["start"],
        }


class SeriesEditForm(MeetingDetailsForm):
    """Change a series: its details, start time, reminders and guests."""

    host = forms.ChoiceField(label=_("Host"), required=False)
    start_time = _time_field(
        label=_("Start time"),
        help_text=_("Finnish time. The coming meetings that were not moved one by one move too."),
    )
    duration_minutes = _duration_field(required=True)
    reminder_offsets = _reminders_field()
    guests = ScheduleForm.base_fields["guests"]
    guest_language = ScheduleForm.base_fields["guest_language"]

    sections = (
        (_("What"), "section-what", ("kind", "title", "host"), None),
        (
            _("When"),
            "section-when",
            ("start_time", "duration_minutes", "outside_office_hours"),
            None,
        ),
        WHERE_SECTION,
        AGENDA_SECTION,
        (
            _("Who is invited"),
            "section-guests",
            ("guests", "guest_language"),
            _(
                "New guests are invited to the coming meetings. A guest you remove gets no "
                "further invitations; invitations already sent stay valid."
            ),
        ),
        REMINDERS_SECTION,
    )

    def __init__(self, *args, series: MeetingSeries, guests, **kwargs):
        self.series = series
        guests = list(guests)
        kwargs.setdefault(
            "initial",
            {
                "kind": series.kind,
                "title": series.title,
                "host": host_value(series),
                "start_time": series.start_time.replace(second=0, microsecond=0),
                "duration_minutes": series.duration_minutes,
                "format": series.format,
                "address": series.address,
                "accessibility": series.accessibility,
                "online_url": series.online_url,
                "languages": [language.pk for language in series.languages.all()],
                "agenda": series.agenda,
                "capacity": series.capacity,
                "outside_office_hours": override_choice(series.outside_office_hours_override),
                "public": series.public,
                "reminder_offsets": list(series.reminder_offsets),
                "guests": guest_lines(guests),
                "guest_language": guests[0].language if guests else "fi",
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = _host_choices(
            WelfareArea.objects.filter(pk=series.welfare_area_id)
        )
        self.fields["guests"].help_text = _guest_help_text()
        offsets = sorted(set(REMINDER_OFFSETS) | set(series.reminder_offsets), reverse=True)
        self.fields["reminder_offsets"].choices = [
            (minutes, offset_label(minutes)) for minutes in offsets
        ]

    def clean_guests(self) -> list[tuple[str, str]]:
        return parse_guest_lines(self.cleaned_data.get("guests", ""))

    def clean(self):
        cleaned = super().clean()
        self.check_place()
        host = _resolve_host(cleaned.get("host", ""))
        if host is not None and host.welfare_area_id != self.series.welfare_area_id:
            self.add_error(
                "host",
                _("Choose a host of %(area)s, where the meeting is.")
                % {"area": self.series.welfare_area},
            )
        cleaned["host_unit"] = host if isinstance(host, ServiceUnit) else None
        cleaned["host_organization"] = host if isinstance(host, Organization) else None
        return cleaned

    def changes(self) -> dict:
        """Only what differs from the series now, so that occurrences changed on their
        own keep their other changes."""
        cleaned = self.cleaned_data
        wanted = {
            **self.detail_values(),
            "duration_minutes": cleaned["duration_minutes"],
            "host_unit": cleaned["host_unit"],
            "host_organization": cleaned["host_organization"],
            "start_time": cleaned["start_time"],
            "reminder_offsets": sorted(
                cleaned["reminder_offsets"] or DEFAULT_REMINDER_OFFSETS, reverse=True
            ),
        }
        changes = {}
        for field, value in wanted.items():
            current = getattr(self.series, field)
            if field == "reminder_offsets":
                current = sorted(current, reverse=True)
            if current != value:
                changes[field] = value
        return changes

    def languages_changed(self) -> bool:
        before = {language.pk for language in self.series.languages.all()}
        return before != {language.pk for language in self.cleaned_data["languages"]}

    def build_guests(self) -> list[Guest]:
        return build_guests(self.cleaned_data["guests"], self.cleaned_data["guest_language"])


class ReplyButtonsForm(forms.Form):
    """The inline reply on the meetings page: which invitation, and yes, no or maybe."""

    invitation = forms.IntegerField(widget=forms.HiddenInput)
    response = forms.ChoiceField(choices=[c for c in Invitation.Response.choices if c[0]])


class AfterMeetingForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label=_("Who came"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ticked beforehand: those who said they would come, or whom you confirmed earlier."
        ),
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[validate_no_identity_code],
    )

    def __init__(self, *args, meeting: Meeting, invitations, **kwargs):
        self.meeting = meeting
        invitations = list(invitations)
        if meeting.attendance_confirmed_at:
            ticked = [i.pk for i in invitations if i.attended]
        else:
            ticked = [i.pk for i in invitations if i.response == Invitation.Response.YES]
        kwargs.setdefault("initial", {"attended": ticked, "minutes": meeting.minutes})
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (
                invitation.pk,
                f"{invitation.name} ({invitation.email})" if invitation.name else invitation.email,
            )
            for invitation in invitations
        ]
        languages = ", ".join(str(language) for language in meeting.languages.all())
        if languages:
            self.fields["minutes"].help_text = _(
                "Write them in the meeting's language (%(languages)s), so that everyone who "
                "took part can read them. General matters only: never a client's personal "
                "data."
            ) % {"languages": languages}
        else:
            self.fields["minutes"].help_text = _(
                "Write them in the language the meeting was held in, so that everyone who "
                "took part can read them. General matters only: never a client's personal "
                "data."
            )

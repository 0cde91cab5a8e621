"""Scheduling a meeting or a series, and changing one meeting or a whole series."""

from datetime import datetime

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from coact.recurrence import RecurrenceError, parse_rrule
from coact.recurrence.fields import RecurrenceField
from organizations.models import Organization, ServiceUnit, WelfareArea

from ... import services
from ...models import (
    DEFAULT_DURATION,
    DEFAULT_REMINDER_OFFSETS,
    Guest,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Network,
)
from .details import (
    AGENDA_SECTION,
    MAX_GUESTS,
    MAX_OCCURRENCES_A_YEAR,
    REMINDER_OFFSETS,
    REMINDERS_SECTION,
    WHERE_SECTION,
    MeetingDetailsForm,
    Repeat,
    _date_field,
    _duration_field,
    _guest_help_text,
    _host_choices,
    _reminders_field,
    _resolve_host,
    _time_field,
    build_guests,
    guest_lines,
    host_value,
    local_start,
    offset_label,
    override_choice,
    parse_guest_lines,
    preset_rule,
)


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
    recurrence = RecurrenceField(
        times=False,
        allow_none=False,
        shown_with="repeat=custom",
        label=_("Weekdays and rhythm"),
        help_text=_(
            "Only when you choose the last option above. For example every other "
            "Wednesday, or the first Tuesday of every month. The meetings start at the "
            "start time above."
        ),
    )
    reminder_offsets = _reminders_field()
    guests = forms.CharField(
        label=_("Guests"),
        required=False,
        # MAX_GUESTS lines of "Name <address>".
        max_length=MAX_GUESTS * 100,
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
        (_("Repeats"), "section-repeat", ("repeat", "recurrence"), None),
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
        networks = Network.objects.managed_by(user).select_related("welfare_area").order_by("name")
        self.fields["network"].queryset = networks
        areas = WelfareArea.objects.all()
        if not user.is_superuser:
            areas = areas.filter(
                Q(pk__in=WelfareArea.objects.coordinated_by(user).values("pk"))
                | Q(pk__in=networks.values("welfare_area"))
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
        if not WelfareArea.objects.coordinated_by(self.user).filter(pk=area.pk).exists():
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
        if repeat != Repeat.CUSTOM:
            cleaned["rule"] = preset_rule(repeat, cleaned["date"])
            return
        if "recurrence" in self.errors:
            return
        schedule = cleaned.get("recurrence")
        if schedule is None or not schedule.rule:
            self.add_error(
                "recurrence",
                _("Choose how often and the weekdays, or another way of repeating above."),
            )
            return
        error = occurrence_count_error(schedule.rule, start)
        if error:
            self.add_error("recurrence", error)
            return
        cleaned["rule"] = schedule.rule

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


def occurrence_count_error(rule: str, start: datetime) -> str | None:
    """What is wrong with the meetings a rule makes in the coming year, in words; None
    if there are between one and MAX_OCCURRENCES_A_YEAR of them."""
    naive = start.astimezone(services.MEETING_TIME_ZONE).replace(tzinfo=None)
    try:
        parsed = parse_rrule(rule, naive)
        count = len(parsed.between(naive, naive + services.SERIES_HORIZON, inc=True))
    except (RecurrenceError, OverflowError):
        return gettext("The portal cannot make meetings from these choices. Choose again.")
    if count == 0:
        return gettext("These choices give no meeting in the next year. Choose again.")
    if count > MAX_OCCURRENCES_A_YEAR:
        return ngettext(
            "These choices give %(count)s meeting in a year; the most is %(max)s. Choose "
            "fewer weekdays or a rarer rhythm.",
            "These choices give %(count)s meetings in a year; the most is %(max)s. Choose "
            "fewer weekdays or a rarer rhythm.",
            count,
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

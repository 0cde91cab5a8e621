"""Networks, their members and board, and meetings: a series (an RFC 5545 RRULE) with its
occurrences stored as rows, personal invitations with replies, reminders and minutes.

Times are stored in UTC and shown in Europe/Helsinki; a series' rule is expanded in local
time (MEETING_TIME_ZONE), so "first Tuesday at 16:30" stays 16:30 over daylight saving.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.fi import hetu

from coact.recurrence import MAX_RULE_LENGTH, validate_rrule
from coact.recurrence import describe as describe_rule
from organizations.models import Language, Organization, ServiceUnit, Theme, WelfareArea

MEETING_TIME_ZONE = ZoneInfo("Europe/Helsinki")
# Office hours in Finland: a meeting that starts before 8 or ends after 16, or falls on a
# weekend, is outside them.
OFFICE_HOURS = (time(8, 0), time(16, 0))
DEFAULT_REMINDER_OFFSETS = [7 * 24 * 60, 24 * 60]  # minutes before the start
# How long free texts may be, in characters: an agenda is a page, minutes a few pages; a
# purpose, directions or a reason for cancelling are a paragraph or two.
PURPOSE_MAX = 2000
ACCESSIBILITY_MAX = 1000
AGENDA_MAX = 4000
MINUTES_MAX = 20000
CANCELLATION_REASON_MAX = 1000


def default_reminder_offsets() -> list[int]:
    return list(DEFAULT_REMINDER_OFFSETS)


_HETU_CANDIDATE = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)


def contains_identity_code(text: str) -> bool:
    """True if the text holds a valid Finnish personal identity code (henkilötunnus)."""
    return any(hetu.is_valid(match.upper()) for match in _HETU_CANDIDATE.findall(text or ""))


def validate_no_identity_code(value: str) -> None:
    if contains_identity_code(value):
        raise ValidationError(
            _(
                "Remove the personal identity code. The board is for general observations "
                "and activities, never for information about a client."
            ),
            code="identity_code",
        )


def is_outside_office_hours(start: datetime, end: datetime) -> bool:
    local_start = timezone.localtime(start, MEETING_TIME_ZONE)
    local_end = timezone.localtime(end, MEETING_TIME_ZONE)
    return (
        local_start.weekday() >= 5
        or local_start.time() < OFFICE_HOURS[0]
        or local_end.time() > OFFICE_HOURS[1]
        or local_end.date() != local_start.date()
    )


class Network(models.Model):
    """A thematic or regional network, or an NGO advisory board (järjestöneuvottelukunta)."""

    class Kind(models.TextChoices):
        THEMATIC = "thematic", _("Thematic network")
        REGIONAL = "regional", _("Regional network")
        ADVISORY_BOARD = "advisory_board", _("NGO advisory board")

    name = models.CharField(_("name"), max_length=200)
    name_fi: str
    name_sv: str
    name_en: str
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    purpose = models.TextField(
        _("purpose"),
        blank=True,
        max_length=PURPOSE_MAX,
        validators=[MaxLengthValidator(PURPOSE_MAX)],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.THEMATIC)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL
    )
    welfare_area = models.ForeignKey(
        WelfareArea,
        verbose_name=_("welfare area"),
        on_delete=models.PROTECT,
        related_name="networks",
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_networks",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    """An NGO or a service unit in a network, with its named representatives (Co-Act step
    9): they are the people invited to the network's meetings."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    service_unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representatives"),
        blank=True,
        related_name="network_representations",
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, service_unit__isnull=True)
                | Q(organization__isnull=True, service_unit__isnull=False),
                name="network_member_is_one_ngo_or_unit",
            ),
            models.UniqueConstraint(
                fields=["network", "organization"], name="network_member_ngo_once"
            ),
            models.UniqueConstraint(
                fields=["network", "service_unit"], name="network_member_unit_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.member)

    @property
    def member(self) -> Organization | ServiceUnit:
        return self.organization or self.service_unit


class BoardPost(models.Model):
    """A post on a network's shared board: a current activity or a general observation.
    Never client data: a text with a personal identity code is refused."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Current activity")
        OBSERVATION = "observation", _("General observation")

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ACTIVITY)
    body = models.TextField(
        _("text"),
        max_length=2000,
        validators=[MaxLengthValidator(2000), validate_no_identity_code],
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    expires_on = models.DateField(_("show until"), null=True, blank=True)

    class Meta:
        verbose_name = _("board post")
        verbose_name_plural = _("board posts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.body[:60]


class MeetingKind(models.TextChoices):
    """The Co-Act rhythm (DESIGN.md, "Meetings")."""

    MEETUP = "meetup", _("Monthly meetup of NGO and unit staff")
    GROUP_VISIT = "group_visit", _("Group visit to an NGO")
    JOINT_MEETING = "joint_meeting", _("Joint meeting")
    FACILITATED_EVENT = "facilitated_event", _("Facilitated yearly event")
    NETWORK_MEETING = "network_meeting", _("Network meeting")


# How often the model asks for each kind, in months (None: as the network decides).
RHYTHM_MONTHS = {
    MeetingKind.MEETUP: 1,
    MeetingKind.GROUP_VISIT: 1,
    MeetingKind.JOINT_MEETING: 3,
    MeetingKind.FACILITATED_EVENT: 12,
    MeetingKind.NETWORK_MEETING: None,
}
DEFAULT_DURATION = {
    MeetingKind.MEETUP: 30,
    MeetingKind.GROUP_VISIT: 90,
    MeetingKind.JOINT_MEETING: 120,
    MeetingKind.FACILITATED_EVENT: 180,
    MeetingKind.NETWORK_MEETING: 90,
}


class MeetingFormat(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class MeetingDetails(models.Model):
    """What a series and each of its occurrences share; an occurrence starts as a copy of
    its series and can then be changed on its own."""

    kind = models.CharField(
        _("kind of meeting"), max_length=30, choices=MeetingKind.choices, default=MeetingKind.MEETUP
    )
    title = models.CharField(_("title"), max_length=200)
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="%(class)ss",
    )
    welfare_area = models.ForeignKey(
        WelfareArea, verbose_name=_("welfare area"), on_delete=models.PROTECT, related_name="+"
    )
    host_unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("host unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_%(class)ss",
    )
    host_organization = models.ForeignKey(
        Organization,
        verbose_name=_("host NGO"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_%(class)ss",
        help_text=_("Group visits are hosted at the NGO's premises."),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=MeetingFormat.choices, default=MeetingFormat.ON_SITE
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        max_length=ACCESSIBILITY_MAX,
        validators=[MaxLengthValidator(ACCESSIBILITY_MAX)],
    )
    online_url = models.URLField(_("link to the online meeting"), blank=True)
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages of the meeting"), blank=True, related_name="+"
    )
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    agenda = models.TextField(
        _("agenda"), blank=True, max_length=AGENDA_MAX, validators=[MaxLengthValidator(AGENDA_MAX)]
    )
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    outside_office_hours_override = models.BooleanField(
        _("outside office hours"),
        null=True,
        blank=True,
        help_text=_("Leave empty to work it out from the time."),
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Public meetings are listed in the network's public calendar and the API."),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="organised_%(class)ss",
    )

    class Meta:
        abstract = True

    @property
    def host(self) -> ServiceUnit | Organization | None:
        return self.host_organization or self.host_unit

    def clean(self) -> None:
        errors = {}
        if self.format in (MeetingFormat.ON_SITE, MeetingFormat.HYBRID) and not self.address:
            errors["address"] = _("Give the address of a meeting held on site.")
        if self.format in (MeetingFormat.ONLINE, MeetingFormat.HYBRID) and not self.online_url:
            errors["online_url"] = _("Give the link of an online meeting.")
        if errors:
            raise ValidationError(errors)


class MeetingSeries(MeetingDetails):
    """A recurring meeting: an RRULE expanded from a local start time."""

    # Written and read only by coact.recurrence: people choose a rhythm and see it in words.
    rrule = models.CharField(_("repeats"), max_length=MAX_RULE_LENGTH, validators=[validate_rrule])
    starts_on = models.DateField(_("first date"))
    start_time = models.TimeField(_("start time"))
    reminder_offsets = models.JSONField(
        _("reminders (minutes before)"), default=default_reminder_offsets, blank=True
    )
    invite_days_before = models.PositiveSmallIntegerField(
        _("invite how many days before"),
        default=28,
        help_text=_("Invitations to an occurrence go out this long before it."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def local_start(self) -> datetime:
        """The first start, as a naive local time: what the RRULE is expanded from."""
        return datetime.combine(self.starts_on, self.start_time)

    @property
    def rule_in_words(self) -> str | None:
        """The rule in words, in the reader's language, with its times."""
        end = (self.local_start + timedelta(minutes=self.duration_minutes)).time()
        if end <= self.start_time:
            end = None  # past midnight: the start alone says it
        return describe_rule(self.rrule, dtstart=self.starts_on, start=self.start_time, end=end)


class Meeting(MeetingDetails):
    """One meeting: an occurrence of a series or a single meeting."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(
        MeetingSeries,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    # The occurrence's original start in the series (RECURRENCE-ID): it identifies the
    # occurrence even after it is moved.
    recurrence_id = models.DateTimeField(null=True, blank=True, editable=False)
    uid = models.CharField(max_length=120, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    start = models.DateTimeField(_("starts"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    # When the invitations go out; changes to the meeting after this are sent as updates.
    invite_at = models.DateTimeField(default=timezone.now)
    minutes = models.TextField(
        _("minutes"),
        blank=True,
        max_length=MINUTES_MAX,
        validators=[MaxLengthValidator(MINUTES_MAX)],
    )
    cancellation_reason = models.TextField(
        _("reason for cancelling"),
        blank=True,
        max_length=CANCELLATION_REASON_MAX,
        validators=[MaxLengthValidator(CANCELLATION_REASON_MAX)],
        help_text=_("Goes into the cancellation e-mail to everyone invited."),
    )
    minutes_filed_at = models.DateTimeField(_("minutes filed"), null=True, blank=True)
    attendance_confirmed_at = models.DateTimeField(_("attendance confirmed"), null=True, blank=True)
    minutes_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "recurrence_id"], name="one_occurrence_per_recurrence_id"
            )
        ]
        indexes = [models.Index(fields=["start"], name="meeting_start")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.uid:
            self.uid = f"{uuid.uuid4()}@coact"
        super().save(*args, **kwargs)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)

    @property
    def local_start(self) -> datetime:
        return timezone.localtime(self.start, MEETING_TIME_ZONE)

    @property
    def local_end(self) -> datetime:
        return timezone.localtime(self.end, MEETING_TIME_ZONE)

    @property
    def outside_office_hours(self) -> bool:
        if self.outside_office_hours_override is not None:
            return self.outside_office_hours_override
        return is_outside_office_hours(self.start, self.end)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()


class Invitation(models.Model):
    """A personal invitation to one meeting: to a named representative, or to any person
    or address the organiser adds. The outbox: `sent_sequence` records which version of
    the meeting the invitee last received, so a change is mailed to everyone once."""

    class Response(models.TextChoices):
        NONE = "", _("No reply yet")
        YES = "yes", _("Coming")
        NO = "no", _("Not coming")
        MAYBE = "maybe", _("Maybe")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
    )
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="fi"
    )
    # Which member the invitee represents, if any.
    membership = models.ForeignKey(
        NetworkMembership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    response = models.CharField(
        _("reply"), max_length=10, choices=Response.choices, default=Response.NONE, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    responded_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    sent_sequence = models.IntegerField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting invitation")
        verbose_name_plural = _("meeting invitations")
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="one_invitation_per_address")
        ]
        indexes = [
            models.Index(fields=["meeting", "sent_sequence"], name="invitation_outbox"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def declined(self) -> bool:
        return self.response == self.Response.NO


class Reminder(models.Model):
    """One reminder to one invitee at one offset before the meeting; sent once. Rows are
    made with the invitation and found by the periodic scan when due."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="reminders")
    offset_minutes = models.PositiveIntegerField()
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set when the reminder is no longer wanted: the invitee declined, the meeting was
    # cancelled or has begun, or a later reminder replaces it after an outage.
    skipped_at = models.DateTimeField(null=True, blank=True)
    # The meeting's SEQUENCE the reminder was sent for.
    sent_sequence = models.IntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "offset_minutes"], name="one_reminder_per_offset"
            )
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                name="reminder_due",
                condition=Q(sent_at__isnull=True, skipped_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation} {self.offset_minutes}"


class CalendarFeed(models.Model):
    """A person's secret calendar subscription address. Resetting it makes a new token,
    so the old address stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user}"


class Guest(models.Model):
    """A person the organiser adds to a series or a single meeting beside the network's
    representatives: someone with an account, or only an e-mail address."""

    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.CASCADE, related_name="guests"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="guests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="fi"
    )

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        constraints = [
            models.CheckConstraint(
                condition=Q(series__isnull=False, meeting__isnull=True)
                | Q(series__isnull=True, meeting__isnull=False),
                name="guest_of_series_or_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email

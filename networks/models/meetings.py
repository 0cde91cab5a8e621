"""Meetings: series and their occurrences, single meetings, and what they share."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coact.recurrence import MAX_RULE_LENGTH, validate_rrule
from coact.recurrence import describe as describe_rule
from organizations.models import Language, Organization, ServiceUnit, WelfareArea

from .networks import Network
from .rules import (
    ACCESSIBILITY_MAX,
    AGENDA_MAX,
    CANCELLATION_REASON_MAX,
    MEETING_TIME_ZONE,
    MINUTES_MAX,
    default_reminder_offsets,
    is_outside_office_hours,
)


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


def _managers_q(user) -> models.Q:
    """The organiser, the area's coordinators and the network's coordinators (a series
    holds the same organiser, area and network as its occurrences)."""
    from organizations.access import coordinated_area_ids

    from ..access import network_ids_coordinated

    return (
        models.Q(organiser=user)
        | models.Q(welfare_area_id__in=coordinated_area_ids(user))
        | models.Q(network_id__in=network_ids_coordinated(user))
    )


class ManagedQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Meetings or series the person may change and cancel."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(_managers_q(user))


class MeetingQuerySet(ManagedQuerySet):
    """Who may see which meeting: the one place that says it (networks/rules.py builds its
    predicates on these)."""

    def public_upcoming(self) -> MeetingQuerySet:
        """The meetings anyone may see in the API: public, not over, not cancelled."""
        return self.filter(public=True, start__gte=timezone.now()).exclude(
            status=Meeting.Status.CANCELLED
        )

    def visible_to(self, user) -> MeetingQuerySet:
        """Public meetings, and to a signed-in person the meetings they manage, are invited
        to, whose network they take part in, or that their NGO or unit hosts."""
        if user.is_authenticated and user.is_superuser:
            return self
        visible = models.Q(public=True)
        if user.is_authenticated:
            from organizations.access import organization_ids, unit_ids

            from .invitations import Invitation
            from .networks import Network

            visible |= (
                _managers_q(user)
                | models.Q(network_id__in=Network.objects.participated_in_by(user).values("pk"))
                | models.Q(pk__in=Invitation.objects.of(user).values("meeting_id"))
                | models.Q(host_unit_id__in=unit_ids(user))
                | models.Q(host_organization_id__in=organization_ids(user))
            )
        return self.filter(visible)


class SeriesQuerySet(ManagedQuerySet):
    def visible_to(self, user) -> SeriesQuerySet:
        """A series the person manages, or with an occurrence they may see: to anyone else
        its pages are a 404, and to those who see it but do not manage it a 403."""
        if user.is_authenticated and user.is_superuser:
            return self
        return self.filter(
            models.Q(pk__in=self.model.objects.managed_by(user).values("pk"))
            | models.Q(pk__in=Meeting.objects.visible_to(user).values("series_id"))
        )


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

    objects = SeriesQuerySet.as_manager()

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

    objects = MeetingQuerySet.as_manager()

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

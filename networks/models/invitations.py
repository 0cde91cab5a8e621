"""Personal invitations, their reminders, guests and calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coact.models import DeliveryState

from .meetings import Meeting, MeetingSeries
from .networks import NetworkMembership


class InvitationQuerySet(models.QuerySet):
    def of(self, user) -> InvitationQuerySet:
        """The person's own invitations: to their account or to their e-mail address."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(user=user) | Q(email__iexact=user.email))


class Invitation(DeliveryState):
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

    objects = InvitationQuerySet.as_manager()

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


class Reminder(DeliveryState):
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

"""The timeline of a referral or a contact request: every change, with who and when. It
holds no personal data (codes and dates only), so it outlives the erasure as the
anonymous trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .contact_requests import ContactRequest
from .referrals import Referral


class EventKind(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CONTACT_ATTEMPT = "contact_attempt", _("Tried to reach the client")
    CONTACTED = "contacted", _("Reached the client")
    MET = "met", _("First meeting held")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")
    REMINDED = "reminded", _("The organisation was reminded")
    ESCALATED = "escalated", _("The coordinator was told")
    MESSAGE = "message", _("Message")
    ANSWERED = "answered", _("Answered")
    PRINTED = "printed", _("Printed")
    ERASED = "erased", _("Personal data erased")


class ReferralEvent(models.Model):
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    contact_request = models.ForeignKey(
        ContactRequest,
        verbose_name=_("contact request"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    # A code from a list (an outcome, a reason for declining): never free text.
    code = models.CharField(_("code"), max_length=30, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(referral__isnull=False, contact_request__isnull=True)
                | Q(referral__isnull=True, contact_request__isnull=False),
                name="event_of_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_at:%Y-%m-%d %H:%M}"

"""A referral from a service unit to an NGO, the closed loop of DESIGN.md: sent with the
client's recorded consent, answered by the NGO, closed with an outcome. Its personal
fields are encrypted at rest and erased when it ends (referrals.services.erasure); the
trail (dates, states, outcome, themes, client languages) stays for the figures."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coact.fields import EncryptedTextField
from organizations.access import coordinated_area_ids, organization_ids, unit_ids
from organizations.models import REFERRAL_HANDLER_ROLES, UNIT_ROLES

from .consent import Consent
from .personal import ClientDetails

# Who answers an NGO's referrals: its referral handlers, and its admins (who decide who
# handles them). Defined with the memberships, so that the NGO's profile can tell whether
# anyone receives its referrals without importing this app.
HANDLER_ROLES = REFERRAL_HANDLER_ROLES


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent, waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    CONTACTED = "contacted", _("Client contacted")
    MET = "met", _("First meeting held")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired, no answer")


OPEN_STATES = (State.SENT, State.ACCEPTED, State.CONTACTED, State.MET)
ENDED_STATES = (State.CLOSED, State.DECLINED, State.WITHDRAWN, State.EXPIRED)

# The inbox's order of open referrals: those waiting for an answer first (false sorts
# before true), then by the time they were sent. The same expression makes the index
# "referral_inbox_open", so a page deep in a long inbox is read from the index in order.
ANSWERED = ExpressionWrapper(~Q(state=State.SENT), output_field=models.BooleanField())


class Outcome(models.TextChoices):
    TAKES_PART = "takes_part", _("Takes part in the activity")
    NOT_REACHED = "not_reached", _("Could not be reached")
    CLIENT_DECLINED = "client_declined", _("The client declined")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Needs not met here, referred elsewhere")
    OTHER = "other", _("Other")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No room at the moment")
    NOT_OUR_FIELD = "not_our_field", _("We do not work with this need")
    LANGUAGE = "language", _("We cannot serve in the client's language")
    AREA = "area", _("The client lives outside our area")
    OTHER = "other", _("Other reason")


class ReferralQuerySet(models.QuerySet):
    """Who may see a referral, with its personal data: the sending unit's staff and the
    receiving NGO's handlers, nobody else (not a coordinator, not a platform admin).
    Coordinators read counts and anonymous trails (`in_areas_of`)."""

    def sent_from_units_of(self, user) -> ReferralQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(sending_unit_id__in=unit_ids(user, UNIT_ROLES))

    def received_by(self, user) -> ReferralQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(organization_id__in=organization_ids(user, HANDLER_ROLES)).exclude(
            state=State.DRAFT
        )

    def visible_to(self, user) -> ReferralQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(sending_unit_id__in=unit_ids(user, UNIT_ROLES))
            | (Q(organization_id__in=organization_ids(user, HANDLER_ROLES)) & ~Q(state=State.DRAFT))
        )

    def in_areas_of(self, user) -> ReferralQuerySet:
        """The referrals a coordinator counts: to or from their welfare areas. Only for
        figures and anonymous trails: never show personal fields from this."""
        if not user.is_authenticated:
            return self.none()
        # A draft has not left the unit: nobody counts it yet.
        sent = self.exclude(state=State.DRAFT)
        if user.is_superuser:
            return sent
        areas = coordinated_area_ids(user)
        return sent.filter(
            Q(organization__welfare_area_id__in=areas) | Q(sending_unit__welfare_area_id__in=areas)
        )

    def open(self) -> ReferralQuerySet:
        return self.filter(state__in=OPEN_STATES)


class Referral(ClientDetails):
    sending_unit = models.ForeignKey(
        "organizations.ServiceUnit",
        verbose_name=_("sending unit"),
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    activity = models.ForeignKey(
        "organizations.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    consent = models.OneToOneField(
        Consent, verbose_name=_("consent"), on_delete=models.PROTECT, related_name="referral"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=30, choices=DeclineReason.choices, blank=True
    )

    # The trail: kept after erasure, for the figures.
    client_languages = ArrayField(
        models.CharField(max_length=3), verbose_name=_("client's languages"), default=list
    )
    themes = models.ManyToManyField("organizations.Theme", verbose_name=_("themes"), blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    escort_needed = models.BooleanField(_("needs an escort"), default=False)

    # Personal data besides the client's details (ClientDetails): encrypted, erased
    # when the referral has ended (and at once on withdrawal).
    reason = EncryptedTextField(_("reason for the referral"), blank=True)
    decline_note = EncryptedTextField(_("more about declining"), blank=True)
    outcome_note = EncryptedTextField(_("more about the outcome"), blank=True)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact at"), null=True, blank=True)
    met_at = models.DateTimeField(_("first meeting at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    # The time limits, fixed in working days when sent (referrals.services.deadlines),
    # and what the periodic scan has done about them.
    remind_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalate_at = models.DateTimeField(null=True, blank=True, editable=False)
    expire_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-created_at"]
        indexes = [
            models.Index(fields=["organization", "state", "-sent_at"], name="referral_inbox"),
            # The two lists of the inbox, each in the order it is shown.
            models.Index(
                F("organization"),
                ANSWERED,
                F("sent_at"),
                F("id"),
                name="referral_inbox_open",
                condition=Q(state__in=OPEN_STATES),
            ),
            models.Index(
                F("organization"),
                F("sent_at").desc(),
                F("id").desc(),
                name="referral_inbox_ended",
                condition=Q(state__in=ENDED_STATES),
            ),
            models.Index(fields=["sending_unit", "state", "-sent_at"], name="referral_outbox"),
            models.Index(
                fields=["remind_at"],
                name="referral_unanswered",
                condition=Q(state="sent"),
            ),
            models.Index(
                fields=["ended_at"],
                name="referral_to_erase",
                condition=Q(erased_at__isnull=True, ended_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        # Never the client's name: this text reaches logs, the admin and the audit log.
        return _("Referral %(number)s") % {"number": self.pk}

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class ReferralMessage(models.Model):
    """A short message between the two sides, kept and erased with the referral."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = EncryptedTextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"message {self.pk}"

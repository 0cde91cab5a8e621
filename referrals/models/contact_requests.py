"""A contact request the other way (Co-Act step II): an NGO worker sees that a client
needs a social service but cannot make contact alone, and asks a unit's contact point to
get in touch, with the client's recorded consent. The same consent, encryption, audit and
erasure rules as a referral."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coact.fields import EncryptedTextField
from organizations.access import coordinated_area_ids, organization_ids, unit_ids
from organizations.models import CLIENT_DATA_ROLES, NGO_ROLES, UNIT_ROLES

from .consent import Consent
from .personal import ClientDetails

# Who on the NGO's side sends contact requests and sees them: the roles that hold client
# data (two-factor authentication enforced), not a plain member.
NGO_SENDER_ROLES = tuple(role for role in NGO_ROLES if role in CLIENT_DATA_ROLES)


class ContactState(models.TextChoices):
    SENT = "sent", _("Sent, waiting for the unit")
    ANSWERED = "answered", _("The unit has answered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired, no answer")


CONTACT_OPEN_STATES = (ContactState.SENT, ContactState.ANSWERED)
CONTACT_ENDED_STATES = (ContactState.CLOSED, ContactState.WITHDRAWN, ContactState.EXPIRED)


class ContactRequestQuerySet(models.QuerySet):
    """The sending NGO's members with a client-data role (NGO_SENDER_ROLES) and the
    receiving unit's staff."""

    def visible_to(self, user) -> ContactRequestQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(organization_id__in=organization_ids(user, NGO_SENDER_ROLES))
            | Q(service_unit_id__in=unit_ids(user, UNIT_ROLES))
        )

    def sent_by_organizations_of(self, user) -> ContactRequestQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(organization_id__in=organization_ids(user, NGO_SENDER_ROLES))

    def received_by(self, user) -> ContactRequestQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(service_unit_id__in=unit_ids(user, UNIT_ROLES))

    def in_areas_of(self, user) -> ContactRequestQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(service_unit__welfare_area_id__in=coordinated_area_ids(user))

    def open(self) -> ContactRequestQuerySet:
        return self.filter(state__in=CONTACT_OPEN_STATES)


class ContactRequest(ClientDetails):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("sending organisation"),
        on_delete=models.PROTECT,
        related_name="contact_requests",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service_unit = models.ForeignKey(
        "organizations.ServiceUnit",
        verbose_name=_("service unit"),
        on_delete=models.PROTECT,
        related_name="contact_requests",
    )
    consent = models.OneToOneField(
        Consent,
        verbose_name=_("consent"),
        on_delete=models.PROTECT,
        related_name="contact_request",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ContactState.choices, default=ContactState.SENT
    )
    client_languages = ArrayField(
        models.CharField(max_length=3), verbose_name=_("client's languages"), default=list
    )
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)

    # Personal data besides the client's details (ClientDetails): encrypted, erased
    # when the request has ended.
    reason = EncryptedTextField(_("what the client needs"), blank=True)
    answer = EncryptedTextField(_("the unit's answer"), blank=True)

    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    expire_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["service_unit", "state", "-created_at"], name="contact_inbox"),
            models.Index(
                fields=["ended_at"],
                name="contact_to_erase",
                condition=Q(erased_at__isnull=True, ended_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return _("Contact request %(number)s") % {"number": self.pk}

    @property
    def is_open(self) -> bool:
        return self.state in CONTACT_OPEN_STATES

    @property
    def answer_by(self) -> date | None:
        """The last working day to answer: expire_at is the midnight after it."""
        if self.expire_at is None:
            return None
        return timezone.localtime(self.expire_at).date() - timedelta(days=1)

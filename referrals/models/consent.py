"""Consent: recorded before anything identifying leaves the unit (DESIGN.md, "Referral
(closed loop, consent first)"), and withdrawn as easily as it was given (GDPR art. 7)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coact.fields import EncryptedTextField


class DataCategory(models.TextChoices):
    """What the client agreed may be shared with the recipient. Only the fields of the
    ticked categories can be filled in."""

    NAME = "name", _("First name or alias")
    PHONE = "phone", _("Phone number")
    EMAIL = "email", _("E-mail address")
    CONTACT_TIMES = "contact_times", _("When the client can be contacted")
    LANGUAGES = "languages", _("Languages, and the need for an interpreter or an escort")
    REASON = "reason", _("The reason for the referral, in short")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written, signed by the client")
    VERBAL_IN_PERSON = "verbal_in_person", _("Verbal, in person")
    VERBAL_PHONE = "verbal_phone", _("Verbal, by phone")
    ELECTRONIC = "electronic", _("Electronic")


class Consent(models.Model):
    """The client's consent to share the ticked data with one recipient (an NGO for a
    referral, a service unit for a contact request) for one purpose, until a date."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("recipient organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    service_unit = models.ForeignKey(
        "organizations.ServiceUnit",
        verbose_name=_("recipient service unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    purpose = EncryptedTextField(_("purpose"), blank=True)
    categories = ArrayField(
        models.CharField(max_length=20, choices=DataCategory.choices),
        verbose_name=_("data shared"),
        default=list,
    )
    method = models.CharField(
        _("how consent was given"), max_length=20, choices=ConsentMethod.choices
    )
    language = models.CharField(_("language of the consent conversation"), max_length=3)
    interpreter_used = models.BooleanField(_("an interpreter was used"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    valid_until = models.DateField(_("valid until"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_method = models.CharField(
        _("how the withdrawal was given"), max_length=20, choices=ConsentMethod.choices, blank=True
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False, service_unit__isnull=True)
                | models.Q(organization__isnull=True, service_unit__isnull=False),
                name="consent_has_one_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"consent {self.pk}"

    def covers(self, category: str) -> bool:
        return category in self.categories

    def is_valid_on(self, day) -> bool:
        return self.withdrawn_at is None and day <= self.valid_until

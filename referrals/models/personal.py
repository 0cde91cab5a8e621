"""The client's name and how to reach them: the personal fields a referral and a contact
request both hold, encrypted at rest, filled in only as far as the consent's data
categories allow (services.consent_rules) and emptied on erasure (services.erasure, which
finds them, like every encrypted field, with coact.fields.encrypted_fields)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from coact.fields import EncryptedTextField


class ClientDetails(models.Model):
    client_name = EncryptedTextField(_("first name or alias"), blank=True)
    client_phone = EncryptedTextField(_("phone"), blank=True)
    client_email = EncryptedTextField(_("e-mail"), blank=True)
    contact_times = EncryptedTextField(_("when to contact"), blank=True)

    class Meta:
        abstract = True

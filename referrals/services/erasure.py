"""Erasing the personal data of referrals and contact requests: at once on withdrawal,
else REFERRAL_ERASE_AFTER_DAYS after the end. The encrypted columns are emptied, the
messages deleted and the consent's purpose removed; the trail (dates, states, outcome,
themes, client languages, the consent's method and dates) remains for the figures."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coact.audit import Action, audit_record
from coact.fields import encrypted_fields

from ..models import Consent, ContactRequest, EventKind, Referral, ReferralEvent


def _empty(model, pk: int) -> None:
    model.objects.filter(pk=pk).update(**{field.name: "" for field in encrypted_fields(model)})


def referral_erase(*, referral: Referral, by=None, now=None) -> None:
    """In the caller's transaction, with the row locked."""
    now = now or timezone.now()
    _empty(Referral, referral.pk)
    _empty(Consent, referral.consent_id)
    referral.messages.all().delete()
    Referral.objects.filter(pk=referral.pk).update(erased_at=now)
    referral.erased_at = now
    for field in encrypted_fields(Referral):
        setattr(referral, field.name, "")
    ReferralEvent.objects.create(
        referral=referral, kind=EventKind.ERASED, actor=by, occurred_at=now
    )
    audit_record(
        action=Action.CLIENT_DATA_CHANGED,
        actor=by,
        obj=referral,
        object_repr="",
        details={"what": "erased"},
    )


def contact_request_erase(*, request: ContactRequest, by=None, now=None) -> None:
    now = now or timezone.now()
    _empty(ContactRequest, request.pk)
    _empty(Consent, request.consent_id)
    ContactRequest.objects.filter(pk=request.pk).update(erased_at=now)
    request.erased_at = now
    for field in encrypted_fields(ContactRequest):
        setattr(request, field.name, "")
    ReferralEvent.objects.create(
        contact_request=request, kind=EventKind.ERASED, actor=by, occurred_at=now
    )
    audit_record(
        action=Action.CLIENT_DATA_CHANGED,
        actor=by,
        obj=request,
        object_repr="",
        details={"what": "erased"},
    )


def erase_due(now=None) -> int:
    """The periodic erasure: every referral and contact request that ended more than
    REFERRAL_ERASE_AFTER_DAYS ago and still holds personal data. Rows another scan is
    erasing are skipped (SKIP LOCKED), so two schedulers never collide."""
    now = now or timezone.now()
    before = now - timedelta(days=settings.REFERRAL_ERASE_AFTER_DAYS)
    erased = 0
    for model, erase, name in (
        (Referral, referral_erase, "referral"),
        (ContactRequest, contact_request_erase, "request"),
    ):
        while True:
            with transaction.atomic():
                rows = list(
                    model.objects.select_for_update(skip_locked=True)
                    .filter(erased_at__isnull=True, ended_at__lte=before)
                    .only("pk", "consent_id")[:100]
                )
                for row in rows:
                    erase(**{name: row, "now": now})
            erased += len(rows)
            if len(rows) < 100:
                break
    return erased

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


def _erase(model, row, *, by, now, **timeline) -> None:
    """Empty the row's and its consent's encrypted fields, stamp erased_at, and record
    the erasure on the row's timeline (`timeline` names it: referral= or
    contact_request=) and in the audit log."""
    _empty(model, row.pk)
    _empty(Consent, row.consent_id)
    model.objects.filter(pk=row.pk).update(erased_at=now)
    row.erased_at = now
    for field in encrypted_fields(model):
        setattr(row, field.name, "")
    ReferralEvent.objects.create(kind=EventKind.ERASED, actor=by, occurred_at=now, **timeline)
    audit_record(
        action=Action.CLIENT_DATA_CHANGED,
        actor=by,
        obj=row,
        object_repr="",
        details={"what": "erased"},
    )


def referral_erase(*, referral: Referral, by=None, now=None) -> None:
    """In the caller's transaction, with the row locked. The messages go with the
    referral's own fields."""
    referral.messages.all().delete()
    _erase(Referral, referral, by=by, now=now or timezone.now(), referral=referral)


def contact_request_erase(*, request: ContactRequest, by=None, now=None) -> None:
    _erase(ContactRequest, request, by=by, now=now or timezone.now(), contact_request=request)


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

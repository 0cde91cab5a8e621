"""The periodic scan of unanswered referrals (never long ETA tasks): after
REFERRAL_REMIND_WORKING_DAYS the NGO's handlers are reminded, after
REFERRAL_ESCALATE_WORKING_DAYS the area's coordinators are told, after
REFERRAL_EXPIRE_WORKING_DAYS the referral expires and the sender is told; a contact
request expires after CONTACT_REQUEST_EXPIRE_WORKING_DAYS and its NGO is told. Each step is
claimed with SKIP LOCKED and marked in the same transaction as its mail is queued (with
a key of its own), so two schedulers at once send one."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from coact.fields import encrypted_fields

from ..models import ContactRequest, ContactState, EventKind, Referral, ReferralEvent, State
from . import notify
from .contact_requests import contact_request_expire
from .transitions import transition

BATCH = 100


def _claim(queryset, related: tuple[str, ...]):
    # The personal fields are left unread: the scan needs none, and a value no key opens
    # must not stop every other referral's reminders.
    personal = [field.name for field in encrypted_fields(queryset.model)]
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",))
        .select_related(*related)
        .defer(*personal)
        .order_by("pk")[:BATCH]
    )


def _each_due(queryset, act, related=("organization", "sending_unit")) -> int:
    done = 0
    while True:
        with transaction.atomic():
            rows = _claim(queryset, related)
            for row in rows:
                act(row)
        done += len(rows)
        if len(rows) < BATCH:
            return done


def remind_due(now=None) -> int:
    now = now or timezone.now()

    def remind(referral: Referral) -> None:
        Referral.objects.filter(pk=referral.pk).update(reminded_at=now)
        event = ReferralEvent.objects.create(
            referral=referral, kind=EventKind.REMINDED, occurred_at=now
        )
        notify.tell_handlers(referral, event, "referral_reminder")

    return _each_due(
        Referral.objects.filter(state=State.SENT, remind_at__lte=now, reminded_at__isnull=True),
        remind,
    )


def escalate_due(now=None) -> int:
    now = now or timezone.now()

    def escalate(referral: Referral) -> None:
        Referral.objects.filter(pk=referral.pk).update(escalated_at=now)
        event = ReferralEvent.objects.create(
            referral=referral, kind=EventKind.ESCALATED, occurred_at=now
        )
        notify.tell_coordinators(referral, event, "referral_unanswered")

    return _each_due(
        Referral.objects.filter(state=State.SENT, escalate_at__lte=now, escalated_at__isnull=True),
        escalate,
    )


def expire_due(now=None) -> int:
    now = now or timezone.now()

    def expire(referral: Referral) -> None:
        event = transition(referral, "expire", by=None, now=now)
        notify.tell_senders(referral, event, "referral_expired")

    return _each_due(Referral.objects.filter(state=State.SENT, expire_at__lte=now), expire)


def expire_contact_requests_due(now=None) -> int:
    now = now or timezone.now()

    def expire(request: ContactRequest) -> None:
        contact_request_expire(request=request, now=now)

    return _each_due(
        ContactRequest.objects.filter(state=ContactState.SENT, expire_at__lte=now),
        expire,
        related=("organization", "service_unit"),
    )


def scan(now=None) -> dict[str, int]:
    """What the periodic task runs: expiry first, so that a referral past every limit
    (after a scheduler outage) is not reminded on its way out."""
    now = now or timezone.now()
    return {
        "expired": expire_due(now),
        "escalated": escalate_due(now),
        "reminded": remind_due(now),
        "contact_requests_expired": expire_contact_requests_due(now),
    }

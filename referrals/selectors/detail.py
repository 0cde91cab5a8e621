"""What the referral's own pages read, on both sides: the referral with its consent, its
timeline in words, its messages, and who has seen or changed its data (the log)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from coact.models import AuditEvent
from organizations.languages import language_name
from organizations.models import UNIT_ROLES, Membership

from ..models import (
    HANDLER_ROLES,
    ConsentMethod,
    DataCategory,
    DeclineReason,
    EventKind,
    Outcome,
    Referral,
    ReferralEvent,
    ReferralMessage,
)

# Who does what on the timeline: the sending unit, the receiving NGO, or the portal.
_SENDER_KINDS = {EventKind.SENT, EventKind.WITHDRAWN}
_HANDLER_KINDS = {
    EventKind.ACCEPTED,
    EventKind.DECLINED,
    EventKind.CONTACT_ATTEMPT,
    EventKind.CONTACTED,
    EventKind.MET,
    EventKind.CLOSED,
}


def referral_for(user, pk: int) -> Referral:
    """The referral, if the person may see it (the sending unit's staff, the NGO's
    handlers); any other id is a 404. With everything its page shows, in one query."""
    return get_object_or_404(
        Referral.objects.visible_to(user).select_related(
            "organization",
            "activity",
            "sending_unit__welfare_area",
            "sent_by",
            "consent__recorded_by",
            "consent__withdrawn_by",
        ),
        pk=pk,
    )


def is_sender(user, referral: Referral) -> bool:
    return Referral.objects.sent_from_units_of(user).filter(pk=referral.pk).exists()


def is_handler(user, referral: Referral) -> bool:
    return Referral.objects.received_by(user).filter(pk=referral.pk).exists()


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    what: str
    who: str
    detail: str


def _code_label(event: ReferralEvent) -> str:
    if event.kind == EventKind.DECLINED and event.code in DeclineReason.values:
        return str(DeclineReason(event.code).label)
    if event.kind == EventKind.CLOSED and event.code in Outcome.values:
        return str(Outcome(event.code).label)
    return ""


def sides_of(referral: Referral, user_ids) -> dict[int, str]:
    """Which side each person writes for: the sending unit's name or the NGO's, for the
    people who are (still) its staff or handlers. One query."""
    memberships = Membership.objects.filter(user_id__in=set(user_ids) - {None}).filter(
        Q(service_unit_id=referral.sending_unit_id, role__in=UNIT_ROLES)
        | Q(organization_id=referral.organization_id, role__in=HANDLER_ROLES)
    )
    sides = {}
    for user_id, unit_id in memberships.values_list("user_id", "service_unit_id"):
        name = referral.sending_unit.name if unit_id else referral.organization.name
        sides.setdefault(user_id, name)
    return sides


def _who(event: ReferralEvent, referral: Referral, sides: dict[int, str]) -> str:
    if event.kind in _SENDER_KINDS:
        side = referral.sending_unit.name
    elif event.kind in _HANDLER_KINDS:
        side = referral.organization.name
    else:
        side = sides.get(event.actor_id, "")
    if event.actor is None:
        return side or _("Co-Act Portal, automatically")
    return f"{event.actor} ({side})" if side else str(event.actor)


def timeline(referral: Referral) -> list[TimelineEntry]:
    """Every event, oldest first, in words: what happened, who did it and for which
    side. Two queries: the events, and the sides of the people who wrote messages."""
    events = list(referral.events.select_related("actor").order_by("occurred_at", "pk"))
    sides = sides_of(referral, (e.actor_id for e in events if e.kind == EventKind.MESSAGE))
    return [
        TimelineEntry(
            when=event.occurred_at,
            what=str(EventKind(event.kind).label) if event.kind in EventKind.values else "",
            who=_who(event, referral, sides),
            detail=_code_label(event),
        )
        for event in events
    ]


def messages_of(referral: Referral) -> list[ReferralMessage]:
    """The messages, oldest first, each with `side`: whom its author writes for."""
    messages = list(referral.messages.select_related("author").order_by("created_at", "pk"))
    sides = sides_of(referral, (message.author_id for message in messages))
    for message in messages:
        message.side = sides.get(message.author_id, "")
    return messages


def client_facts(referral: Referral) -> dict:
    """The client's data as the page shows it, with the languages named in the reader's
    language. Call services.referral_personal_data_read before showing it."""
    ui = get_language() or "fi"
    shared = set(referral.consent.categories)
    return {
        "shared": shared,
        "languages": [language_name(code, ui) for code in referral.client_languages],
        "themes": list(referral.themes.all()),
    }


def consent_facts(referral: Referral) -> dict:
    consent = referral.consent
    ui = get_language() or "fi"
    return {
        "categories": [
            str(label) for value, label in DataCategory.choices if value in consent.categories
        ],
        "method": ConsentMethod(consent.method).label if consent.method else "",
        "language": language_name(consent.language, ui) if consent.language else "",
        "withdrawal_method": (
            ConsentMethod(consent.withdrawal_method).label if consent.withdrawal_method else ""
        ),
    }


# --- Who saw or changed the data ------------------------------------------------------------

# The `what` codes of referrals.services' audit rows, in words.
_WHAT = {
    "sent": lambda: _("Sent the referral with the client's data"),
    "detail": lambda: _("Opened the referral and saw the client's data"),
    "print": lambda: _("Printed the client's data"),
    "export": lambda: _("Exported the client's data"),
    "log": lambda: _("Read this log"),
    "message": lambda: _("Wrote a message"),
    "declined": lambda: _("Declined the referral"),
    "closed": lambda: _("Closed the referral with an outcome"),
    "erased": lambda: _("Erased the client's personal data"),
}


@dataclass(frozen=True)
class LogRow:
    when: datetime
    who: str
    email: str
    what: str


def log_rows(referral: Referral) -> list[LogRow]:
    """The audit rows of this referral, oldest first: who (name and e-mail, kept even
    when the account is gone), what in words, when. One query."""
    events = (
        AuditEvent.objects.filter(object_type="referrals.referral", object_id=str(referral.pk))
        .select_related("actor")
        .order_by("occurred_at", "pk")
    )
    rows = []
    for event in events:
        what = event.details.get("what", "") if isinstance(event.details, dict) else ""
        words = _WHAT.get(what)
        rows.append(
            LogRow(
                when=event.occurred_at,
                who=(event.actor.name if event.actor and event.actor.name else "")
                or (_("Co-Act Portal, automatically") if not event.actor_email else ""),
                email=event.actor_email,
                what=words() if words else str(AuditEvent.Action(event.action).label),
            )
        )
    return rows

"""The referral's states and the one table of what may move it (DESIGN.md: draft → sent
→ accepted → contacted → met → closed, with declined, withdrawn and expired). Every
change goes through `transition`, which refuses what the table does not allow with a
translated message, records the ReferralEvent and sets the state's time. A contact
request has a small table of its own (services.contact_requests.CONTACT_MOVES) of the
same Moves, applied by the same `apply_move`."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..models import EventKind, Referral, ReferralEvent, State

SENDER, HANDLER, SYSTEM = "sender", "handler", "system"


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    side: str  # who may do it: the sending unit, the receiving NGO or the scan
    event: str
    refused: Promise  # said when the referral is in no source state


_OPEN = frozenset({State.SENT, State.ACCEPTED, State.CONTACTED, State.MET})

MOVES: dict[str, Move] = {
    "send": Move(
        frozenset({State.DRAFT}),
        State.SENT,
        SENDER,
        EventKind.SENT,
        _("This referral has been sent already."),
    ),
    "accept": Move(
        frozenset({State.SENT}),
        State.ACCEPTED,
        HANDLER,
        EventKind.ACCEPTED,
        _("Only a referral that is waiting for an answer can be accepted."),
    ),
    "decline": Move(
        frozenset({State.SENT}),
        State.DECLINED,
        HANDLER,
        EventKind.DECLINED,
        _("Only a referral that is waiting for an answer can be declined."),
    ),
    "contact": Move(
        frozenset({State.ACCEPTED}),
        State.CONTACTED,
        HANDLER,
        EventKind.CONTACTED,
        _("Contact can be recorded only for an accepted referral that has no contact yet."),
    ),
    "meet": Move(
        frozenset({State.ACCEPTED, State.CONTACTED}),
        State.MET,
        HANDLER,
        EventKind.MET,
        _("A first meeting can be recorded only once, for an accepted referral."),
    ),
    "close": Move(
        frozenset({State.ACCEPTED, State.CONTACTED, State.MET}),
        State.CLOSED,
        HANDLER,
        EventKind.CLOSED,
        _("Only an accepted referral that is still open can be closed with an outcome."),
    ),
    "withdraw": Move(
        frozenset({State.DRAFT}) | _OPEN,
        State.WITHDRAWN,
        SENDER,
        EventKind.WITHDRAWN,
        _("This referral has ended already, so there is nothing to withdraw."),
    ),
    "expire": Move(
        frozenset({State.SENT}),
        State.EXPIRED,
        SYSTEM,
        EventKind.EXPIRED,
        _("Only a referral that is waiting for an answer can expire."),
    ),
}

# What a state's arrival records, for the figures.
_STAMPS = {
    State.SENT: ("sent_at",),
    State.ACCEPTED: ("responded_at",),
    State.DECLINED: ("responded_at", "ended_at"),
    State.CONTACTED: ("first_contact_at",),
    State.MET: ("first_contact_at", "met_at"),
    State.CLOSED: ("ended_at",),
    State.WITHDRAWN: ("ended_at",),
    State.EXPIRED: ("ended_at",),
}


class TransitionRefused(ValidationError):
    """The table does not allow this move from the referral's (or request's) state."""


def allowed(referral: Referral, action: str, moves: dict[str, Move] = MOVES) -> bool:
    return referral.state in moves[action].sources


def actions_for(referral: Referral, side: str, moves: dict[str, Move] = MOVES) -> list[str]:
    """What this side could do to the referral now (for the buttons a page shows); a
    contact request passes its own table."""
    return [
        name for name, move in moves.items() if move.side == side and referral.state in move.sources
    ]


def apply_move(
    obj, move: Move, *, stamps: dict, by, code: str = "", now=None, **of
) -> ReferralEvent:
    """Move `obj` (a referral or a contact request, locked by the caller, inside its
    transaction) as `move` says, set the times `stamps` gives the new state, and record
    the event of the thing named in `of` (referral=... or contact_request=...)."""
    if obj.state not in move.sources:
        raise TransitionRefused(move.refused, code="transition")
    now = now or timezone.now()
    previous = obj.state
    obj.state = move.target
    changed = ["state"]
    for field in stamps.get(move.target, ()):
        if getattr(obj, field) is None:
            setattr(obj, field, now)
            changed.append(field)
    obj.save(update_fields=changed)
    return ReferralEvent.objects.create(
        **of,
        kind=move.event,
        from_state=previous,
        to_state=move.target,
        code=code,
        actor=by if by is not None and by.pk else None,
        occurred_at=now,
    )


def transition(referral: Referral, action: str, *, by, code: str = "", now=None) -> ReferralEvent:
    """Move a referral (locked by the caller, inside its transaction) and record it."""
    return apply_move(
        referral, MOVES[action], stamps=_STAMPS, by=by, code=code, now=now, referral=referral
    )

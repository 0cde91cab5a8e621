"""The personal reply link: a signed token for one invitation, and the reply itself."""

from __future__ import annotations

from django.core import signing
from django.utils import timezone

from ..models import (
    Invitation,
)

RSVP_SALT = "networks.rsvp"


# --- Replies ---------------------------------------------------------------------------


def rsvp_token(invitation: Invitation) -> str:
    """A signed token that can only reply to this one invitation."""
    return signing.dumps(invitation.pk, salt=RSVP_SALT)


class ReplyLinkInvalid(Exception):
    pass


class ReplyLinkExpired(Exception):
    pass


def invitation_for_token(token: str) -> Invitation:
    try:
        pk = signing.loads(token, salt=RSVP_SALT)
    except signing.BadSignature as exc:
        raise ReplyLinkInvalid from exc
    invitation = (
        Invitation.objects.select_related("meeting__network", "meeting__organiser")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        raise ReplyLinkInvalid
    if invitation.meeting.is_past:
        raise ReplyLinkExpired
    return invitation


def reply(invitation: Invitation, *, response: str, note: str = "") -> Invitation:
    invitation.response = response
    invitation.note = note
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "note", "responded_at"])
    if response == Invitation.Response.NO:
        invitation.reminders.filter(sent_at__isnull=True).update(skipped_at=timezone.now())
    else:
        invitation.reminders.filter(sent_at__isnull=True, due_at__gt=timezone.now()).update(
            skipped_at=None
        )
    return invitation

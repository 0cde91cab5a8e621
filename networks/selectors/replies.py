"""The personal reply link: a signed token for one invitation, and the invitation it opens."""

from __future__ import annotations

from django.core import signing

from ..models import Invitation

RSVP_SALT = "networks.rsvp"


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

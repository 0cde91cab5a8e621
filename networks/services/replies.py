"""The reply to an invitation (through the personal link or the meeting page)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..models import (
    Invitation,
)


@transaction.atomic
def invitation_reply(*, invitation: Invitation, response: str, note: str = "") -> Invitation:
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

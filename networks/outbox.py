"""Meeting mail, delivered from the database: the rows say what is due, and a worker
claims a row, sends, and records it in one transaction.

The delivery bound (DESIGN.md, "Meetings"): at least once, every message with a stable
Message-ID, and a repeat only for a message that was being sent when a worker died.
Each row is locked (`SELECT ... FOR UPDATE SKIP LOCKED`) while its message is handed to
the SMTP server and marked sent in the same transaction. If the worker dies between the
two, the transaction is rolled back with its connection and the next scan sends the
message again, with the same Message-ID. One message is in flight per worker process, so
no more repeats than the workers' concurrency.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from coact.mail import absolute_url, build_templated_mail

from .calendar import invitation_attachment
from .models import Invitation, Meeting, Reminder
from .selectors import rsvp_token

logger = logging.getLogger(__name__)

CHUNK = 50
# Minutes are asked for this long after the meeting ended.
MINUTES_DUE_AFTER = timedelta(hours=24)


def _claim(queryset: QuerySet, pk: int):
    """The row `pk` of `queryset` if it is still in it, locked until the transaction ends;
    None if it has left the queryset (sent) or another worker holds it. Call it first
    thing in the transaction."""
    queryset = queryset.filter(pk=pk).order_by()
    return queryset.select_for_update(skip_locked=True, of=("self",)).first()


# --- What is due -------------------------------------------------------------------------


def invitations_due(now: datetime | None = None) -> QuerySet[Invitation]:
    """Invitations whose latest version the invitee has not received: new ones whose
    time has come, and everyone's after a change. A cancellation goes only to those who
    had been invited; a meeting that has begun gets nothing."""
    now = now or timezone.now()
    not_current = Q(sent_sequence__isnull=True) | Q(sent_sequence__lt=F("meeting__sequence"))
    never_sent_and_cancelled = Q(
        sent_sequence__isnull=True, meeting__status=Meeting.Status.CANCELLED
    )
    return Invitation.objects.filter(
        not_current,
        meeting__invite_at__lte=now,
        meeting__start__gt=now,
    ).exclude(never_sent_and_cancelled)


def reminders_due(now: datetime | None = None) -> QuerySet[Reminder]:
    now = now or timezone.now()
    return Reminder.objects.filter(sent_at__isnull=True, skipped_at__isnull=True, due_at__lte=now)


def minutes_due(now: datetime | None = None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return Meeting.objects.filter(
        minutes_filed_at__isnull=True,
        minutes_reminder_sent_at__isnull=True,
        organiser__isnull=False,
        start__lte=now - MINUTES_DUE_AFTER,
        start__gte=now - timedelta(days=30),
    ).exclude(status=Meeting.Status.CANCELLED)


# --- Messages ----------------------------------------------------------------------------


def _template_for(meeting: Meeting, invitation: Invitation) -> str:
    if meeting.is_cancelled:
        return "meeting_cancelled"
    if invitation.sent_sequence is not None:
        return "meeting_updated"
    return "meeting_invitation"


def _links(meeting: Meeting, invitation: Invitation, language: str) -> dict:
    with translation.override(language):
        return {
            "reply_url": absolute_url(reverse("meeting_reply", args=[rsvp_token(invitation)])),
            "meeting_url": absolute_url(reverse("meeting_detail", args=[meeting.pk])),
            "ics_url": absolute_url(reverse("meeting_ics", args=[meeting.pk])),
        }


def _attachment(meeting: Meeting, invitation: Invitation, language: str):
    # The calendar file's URL is the meeting's page in the recipient's language too.
    with translation.override(language):
        return invitation_attachment(meeting, invitation)


def invitation_message(meeting: Meeting, invitation: Invitation, connection=None):
    language = invitation.language
    return build_templated_mail(
        template=_template_for(meeting, invitation),
        to=invitation.email,
        language=language,
        context={
            "meeting": meeting,
            "invitation": invitation,
            **_links(meeting, invitation, language),
        },
        message_key=f"meeting-{meeting.pk}-invitation-{invitation.pk}-v{meeting.sequence}",
        attachments=[_attachment(meeting, invitation, language)],
        connection=connection,
    )


def reminder_message(meeting: Meeting, reminder: Reminder, connection=None):
    invitation = reminder.invitation
    language = invitation.language
    return build_templated_mail(
        template="meeting_reminder",
        to=invitation.email,
        language=language,
        context={
            "meeting": meeting,
            "invitation": invitation,
            **_links(meeting, invitation, language),
        },
        message_key=(f"meeting-{meeting.pk}-reminder-{reminder.pk}-v{meeting.sequence}"),
        attachments=[_attachment(meeting, invitation, language)],
        connection=connection,
    )


# --- Delivery ----------------------------------------------------------------------------


def _meeting(meeting_id: int) -> Meeting:
    return (
        Meeting.objects.select_related("organiser", "network", "host_unit", "host_organization")
        .prefetch_related("languages")
        .get(pk=meeting_id)
    )


@contextmanager
def _smtp_connection():
    """One connection for a chunk, opened at its first message (a chunk whose rows were
    all sent meanwhile, as after an overlapping scan, opens none) and closed at the end."""
    mail = get_connection()
    try:
        yield mail
    finally:
        _close(mail)


def _close(mail) -> None:
    """Close the connection; after a failed message, so that the next one starts on a
    fresh connection rather than a broken one."""
    try:
        mail.close()
    except Exception:
        logger.warning("closing the SMTP connection failed", exc_info=True)


def deliver_invitations(invitation_ids: list[int], *, now: datetime | None = None) -> int:
    """Send each invitation that is still due, over one SMTP connection. Returns how many
    were sent. A failed send leaves its row due for the next scan."""
    sent = 0
    meetings: dict[int, Meeting] = {}
    with _smtp_connection() as mail:
        for invitation_id in invitation_ids:
            try:
                sent += _deliver_invitation(invitation_id, mail, meetings, now)
            except Exception:
                logger.exception("meeting invitation %s was not sent", invitation_id)
                _close(mail)
    return sent


def _deliver_invitation(invitation_id, mail, meetings: dict, now) -> int:
    with transaction.atomic():
        # The meeting's version comes with the row: one query per message, not two.
        due = invitations_due(now).annotate(meeting_sequence=F("meeting__sequence"))
        invitation = _claim(due, invitation_id)
        if invitation is None:
            return 0  # sent already, or another worker is sending it
        meeting = meetings.get(invitation.meeting_id)
        if meeting is None or meeting.sequence != invitation.meeting_sequence:
            meeting = meetings[invitation.meeting_id] = _meeting(invitation.meeting_id)
        mail.open()  # no-op when open
        invitation_message(meeting, invitation, connection=mail).send()
        Invitation.objects.filter(pk=invitation.pk).update(
            sent_sequence=meeting.sequence, sent_at=timezone.now()
        )
    return 1


def deliver_reminders(reminder_ids: list[int], *, now: datetime | None = None) -> int:
    sent = 0
    with _smtp_connection() as mail:
        for reminder_id in reminder_ids:
            try:
                sent += _deliver_reminder(reminder_id, mail, now)
            except Exception:
                logger.exception("meeting reminder %s was not sent", reminder_id)
                _close(mail)
    return sent


def _deliver_reminder(reminder_id: int, mail, now) -> int:
    now = now or timezone.now()
    with transaction.atomic():
        reminder = _claim(reminders_due(now).select_related("invitation"), reminder_id)
        if reminder is None:
            return 0
        # The meeting as it is now: a reminder never carries a time the meeting had.
        meeting = _meeting(reminder.invitation.meeting_id)
        due_at = meeting.start - timedelta(minutes=reminder.offset_minutes)
        if due_at > now:
            # The meeting moved later since the row was last timed.
            Reminder.objects.filter(pk=reminder.pk).update(due_at=due_at)
            return 0
        # A shorter reminder that is due or already sent makes this one redundant: after
        # an outage only the latest due reminder goes out, whichever order the chunks of
        # the scan run in on the workers.
        superseded = (reminders_due(now) | Reminder.objects.filter(sent_at__isnull=False)).filter(
            invitation_id=reminder.invitation_id, offset_minutes__lt=reminder.offset_minutes
        )
        if (
            meeting.is_cancelled
            or meeting.start <= now
            or reminder.invitation.declined
            or superseded.exists()
        ):
            # Not wanted any more.
            Reminder.objects.filter(pk=reminder.pk).update(skipped_at=now)
            return 0
        mail.open()
        reminder_message(meeting, reminder, connection=mail).send()
        Reminder.objects.filter(pk=reminder.pk).update(
            sent_at=timezone.now(), sent_sequence=meeting.sequence
        )
    return 1


def remind_minutes(*, now: datetime | None = None) -> int:
    """Ask organisers to file the minutes and confirm attendance, once per meeting."""
    now = now or timezone.now()
    sent = 0
    for meeting_id in list(minutes_due(now).values_list("pk", flat=True)):
        with transaction.atomic():
            meeting = _claim(minutes_due(now), meeting_id)
            if meeting is None:
                continue
            organiser = meeting.organiser
            language = organiser.preferred_language
            with translation.override(language):
                url = absolute_url(reverse("meeting_after", args=[meeting.pk]))
            build_templated_mail(
                template="meeting_minutes_due",
                to=organiser.email,
                language=language,
                context={"meeting": meeting, "recipient": organiser, "after_url": url},
                message_key=f"meeting-{meeting.pk}-minutes-due",
            ).send()
            Meeting.objects.filter(pk=meeting.pk).update(minutes_reminder_sent_at=now)
            sent += 1
    return sent


def chunks(ids: list[int], size: int = CHUNK) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]

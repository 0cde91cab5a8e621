"""Meeting mail, delivered from the database: the invitation and reminder rows say what
is due, and leave the way every mail does (coact.delivery): claim, commit, send, mark.

The delivery bound (DESIGN.md, "Meetings"): at least once, every message with a stable
Message-ID, and a repeat only for a message that was being sent when a worker died (its
claim expires and the row returns). One message is in flight per worker process, so no
more repeats than the workers' concurrency. A permanently refused address (5xx) is not
tried again and is shown to the meeting's organiser (undelivered).

A reminder goes only after its invitation, and not at all if its time had passed before
the invitation went out (a meeting scheduled three days ahead gets no 7-day reminder).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation

from coact import delivery
from coact.delivery import Channel, Prepared
from coact.mail import build_templated_mail, queue_mail, url_in

from .calendar import invitation_attachment
from .models import Invitation, Meeting, Reminder
from .selectors import rsvp_token

logger = logging.getLogger(__name__)

# Minutes are asked for this long after the meeting ended.
MINUTES_DUE_AFTER = timedelta(hours=24)


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
    """Reminders whose time has come, once their invitation has gone out."""
    now = now or timezone.now()
    return Reminder.objects.filter(
        sent_at__isnull=True,
        skipped_at__isnull=True,
        due_at__lte=now,
        invitation__sent_at__isnull=False,
    )


def undelivered(meeting: Meeting) -> QuerySet[Invitation]:
    """The meeting's invitations that the mail server refused for good."""
    return meeting.invitations.filter(failed_at__isnull=False).order_by("email")


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
    return {
        "reply_url": url_in(language, "meeting_reply", rsvp_token(invitation)),
        "meeting_url": url_in(language, "meeting_detail", meeting.pk),
        "ics_url": url_in(language, "meeting_ics", meeting.pk),
    }


def _attachment(meeting: Meeting, invitation: Invitation, language: str, method=None):
    # The calendar file's URL is the meeting's page in the recipient's language too.
    with translation.override(language):
        return invitation_attachment(meeting, invitation, method=method)


def invitation_message(meeting: Meeting, invitation: Invitation, connection=None):
    """The invitation, update or cancellation of the meeting's current version."""
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
        # A reminder changes nothing in the calendar: METHOD:PUBLISH, not a new request.
        attachments=[_attachment(meeting, invitation, language, method="PUBLISH")],
        connection=connection,
    )


# --- Delivery ----------------------------------------------------------------------------


def _meeting(meeting_id: int) -> Meeting:
    return (
        Meeting.objects.select_related("organiser", "network", "host_unit", "host_organization")
        .prefetch_related("languages")
        .get(pk=meeting_id)
    )


def _prepare_invitation(invitation: Invitation, now: datetime) -> Prepared:
    meeting = _meeting(invitation.meeting_id)
    return Prepared(
        invitation_message(meeting, invitation),
        # attempts start again for the next version
        sent={"sent_sequence": meeting.sequence, "sent_at": timezone.now(), "attempts": 0},
    )


def _prepare_reminder(reminder: Reminder, now: datetime) -> Prepared | None:
    invitation = reminder.invitation
    # The meeting as it is now: a reminder never carries a time the meeting had.
    meeting = _meeting(invitation.meeting_id)
    due_at = meeting.start - timedelta(minutes=reminder.offset_minutes)
    if due_at > now:
        # The meeting moved later since the row was last timed.
        Reminder.objects.filter(pk=reminder.pk).update(due_at=due_at)
        return None
    # A shorter reminder that is due or already sent makes this one redundant: after
    # an outage only the latest due reminder goes out, whichever order the chunks of
    # the scan run in on the workers.
    superseded = (reminders_due(now) | Reminder.objects.filter(sent_at__isnull=False)).filter(
        invitation_id=reminder.invitation_id, offset_minutes__lt=reminder.offset_minutes
    )
    if (
        meeting.is_cancelled
        or meeting.start <= now
        or invitation.declined
        or invitation.failed_at is not None
        # Its time had passed before the invitation went out.
        or due_at < invitation.sent_at
        or superseded.exists()
    ):
        # Not wanted any more.
        Reminder.objects.filter(pk=reminder.pk).update(skipped_at=now)
        return None
    return Prepared(
        reminder_message(meeting, reminder),
        sent={"sent_at": timezone.now(), "sent_sequence": meeting.sequence},
    )


INVITATIONS = Channel(
    name="meeting invitation",
    model=Invitation,
    due=invitations_due,
    prepare=_prepare_invitation,
)
REMINDERS = Channel(
    name="meeting reminder",
    model=Reminder,
    due=lambda now: reminders_due(now).select_related("invitation"),
    prepare=_prepare_reminder,
)


def deliver_invitations(ids: list[int], *, now: datetime | None = None) -> int:
    return delivery.deliver(INVITATIONS, ids, now=now)


def deliver_reminders(ids: list[int], *, now: datetime | None = None) -> int:
    return delivery.deliver(REMINDERS, ids, now=now)


def remind_minutes(*, now: datetime | None = None) -> int:
    """Ask organisers to file the minutes and confirm attendance, once per meeting: the
    mail is queued (coact.mail) with the mark, in one transaction per meeting."""
    from django.db import transaction

    now = now or timezone.now()
    queued = 0
    for meeting_id in list(minutes_due(now).values_list("pk", flat=True)):
        with transaction.atomic():
            meeting = (
                minutes_due(now)
                .filter(pk=meeting_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("organiser")
                .first()
            )
            if meeting is None:
                continue
            organiser = meeting.organiser
            language = organiser.preferred_language
            queue_mail(
                template="meeting_minutes_due",
                to=organiser.email,
                language=language,
                context={
                    "meeting": meeting,
                    "recipient": organiser,
                    "after_url": url_in(language, "meeting_after", meeting.pk),
                },
                message_key=f"meeting-{meeting.pk}-minutes-due",
            )
            Meeting.objects.filter(pk=meeting.pk).update(minutes_reminder_sent_at=now)
            queued += 1
    return queued

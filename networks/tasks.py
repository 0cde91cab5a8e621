"""Meeting mail. Nothing waits in the broker for a future time: beat runs
`dispatch_outbox` every OUTBOX_SCAN_SECONDS on the scan queue; it finds what is due in the
database and hands it out in chunks (coact.delivery), so a restarted worker or scheduler
picks up where it stopped."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from coact import delivery

from . import outbox, services
from .models import Invitation, Reminder

MAIL_LIMITS = {
    "time_limit": settings.MAIL_TASK_TIME_LIMIT,
    "soft_time_limit": settings.MAIL_TASK_SOFT_TIME_LIMIT,
}


@shared_task(**MAIL_LIMITS)
def deliver_invitations(invitation_ids: list[int]) -> int:
    return outbox.deliver_invitations(invitation_ids)


@shared_task(**MAIL_LIMITS)
def deliver_reminders(reminder_ids: list[int]) -> int:
    return outbox.deliver_reminders(reminder_ids)


def _invitations_to_queue(now):
    return outbox.invitations_due(now).filter(delivery.to_queue(now))


@shared_task(time_limit=60, soft_time_limit=50)
def dispatch_meeting(meeting_id: int) -> int:
    """Right after a meeting is scheduled or changed: its invitations, without waiting
    for the next scan."""
    ids = list(
        _invitations_to_queue(timezone.now())
        .filter(meeting_id=meeting_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return delivery.fan_out(deliver_invitations, Invitation, ids)


@shared_task(time_limit=120, soft_time_limit=100)
def dispatch_outbox() -> dict:
    """Hand out only what is due and not handed out lately: not what is being sent, is
    waiting after a temporary failure, or was refused for good."""
    now = timezone.now()
    invitations = list(
        _invitations_to_queue(now).order_by("meeting_id", "pk").values_list("pk", flat=True)
    )
    reminders = list(
        outbox.reminders_due(now)
        .filter(delivery.to_queue(now))
        .order_by("due_at")
        .values_list("pk", flat=True)
    )
    return {
        "invitations": delivery.fan_out(deliver_invitations, Invitation, invitations),
        "reminders": delivery.fan_out(deliver_reminders, Reminder, reminders),
        # queued in the outbox, sent by deliver_mail
        "minutes": outbox.remind_minutes(now=now),
    }


@shared_task(time_limit=600, soft_time_limit=540)
def extend_series() -> int:
    """Daily: keep a year of stored occurrences ahead of every series."""
    return services.series_extend_all()

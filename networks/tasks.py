"""Meeting mail. Nothing waits in the broker for a future time: beat runs
`dispatch_outbox` every OUTBOX_SCAN_SECONDS, which finds what is due in the database and
hands it out in chunks, so a restarted worker or scheduler picks up where it stopped."""

from celery import shared_task
from django.utils import timezone

from . import outbox, services


@shared_task(time_limit=300, soft_time_limit=280)
def deliver_invitations(invitation_ids: list[int]) -> int:
    return outbox.deliver_invitations(invitation_ids)


@shared_task(time_limit=300, soft_time_limit=280)
def deliver_reminders(reminder_ids: list[int]) -> int:
    return outbox.deliver_reminders(reminder_ids)


def _fan_out(task, ids: list[int]) -> int:
    for chunk in outbox.chunks(ids):
        task.delay(chunk)
    return len(ids)


@shared_task(time_limit=60, soft_time_limit=50)
def dispatch_meeting(meeting_id: int) -> int:
    """Right after a meeting is scheduled or changed: its invitations, without waiting
    for the next scan."""
    ids = list(
        outbox.invitations_due()
        .filter(meeting_id=meeting_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return _fan_out(deliver_invitations, ids)


@shared_task(time_limit=120, soft_time_limit=100)
def dispatch_outbox() -> dict:
    now = timezone.now()
    invitations = list(
        outbox.invitations_due(now).order_by("meeting_id", "pk").values_list("pk", flat=True)
    )
    reminders = list(outbox.reminders_due(now).order_by("due_at").values_list("pk", flat=True))
    return {
        "invitations": _fan_out(deliver_invitations, invitations),
        "reminders": _fan_out(deliver_reminders, reminders),
        "minutes": outbox.remind_minutes(now=now),
    }


@shared_task(time_limit=600, soft_time_limit=540)
def extend_series() -> int:
    """Daily: keep a year of stored occurrences ahead of every series."""
    return services.series_extend_all()

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import delivery
from .services import heartbeat_record


@shared_task(time_limit=30, soft_time_limit=20)
def heartbeat(name: str = "celery") -> int:
    """Run by beat every minute; /readyz reports how long ago it last ran."""
    return heartbeat_record(name=name).beats


@shared_task(
    time_limit=settings.MAIL_TASK_TIME_LIMIT, soft_time_limit=settings.MAIL_TASK_SOFT_TIME_LIMIT
)
def deliver_mail(ids: list[int]) -> int:
    """Send these rows of the outbox (coact.mail.queue_mail) that are still due."""
    from .mail import OUTBOX

    return delivery.deliver(OUTBOX, ids)


@shared_task(time_limit=60, soft_time_limit=50)
def dispatch_mail() -> int:
    """Run by beat on the scan queue: hand out what is due and not handed out lately
    (after a failure's back-off, or when a worker died with the task)."""
    from .mail import outbox_due
    from .models import OutboxMessage

    now = timezone.now()
    ids = list(
        outbox_due(now).filter(delivery.to_queue(now)).order_by("pk").values_list("pk", flat=True)
    )
    return delivery.fan_out(deliver_mail, OutboxMessage, ids)


@shared_task(time_limit=120, soft_time_limit=90)
def render_pdf(file_id: str) -> bool:
    """Render one requested file (coact.files.generated_file_request) and store it."""
    from .files import generated_file_render

    return generated_file_render(file_id=file_id)


@shared_task(time_limit=300, soft_time_limit=240)
def delete_old_files() -> int:
    from .files import generated_files_delete_old

    return generated_files_delete_old()

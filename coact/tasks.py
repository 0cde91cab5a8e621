from celery import shared_task

from .services import heartbeat_record


@shared_task(time_limit=30, soft_time_limit=20)
def heartbeat(name: str = "celery") -> int:
    """Run by beat every minute; /readyz reports how long ago it last ran."""
    return heartbeat_record(name=name).beats

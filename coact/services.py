from django.db.models import F
from django.utils import timezone

from .models import Heartbeat


def heartbeat_record(*, name: str) -> Heartbeat:
    """Record that `name` beat now. Safe to run concurrently and repeatedly."""
    now = timezone.now()
    beat, created = Heartbeat.objects.get_or_create(
        name=name, defaults={"last_seen_at": now, "beats": 1}
    )
    if not created:
        Heartbeat.objects.filter(pk=beat.pk).update(last_seen_at=now, beats=F("beats") + 1)
        beat.refresh_from_db()
    return beat

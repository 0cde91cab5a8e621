import pytest

from coact.models import Heartbeat
from coact.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_heartbeat_records_each_beat():
    assert heartbeat() == 1
    assert heartbeat() == 2

    beat = Heartbeat.objects.get(name="celery")
    assert beat.beats == 2


def test_heartbeat_is_scheduled_by_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["heartbeat"]

    assert schedule["task"] == "coact.tasks.heartbeat"
    assert schedule["schedule"] <= 60

"""The Celery app: configured from Django settings (CELERY_* names), tasks discovered in
each installed app's tasks.py."""

import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coact.settings.local")

app = Celery("coact")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _make_filesystem_broker_folders(**_kwargs) -> None:
    ensure_filesystem_broker_folders()


def ensure_filesystem_broker_folders() -> None:
    """kombu's filesystem transport expects its folders to exist."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if folder := options.get(key):
            os.makedirs(folder, exist_ok=True)

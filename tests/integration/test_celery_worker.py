"""A real Celery worker process, on the configured broker (Redis in CI, kombu's filesystem
transport otherwise), runs a task whose effect this test sees in the database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from coact.celery import app as celery_app
from coact.models import Heartbeat
from coact.tasks import heartbeat

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]


def database_url_for_test_database() -> str:
    """The URL of the database this test runs on (the test database, not the main one)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] or ""
    if db["PASSWORD"]:
        auth += f":{db['PASSWORD']}"
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


@pytest.fixture
def broker(tmp_path):
    """The broker the worker and this process share. Redis when REDIS_URL is set; else the
    filesystem transport in a fresh folder (the in-memory broker cannot cross processes)."""
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        # A queue of our own so that no other worker on the same Redis takes the task.
        queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
        yield {"CELERY_BROKER_URL": redis_url}, redis_url, {}, queue
        return
    folder = tmp_path / "broker"
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
    }
    for path in options.values():
        Path(path).mkdir(parents=True, exist_ok=True)
    env = {"CELERY_BROKER_URL": "filesystem://", "CELERY_FILESYSTEM_BROKER_DIR": str(folder)}
    yield env, "filesystem://", options, "celery"


@pytest.fixture
def worker(broker, tmp_path):
    env_extra, _url, _options, queue = broker
    env = {
        **os.environ,
        **env_extra,
        "DJANGO_SETTINGS_MODULE": "coact.settings.test",
        "DATABASE_URL": database_url_for_test_database(),
    }
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "coact",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "1",
                "--pool",
                "prefork",
                "--queues",
                queue,
                "--hostname",
                f"test-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    yield process, queue, log
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_a_real_worker_runs_the_heartbeat_task(broker, worker):
    _env, url, transport_options, _queue = broker
    process, queue, log = worker

    with celery_app.connection_for_write(url, transport_options=transport_options) as conn:
        heartbeat.apply_async(kwargs={"name": "integration"}, queue=queue, connection=conn)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if Heartbeat.objects.filter(name="integration").exists():
            break
        assert process.poll() is None, log.read_text()
        time.sleep(0.2)
    else:
        pytest.fail(f"the worker did not run the task within 60 s:\n{log.read_text()}")

    assert Heartbeat.objects.get(name="integration").beats == 1

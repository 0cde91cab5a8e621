"""A real Celery worker process, on the configured broker (Redis in CI, kombu's filesystem
transport otherwise), runs a task whose effect this test sees in the database."""

import os
import signal
import subprocess
import sys
import time

import pytest

from coact.celery import app as celery_app
from coact.models import Heartbeat
from coact.tasks import heartbeat
from tests.integration.mail_harness import BASE_DIR, database_url_for_test_database, make_broker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(tmp_path):
    """The broker the worker and this process share (Redis in CI, else the filesystem
    transport), with a queue of this test's own."""
    return make_broker(tmp_path)


@pytest.fixture
def worker(broker, tmp_path):
    queue = broker.queue
    env = {
        **os.environ,
        **broker.env,
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
    process, queue, log = worker

    with celery_app.connection_for_write(
        broker.url, transport_options=broker.transport_options
    ) as conn:
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

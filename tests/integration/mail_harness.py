"""What the meeting-mail integration tests share: an SMTP server on loopback that keeps
every message it accepts, and real Celery worker and beat processes on the test database
and the test's broker (Redis when REDIS_URL is set, else kombu's filesystem transport).

The worker and beat run with the test settings plus three variables that
coact/settings/test.py honours: TEST_CELERY_EAGER=false (tasks they send go through the
broker), TEST_CELERY_QUEUE (a queue of this test's own, so no other worker on the same
Redis takes its tasks) and TEST_EMAIL_URL (mail goes to this SMTP server)."""

from __future__ import annotations

import asyncio
import email
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from coact.celery import app as celery_app

BASE_DIR = Path(__file__).resolve().parents[2]


def database_url_for_test_database() -> str:
    """The URL of the database this test runs on (the test database, not the main one)."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += f":{quote(db['PASSWORD'], safe='')}"
    if (db["HOST"] or "").startswith("/"):
        # A Unix socket (the embedded server): the folder goes in the query string.
        query = urlencode({"host": db["HOST"], **({"port": db["PORT"]} if db["PORT"] else {})})
        return f"postgres://{auth}@/{db['NAME']}?{query}"
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


# Every wait in these tests ends by this many seconds at the latest.
DEADLINE = 60.0
_MESSAGE_ID = re.compile(r"<meeting-(\d+)-(invitation|reminder)-(\d+)-v(\d+)@")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- SMTP --------------------------------------------------------------------------------


@dataclass
class Received:
    """One message as the SMTP server accepted it: the raw bytes, kept as they came."""

    raw: bytes
    recipients: tuple[str, ...]
    at: float  # time.monotonic() when the server had the whole message

    @cached_property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=policy.default)

    @property
    def to(self) -> str:
        return self.message["To"].addresses[0].addr_spec

    @property
    def subject(self) -> str:
        """As a mail client shows it. (Django folds a long encoded subject onto a line of
        its own, which the parser reads back with a leading space.)"""
        return " ".join(str(self.message["Subject"]).split())

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    @property
    def kind(self) -> str:
        """invitation (invitations, updates, cancellations) or reminder, read from the
        stable Message-ID: meeting-<pk>-<kind>-<pk>-v<sequence>."""
        return self._id_parts()[1]

    @property
    def sequence(self) -> int:
        return int(self._id_parts()[3])

    def _id_parts(self) -> tuple[str, ...]:
        match = _MESSAGE_ID.match(self.message_id)
        assert match, f"not a meeting Message-ID: {self.message_id}"
        return match.groups()

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def calendar_part(self) -> EmailMessage:
        parts = [p for p in self.message.walk() if p.get_content_type() == "text/calendar"]
        assert len(parts) == 1, f"{len(parts)} text/calendar parts in {self.message_id}"
        return parts[0]


class CollectingHandler:
    """aiosmtpd handler that keeps every message. With `delay`, it holds each message
    that long after receiving it before answering 250, as a slow server would: a client
    that dies meanwhile has handed the message over without learning so."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._received: list[Received] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.original_content or envelope.content
        received = Received(raw=raw, recipients=tuple(envelope.rcpt_tos), at=time.monotonic())
        with self._lock:
            self._received.append(received)
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def count(self) -> int:
        with self._lock:
            return len(self._received)


@dataclass
class MailServer:
    handler: CollectingHandler
    port: int

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def count(self) -> int:
        return self.handler.count()


@contextmanager
def smtp_server(delay: float = 0.0, port: int | None = None) -> Iterator[MailServer]:
    """An SMTP server on loopback (on `port`, e.g. the one a stopped server had)."""
    handler = CollectingHandler(delay)
    # aiosmtpd logs every SMTP command at INFO.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    port = port or free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield MailServer(handler, port)
    finally:
        controller.stop()


# --- The broker --------------------------------------------------------------------------


@dataclass
class Broker:
    url: str
    transport_options: dict
    queue: str
    env: dict[str, str] = field(default_factory=dict)  # for the worker and beat

    @property
    def is_redis(self) -> bool:
        return self.url.startswith("redis")


def make_broker(tmp_path: Path) -> Broker:
    """Redis when REDIS_URL is set; else the filesystem transport in a fresh folder (the
    in-memory broker of the test settings cannot cross processes)."""
    queue = f"mail-test-{os.getpid()}-{time.monotonic_ns()}"
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        return Broker(
            redis_url, {"visibility_timeout": 3600}, queue, {"CELERY_BROKER_URL": redis_url}
        )
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
    return Broker("filesystem://", options, queue, env)


def _drop_producer_pools() -> None:
    # The app keeps its broker's connection and producer pools (kombu's global pools,
    # one per broker URL); after changing the broker, let it look them up again. (What
    # Celery itself does in a forked child: Celery._after_fork.)
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextmanager
def tasks_through_broker(broker: Broker) -> Iterator[None]:
    """In this process, `.delay()` goes to the broker and the test's queue: the test
    settings run tasks eagerly, which would send the mail from the test process."""
    conf = celery_app.conf
    keys = ("task_always_eager", "task_default_queue", "broker_url", "broker_transport_options")
    saved = {key: conf.get(key) for key in keys}
    conf.update(
        task_always_eager=False,
        task_default_queue=broker.queue,
        broker_url=broker.url,
        broker_transport_options=broker.transport_options,
    )
    _drop_producer_pools()
    try:
        yield
    finally:
        conf.update(saved)
        _drop_producer_pools()
        if broker.is_redis:
            _forget_redis_queue(broker)


def _forget_redis_queue(broker: Broker) -> None:
    """Leave nothing of the test's queue in Redis: its list, its binding, and tasks that a
    killed worker had taken but not acknowledged (kombu would put those back after the
    visibility timeout, into a queue nobody reads)."""
    import redis

    client = redis.Redis.from_url(broker.url)
    try:
        for key in client.scan_iter(match=f"*{broker.queue}*"):
            client.delete(key)
        for tag, payload in client.hscan_iter("unacked"):
            with suppress(ValueError, IndexError):
                if json.loads(payload)[2] == broker.queue:
                    client.hdel("unacked", tag)
                    client.zrem("unacked_index", tag)
    finally:
        client.close()


# --- Worker and beat processes -----------------------------------------------------------


class CeleryProcess:
    """A `celery worker` or `celery beat` in a process group of its own, so that the
    whole group (a prefork worker and its children) can be stopped or killed at once."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log: Path) -> None:
        self.name = name
        self.log = log
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "coact", *args],
                cwd=BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_text(self) -> str:
        return f"--- {self.name} ({self.log}) ---\n{self.log.read_text()[-6000:]}"

    def ready(self) -> bool:
        return " ready." in self.log.read_text()

    def kill(self) -> None:
        """SIGKILL to the whole group: no handler runs, nothing is acknowledged."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        # Children of a worker that exited on its own may still be in the group.
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


class CeleryProcesses:
    """Starts workers and beat for one test; stops them all at the end."""

    def __init__(self, broker: Broker, mail: MailServer, tmp_path: Path, **env: str) -> None:
        self.broker = broker
        self.tmp_path = tmp_path
        self.env = {
            **os.environ,
            **broker.env,
            "DJANGO_SETTINGS_MODULE": "coact.settings.test",
            "DATABASE_URL": database_url_for_test_database(),
            "TEST_CELERY_EAGER": "false",
            "TEST_CELERY_QUEUE": broker.queue,
            "TEST_EMAIL_URL": mail.url,
            **env,
        }
        self.started: list[CeleryProcess] = []

    def worker(self, concurrency: int) -> CeleryProcess:
        number = len(self.started) + 1
        return self._start(
            f"worker-{number}",
            [
                "worker",
                "--loglevel",
                "INFO",
                "--pool",
                "prefork",
                "--concurrency",
                str(concurrency),
                "--queues",
                # the mail, and the scans' queue (coact/settings/test.py)
                f"{self.broker.queue},{self.broker.queue}-scans",
                "--hostname",
                f"{self.broker.queue}-{number}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
        )

    def beat(self, name: str = "beat") -> CeleryProcess:
        """A beat; give another `name` to run a second one beside it (two schedulers)."""
        return self._start(
            name,
            [
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(self.tmp_path / f"{name}-schedule"),
                "--pidfile",
                str(self.tmp_path / f"{name}.pid"),
            ],
        )

    def _start(self, name: str, args: list[str]) -> CeleryProcess:
        process = CeleryProcess(name, args, self.env, self.tmp_path / f"{name}.log")
        self.started.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(process.log_text() for process in self.started)

    def stop_all(self) -> None:
        for process in self.started:
            process.stop()


def wait_for(
    condition: Callable[[], object],
    what: str,
    *,
    processes: CeleryProcesses | None = None,
    timeout: float = DEADLINE,
    running: tuple[CeleryProcess, ...] = (),
):
    """Poll until `condition()` is true, for `timeout` seconds at most; fail with the
    processes' logs if it never is, or if a process in `running` stops."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        for process in running:
            if not process.alive():
                pytest.fail(
                    f"{process.name} stopped while waiting for {what}:\n{process.log_text()}"
                )
        time.sleep(0.1)
    logs = processes.logs() if processes else ""
    pytest.fail(f"waited {timeout:g} s for {what}:\n{logs}")

"""Deliver personal meeting invitations, each with its calendar file, through real Celery
workers to an SMTP server on loopback, and print invitations per second and the time to
the last one as JSON.

    REDIS_URL=redis://127.0.0.1:6379/3 make bench-mail
    # or: REDIS_URL=... DATABASE_URL=postgres://.../coact_bench_mail \\
    #     .venv/bin/python bench/meeting_invitations.py --invitations 5000

Steps: (re)create the PostgreSQL database (its name must contain "bench_mail": it is
dropped at the end), migrate, start an SMTP server (aiosmtpd) on a free port of 127.0.0.1
that counts what it accepts, start the worker processes (production settings, a queue of
the bench's own on Redis), make one meeting with a guest list and its invitation rows
through the scheduling services, then start the clock and dispatch the meeting as the
portal does after scheduling (networks.tasks.dispatch_meeting). Stops when the SMTP
server has every invitation, or at the time limit. Talks only to 127.0.0.1."""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coact_bench_mail"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
TARGET_SECONDS = 60.0

# Production settings, with a queue of the bench's own so that no other worker on the
# same Redis takes its tasks.
_SETTINGS = """
from coact.settings.production import *  # noqa: F403
from coact.settings.production import env

CELERY_TASK_DEFAULT_QUEUE = env.str("BENCH_QUEUE")
"""
_MESSAGE_ID = re.compile(rb"^Message-ID: *(<[^>]+>)", re.IGNORECASE | re.MULTILINE)


def log(message: str) -> None:
    print(f"[meeting_invitations] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invitations", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument(
        "--concurrency", type=int, default=1, help="tasks in flight per worker process"
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds, hard stop")
    parser.add_argument("--keep-database", action="store_true", help="do not drop it")
    return parser.parse_args()


# -- where it runs -----------------------------------------------------------------------


def database_url() -> str:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(
            f"The mail benchmark runs on PostgreSQL only (row locks with SKIP LOCKED); "
            f"DATABASE_URL is {parts.scheme}://. Leave it unset for {DEFAULT_DATABASE_URL}."
        )
    if (parts.hostname or "") not in LOCAL_HOSTS:
        sys.exit(f"DATABASE_URL must point at 127.0.0.1, not {parts.hostname}")
    if "bench_mail" not in parts.path:
        sys.exit(
            "The benchmark drops its database at the end: give it one of its own, whose "
            "name contains bench_mail (e.g. .../coact_bench_mail)."
        )
    return url


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"}:
        sys.exit(
            "The mail benchmark runs on Redis: set REDIS_URL, e.g. "
            "REDIS_URL=redis://127.0.0.1:6379/3 make bench-mail"
        )
    if (parts.hostname or "") not in LOCAL_HOSTS:
        sys.exit(f"REDIS_URL must point at 127.0.0.1, not {parts.hostname}")
    return url


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = sql.Identifier(parts.path.strip("/"))
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def process_env(settings_dir: str, database: str, redis: str, smtp_port: int, queue: str):
    from cryptography.fernet import Fernet

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench_mail_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [settings_dir, str(ROOT), env.get("PYTHONPATH")])),
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        DATABASE_URL=database,
        REDIS_URL=redis,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        BENCH_QUEUE=queue,
        LOG_LEVEL="WARNING",
    )
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- CPU accounting (Linux /proc): on a shared machine, seconds of CPU per invitation say
# more than the wall clock ------------------------------------------------------------------

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return []


def process_cpu(pid: int, *, with_children: bool = False) -> float:
    """User + system CPU seconds of one process (0 if it is gone); with its children that
    have ended (and been waited for) if asked."""
    fields = _stat(pid)
    if not fields:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if with_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / _TICKS


def tree_pids(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except FileNotFoundError:
            continue
        for child in children:
            pids += tree_pids(int(child))
    return pids


def postgres_cpu(postmaster: int) -> float:
    """CPU seconds of the whole PostgreSQL server: the postmaster with its ended backends,
    and every backend alive now. (Celery closes its database connection after each task,
    so the workers' backends come and go.) Other clients of the same server count too."""
    live = sum(process_cpu(pid) for pid in tree_pids(postmaster)[1:])
    return process_cpu(postmaster, with_children=True) + live


def postmaster_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    fields = _stat(backend)
    return int(fields[1]) if fields else 0


# -- the SMTP server ---------------------------------------------------------------------


class Counter:
    """aiosmtpd handler: notes when each message arrived, to whom, with which Message-ID."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.arrivals: list[tuple[float, str, bytes]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        match = _MESSAGE_ID.search(envelope.content)
        arrival = (time.monotonic(), envelope.rcpt_tos[0], match[1] if match else b"")
        with self.lock:
            self.arrivals.append(arrival)
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.arrivals)


# -- workers -----------------------------------------------------------------------------


def start_workers(args, env: dict, queue: str, log_dir: Path) -> list[subprocess.Popen]:
    workers = []
    for number in range(1, args.workers + 1):
        with (log_dir / f"worker-{number}.log").open("w") as out:
            workers.append(
                subprocess.Popen(  # noqa: S603
                    [
                        str(PYTHON), "-m", "celery", "-A", "coact", "worker",
                        "--loglevel", "INFO", "--pool", "prefork",
                        "--concurrency", str(args.concurrency),
                        "--queues", queue, "--hostname", f"{queue}-{number}@%h",
                        "--without-gossip", "--without-mingle", "--without-heartbeat",
                    ],
                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )  # fmt: skip
    deadline = time.monotonic() + 60
    for number, worker in enumerate(workers, start=1):
        worker_log = log_dir / f"worker-{number}.log"
        while " ready." not in worker_log.read_text():
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker {number} did not start:\n{worker_log.read_text()}")
            time.sleep(0.1)
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def forget_queue(redis: str, queue: str) -> None:
    import redis as redis_client

    client = redis_client.Redis.from_url(redis)
    try:
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)
    finally:
        client.close()


# -- the invitations ---------------------------------------------------------------------


def make_invitations(count: int) -> int:
    """One meeting, `count` guests in three languages, and their invitation rows, made by
    the scheduling services; not yet due (the invitation time is tomorrow)."""
    from datetime import timedelta

    from django.utils import timezone

    from coact.models import User
    from networks import services
    from networks.models import Guest, Meeting
    from organizations.models import WelfareArea

    organiser = User.objects.create(email="organiser@bench.example", name="Bench Organiser")
    now = timezone.now()
    meeting = services.meeting_schedule(
        meeting=Meeting(
            title="Järjestöjen ja palvelujen yhteistapaaminen",
            welfare_area=WelfareArea.objects.order_by("code").first(),
            address="Asematie 1, 01300 Vantaa",
            agenda="1. Esittäytyminen\n2. Palvelut käytännössä\n3. Kysymyksiä",
            start=now + timedelta(days=14),
            duration_minutes=120,
            invite_at=now + timedelta(days=1),
        ),
        by=organiser,
    )
    Guest.objects.bulk_create(
        Guest(
            meeting=meeting,
            email=f"guest{number:05d}@bench.example",
            name=f"Vieras {number}",
            language=("fi", "sv", "en")[number % 3],
        )
        for number in range(count)
    )
    made = services.meeting_invitations_sync(meeting=meeting)
    if len(made) != count:
        raise RuntimeError(f"{len(made)} invitations made, not {count}")
    return meeting.pk


def main() -> int:
    args = parse_args()
    if not PYTHON.exists():
        sys.exit("Run `make install` first.")
    database = database_url()
    redis = redis_url()
    queue = f"bench-mail-{os.getpid()}"

    log(f"recreating {urlsplit(database).path.strip('/')}")
    recreate_database(database)

    from aiosmtpd.controller import Controller

    counter = Counter()
    smtp_port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=smtp_port)
    workers: list[subprocess.Popen] = []
    previous_handler = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory() as directory:
        Path(directory, "bench_mail_settings.py").write_text(_SETTINGS)
        env = process_env(directory, database, redis, smtp_port, queue)
        log_dir = Path(directory)
        try:
            log("migrating")
            subprocess.run(  # noqa: S603
                [str(PYTHON), "manage.py", "migrate", "--noinput", "-v", "0"],
                cwd=ROOT, env=env, check=True,
            )  # fmt: skip
            controller.start()
            log(f"SMTP server on 127.0.0.1:{smtp_port}; starting {args.workers} workers")
            workers = start_workers(args, env, queue, log_dir)

            os.environ.update(env)
            sys.path[:0] = [directory, str(ROOT)]
            import django

            django.setup()
            from django.db import connections
            from django.utils import timezone

            from networks.models import Invitation, Meeting
            from networks.tasks import dispatch_meeting

            log(f"making {args.invitations} invitations")
            made_at = time.monotonic()
            meeting_id = make_invitations(args.invitations)
            setup_seconds = time.monotonic() - made_at

            log("dispatching")
            load = os.getloadavg()
            Meeting.objects.filter(pk=meeting_id).update(invite_at=timezone.now())
            worker_pids = [pid for worker in workers for pid in tree_pids(worker.pid)]
            cpu_before = {pid: process_cpu(pid) for pid in worker_pids}
            postmaster = postmaster_pid()
            postgres_before = postgres_cpu(postmaster)
            self_before = time.process_time()
            started = time.monotonic()
            dispatch_meeting.delay(meeting_id)
            deadline = started + args.timeout
            while counter.count() < args.invitations and time.monotonic() < deadline:
                if any(worker.poll() is not None for worker in workers):
                    raise RuntimeError("a worker stopped")
                time.sleep(0.05)
            worker_cpu = sum(process_cpu(pid) - cpu_before[pid] for pid in worker_pids)
            smtp_cpu = time.process_time() - self_before
            database_cpu = postgres_cpu(postmaster) - postgres_before
            # Rows are marked in the same transaction as their send: a moment after.
            sent_rows = 0
            while time.monotonic() < deadline:
                sent_rows = Invitation.objects.filter(
                    meeting_id=meeting_id, sent_sequence=0
                ).count()
                if sent_rows >= args.invitations or counter.count() < args.invitations:
                    break
                time.sleep(0.05)
            connections.close_all()
        except BaseException:
            for path in sorted(log_dir.glob("worker-*.log")):
                log(f"{path.name}:\n{path.read_text()[-4000:]}")
            raise
        finally:
            stop_workers(workers)
            controller.stop()
            signal.signal(signal.SIGTERM, previous_handler)
            forget_queue(redis, queue)
            if not args.keep_database:
                recreate_database(database, drop_only=True)

    arrivals = sorted(counter.arrivals)
    delivered = len(arrivals)
    recipients = {recipient for _, recipient, _ in arrivals}
    message_ids = {message_id for _, _, message_id in arrivals}
    first = arrivals[0][0] - started if arrivals else None
    last = arrivals[-1][0] - started if arrivals else None
    halfway = arrivals[delivered // 2][0] - started if arrivals else None
    result = {
        "invitations": args.invitations,
        "worker_processes": args.workers,
        "concurrency_per_worker": args.concurrency,
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(value, 2) for value in load],
        "setup_seconds": round(setup_seconds, 1),
        "delivered": delivered,
        "distinct_recipients": len(recipients),
        "distinct_message_ids": len(message_ids),
        "rows_marked_sent": sent_rows,
        "seconds_to_first": round(first, 2) if first is not None else None,
        "seconds_to_half": round(halfway, 2) if halfway is not None else None,
        "seconds_to_last": round(last, 2) if last is not None else None,
        "invitations_per_second": round(delivered / last, 1) if last else 0.0,
        "cpu_ms_per_invitation": {
            "workers": round(worker_cpu * 1000 / max(delivered, 1), 2),
            "postgres_server": round(database_cpu * 1000 / max(delivered, 1), 2),
            "smtp_server_and_bench": round(smtp_cpu * 1000 / max(delivered, 1), 2),
        },
        "target_seconds": TARGET_SECONDS,
        "within_target": bool(
            last is not None and delivered >= args.invitations and last <= TARGET_SECONDS
        ),
    }
    print(json.dumps(result, indent=2))
    complete = delivered == args.invitations == len(recipients) == sent_rows
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())

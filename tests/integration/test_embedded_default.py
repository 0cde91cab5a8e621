"""`make run`'s own shape under load: the embedded PostgreSQL, the filesystem broker, the
web process, a Celery worker and beat, started the way `make run` starts them (its
`serve` target inside `python -m coact.devdb run`). A meeting with 200 invitees is
scheduled; while the worker sends the 200 invitations, 8 clients open the reply links
from the mails and post their replies, and post the NGO application form. Nothing may
fail: no response of 500 or more, no connection error, no traceback in any process's
output, every invitation delivered. Then Ctrl-C stops everything, the server too, and
the replies are still there for the next run. (And a missing page is the portal's
translated 404, as `make run` serves it, not Django's debug page.)

Runs in CI as well: the processes are started without DATABASE_URL and REDIS_URL, in a
data folder of the test's own."""

from __future__ import annotations

import http.cookiejar
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from .mail_harness import free_port, smtp_server

pytestmark = pytest.mark.integration

BASE_DIR = Path(__file__).resolve().parents[2]
INVITEES = 200
CLIENTS = 8
DEADLINE = 240.0  # seconds for the whole story; it takes about a minute
REPLY_URL = re.compile(r"http://127\.0\.0\.1:\d+/(?:fi|sv|en)/meetings/reply/[^/\s]+/")
DEVDB_RUN = [sys.executable, "-m", "coact.devdb", "run", "--"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

SCHEDULE = f"""
from datetime import timedelta
from django.utils import timezone
from coact.models import User
from networks import services
from networks.models import Guest, Meeting
from organizations.models import WelfareArea

now = timezone.now()
meeting = services.meeting_schedule(
    meeting=Meeting(
        title="Yhteistapaaminen / Samarbetsmöte / Joint meeting",
        welfare_area=WelfareArea.objects.get(code="vantaa-kerava"),
        address="Asematie 1, 01300 Vantaa",
        start=now + timedelta(days=10),
        duration_minutes=120,
        invite_at=now,
    ),
    by=User.objects.get(email="coordinator@demo.example"),
    guests=[
        Guest(email=f"guest{{n:03d}}@load.example", name=f"Guest {{n}}",
              language=("fi", "sv", "en")[n % 3])
        for n in range({INVITEES})
    ],
)
print("meeting", meeting.pk)
"""

COUNT_REPLIES = """
from networks.models import Invitation
replies = Invitation.objects.filter(meeting_id={meeting_id}).exclude(response="")
print("replies", replies.count())
"""


def portal_env(tmp_path: Path, port: int, mail_url: str) -> dict[str, str]:
    """`make run`'s environment: nothing configured but the port and where mail goes."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS", "CELERY_", "TEST_", "DJANGO_", "MAKE"))
    }
    broker = tmp_path / "broker"
    for folder in (broker, broker / "processed", broker / "control"):
        folder.mkdir(parents=True, exist_ok=True)
    env.update(
        COACT_POSTGRES_DIR=str(tmp_path / "pg"),
        CELERY_FILESYSTEM_BROKER_DIR=str(broker),
        CELERY_BEAT_SCHEDULE_FILE=str(tmp_path / "beat-schedule"),
        DJANGO_SETTINGS_MODULE="coact.settings.local",
        PORT=str(port),
        EMAIL_URL=mail_url,
        OUTBOX_SCAN_SECONDS="2",
    )
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


class Client:
    """A browser, in so far as a form needs one: cookies and the CSRF token."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, url: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


def csrf(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token in the form"
    return match.group(1)


def test_the_embedded_default_under_load(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    record = threading.Lock()

    def note(status: int, what: str) -> None:
        with record:
            statuses[status] += 1
            if status >= 500:
                failures.append(f"{status} {what}")

    with smtp_server() as mail:
        env = portal_env(tmp_path, port, mail.url)
        log = tmp_path / "make-run.log"
        with log.open("w") as out:
            portal = subprocess.Popen(
                [*DEVDB_RUN, "make", "--no-print-directory", "serve"],
                cwd=BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            deadline = time.monotonic() + DEADLINE
            while True:
                assert portal.poll() is None, f"make run ended:\n{log.read_text()[-4000:]}"
                assert time.monotonic() < deadline, f"no /healthz:\n{log.read_text()[-4000:]}"
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                        break
                except OSError:
                    time.sleep(0.5)
            # Wait for the worker too, or the first invitations only wait in the broker.
            while " ready." not in log.read_text():
                assert time.monotonic() < deadline, f"no worker:\n{log.read_text()[-4000:]}"
                time.sleep(0.5)

            # A missing page is the portal's own, translated, not Django's debug page.
            status, page = Client().request(f"{base}/fi/ei-tallaista-sivua/")
            assert status == 404
            assert "Sivua ei löytynyt" in page
            assert "URLconf" not in page

            meeting_id = re.search(r"meeting (\d+)", manage(env, "shell", "-c", SCHEDULE))[1]
            invitation_id = re.compile(rf"<meeting-{meeting_id}-invitation-\d+-v0@")

            links: queue.Queue[str] = queue.Queue()
            answered: set[str] = set()
            done = threading.Event()

            def feed() -> None:
                seen = 0
                while not done.is_set():
                    received = mail.received
                    for message in received[seen:]:
                        if invitation_id.match(message.message_id):
                            links.put(REPLY_URL.search(message.text).group(0))
                    seen = len(received)
                    time.sleep(0.05)

            def client(number: int) -> None:
                browser = Client()
                rng = random.Random(number)  # noqa: S311 - which answer, not a secret
                try:
                    status, page = browser.request(f"{base}/fi/organizations/apply/")
                    note(status, "GET apply")
                    area = re.search(r'<option value="(\d+)"', page).group(1)
                    status, _ = browser.request(
                        f"{base}/fi/organizations/apply/",
                        {
                            "csrfmiddlewaretoken": csrf(page),
                            "organization_name": f"Kuormitusyhdistys {number}",
                            "welfare_area": area,
                            "description": "Vertaistukea ja suomen kielen kerho.",
                            "applicant_name": f"Hakija {number}",
                            "email": f"applicant{number}@load.example",
                            "language": "fi",
                            "password1": "kuormitus-salasana-2026",
                            "password2": "kuormitus-salasana-2026",
                        },
                    )
                    note(status, "POST apply")
                    while not done.is_set():
                        try:
                            url = links.get(timeout=0.5)
                        except queue.Empty:
                            continue
                        status, page = browser.request(url)
                        note(status, "GET reply")
                        status, _ = browser.request(
                            url,
                            {
                                "csrfmiddlewaretoken": csrf(page),
                                "response": rng.choice(["yes", "no", "maybe"]),
                                "note": "Tulen, jos ehdin." if rng.random() < 0.3 else "",
                            },
                        )
                        note(status, "POST reply")
                        if status < 400:
                            with record:
                                answered.add(url)
                        status, _ = browser.request(
                            f"{base}/fi/organizations/?q={rng.choice(['kerho', 'Vantaalla'])}"
                        )
                        note(status, "GET directory")
                except Exception as error:
                    with record:
                        failures.append(f"client {number}: {error!r}")

            threads = [threading.Thread(target=feed)]
            threads += [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
            for thread in threads:
                thread.start()
            try:
                while len(answered) < INVITEES and not failures:
                    assert time.monotonic() < deadline, (
                        f"{len(answered)} of {INVITEES} answered, "
                        f"{sum(1 for m in mail.received if invitation_id.match(m.message_id))} "
                        f"delivered:\n{log.read_text()[-4000:]}"
                    )
                    time.sleep(0.2)
            finally:
                done.set()
                for thread in threads:
                    thread.join(timeout=60)

            invitations = [m for m in mail.received if invitation_id.match(m.message_id)]
            output = log.read_text()
        finally:
            # Ctrl-C, as the terminal sends it to the foreground group.
            os.killpg(portal.pid, signal.SIGINT)
            try:
                portal.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(portal.pid, signal.SIGKILL)
                raise

    assert failures == []
    assert {m.to for m in invitations} == {f"guest{n:03d}@load.example" for n in range(INVITEES)}
    assert statuses[200] >= 2 * INVITEES  # the reply pages and the directory
    assert all(status < 500 for status in statuses), statuses
    for trouble in ("Traceback", "database is locked", '" 500 '):
        assert trouble not in output, output[output.index(trouble) - 2000 :][:4000]
    assert "Sending due task dispatch-meeting-mail" in output  # beat was scanning
    # Ctrl-C stopped the server, and the data stays for the next run.
    assert log.read_text().rstrip().endswith("embedded PostgreSQL: stopped")
    count_replies = COUNT_REPLIES.format(meeting_id=meeting_id)
    again = subprocess.run(
        [*DEVDB_RUN, sys.executable, "manage.py", "shell", "-c", count_replies],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert f"replies {INVITEES}" in again.stdout, again.stderr

"""The delivery bound under a crash (DESIGN.md, "Meetings"): with 1,000 invitations being
sent, the worker is killed with SIGKILL and another started. In the end every invitation
reached the SMTP server, and a repeat happened only for a message that was being sent when
the worker died: no more repeats than the worker's concurrency, each with the Message-ID
of its first copy.

The SMTP server holds each message a few milliseconds before answering, so that the kill
lands while messages are in flight. The tasks the killed worker had taken are lost with it
(on Redis they stay unacknowledged until the visibility timeout); recovery comes from the
outbox scan that beat runs, which finds the unsent rows in the database, and from the
claims that expire (MAIL_CLAIM_SECONDS).

The same holds for every other kind of mail (coact.mail.queue_mail): NOTES messages of
the general outbox are queued with the invitations and leave through the same delivery."""

import time
from collections import defaultdict
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from coact.mail import queue_mail
from coact.models import OutboxMessage
from networks import services
from networks.models import Guest, Invitation, Meeting
from tests.factories import UserFactory, WelfareAreaFactory
from tests.integration.mail_harness import (
    CeleryProcesses,
    make_broker,
    smtp_server,
    tasks_through_broker,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

INVITATIONS = 1000
NOTES = 100
CONCURRENCY = 2
SMTP_DELAY = 0.01  # seconds the server holds each message before its 250
SCAN_SECONDS = 2
KILL_AFTER = 250  # messages received before the worker is killed


@pytest.fixture
def mail_server():
    with smtp_server(delay=SMTP_DELAY) as server:
        yield server


@pytest.fixture
def celery(transactional_db, mail_server, tmp_path):
    broker = make_broker(tmp_path)
    processes = CeleryProcesses(
        broker,
        mail_server,
        tmp_path,
        OUTBOX_SCAN_SECONDS=str(SCAN_SECONDS),
        # A killed worker's claim, and its lost tasks' rows, come back within seconds.
        MAIL_CLAIM_SECONDS="5",
        MAIL_REQUEUE_SECONDS="20",
        # A short SMTP timeout: a frozen server is given up within seconds.
        EMAIL_TIMEOUT="5",
    )
    with tasks_through_broker(broker):
        try:
            yield processes
        finally:
            processes.stop_all()


def settled_count(mail_server, quiet: float = 0.5) -> int:
    """The number of messages received, once none has come for `quiet` seconds."""
    count, since = mail_server.count(), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.05)
        if mail_server.count() != count:
            count, since = mail_server.count(), time.monotonic()
    return count


def scans_done(worker) -> int:
    return sum(
        "coact.tasks.dispatch_mail[" in line and " succeeded " in line
        for line in worker.log.read_text().splitlines()
    )


@pytest.mark.timeout(480)
def test_a_killed_worker_repeats_only_what_it_was_sending(celery, mail_server):
    coordinator = UserFactory(email="coordinator@vantaa.example")
    celery.beat()
    first = celery.worker(concurrency=CONCURRENCY)
    wait_for(first.ready, "the first worker to start", processes=celery, running=(first,))

    meeting = services.meeting_schedule(
        meeting=Meeting(
            title="Järjestöjen ja palvelujen tapaaminen",
            welfare_area=WelfareAreaFactory(),
            address="Asematie 1, Vantaa",
            start=timezone.now() + timedelta(days=14),
            duration_minutes=120,
        ),
        by=coordinator,
    )
    Guest.objects.bulk_create(
        Guest(
            meeting=meeting,
            email=f"guest{number:04d}@example.org",
            name=f"Guest {number}",
            language=("fi", "sv", "en")[number % 3],
        )
        for number in range(INVITATIONS)
    )
    # The invitation rows, and on commit the dispatch of their delivery to the worker.
    assert len(services.meeting_invitations_sync(meeting=meeting)) == INVITATIONS
    # Other mail, queued in one transaction: handed to the workers on commit.
    with transaction.atomic():
        for number in range(NOTES):
            queue_mail(
                template="application_received",
                to=f"coordinator{number:04d}@vantaa.example",
                language=("fi", "sv", "en")[number % 3],
                context={"organization": {"name": f"Yhdistys {number}"}, "url": "x"},
                message_key=f"fault-test/{number}",
            )
    addresses = set(Invitation.objects.filter(meeting=meeting).values_list("email", flat=True))
    addresses |= set(OutboxMessage.objects.values_list("to", flat=True))

    wait_for(
        lambda: mail_server.count() >= KILL_AFTER,
        f"{KILL_AFTER} messages",
        processes=celery,
        running=(first,),
    )
    first.kill()
    # What the dead worker had written to its socket still reaches the server: wait until
    # nothing more arrives, so that everything before `restarted_at` is the first worker's.
    received_before_kill = settled_count(mail_server)
    assert received_before_kill < INVITATIONS + NOTES, "all sent before the kill: nothing tested"

    restarted_at = time.monotonic()
    second = celery.worker(concurrency=CONCURRENCY)
    wait_for(
        lambda: (
            Invitation.objects.filter(meeting=meeting, sent_sequence=0).count() == INVITATIONS
            and not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
        ),
        "every invitation and every other message to be marked sent",
        processes=celery,
        running=(second,),
        timeout=240,
    )
    # Anything still to come would come with the next scans.
    scans = scans_done(second)
    wait_for(lambda: scans_done(second) >= scans + 2, "two more outbox scans", processes=celery)

    deliveries = defaultdict(list)
    for received in mail_server.received:
        deliveries[received.to].append(received)
    assert set(deliveries) == addresses, "every invitation reached the SMTP server"
    repeats = {address: copies for address, copies in deliveries.items() if len(copies) > 1}
    print(
        f"\n{received_before_kill} of {INVITATIONS + NOTES} received before SIGKILL; "
        f"{len(mail_server.received)} messages in all; repeated: "
        f"{sorted(repeats) or 'none'}"
    )
    assert sum(len(copies) - 1 for copies in repeats.values()) <= CONCURRENCY
    for address, copies in repeats.items():
        assert len({copy.message_id for copy in copies}) == 1, f"{address}: same Message-ID"
        # The first copy from the killed worker, the repeat from its successor.
        assert copies[0].at < restarted_at <= copies[1].at, address
    assert len({copies[0].message_id for copies in deliveries.values()}) == INVITATIONS + NOTES

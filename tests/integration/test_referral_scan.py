"""The referral scan as it runs in production, with nothing stubbed: two Celery beats (two
schedulers, as after a botched deploy) each send referrals.tasks.scan_referrals every
second to two real workers on the test database and broker (Redis in CI), and the mail
goes to a real SMTP server on loopback. An unanswered referral past its reminder time
gets one reminder per handler, however many scans run, and one REMINDED event."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from organizations.models import Role
from referrals.models import EventKind, Referral, ReferralEvent
from tests.factories import MembershipFactory, UserFactory
from tests.integration.mail_harness import (
    CeleryProcesses,
    make_broker,
    smtp_server,
    tasks_through_broker,
    wait_for,
)
from tests.referrals.helpers import referral_world, send

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

_EVENT_MAIL = re.compile(r"<referral-event-(\d+)-to-(\d+)@")


@pytest.fixture
def mail_server():
    with smtp_server() as server:
        yield server


@pytest.fixture
def celery(transactional_db, mail_server, tmp_path):
    broker = make_broker(tmp_path)
    processes = CeleryProcesses(
        broker, mail_server, tmp_path, OUTBOX_SCAN_SECONDS="1", REFERRAL_SCAN_SECONDS="1"
    )
    with tasks_through_broker(broker):
        try:
            processes.worker(concurrency=2)
            processes.worker(concurrency=2)
            processes.beat()
            processes.beat("beat-2")
            yield processes
        finally:
            processes.stop_all()


def scans_done(processes: CeleryProcesses) -> int:
    return sum(
        "referrals.tasks.scan_referrals[" in line and " succeeded " in line
        for process in processes.started
        for line in process.log.read_text().splitlines()
    )


def received_about(mail_server, kind: str) -> list[str]:
    """Who the SMTP server got a mail about an event of this kind for (by Message-ID)."""
    kinds = dict(ReferralEvent.objects.values_list("pk", "kind"))
    found = []
    for received in mail_server.received:
        match = _EVENT_MAIL.match(received.message_id)
        if match and kinds.get(int(match[1])) == kind:
            found.append(received.to)
    return sorted(found)


def test_two_schedulers_and_two_workers_remind_once(celery, mail_server):
    world = referral_world()
    admin = UserFactory(email="admin@ngo.example", preferred_language="fi")
    MembershipFactory(user=admin, organization=world["organization"], role=Role.NGO_ADMIN)
    referral = send(world)
    handlers = ["admin@ngo.example", "handler@ngo.example"]
    wait_for(
        lambda: received_about(mail_server, EventKind.SENT) == handlers,
        "the new-referral mails",
        processes=celery,
    )
    # Three working days have passed (the limits themselves are tested in test_scans.py).
    Referral.objects.filter(pk=referral.pk).update(remind_at=timezone.now())

    wait_for(
        lambda: received_about(mail_server, EventKind.REMINDED) == handlers,
        "the reminders",
        processes=celery,
        running=tuple(celery.started),
    )
    scans = scans_done(celery)
    wait_for(lambda: scans_done(celery) >= scans + 6, "six more scans", processes=celery)

    assert received_about(mail_server, EventKind.REMINDED) == handlers
    assert ReferralEvent.objects.filter(referral=referral, kind=EventKind.REMINDED).count() == 1
    assert Referral.objects.get(pk=referral.pk).reminded_at is not None
    # No client data on the way: the subject and text name the referral's number only.
    for received in mail_server.received:
        assert "Zyxmarker" not in received.raw.decode("utf-8", "replace")
    # The test process sent nothing itself: the workers did.
    assert mail.outbox == []

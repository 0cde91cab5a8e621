"""How mail leaves (coact.delivery): claim, commit, send, mark; temporary failures back
off, permanent ones stop; a dead worker's claim expires; the soft time limit stops a chunk
cleanly; no lock is held while the mail server answers."""

import logging
import smtplib
import time
from datetime import timedelta

import pytest
from billiard.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connections
from django.utils import timezone

from coact.delivery import backoff, deliver
from coact.mail import OUTBOX, queue_mail
from coact.models import OutboxMessage
from coact.tasks import dispatch_mail

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that answers 451 (try later) to everything."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {m.to[0]: (451, b"4.3.0 try later <someone@example.org>") for m in messages}
        )


class UnknownAddressBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {m.to[0]: (550, b"5.1.1 <nobody@example.org> unknown") for m in messages}
        )


class AbsentBackend(BaseEmailBackend):
    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, messages):
        self.open()


class SlowBackend(LocmemBackend):
    """Reaches the soft time limit while sending the second message."""

    sent = 0

    def send_messages(self, messages):
        SlowBackend.sent += 1
        if SlowBackend.sent == 2:
            raise SoftTimeLimitExceeded()
        return super().send_messages(messages)


def queued(count: int = 1) -> list[int]:
    return [
        queue_mail(
            template="application_received",
            to=f"coord{number}@example.org",
            language="en",
            context={"organization": {"name": "Tuki ry"}, "url": "x"},
        ).pk
        for number in range(count)
    ]


def test_a_temporary_failure_is_counted_and_backs_off(settings, caplog):
    settings.EMAIL_BACKEND = "tests.coact.test_delivery.RefusingBackend"
    [pk] = queued()
    with caplog.at_level(logging.WARNING, logger="coact.delivery"):
        assert deliver(OUTBOX, [pk]) == 0
    row = OutboxMessage.objects.get(pk=pk)
    assert row.attempts == 1
    assert row.failed_at is None
    assert row.failure == "SMTP 451"
    assert row.retry_at > timezone.now() + backoff(1) - timedelta(seconds=5)
    # Tried again only after the back-off: the scan does not hand it out meanwhile.
    assert dispatch_mail() == 0
    assert deliver(OUTBOX, [pk]) == 0
    assert OutboxMessage.objects.get(pk=pk).attempts == 1
    # One warning line, without a traceback or the address.
    [record] = caplog.records
    assert record.exc_info is None
    assert "example.org" not in record.getMessage()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=pk).update(retry_at=timezone.now() - timedelta(seconds=1))
    assert dispatch_mail() == 1  # the eager task sends it
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.sent_at is not None
    assert row.attempts == 2


def test_the_back_off_doubles_up_to_a_ceiling(settings):
    settings.MAIL_RETRY_SECONDS = 60
    settings.MAIL_RETRY_MAX_SECONDS = 3600
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 10)] == [60, 120, 240, 3600]


def test_an_absent_mail_server_is_a_temporary_failure(settings):
    settings.EMAIL_BACKEND = "tests.coact.test_delivery.AbsentBackend"
    [pk] = queued()
    assert deliver(OUTBOX, [pk]) == 0
    row = OutboxMessage.objects.get(pk=pk)
    assert (row.failure, row.failed_at is None, row.retry_at is not None) == (
        "ConnectionRefusedError",
        True,
        True,
    )


def test_a_permanent_refusal_is_not_tried_again(settings, caplog):
    settings.EMAIL_BACKEND = "tests.coact.test_delivery.UnknownAddressBackend"
    [pk] = queued()
    with caplog.at_level(logging.WARNING, logger="coact.delivery"):
        assert deliver(OUTBOX, [pk]) == 0
    row = OutboxMessage.objects.get(pk=pk)
    assert row.failed_at is not None
    assert row.failure == "SMTP 550"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=pk).update(retry_at=None)
    assert dispatch_mail() == 0
    assert deliver(OUTBOX, [pk]) == 0
    assert mail.outbox == []
    [record] = caplog.records
    assert record.exc_info is None
    assert "example.org" not in record.getMessage()


def test_too_many_temporary_failures_count_as_refused(settings):
    settings.EMAIL_BACKEND = "tests.coact.test_delivery.RefusingBackend"
    settings.MAIL_MAX_ATTEMPTS = 2
    [pk] = queued()
    deliver(OUTBOX, [pk])
    OutboxMessage.objects.filter(pk=pk).update(retry_at=None)
    deliver(OUTBOX, [pk])
    assert OutboxMessage.objects.get(pk=pk).failed_at is not None


def test_a_dead_workers_claim_expires_and_the_row_returns():
    [pk] = queued()
    # A worker claimed it and died mid-send.
    OutboxMessage.objects.filter(pk=pk).update(
        claimed_until=timezone.now() + timedelta(seconds=60), attempts=1
    )
    assert deliver(OUTBOX, [pk]) == 0  # another worker's, for now
    assert dispatch_mail() == 0
    OutboxMessage.objects.filter(pk=pk).update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert deliver(OUTBOX, [pk]) == 1
    assert OutboxMessage.objects.get(pk=pk).attempts == 2


def test_the_scan_hands_out_only_what_is_due(settings):
    first, second, _third = queued(3)
    now = timezone.now()
    OutboxMessage.objects.filter(pk=first).update(queued_at=now)  # a task is in the broker
    OutboxMessage.objects.filter(pk=second).update(sent_at=now)
    assert dispatch_mail() == 1  # only the third
    assert len(mail.outbox) == 1
    # A task lost with its worker: handed out again after MAIL_REQUEUE_SECONDS.
    OutboxMessage.objects.filter(pk=first).update(
        queued_at=now - timedelta(seconds=settings.MAIL_REQUEUE_SECONDS + 1)
    )
    assert dispatch_mail() == 1
    assert {m.to[0] for m in mail.outbox} == {"coord0@example.org", "coord2@example.org"}


def test_the_soft_time_limit_stops_the_chunk_and_releases_the_row(settings, caplog):
    settings.EMAIL_BACKEND = "tests.coact.test_delivery.SlowBackend"
    SlowBackend.sent = 0
    ids = queued(3)
    with caplog.at_level(logging.WARNING, logger="coact.delivery"):
        assert deliver(OUTBOX, ids) == 1
    rows = {row.pk: row for row in OutboxMessage.objects.all()}
    assert rows[ids[0]].sent_at is not None
    # The one being sent is free again at once; the third was never claimed.
    assert rows[ids[1]].sent_at is None
    assert rows[ids[1]].claimed_until is None
    assert rows[ids[2]].sent_at is None
    assert rows[ids[2]].attempts == 0
    assert "soft time limit" in caplog.text


class SteadyBackend(LocmemBackend):
    """A mail server that takes `seconds` to answer each message."""

    seconds = 0.2

    def send_messages(self, messages):
        time.sleep(SteadyBackend.seconds)
        return super().send_messages(messages)


def test_a_chunk_takes_no_message_that_could_pass_its_time_budget(settings):
    # A message's worst case is 2 * EMAIL_TIMEOUT: with 1 s and a 3 s budget, a chunk
    # takes a next message only while 2 s are left, so it stops after a few of ten.
    settings.EMAIL_BACKEND = "tests.coact.test_delivery.SteadyBackend"
    settings.EMAIL_TIMEOUT = 1
    ids = queued(10)
    OutboxMessage.objects.filter(pk__in=ids).update(queued_at=timezone.now())
    started = time.monotonic()

    sent = deliver(OUTBOX, ids, budget=3)

    assert time.monotonic() - started < 3
    assert 2 <= sent < 10
    rest = OutboxMessage.objects.filter(sent_at__isnull=True)
    assert rest.count() == 10 - sent
    # The rest are due again for the next scan at once, not after MAIL_REQUEUE_SECONDS.
    assert not rest.filter(queued_at__isnull=False).exists()
    assert dispatch_mail() == 10 - sent


def test_the_hard_time_limit_leaves_room_to_release_the_row_being_sent():
    from coact.settings import base

    assert base.MAIL_TASK_TIME_LIMIT > base.MAIL_TASK_SOFT_TIME_LIMIT + base.EMAIL_TIMEOUT
    assert base.MAIL_CLAIM_SECONDS > 2 * base.EMAIL_TIMEOUT


class WatchingBackend(LocmemBackend):
    """While sending, looks at the row from another database connection."""

    seen: dict = {}

    def send_messages(self, messages):
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute(
                    'SELECT claimed_until IS NOT NULL FROM coact_outboxmessage WHERE "to" = %s '
                    "FOR UPDATE NOWAIT",
                    [messages[0].to[0]],
                )
                WatchingBackend.seen["claimed"] = cursor.fetchone()[0]
        finally:
            other.close()
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_no_lock_is_held_while_the_server_answers(settings):
    settings.EMAIL_BACKEND = "tests.coact.test_delivery.WatchingBackend"
    WatchingBackend.seen = {}
    [pk] = queued()  # committed at once, and handed to the (eager) worker
    assert OutboxMessage.objects.get(pk=pk).sent_at is not None
    # Another connection saw the claim committed and could lock the row (NOWAIT).
    assert WatchingBackend.seen == {"claimed": True}

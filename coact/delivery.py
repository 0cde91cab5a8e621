"""How every mail leaves: claim, commit, send, mark. The one delivery loop for the
general outbox (coact.models.OutboxMessage) and the meeting mail (networks.outbox), whose
rows keep a DeliveryState.

- Claim: in a short transaction, the row is locked (SKIP LOCKED), still due, and gets
  claimed_until = now + MAIL_CLAIM_SECONDS and one more attempt; the transaction commits
  before the SMTP exchange, so no lock is held while the server answers.
- Send, with the row's stable Message-ID.
- Mark: sent; or, after a temporary failure (4xx, a refused or broken connection), back
  off (retry_at); or, after a permanent one (5xx), failed for good: never tried again.

A worker that dies mid-send leaves its row claimed; the claim expires and the row is due
again, to be sent with the same Message-ID. One row is claimed at a time per worker
process, so the repeats are bounded by the workers' concurrency.

A chunk is sized so that its messages, each bounded by EMAIL_TIMEOUT, fit under the task's
soft time limit (settings: MAIL_CHUNK); should the soft limit come anyway, the current row
is released and the chunk stops cleanly. Rows left over go with the next scan."""

from __future__ import annotations

import logging
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from billiard.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)


def deliverable(now: datetime) -> Q:
    """Rows that a worker may claim now: not sent by another worker at this moment, not
    waiting after a temporary failure, not refused for good."""
    return (
        Q(failed_at__isnull=True)
        & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
    )


def to_queue(now: datetime) -> Q:
    """Rows that a scan hands out: deliverable and not handed out lately (a task for them
    is in the broker). A task lost with its worker is replaced after MAIL_REQUEUE_SECONDS."""
    requeue = now - timedelta(seconds=settings.MAIL_REQUEUE_SECONDS)
    return deliverable(now) & (Q(queued_at__isnull=True) | Q(queued_at__lt=requeue))


def chunks(ids: list[int], size: int | None = None) -> list[list[int]]:
    size = size or settings.MAIL_CHUNK
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def fan_out(task, model: type[models.Model], ids: list[int]) -> int:
    """Hand `ids` to workers in chunks, noting that they were handed out."""
    if not ids:
        return 0
    model.objects.filter(pk__in=ids).update(queued_at=timezone.now())
    for chunk in chunks(ids):
        task.delay(chunk)
    return len(ids)


@dataclass(frozen=True)
class Prepared:
    """What a claimed row sends, and the fields to set once it is sent."""

    message: EmailMessage
    sent: dict


@dataclass(frozen=True)
class Channel:
    """One kind of outbox row. `due(now)` is the queryset of rows that are due (the claim
    adds `deliverable`); `prepare(row, now)` builds its message, or returns None when
    there is nothing to send (it may mark the row, e.g. skipped)."""

    name: str
    model: type[models.Model]
    due: Callable[[datetime], QuerySet]
    prepare: Callable[[models.Model, datetime], Prepared | None]


# --- Failures ----------------------------------------------------------------------------


def failure_of(error: BaseException) -> tuple[bool, str]:
    """(permanent, what): a 5xx answer is permanent, everything else (4xx, a refused, lost
    or timed-out connection) temporary. `what` is the SMTP code or the error's class."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes), f"SMTP {max(codes or [0])}"
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500, f"SMTP {error.smtp_code}"
    return False, type(error).__name__


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`th temporary failure: doubling, up to a ceiling."""
    seconds = settings.MAIL_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.MAIL_RETRY_MAX_SECONDS))


# --- Claim, send, mark -------------------------------------------------------------------


def claim(channel: Channel, pk: int, now: datetime | None = None):
    """The row, claimed for this worker and committed, or None if it is not due (sent,
    backing off, failed) or another worker holds it."""
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            channel.due(now)
            .filter(deliverable(now), pk=pk)
            .order_by()
            .select_for_update(skip_locked=True, of=("self",))
            .first()
        )
        if row is None:
            return None
        row.claimed_until = now + timedelta(seconds=settings.MAIL_CLAIM_SECONDS)
        row.attempts += 1
        channel.model.objects.filter(pk=pk).update(
            claimed_until=row.claimed_until, attempts=F("attempts") + 1
        )
    return row


def _update(channel: Channel, row, **fields) -> None:
    channel.model.objects.filter(pk=row.pk).update(**fields)


def release(channel: Channel, row, *, attempted: bool = False) -> None:
    """Give the row back unsent, as if it had not been claimed (an attempt that did not
    reach the server is not counted)."""
    fields = {"claimed_until": None, "queued_at": None}
    if not attempted:
        fields["attempts"] = F("attempts") - 1
    _update(channel, row, **fields)


def _failed(channel: Channel, row, error: Exception) -> None:
    permanent, what = failure_of(error)
    now = timezone.now()
    if not isinstance(error, smtplib.SMTPException | OSError):
        # Not the mail server: a fault of ours, worth its traceback (once per back-off).
        logger.exception("%s %s could not be built or sent", channel.name, row.pk)
    if not permanent and row.attempts >= settings.MAIL_MAX_ATTEMPTS:
        permanent = True
    if permanent:
        _update(channel, row, claimed_until=None, queued_at=None, failed_at=now, failure=what)
        logger.warning(
            "%s %s refused (%s) after %s attempts; not tried again",
            channel.name,
            row.pk,
            what,
            row.attempts,
        )
        return
    wait = backoff(row.attempts)
    _update(channel, row, claimed_until=None, queued_at=None, retry_at=now + wait, failure=what)
    logger.warning(
        "%s %s not delivered (%s), attempt %s; next try in %ss",
        channel.name,
        row.pk,
        what,
        row.attempts,
        int(wait.total_seconds()),
    )


def try_again(rows: QuerySet) -> int:
    """Unsent rows that were refused for good (or are waiting after a failure) are
    tried afresh by the next scan, from attempt one: for an address corrected at the
    receiving end, or a mail server that was wrongly refusing. Sent rows are left as
    they are, so nothing goes twice. Returns how many rows will be tried."""
    return (
        rows.filter(sent_at__isnull=True)
        .filter(Q(failed_at__isnull=False) | Q(retry_at__isnull=False))
        .update(failed_at=None, failure="", retry_at=None, attempts=0, queued_at=None)
    )


def _close(connection) -> None:
    try:
        connection.close()
    except Exception as error:
        logger.warning("closing the SMTP connection failed (%s)", type(error).__name__)


def _deliver_one(channel: Channel, row, connection, now: datetime | None) -> int:
    try:
        prepared = channel.prepare(row, now or timezone.now())
        if prepared is None:
            release(channel, row)
            return 0
        connection.open()  # no-op when open
        prepared.message.connection = connection
        prepared.message.send()
    except SoftTimeLimitExceeded:
        # The row returns at once (it may have reached the server: a repeat then
        # carries the same Message-ID).
        release(channel, row, attempted=True)
        raise
    except Exception as error:
        _failed(channel, row, error)
        _close(connection)
        return 0
    _update(
        channel,
        row,
        claimed_until=None,
        queued_at=None,
        retry_at=None,
        failure="",
        **prepared.sent,
    )
    return 1


def deliver(
    channel: Channel,
    ids: list[int],
    *,
    now: datetime | None = None,
    budget: float | None = None,
) -> int:
    """Send each row of `ids` that is due, one at a time, over one SMTP connection (opened
    at the first message, reopened after a failure). Stops before a message that might
    not finish within `budget` seconds (default: the mail task's soft time limit).
    Returns how many were sent."""
    budget = settings.MAIL_TASK_SOFT_TIME_LIMIT if budget is None else budget
    started = time.monotonic()
    # One message's worst case: connecting and each SMTP step within EMAIL_TIMEOUT.
    per_message = 2 * (settings.EMAIL_TIMEOUT or 30)
    sent = 0
    connection = get_connection()
    try:
        for position, pk in enumerate(ids):
            if time.monotonic() - started + per_message > budget:
                # Out of time for one more at its worst: the rest go to the next scan.
                channel.model.objects.filter(pk__in=ids[position:], sent_at__isnull=True).update(
                    queued_at=None
                )
                break
            row = claim(channel, pk, now)
            if row is not None:
                sent += _deliver_one(channel, row, connection, now)
    except SoftTimeLimitExceeded:
        # Stop the chunk here: what is left goes with the next scan.
        logger.warning("%s: soft time limit reached, chunk stopped", channel.name)
    finally:
        _close(connection)
    return sent

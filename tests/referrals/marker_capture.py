"""What the marker-value tests share: the markers in every form they could take on the
way out, the capture of every log record (every logger at DEBUG, the SQL included) and of
every cache call, and the search of what was captured: the log, the cache, the mail as
queued and as delivered, the audit rows and the timeline events."""

from __future__ import annotations

import logging
import re

import pytest
from django.core.cache import caches
from django.db import connection

from coact.models import AuditEvent, OutboxMessage
from referrals.models import ReferralEvent
from tests.factories import sent_mail
from tests.referrals.helpers import MARKERS

MORE = {
    "purpose": "Zyxmarker purpose",
    "message": "Zyxmarker message",
    "decline_note": "Zyxmarker decline note",
    "outcome_note": "Zyxmarker outcome note",
}
# What would give a client away, in the forms it could take on the way out: the
# values, the word every marker shares (in any case), and the phone and the address
# without their punctuation or URL-encoded.
NEEDLES = [
    *MARKERS.values(),
    *MORE.values(),
    "zyxmarker",
    re.sub(r"\D", "", MARKERS["client_phone"]),
    "7777%20000",
    "7777+000",
    MARKERS["client_email"].replace("@", "%40"),
]
CACHE_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "set_many",
    "delete_many",
    "has_key",
    "incr",
    "decr",
    "get_or_set",
)


def leaks(text: str) -> list[str]:
    low = str(text).lower()
    return [needle for needle in NEEDLES if needle.lower() in low]


@pytest.fixture
def cache_traffic(monkeypatch):
    """Every key (and value) that goes to or comes from any configured cache."""
    seen: list[str] = []
    for cache in caches.all():
        for name in CACHE_METHODS:
            original = getattr(cache, name)

            def recording(*args, _original=original, **kwargs):
                seen.append(repr((args, kwargs)))
                result = _original(*args, **kwargs)
                seen.append(repr(result))
                return result

            monkeypatch.setattr(cache, name, recording)
    return seen


@pytest.fixture
def every_log(caplog):
    """Every logger at DEBUG, the SQL of every query included."""
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    forced = connection.force_debug_cursor
    connection.force_debug_cursor = True
    yield caplog
    connection.force_debug_cursor = forced


def record_text(record: logging.LogRecord) -> str:
    """All a handler could write of the record: the message, its arguments, the
    exception with its traceback, and every extra attribute."""
    exception = logging.Formatter().formatException(record.exc_info) if record.exc_info else ""
    return " ".join(
        [
            record.getMessage(),
            repr(record.args),
            exception,
            str(record.exc_text or ""),
            *(repr(v) for k, v in vars(record).items() if k not in ("msg", "args")),
        ]
    )


def captured_mail() -> tuple[list[OutboxMessage], list]:
    """The mail as queued (the outbox rows) and as delivered (django.core.mail.outbox)."""
    return list(OutboxMessage.objects.all()), sent_mail()


def mail_urls(delivered) -> list[str]:
    return [url for message in delivered for url in re.findall(r"https?://\S+", message.body)]


def findings(*, records, cache_traffic, queued, delivered) -> dict:
    """Where a marker was found, by where: the log, the cache, the outbox rows, the mail
    as delivered, the links in it, the audit rows and the timeline events."""
    found: dict[str, list] = {}
    for record in records:
        if hit := leaks(record_text(record)):
            found.setdefault("log", []).append((record.name, hit))
    for call in cache_traffic:
        if hit := leaks(call):
            found.setdefault("cache", []).append(hit)
    for row in queued:
        fields = (row.key, row.message_id, row.to, row.subject, row.body, row.html)
        text = " ".join([*fields, repr(row.headers), repr(row.attachments)])
        if hit := leaks(text):
            found.setdefault("outbox", []).append((row.key, hit))
    for message in delivered:
        # The parts as written too: the raw message may hold them base64-encoded.
        parts = [content for content, _type in getattr(message, "alternatives", [])]
        raw = message.message().as_string()
        text = " ".join([raw, message.subject, message.body, *map(str, parts)])
        if hit := leaks(text + repr(message.extra_headers)):
            found.setdefault("mail", []).append((message.subject, hit))
    for url in mail_urls(delivered):
        if hit := leaks(url):
            found.setdefault("url", []).append((url, hit))
    for table in (AuditEvent, ReferralEvent):
        for row in table.objects.all():
            text = " ".join(repr(getattr(row, f.attname)) for f in table._meta.concrete_fields)
            if hit := leaks(text):
                found.setdefault(table.__name__, []).append(hit)
    return found

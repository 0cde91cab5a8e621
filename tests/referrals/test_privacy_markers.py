"""Client data never leaves the encrypted columns: referrals carrying marker values are
sent through every service path (sending, reading, answering, contact, the first
meeting, closing, messages both ways, declining, withdrawal, the reminder, escalation and
expiry scans, and the erasure), and the markers appear in no log record (every logger at
DEBUG, the SQL included), no mail (as queued and as delivered, its headers and links), no
cache key or cached value, no audit row and no timeline event."""

import logging
import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from coact.models import AuditEvent, OutboxMessage
from referrals import services
from referrals.models import Referral, ReferralEvent, State
from tests.factories import sent_mail
from tests.referrals.helpers import MARKERS, consent_data, referral_world, send

pytestmark = pytest.mark.django_db

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


def every_path(world) -> dict:
    """Every service path, with marker client data, and what each one refuses."""
    worker, handler = world["worker"], world["handler"]
    refused = []

    def refusing(call):
        try:
            call()
        except ValidationError as error:  # TransitionRefused included
            refused.append(repr(error.messages))
        else:
            raise AssertionError("expected a refusal")

    # The whole loop, read and printed by both sides, messages both ways.
    loop = send(world, consent=consent_data(purpose=MORE["purpose"]))
    for by, what in ((worker, "detail"), (handler, "detail"), (worker, "print")):
        services.referral_personal_data_read(referral=loop, by=by, what=what)
    services.referral_accept(referral=loop, by=handler)
    services.referral_contact_attempt(referral=loop, by=handler, reached=False)
    services.referral_contact_attempt(referral=loop, by=handler, reached=True)
    services.referral_message_post(referral=loop, by=worker, text=MORE["message"])
    services.referral_message_post(referral=loop, by=handler, text=MORE["message"])
    services.referral_meeting_record(referral=loop, by=handler)
    services.referral_close(
        referral=loop, by=handler, outcome="takes_part", note=MORE["outcome_note"]
    )
    refusing(lambda: services.referral_close(referral=loop, by=handler, outcome="other"))
    refusing(lambda: services.referral_message_post(referral=loop, by=worker, text=MORE["message"]))

    declined = send(world)
    services.referral_decline(
        referral=declined, by=handler, reason="other", note=MORE["decline_note"]
    )
    refusing(
        lambda: services.referral_message_post(
            referral=declined, by=worker, text=f"{MORE['message']} 131052-308T"
        )
    )

    withdrawn = send(world)
    services.referral_message_post(referral=withdrawn, by=handler, text=MORE["message"])
    services.referral_withdraw(referral=withdrawn, by=worker, method="verbal_phone")

    # Left unanswered: reminded, then the coordinator told, then expired.
    waiting = send(world)
    limits = Referral.objects.get(pk=waiting.pk)
    scans = [
        services.scan(now=limits.remind_at),
        services.scan(now=limits.escalate_at),
        services.scan(now=limits.expire_at),
    ]
    refusing(lambda: send(world, client={**MARKERS, "reason": f"{MARKERS['reason']} 131052-308T"}))

    # And the nightly erasure, once the time after the end has run out.
    erased = services.erase_due(now=timezone.now() + timedelta(days=90))
    return {
        "referrals": [loop, declined, withdrawn, waiting],
        "refused": refused,
        "scans": scans,
        "erased": erased,
    }


def test_no_marker_reaches_a_log_a_mail_a_cache_or_the_audit_log(every_log, cache_traffic):
    world = referral_world()

    done = every_path(world)

    # Every path was taken.
    states = [Referral.objects.get(pk=r.pk).state for r in done["referrals"]]
    assert states == [State.CLOSED, State.DECLINED, State.WITHDRAWN, State.EXPIRED]
    assert [scan["reminded"] for scan in done["scans"]] == [1, 0, 0]
    assert [scan["escalated"] for scan in done["scans"]] == [0, 1, 0]
    assert [scan["expired"] for scan in done["scans"]] == [0, 0, 1]
    assert done["erased"] == 3
    assert len(done["refused"]) == 4

    # What was captured is there to be searched: the guards fail if a capture broke.
    records = every_log.records
    assert any(record.name == "django.db.backends" for record in records)
    assert cache_traffic, "no cache call was recorded"
    queued = list(OutboxMessage.objects.all())
    delivered = sent_mail()
    kinds = {m.key.split("-to-")[0] for m in queued}
    assert len(kinds) >= 12
    assert len(delivered) == len(queued)
    audit = list(AuditEvent.objects.all())
    assert len(audit) >= 10

    found = {}
    for record in records:
        text = " ".join(
            [
                record.getMessage(),
                repr(record.args),
                str(record.exc_text or ""),
                *(repr(v) for k, v in vars(record).items() if k not in ("msg", "args")),
            ]
        )
        if hit := leaks(text):
            found.setdefault("log", []).append((record.name, hit))
    for key in cache_traffic:
        if hit := leaks(key):
            found.setdefault("cache", []).append(hit)
    for row in queued:
        fields = (row.key, row.message_id, row.to, row.subject, row.body, row.html)
        text = " ".join([*fields, repr(row.headers), repr(row.attachments)])
        if hit := leaks(text):
            found.setdefault("outbox", []).append((row.key, hit))
    urls = []
    for message in delivered:
        raw = message.message().as_string()
        urls += re.findall(r"https?://\S+", message.body)
        if hit := leaks(raw + repr(message.extra_headers)):
            found.setdefault("mail", []).append((message.subject, hit))
    assert urls, "the mails link to the referral"
    for url in urls:
        if hit := leaks(url):
            found.setdefault("url", []).append((url, hit))
    for table in (AuditEvent, ReferralEvent):
        for row in table.objects.all():
            text = " ".join(repr(getattr(row, f.attname)) for f in table._meta.concrete_fields)
            if hit := leaks(text):
                found.setdefault(table.__name__, []).append(hit)
    for message in done["refused"]:
        if hit := leaks(message) or "131052" in message:
            found.setdefault("refusal", []).append(hit)

    assert found == {}

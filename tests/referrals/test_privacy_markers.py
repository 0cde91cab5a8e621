"""Client data never leaves the encrypted columns: referrals carrying marker values are
sent through every service path (sending, reading, answering, contact, the first
meeting, closing, messages both ways, declining, withdrawal, the reminder, escalation and
expiry scans, and the erasure), and the markers appear in no log record (every logger at
DEBUG, the SQL included), no mail (as queued and as delivered, its headers and links), no
cache key or cached value, no audit row and no timeline event."""

# ruff: noqa: F811 - the capture fixtures, imported
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coact.models import AuditEvent
from referrals import services
from referrals.models import Referral, State
from tests.referrals.helpers import MARKERS, consent_data, referral_world, send
from tests.referrals.marker_capture import (  # noqa: F401 - fixtures
    MORE,
    cache_traffic,
    captured_mail,
    every_log,
    findings,
    leaks,
    mail_urls,
)

pytestmark = pytest.mark.django_db


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
    queued, delivered = captured_mail()
    kinds = {m.key.split("-to-")[0] for m in queued}
    assert len(kinds) >= 12
    assert len(delivered) == len(queued)
    assert mail_urls(delivered), "the mails link to the referral"
    assert AuditEvent.objects.count() >= 10

    found = findings(
        records=records, cache_traffic=cache_traffic, queued=queued, delivered=delivered
    )
    for message in done["refused"]:
        if hit := leaks(message) or "131052" in message:
            found.setdefault("refusal", []).append(hit)

    assert found == {}

"""The time limits of an unanswered referral, in Finnish working days (DESIGN.md; the
issue: 3 → the NGO is reminded, 7 → the coordinator is told, 14 → it expires and the
sender is told), over the holidays that move them; each mail once, none for an answered
referral; and two schedulers at once send one. The same scan through a real Celery worker
and beat is in tests/integration/test_referral_scan.py."""

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from coact.models import OutboxMessage
from organizations.models import Role
from referrals import services
from referrals.models import EventKind, Referral, ReferralEvent, State
from referrals.services import notify
from tests.factories import MembershipFactory, UserFactory
from tests.referrals.helpers import consent_data, referral_world, send
from tests.referrals.scenarios import clock

HELSINKI = ZoneInfo("Europe/Helsinki")
MICROSECOND = timedelta(microseconds=1)


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=HELSINKI)


# Sent at; then the moments after the 3rd, 7th and 14th working day, Helsinki time.
CALENDAR = {
    # Friday; Independence Day falls on Sunday, and Finland does not move it to Monday;
    # Christmas Eve and Christmas Day are off before the 14th day.
    "independence-day": (
        at(2026, 12, 4, 10, 0),
        at(2026, 12, 10),
        at(2026, 12, 16),
        at(2026, 12, 29),
    ),
    # The same Friday, sent at half past midnight Helsinki time: still Thursday in UTC.
    "past-midnight": (
        datetime(2026, 12, 3, 22, 30, tzinfo=UTC),
        at(2026, 12, 10),
        at(2026, 12, 16),
        at(2026, 12, 29),
    ),
    # Christmas Eve, Christmas Day and Boxing Day (a Saturday), New Year's Day, Epiphany.
    "christmas": (
        at(2026, 12, 23, 14, 0),
        at(2026, 12, 31),
        at(2027, 1, 8),
        at(2027, 1, 19),
    ),
    # Midsummer Eve (Friday) is off.
    "midsummer": (
        at(2026, 6, 17, 9, 0),
        at(2026, 6, 24),
        at(2026, 6, 30),
        at(2026, 7, 9),
    ),
    # Good Friday and Easter Monday.
    "easter": (
        at(2026, 4, 2, 16, 0),
        at(2026, 4, 10),
        at(2026, 4, 16),
        at(2026, 4, 25),
    ),
}


def send_on(world, monkeypatch, when) -> Referral:
    with clock(monkeypatch, when):
        referral = send(world, consent=consent_data(valid_until=when.date() + timedelta(days=90)))
    return Referral.objects.get(pk=referral.pk)


def mails(kind: str) -> list[str]:
    """Who was mailed about events of this kind (the outbox key names event and person)."""
    events = dict(ReferralEvent.objects.values_list("pk", "kind"))
    return sorted(
        row.to
        for row in OutboxMessage.objects.filter(key__startswith="referral-event-")
        if events[int(row.key.split("-")[2])] == kind
    )


def events(referral, kind) -> int:
    return ReferralEvent.objects.filter(referral=referral, kind=kind).count()


@pytest.mark.django_db
@pytest.mark.parametrize(("sent", "remind", "escalate", "expire"), CALENDAR.values(), ids=CALENDAR)
def test_the_limits_count_finnish_working_days(monkeypatch, sent, remind, escalate, expire):
    world = referral_world()
    admin = UserFactory(email="admin@ngo.example", preferred_language="sv")
    MembershipFactory(user=admin, organization=world["organization"], role=Role.NGO_ADMIN)
    referral = send_on(world, monkeypatch, sent)
    assert (referral.sent_at, referral.remind_at) == (sent, remind)
    assert (referral.escalate_at, referral.expire_at) == (escalate, expire)
    handlers = ["admin@ngo.example", "handler@ngo.example"]

    # Just before the 3rd working day has passed: nothing yet.
    assert services.scan(now=remind - MICROSECOND)["reminded"] == 0
    assert mails(EventKind.REMINDED) == []
    # Then the NGO's handlers are reminded, once, however often the scan runs.
    for _ in range(2):
        services.scan(now=remind)
    services.scan(now=escalate - MICROSECOND)
    assert mails(EventKind.REMINDED) == handlers
    assert mails(EventKind.ESCALATED) == []
    # After the 7th, the area's coordinator is told, once.
    for _ in range(2):
        services.scan(now=escalate)
    services.scan(now=expire - MICROSECOND)
    assert mails(EventKind.ESCALATED) == ["coord@area.example"]
    assert Referral.objects.get(pk=referral.pk).state == State.SENT
    # After the 14th, it expires and the sender is told, once.
    for _ in range(2):
        services.scan(now=expire)
    services.scan(now=expire + timedelta(days=40))

    row = Referral.objects.get(pk=referral.pk)
    assert (row.state, row.ended_at) == (State.EXPIRED, expire)
    assert mails(EventKind.EXPIRED) == ["worker@unit.example"]
    assert mails(EventKind.REMINDED) == handlers
    assert mails(EventKind.ESCALATED) == ["coord@area.example"]
    kinds = [EventKind.REMINDED, EventKind.ESCALATED, EventKind.EXPIRED]
    assert [events(referral, kind) for kind in kinds] == [1, 1, 1]


@pytest.mark.django_db
@pytest.mark.parametrize("answer", ["accept", "decline", "withdraw"])
def test_an_answered_referral_is_neither_reminded_nor_escalated_nor_expired(monkeypatch, answer):
    world = referral_world()
    sent, remind, _, expire = CALENDAR["independence-day"]
    referral = send_on(world, monkeypatch, sent)
    with clock(monkeypatch, remind - timedelta(hours=1)):
        if answer == "accept":
            services.referral_accept(referral=referral, by=world["handler"])
        elif answer == "decline":
            services.referral_decline(referral=referral, by=world["handler"], reason="area")
        else:
            services.referral_withdraw(referral=referral, by=world["worker"], method="written")
    state = Referral.objects.get(pk=referral.pk).state

    for now in (remind, expire, expire + timedelta(days=400)):
        assert services.scan(now=now) == {
            "expired": 0,
            "escalated": 0,
            "reminded": 0,
            "contact_requests_expired": 0,
        }

    assert Referral.objects.get(pk=referral.pk).state == state
    for kind in (EventKind.REMINDED, EventKind.ESCALATED, EventKind.EXPIRED):
        assert mails(kind) == []


@pytest.mark.django_db
def test_after_a_scheduler_outage_an_expired_referral_is_not_reminded_on_its_way_out(
    monkeypatch,
):
    world = referral_world()
    sent, _, _, expire = CALENDAR["christmas"]
    referral = send_on(world, monkeypatch, sent)

    done = services.scan(now=expire + timedelta(days=3))

    assert (done["expired"], done["reminded"], done["escalated"]) == (1, 0, 0)
    assert Referral.objects.get(pk=referral.pk).state == State.EXPIRED
    assert mails(EventKind.EXPIRED) == ["worker@unit.example"]
    assert mails(EventKind.REMINDED) == mails(EventKind.ESCALATED) == []


@pytest.mark.django_db
def test_after_a_shorter_outage_the_late_steps_are_taken_once_each(monkeypatch):
    world = referral_world()
    sent, _, escalate, expire = CALENDAR["easter"]
    referral = send_on(world, monkeypatch, sent)

    done = services.scan(now=escalate + timedelta(days=1))
    services.scan(now=escalate + timedelta(days=2))

    assert (done["expired"], done["escalated"], done["reminded"]) == (0, 1, 1)
    assert mails(EventKind.REMINDED) == ["handler@ngo.example"]
    assert mails(EventKind.ESCALATED) == ["coord@area.example"]
    assert Referral.objects.get(pk=referral.pk).state == State.SENT
    assert services.scan(now=expire)["expired"] == 1


@pytest.mark.django_db
def test_the_limits_are_settings(settings, monkeypatch):
    settings.REFERRAL_REMIND_WORKING_DAYS = 1
    settings.REFERRAL_ESCALATE_WORKING_DAYS = 2
    settings.REFERRAL_EXPIRE_WORKING_DAYS = 5
    world = referral_world()

    referral = send_on(world, monkeypatch, at(2026, 12, 4, 10, 0))

    assert (referral.remind_at, referral.escalate_at, referral.expire_at) == (
        at(2026, 12, 8),
        at(2026, 12, 9),
        at(2026, 12, 12),
    )


# --- Two schedulers ----------------------------------------------------------------------

REFERRALS = 12


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_send_one_reminder(reference_data, monkeypatch):
    """Two scans start together, each in its own thread with its own database connection,
    while each reminder takes a moment to queue: every handler gets one reminder of each
    referral, and each referral has one REMINDED event (then, later, one escalation)."""
    world = referral_world()
    second = UserFactory(email="second@ngo.example", preferred_language="sv")
    MembershipFactory(user=second, organization=world["organization"], role=Role.NGO_ADMIN)
    sent, remind, escalate, _ = CALENDAR["independence-day"]
    referrals = [send_on(world, monkeypatch, sent) for _ in range(REFERRALS)]
    start = threading.Barrier(2, timeout=30)
    told = notify.tell_handlers

    def slow_tell(*args, **kwargs):
        start_of_mail.set()
        threading.Event().wait(0.02)
        return told(*args, **kwargs)

    start_of_mail = threading.Event()
    monkeypatch.setattr(notify, "tell_handlers", slow_tell)
    results, errors = [], []

    def scheduler(now):
        try:
            start.wait()
            results.append(services.scan(now=now))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    for now in (remind, escalate):
        threads = [threading.Thread(target=scheduler, args=(now,)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads)
        assert errors == []

    assert start_of_mail.is_set()
    assert sum(r["reminded"] for r in results) == REFERRALS
    assert sum(r["escalated"] for r in results) == REFERRALS
    for referral in referrals:
        assert events(referral, EventKind.REMINDED) == 1
        assert events(referral, EventKind.ESCALATED) == 1
    reminders = mails(EventKind.REMINDED)
    assert len(reminders) == 2 * REFERRALS
    assert reminders.count("handler@ngo.example") == reminders.count("second@ngo.example")
    assert mails(EventKind.ESCALATED) == ["coord@area.example"] * REFERRALS


@pytest.mark.django_db
def test_a_value_no_key_opens_does_not_stop_the_other_referrals_limits(monkeypatch):
    """The scan reads no personal data: a damaged row is reminded and expired like the
    rest (its own page fails loudly when opened, coact.crypto.DecryptionError)."""
    world = referral_world()
    sent, remind, _, expire = CALENDAR["midsummer"]
    damaged, intact = (send_on(world, monkeypatch, sent) for _ in range(2))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE referrals_referral SET reason = 'fernet:damaged' WHERE id = %s", [damaged.pk]
        )

    assert services.scan(now=remind)["reminded"] == 2
    assert services.scan(now=expire)["expired"] == 2

    assert mails(EventKind.EXPIRED) == ["worker@unit.example"] * 2
    states = Referral.objects.filter(pk__in=[damaged.pk, intact.pk]).values_list("state", flat=True)
    assert set(states) == {State.EXPIRED}

"""seed_demo's referrals (referrals/demo/): one in every state a sent referral can be in,
on both sides of the demo sign-ins, with client data that is obviously invented, dated
in the past in the order things happen, the same after a second run, and no e-mail to
anyone, neither while seeding nor at the next scan."""

from datetime import datetime, timedelta
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from coact.models import AuditEvent, OutboxMessage, User
from referrals import services
from referrals.demo.loader import referral_specs
from referrals.models import (
    Consent,
    EventKind,
    Outcome,
    Referral,
    ReferralEvent,
    ReferralMessage,
    State,
)

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", stdout=StringIO())
    return callbacks


def person(email: str) -> User:
    return User.objects.get(email=email)


def test_there_is_a_referral_in_every_state_and_with_every_outcome(seeded):
    states = set(Referral.objects.values_list("state", flat=True))
    outcomes = set(Referral.objects.filter(state=State.CLOSED).values_list("outcome", flat=True))

    # A draft is never stored: sending records the consent and sends in one step.
    assert states == set(State.values) - {State.DRAFT}
    assert outcomes == set(Outcome.values)


def test_waiting_referrals_recent_reminded_and_told_to_the_coordinator(seeded):
    waiting = Referral.objects.filter(state=State.SENT)
    now = timezone.now()

    assert waiting.filter(reminded_at=None, remind_at__gt=now).exists()  # sent recently
    assert waiting.exclude(reminded_at=None).filter(escalated_at=None).exists()
    assert waiting.exclude(escalated_at=None).exists()
    expired = Referral.objects.get(state=State.EXPIRED)
    kinds = list(expired.events.values_list("kind", flat=True))
    assert kinds == [EventKind.SENT, EventKind.REMINDED, EventKind.ESCALATED, EventKind.EXPIRED]


def test_the_demo_sign_ins_see_referrals_on_both_sides(seeded):
    worker = person("unit.worker@demo.example")
    admin = person("ngo.admin@demo.example")
    coordinator = person("coordinator@demo.example")

    sent = Referral.objects.sent_from_units_of(worker)
    received = Referral.objects.received_by(admin)
    assert set(sent.values_list("state", flat=True)) == set(State.values) - {State.DRAFT}
    assert received.filter(state=State.SENT).exists()
    assert received.exclude(erased_at__isnull=False).filter(state=State.ACCEPTED).exists()
    # The second unit and NGO: the coordinator counts them, the demo sign-ins do not.
    area = Referral.objects.in_areas_of(coordinator)
    assert area.count() == Referral.objects.count() > sent.count()
    assert area.exclude(pk__in=received).exists()
    assert worker.has_perm("referrals.view_referral", sent.first())
    assert admin.has_perm("referrals.answer_referral", received.first())


def test_client_data_is_obviously_invented(seeded):
    referrals = Referral.objects.filter(erased_at=None)
    assert referrals.count() >= 8

    for referral in referrals:
        assert referral.client_name.startswith("Demo Asiakas ")
        assert referral.client_phone.startswith("+358 40 000 0")
        assert referral.client_email == "" or referral.client_email.endswith("@demo.example")
        for text in (referral.reason, referral.contact_times, referral.consent.purpose):
            assert text.startswith("Demo"), text
        for note in (referral.decline_note, referral.outcome_note):
            assert note == "" or note.startswith("Demo"), note
    assert ReferralMessage.objects.exists()
    for message in ReferralMessage.objects.all():
        assert message.text.startswith("Demo")
    for email in Referral.objects.exclude(client_email="").values_list("client_email", flat=True):
        assert email.endswith("@demo.example")


def test_times_are_in_the_past_and_in_order(seeded):
    now = timezone.now()

    for referral in Referral.objects.prefetch_related("events"):
        moments = [
            referral.sent_at,
            referral.responded_at,
            referral.first_contact_at,
            referral.met_at,
            referral.ended_at,
        ]
        reached = [moment for moment in moments if moment is not None]
        assert reached == sorted(reached), referral.pk
        assert reached[-1] < now
        events = [event.occurred_at for event in referral.events.all()]
        assert events == sorted(events)
        assert events[0] == referral.sent_at
        assert events[-1] <= now
    answered = Referral.objects.exclude(responded_at=None)
    assert all(r.responded_at > r.sent_at for r in answered)
    # They span months, so that the figures of a period have something to count.
    oldest = Referral.objects.order_by("sent_at").first().sent_at
    assert timedelta(days=90) < now - oldest < timedelta(days=365)


def test_ended_referrals_are_erased_on_time_and_a_withdrawn_one_at_once(seeded):
    withdrawn = Referral.objects.get(state=State.WITHDRAWN)
    assert withdrawn.erased_at == withdrawn.ended_at
    assert withdrawn.client_name == withdrawn.client_phone == withdrawn.reason == ""
    assert Consent.objects.get(pk=withdrawn.consent_id).withdrawn_at == withdrawn.ended_at

    limit = timezone.now() - timedelta(days=30)
    old = Referral.objects.filter(ended_at__lt=limit)
    assert old.exists()
    assert not old.filter(erased_at=None).exists()
    for referral in old:
        assert referral.client_name == ""
        assert not referral.messages.exists()
        assert referral.events.filter(kind=EventKind.ERASED).exists()
    assert Referral.objects.filter(ended_at__gt=limit, erased_at=None).exists()


def test_seeding_sends_no_mail_and_leaves_the_scan_nothing_to_do(seeded):
    assert seeded == []
    assert OutboxMessage.objects.count() == 0

    assert services.scan() == {
        "expired": 0,
        "escalated": 0,
        "reminded": 0,
        "contact_requests_expired": 0,
    }
    assert services.erase_due() == 0
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def counts() -> dict:
    return {
        "referrals": Referral.objects.count(),
        "consents": Consent.objects.count(),
        "events": ReferralEvent.objects.count(),
        "messages": ReferralMessage.objects.count(),
        "states": sorted(Referral.objects.values_list("pk", "state")),
        "audit": AuditEvent.objects.filter(object_type="referrals.referral").count(),
        "memberships": sorted(
            User.objects.filter(memberships__isnull=False).values_list("email", "memberships__role")
        ),
    }


def test_running_it_twice_gives_the_same_referrals():
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    out = StringIO()

    call_command("seed_demo", stdout=out)

    assert counts() == first
    assert first["referrals"] == len(referral_specs())
    assert "(0 new)" in out.getvalue()


def test_a_referral_deleted_since_is_seeded_again():
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    gone = Referral.objects.get(state=State.MET)
    gone.events.all().delete()
    gone.messages.all().delete()
    gone.delete()

    call_command("seed_demo", stdout=StringIO())

    assert Referral.objects.filter(state=State.MET).count() == 1
    assert Referral.objects.count() == first["referrals"]


def test_the_demo_numbers_are_unique():
    specs = referral_specs()

    assert len({spec["key"] for spec in specs}) == len(specs)
    assert [spec["number"] for spec in specs] == list(range(1, len(specs) + 1))
    assert all(spec["reason"].startswith("Demo") for spec in specs)


@pytest.mark.parametrize(
    "moment",
    [
        # Just after midnight after Easter, and after Christmas: the fewest hours since
        # the last working days, and holidays in between.
        datetime(2026, 4, 7, 0, 5, tzinfo=HELSINKI),
        datetime(2026, 12, 28, 0, 10, tzinfo=HELSINKI),
    ],
)
def test_the_demo_fits_any_day_it_is_seeded_on(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("seed_demo", stdout=StringIO())

    states = set(Referral.objects.values_list("state", flat=True))
    assert states == set(State.values) - {State.DRAFT}
    assert not Referral.objects.filter(sent_at__gte=moment).exists()
    assert not ReferralEvent.objects.filter(occurred_at__gt=moment).exists()

"""The one transition table (referrals/services/transitions.py), whole: every action from
every state, through the service a page calls, is done exactly when the table allows it
and otherwise refused in the reader's language, with nothing changed; the figures' times
are stamped once; and each service checks that the person is on the side that may act."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from coact.models import OutboxMessage
from referrals import services
from referrals.models import (
    ENDED_STATES,
    EventKind,
    Referral,
    ReferralEvent,
    ReferralMessage,
    State,
)
from referrals.services import MOVES, TransitionRefused, transition
from tests.referrals.helpers import client_data, consent_data, referral_world, send
from tests.referrals.scenarios import act, everyone, referral_in

pytestmark = pytest.mark.django_db

# DESIGN.md: draft → sent → accepted → contacted → met → closed, with declined (by the
# NGO), withdrawn (by the sender, at any point before the end) and expired (no answer).
OPEN = {State.SENT, State.ACCEPTED, State.CONTACTED, State.MET}
EXPECTED = {
    "send": ({State.DRAFT}, State.SENT),
    "accept": ({State.SENT}, State.ACCEPTED),
    "decline": ({State.SENT}, State.DECLINED),
    "contact": ({State.ACCEPTED}, State.CONTACTED),
    "meet": ({State.ACCEPTED, State.CONTACTED}, State.MET),
    "close": ({State.ACCEPTED, State.CONTACTED, State.MET}, State.CLOSED),
    "withdraw": ({State.DRAFT} | OPEN, State.WITHDRAWN),
    "expire": ({State.SENT}, State.EXPIRED),
}
HANDLER_ACTIONS = ("accept", "decline", "contact", "meet", "close")
EVERY = [(action, state) for action in MOVES for state in State.values]


def test_the_table_is_the_one_of_the_design():
    assert {name: (set(move.sources), move.target) for name, move in MOVES.items()} == EXPECTED


# The refusals that are not the table's own.
ATTEMPT_REFUSED = "Tries to reach the client are recorded for an accepted referral only."
MESSAGE_REFUSED = "Messages can be sent only while the referral is open."


def assert_refusal_in_every_language(error: TransitionRefused, msgid) -> None:
    """The refusal says the action's own sentence, rendered in the reader's language
    when it is shown (test_every_refusal_has_finnish_and_swedish checks the sentences
    are in the catalogues)."""
    assert error.code == "transition"
    for language in ("en", "fi", "sv"):
        with translation.override(language):
            assert error.messages == [gettext(source(msgid))], language


def source(text) -> str:
    """The msgid of a lazy translation (or of a plain string)."""
    with translation.override(None):
        return str(text)


def test_every_refusal_has_finnish_and_swedish():
    """A catalogue without the sentence would show Finnish and Swedish readers English."""
    untranslated = []
    for msgid in [
        *(source(move.refused) for move in MOVES.values()),
        ATTEMPT_REFUSED,
        MESSAGE_REFUSED,
    ]:
        for language in ("fi", "sv"):
            with translation.override(language):
                if gettext(msgid) == msgid or not gettext(msgid).strip():
                    untranslated.append((language, msgid))
    assert untranslated == []


def snapshot(referral: Referral) -> tuple:
    row = Referral.objects.get(pk=referral.pk)
    return (
        row.state,
        row.sent_at,
        row.responded_at,
        row.first_contact_at,
        row.met_at,
        row.ended_at,
        row.erased_at,
        ReferralEvent.objects.filter(referral=referral).count(),
        OutboxMessage.objects.count(),
    )


def locked_transition(referral: Referral, action: str, **kwargs):
    """transition() as a service calls it: in a transaction, on the locked row."""
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        return transition(locked, action, **kwargs)


@pytest.mark.parametrize(("action", "state"), EVERY)
def test_the_table_moves_from_its_sources_and_refuses_the_rest(action, state):
    """transition() itself, for every action (the scan's "expire" and the form's "send"
    included) from every state, in the service's own transaction and lock."""
    world = referral_world()
    referral = referral_in(world, state)
    move = MOVES[action]
    before = snapshot(referral)

    if state in move.sources:
        event = locked_transition(referral, action, by=world["worker"])
        row = Referral.objects.get(pk=referral.pk)
        assert row.state == move.target
        assert (event.kind, event.from_state, event.to_state) == (move.event, state, move.target)
    else:
        with pytest.raises(TransitionRefused) as refused:
            locked_transition(referral, action, by=world["worker"])
        assert_refusal_in_every_language(refused.value, move.refused)
        assert snapshot(referral) == before


@pytest.mark.parametrize(
    ("action", "state"),
    [
        (action, state)
        for action, state in EVERY
        if action not in ("send", "expire")
        and not (action in HANDLER_ACTIONS and state == State.DRAFT)
        # After the end a withdrawal erases without a move: test_withdrawal_after_the_end.
        and not (action == "withdraw" and state in ENDED_STATES)
    ],
)
def test_each_service_does_what_the_table_allows_and_refuses_the_rest(action, state):
    world = referral_world()
    referral = referral_in(world, state)
    move = MOVES[action]
    before = snapshot(referral)

    if state in move.sources:
        act(world, referral, action)
        row = Referral.objects.get(pk=referral.pk)
        assert row.state == move.target
        last = ReferralEvent.objects.filter(referral=referral).exclude(kind=EventKind.ERASED)
        assert (last.last().from_state, last.last().to_state) == (state, move.target)
    else:
        with pytest.raises(TransitionRefused) as refused:
            act(world, referral, action)
        assert_refusal_in_every_language(refused.value, move.refused)
        assert snapshot(referral) == before


@pytest.mark.parametrize("action", HANDLER_ACTIONS)
def test_the_ngo_cannot_act_on_a_draft_it_cannot_see(action):
    world = referral_world()
    referral = referral_in(world, State.DRAFT)

    with pytest.raises(PermissionDenied):
        act(world, referral, action)

    assert Referral.objects.get(pk=referral.pk).state == State.DRAFT


@pytest.mark.parametrize("state", State.values)
def test_the_scan_expires_only_what_waits_for_an_answer(state):
    world = referral_world()
    referral = referral_in(world, state)
    later = timezone.now() + timedelta(days=60)

    services.scan(now=later)

    expected = State.EXPIRED if state == State.SENT else state
    assert Referral.objects.get(pk=referral.pk).state == expected


@pytest.mark.parametrize("state", State.values)
def test_a_try_that_did_not_reach_the_client_is_recorded_while_accepted_only(state):
    world = referral_world()
    referral = referral_in(world, state)
    if state == State.DRAFT:
        with pytest.raises(PermissionDenied):
            services.referral_contact_attempt(referral=referral, by=world["handler"], reached=False)
        return

    if state == State.ACCEPTED:
        services.referral_contact_attempt(referral=referral, by=world["handler"], reached=False)
        row = Referral.objects.get(pk=referral.pk)
        assert (row.state, row.first_contact_at) == (State.ACCEPTED, None)
        assert referral.events.filter(kind=EventKind.CONTACT_ATTEMPT).count() == 1
    else:
        before = snapshot(referral)
        with pytest.raises(TransitionRefused) as refused:
            services.referral_contact_attempt(referral=referral, by=world["handler"], reached=False)
        assert_refusal_in_every_language(refused.value, ATTEMPT_REFUSED)
        assert snapshot(referral) == before


@pytest.mark.parametrize("state", [s for s in State.values if s != State.DRAFT])
def test_messages_are_exchanged_while_the_referral_is_open_only(state):
    world = referral_world()
    referral = referral_in(world, state)

    if state in OPEN:
        services.referral_message_post(referral=referral, by=world["worker"], text="Hei")
        services.referral_message_post(referral=referral, by=world["handler"], text="Moi")
        assert ReferralMessage.objects.filter(referral=referral).count() == 2
    else:
        before = snapshot(referral)
        with pytest.raises(TransitionRefused) as refused:
            services.referral_message_post(referral=referral, by=world["worker"], text="Hei")
        assert_refusal_in_every_language(refused.value, MESSAGE_REFUSED)
        assert snapshot(referral) == before


# --- The figures' times ------------------------------------------------------------------


def stamps(referral: Referral) -> dict:
    row = Referral.objects.get(pk=referral.pk)
    names = ("sent_at", "responded_at", "first_contact_at", "met_at", "ended_at")
    return {name: getattr(row, name) for name in names}


def test_each_time_is_stamped_when_first_reached_and_never_again():
    world = referral_world()
    referral = send(world)
    sent = stamps(referral)
    assert sent["sent_at"] is not None
    assert [v for k, v in sent.items() if k != "sent_at"] == [None] * 4

    services.referral_accept(referral=referral, by=world["handler"])
    accepted = stamps(referral)
    assert accepted["sent_at"] == sent["sent_at"]
    assert accepted["responded_at"] >= sent["sent_at"]

    reached = timezone.now() + timedelta(hours=2)
    services.referral_contact_attempt(
        referral=referral, by=world["handler"], reached=True, at=reached
    )
    contacted = stamps(referral)
    assert contacted["first_contact_at"] == reached

    met = timezone.now() + timedelta(days=2)
    services.referral_meeting_record(referral=referral, by=world["handler"], at=met)
    after_meeting = stamps(referral)
    # The meeting does not move the first contact: that was two hours in.
    assert after_meeting["first_contact_at"] == reached
    assert after_meeting["met_at"] == met

    services.referral_close(referral=referral, by=world["handler"], outcome="takes_part")
    closed = stamps(referral)
    assert closed["ended_at"] is not None
    assert {k: closed[k] for k in ("sent_at", "responded_at", "first_contact_at", "met_at")} == {
        k: after_meeting[k] for k in ("sent_at", "responded_at", "first_contact_at", "met_at")
    }
    kinds = list(referral.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["sent", "accepted", "contacted", "met", "closed"]


def test_a_meeting_without_a_recorded_contact_is_the_first_contact_too():
    world = referral_world()
    referral = send(world)
    services.referral_accept(referral=referral, by=world["handler"])
    met = timezone.now() + timedelta(days=1)

    services.referral_meeting_record(referral=referral, by=world["handler"], at=met)

    assert stamps(referral)["first_contact_at"] == stamps(referral)["met_at"] == met


def test_declining_is_the_answer_and_the_end():
    world = referral_world()
    referral = send(world)

    services.referral_decline(referral=referral, by=world["handler"], reason="language")

    row = Referral.objects.get(pk=referral.pk)
    assert row.responded_at is not None
    assert row.ended_at == row.responded_at
    assert row.decline_reason == "language"
    assert row.events.get(kind=EventKind.DECLINED).code == "language"


def test_a_repeated_stamp_is_not_overwritten():
    """A stamp already set (here the first contact, before a meeting) stays as it was,
    whatever the later move's time."""
    world = referral_world()
    referral = referral_in(world, State.CONTACTED)
    first = Referral.objects.get(pk=referral.pk).first_contact_at

    locked_transition(referral, "meet", by=world["handler"], now=first + timedelta(days=5))

    assert Referral.objects.get(pk=referral.pk).first_contact_at == first


# --- Each side ---------------------------------------------------------------------------

SENDER_SIDE = {"unit_staff", "unit_lead"}
HANDLER_SIDE = {"handler", "ngo_admin"}


def refused_people(people: dict, side: set) -> list[str]:
    return sorted(name for name in people if name not in side)


@pytest.mark.parametrize("action", HANDLER_ACTIONS)
def test_only_the_ngos_handlers_answer(action):
    """The sender, an NGO member without the handler role, another NGO's handler, another
    unit's staff, the coordinators and a platform admin are all refused, and nothing
    changes; the handler and the NGO's admin may."""
    world = referral_world()
    people = everyone(world)
    state = State.SENT if action in ("accept", "decline") else State.ACCEPTED
    for name in refused_people(people, HANDLER_SIDE):
        referral = referral_in(world, state)
        before = snapshot(referral)
        with pytest.raises(PermissionDenied):
            act(world, referral, action, by=people[name])
        assert snapshot(referral) == before, name
    for name in sorted(HANDLER_SIDE):
        referral = referral_in(world, state)
        act(world, referral, action, by=people[name])
        assert Referral.objects.get(pk=referral.pk).state == MOVES[action].target, name


def test_only_the_sending_unit_withdraws():
    world = referral_world()
    people = everyone(world)
    for name in refused_people(people, SENDER_SIDE):
        referral = referral_in(world, State.ACCEPTED)
        before = snapshot(referral)
        with pytest.raises(PermissionDenied):
            act(world, referral, "withdraw", by=people[name])
        assert snapshot(referral) == before, name
    for name in sorted(SENDER_SIDE):
        referral = referral_in(world, State.ACCEPTED)
        act(world, referral, "withdraw", by=people[name])
        assert Referral.objects.get(pk=referral.pk).state == State.WITHDRAWN, name


@pytest.mark.parametrize("state", [State.SENT, State.CLOSED])
def test_only_the_two_sides_exchange_messages(state):
    """Someone outside is refused whatever the referral's state or the text: the refusal
    tells them nothing about the referral."""
    world = referral_world()
    people = everyone(world)
    referral = referral_in(world, state)
    before = snapshot(referral)
    for name in refused_people(people, SENDER_SIDE | HANDLER_SIDE):
        for text in ("Hei", "", "131052-308T"):
            with pytest.raises(PermissionDenied):
                services.referral_message_post(referral=referral, by=people[name], text=text)
    assert snapshot(referral) == before


def test_only_the_units_own_staff_send_from_it():
    world = referral_world()
    people = everyone(world)

    def send_as(user):
        return services.referral_send(
            unit=world["unit"],
            organization=world["organization"],
            by=user,
            consent=consent_data(),
            client=client_data(),
        )

    for name in refused_people(people, SENDER_SIDE):
        with pytest.raises(PermissionDenied):
            send_as(people[name])
    assert Referral.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    send_as(people["unit_lead"])
    assert Referral.objects.count() == 1

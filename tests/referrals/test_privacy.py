"""Client data at rest: encrypted in every personal column (what a database dump or a
backup shows), re-encrypted with a new key, never shown as ciphertext when no key opens
it, and gone from the rows when the client withdraws or the time after the end has run
out, leaving the anonymous trail. The henkilötunnus check is in test_identity_codes.py,
and the marker test of every path in test_privacy_markers.py."""

from datetime import timedelta
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from coact.crypto import PREFIX, DecryptionError
from coact.models import AuditEvent
from referrals import services
from referrals.models import (
    Consent,
    ContactRequest,
    EventKind,
    Referral,
    ReferralEvent,
    ReferralMessage,
    State,
)
from tests.referrals.helpers import MARKERS, consent_data, referral_world, send
from tests.referrals.scenarios import referral_in

# The themes come from a data migration, which a transactional test elsewhere may flush.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

OLD_KEY = "AIj0FVD2iyt3JW-i8QW3tnHkMLamy8K9SODmdY01cAo="  # coact/settings/test.py
PURPOSE = "Zyxmarker purpose of the referral"
NOTE = "Zyxmarker note of the handler"
MESSAGE = "Zyxmarker message between the sides"
PLAINTEXTS = [*MARKERS.values(), PURPOSE, NOTE, MESSAGE]
PERSONAL = {
    "referrals_referral": [
        "client_name",
        "client_phone",
        "client_email",
        "contact_times",
        "reason",
        "decline_note",
        "outcome_note",
    ],
    "referrals_consent": ["purpose"],
    "referrals_referralmessage": ["text"],
    "referrals_contactrequest": [
        "client_name",
        "client_phone",
        "client_email",
        "contact_times",
        "reason",
        "answer",
    ],
}


def raw_rows(table: str) -> list[tuple]:
    """Every row of `table` as the database holds it (no model field in between)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
        return cursor.fetchall()


def raw_values(table: str, column: str, pk: int | None = None) -> list[str]:
    quote = connection.ops.quote_name
    sql = f"SELECT {quote(column)} FROM {quote(table)}"  # noqa: S608 - names from the test
    params = []
    if pk is not None:
        sql += " WHERE id = %s"
        params = [pk]
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY id", params)
        return [row[0] for row in cursor.fetchall()]


def a_request_with_markers(world) -> ContactRequest:
    consent = Consent.objects.create(
        service_unit=world["unit"],
        purpose=PURPOSE,
        categories=["name", "phone"],
        method="written",
        language="fi",
        valid_until=consent_data()["valid_until"],
    )
    return ContactRequest.objects.create(
        organization=world["organization"],
        service_unit=world["unit"],
        consent=consent,
        answer=NOTE,
        **MARKERS,
    )


@pytest.fixture
def stored(db):
    """A referral with every personal field, a declined one with a note, a closed one with
    a note, messages both ways and a contact request."""
    world = referral_world()
    full = send(world, consent=consent_data(purpose=PURPOSE))
    services.referral_message_post(referral=full, by=world["worker"], text=MESSAGE)
    services.referral_message_post(referral=full, by=world["handler"], text=MESSAGE)
    declined = send(world)
    services.referral_decline(referral=declined, by=world["handler"], reason="other", note=NOTE)
    closed = referral_in(world, State.MET)
    services.referral_close(referral=closed, by=world["handler"], outcome="other", note=NOTE)
    request = a_request_with_markers(world)
    return {**world, "full": full, "declined": declined, "closed": closed, "request": request}


# --- At rest -----------------------------------------------------------------------------


def test_no_personal_value_is_stored_in_plain_text(stored):
    for table in PERSONAL:
        dump = repr(raw_rows(table))
        for plaintext in PLAINTEXTS:
            assert plaintext not in dump, (table, plaintext)


def test_every_personal_column_holds_a_fernet_token_or_nothing(stored):
    filled = 0
    for table, columns in PERSONAL.items():
        for column in columns:
            for value in raw_values(table, column):
                assert value == "" or value.startswith(PREFIX), (table, column)
                filled += bool(value)
    # 5 client fields in 3 referrals, 2 notes, 3 purposes and 2 messages, the request's 6
    assert filled == 15 + 2 + 4 + 2 + 6


def test_the_same_value_is_stored_differently_each_time(stored):
    """Fernet tokens carry a random IV: equal values cannot be matched across rows."""
    phones = raw_values("referrals_referral", "client_phone")
    assert len(phones) == 3
    assert len(set(phones)) == 3


def test_the_portal_reads_back_what_was_stored(stored):
    full = Referral.objects.get(pk=stored["full"].pk)
    assert {field: getattr(full, field) for field in MARKERS} == MARKERS
    assert full.consent.purpose == PURPOSE
    assert [m.text for m in full.messages.all()] == [MESSAGE, MESSAGE]
    assert Referral.objects.get(pk=stored["declined"].pk).decline_note == NOTE
    assert Referral.objects.get(pk=stored["closed"].pk).outcome_note == NOTE


# --- A value no key opens ----------------------------------------------------------------


def put_raw(table: str, column: str, pk: int, value: str) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608
            [value, pk],
        )


FOREIGN_TOKEN = PREFIX + Fernet(Fernet.generate_key()).encrypt(b"Zyxmarker foreign").decode()


@pytest.mark.parametrize(
    "stored_value",
    [
        pytest.param(FOREIGN_TOKEN, id="encrypted-with-an-unknown-key"),
        pytest.param(PREFIX + "not-a-token", id="damaged"),
        pytest.param("Zyxmarker written around the portal", id="plain-text"),
    ],
)
def test_a_value_no_key_opens_fails_loudly_and_is_never_shown(stored, stored_value):
    pk = stored["full"].pk
    put_raw("referrals_referral", "reason", pk, stored_value)

    for load in (
        lambda: Referral.objects.get(pk=pk),
        lambda: list(Referral.objects.filter(pk=pk).values_list("reason", flat=True)),
        lambda: Referral.objects.filter(pk=pk).values("reason")[0],
    ):
        with pytest.raises(DecryptionError) as error:
            load()
        assert stored_value not in str(error.value)
        assert "Zyxmarker" not in str(error.value)

    # What does not read the column still works (the erasure needs no plaintext)...
    assert Referral.objects.only("pk", "state").get(pk=pk).state == State.SENT
    # ...and nothing writes over the value it could not read.
    assert raw_values("referrals_referral", "reason", pk) == [stored_value]


def test_the_erasure_empties_a_value_it_cannot_read(stored):
    pk = stored["full"].pk
    put_raw("referrals_referral", "reason", pk, FOREIGN_TOKEN)

    services.erase_due(now=timezone.now())  # not ended: nothing happens
    assert raw_values("referrals_referral", "reason", pk) == [FOREIGN_TOKEN]

    Referral.objects.filter(pk=pk).update(
        state=State.CLOSED, ended_at=timezone.now() - timedelta(days=31)
    )
    services.erase_due()
    assert raw_values("referrals_referral", "reason", pk) == [""]


def test_a_client_can_withdraw_even_when_a_value_cannot_be_read(stored):
    """Withdrawal must stay as easy as consent: a damaged value does not stop it, and it
    is erased with the rest."""
    referral = stored["full"]
    put_raw("referrals_referral", "reason", referral.pk, FOREIGN_TOKEN)

    services.referral_withdraw(referral=referral, by=stored["worker"], method="written")

    assert_erased(referral)
    assert Referral.objects.get(pk=referral.pk).state == State.WITHDRAWN


# --- Key rotation ------------------------------------------------------------------------


def all_raw_values() -> dict:
    return {
        (table, column): raw_values(table, column)
        for table, columns in PERSONAL.items()
        for column in columns
    }


def readable() -> list:
    """Everything personal, through the models."""
    return [
        *[
            (r.client_name, r.reason, r.decline_note, r.outcome_note)
            for r in Referral.objects.order_by("pk")
        ],
        *[c.purpose for c in Consent.objects.order_by("pk")],
        *[m.text for m in ReferralMessage.objects.order_by("pk")],
        *[(r.client_name, r.answer) for r in ContactRequest.objects.order_by("pk")],
    ]


def test_rotation_re_encrypts_every_row_with_the_new_key(stored, settings):
    new_key = Fernet.generate_key().decode()
    before_values, before_plain = all_raw_values(), readable()
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    with pytest.raises(DecryptionError):
        readable()  # the new key alone opens nothing yet

    settings.FIELD_ENCRYPTION_KEYS = [new_key, OLD_KEY]
    call_command("rotate_encryption_keys", stdout=StringIO())

    after = all_raw_values()
    for place, values in after.items():
        for old, new in zip(before_values[place], values, strict=True):
            assert (old == "") == (new == ""), place
            assert old == "" or (new != old and new.startswith(PREFIX)), place
    assert readable() == before_plain
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key removed
    assert readable() == before_plain
    for plaintext in PLAINTEXTS:
        assert all(plaintext not in repr(raw_rows(table)) for table in PERSONAL)


def test_rotation_stops_at_a_value_no_key_opens_and_writes_nothing_of_its_batch(stored, settings):
    pk = stored["declined"].pk
    put_raw("referrals_referral", "client_email", pk, FOREIGN_TOKEN)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), OLD_KEY]
    before = {
        column: raw_values("referrals_referral", column)
        for column in PERSONAL["referrals_referral"]
    }

    with pytest.raises(CommandError) as error:
        call_command("rotate_encryption_keys", stdout=StringIO())

    assert f"referrals.Referral {pk}" in str(error.value)
    assert FOREIGN_TOKEN not in str(error.value)
    assert "Zyxmarker" not in str(error.value)
    after = {
        column: raw_values("referrals_referral", column)
        for column in PERSONAL["referrals_referral"]
    }
    assert after == before


def test_rotation_refuses_a_plain_value_rather_than_encrypting_it(stored, settings):
    """A value written around the portal without the prefix is not a token of ours:
    rotation must not launder it into one."""
    pk = stored["full"].pk
    plain = Fernet(OLD_KEY.encode()).encrypt(b"Zyxmarker unprefixed").decode()
    put_raw("referrals_referral", "reason", pk, plain)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), OLD_KEY]

    with pytest.raises(CommandError):
        call_command("rotate_encryption_keys", stdout=StringIO())

    assert raw_values("referrals_referral", "reason", pk) == [plain]


# --- Erasure -----------------------------------------------------------------------------


def trail(referral: Referral) -> dict:
    row = Referral.objects.get(pk=referral.pk)
    return {
        "state": row.state,
        "outcome": row.outcome,
        "decline_reason": row.decline_reason,
        "sent_at": row.sent_at,
        "responded_at": row.responded_at,
        "first_contact_at": row.first_contact_at,
        "met_at": row.met_at,
        "client_languages": row.client_languages,
        "interpreter_needed": row.interpreter_needed,
        "themes": sorted(row.themes.values_list("pk", flat=True)),
        "consent": (row.consent.method, row.consent.language, row.consent.recorded_at),
        "events": list(
            ReferralEvent.objects.filter(referral=row)
            .order_by("pk")
            .values_list("kind", "from_state", "to_state", "code", "occurred_at")
        ),
    }


def assert_erased(referral: Referral) -> None:
    """On the raw rows: every personal column empty, the messages gone."""
    for column in PERSONAL["referrals_referral"]:
        assert raw_values("referrals_referral", column, referral.pk) == [""], column
    assert raw_values("referrals_consent", "purpose", referral.consent_id) == [""]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM referrals_referralmessage WHERE referral_id = %s", [referral.pk]
        )
        assert cursor.fetchone() == (0,)
    assert Referral.objects.get(pk=referral.pk).erased_at is not None


def test_withdrawal_erases_the_personal_data_at_once_and_keeps_the_trail(stored):
    referral = stored["full"]
    services.referral_accept(referral=referral, by=stored["handler"])
    kept = trail(referral)
    assert kept["themes"]
    assert kept["client_languages"] == ["so", "fi"]

    services.referral_withdraw(referral=referral, by=stored["worker"], method="verbal_phone")

    assert_erased(referral)
    after = trail(referral)
    assert after["state"] == State.WITHDRAWN
    assert {k: after[k] for k in kept if k not in ("state", "events")} == {
        k: kept[k] for k in kept if k not in ("state", "events")
    }
    assert after["events"][: len(kept["events"])] == kept["events"]
    assert [e[0] for e in after["events"][len(kept["events"]) :]] == ["withdrawn", "erased"]
    consent = Consent.objects.get(pk=referral.consent_id)
    assert (consent.withdrawn_at, consent.withdrawal_method) == (
        Referral.objects.get(pk=referral.pk).ended_at,
        "verbal_phone",
    )
    # The other referrals keep theirs.
    assert Referral.objects.get(pk=stored["declined"].pk).client_name == MARKERS["client_name"]
    assert AuditEvent.objects.filter(object_id=str(referral.pk), details__what="erased").exists()


@pytest.mark.parametrize("state", [State.CLOSED, State.DECLINED, State.EXPIRED])
def test_an_ended_referral_is_erased_once_its_time_has_run_out(settings, state):
    world = referral_world()
    referral = referral_in(world, state)
    ended = Referral.objects.get(pk=referral.pk).ended_at
    kept = trail(referral)
    days = settings.REFERRAL_ERASE_AFTER_DAYS
    assert days == 30

    assert services.erase_due(now=ended + timedelta(days=days) - timedelta(minutes=1)) == 0
    assert Referral.objects.get(pk=referral.pk).client_phone == MARKERS["client_phone"]

    assert services.erase_due(now=ended + timedelta(days=days)) == 1

    assert_erased(referral)
    after = trail(referral)
    assert {k: v for k, v in after.items() if k != "events"} == {
        k: v for k, v in kept.items() if k != "events"
    }
    assert [e[0] for e in after["events"]] == [*(e[0] for e in kept["events"]), "erased"]
    assert services.erase_due(now=ended + timedelta(days=days + 1)) == 0  # once


def test_the_erase_time_is_a_setting(settings):
    world = referral_world()
    referral = referral_in(world, State.DECLINED)
    ended = Referral.objects.get(pk=referral.pk).ended_at
    settings.REFERRAL_ERASE_AFTER_DAYS = 7

    assert services.erase_due(now=ended + timedelta(days=7)) == 1
    assert_erased(referral)


@pytest.mark.parametrize("state", [State.SENT, State.ACCEPTED, State.CONTACTED, State.MET])
def test_an_open_referral_is_never_erased_by_time(state):
    world = referral_world()
    referral = referral_in(world, state)
    services.referral_message_post(referral=referral, by=world["handler"], text=MESSAGE)

    assert services.erase_due(now=timezone.now() + timedelta(days=3650)) == 0

    row = Referral.objects.get(pk=referral.pk)
    assert (row.client_phone, row.erased_at) == (MARKERS["client_phone"], None)
    assert row.messages.count() == 1


def test_the_messages_are_erased_with_the_referral():
    world = referral_world()
    referral = referral_in(world, State.MET)
    services.referral_message_post(referral=referral, by=world["handler"], text=MESSAGE)
    services.referral_close(referral=referral, by=world["handler"], outcome="takes_part")
    ended = Referral.objects.get(pk=referral.pk).ended_at

    services.erase_due(now=ended + timedelta(days=30))

    assert_erased(referral)
    assert referral.events.filter(kind=EventKind.MESSAGE).count() == 1  # the trail says so


def test_a_contact_request_is_erased_on_the_raw_rows_too():
    world = referral_world()
    request = a_request_with_markers(world)
    ContactRequest.objects.filter(pk=request.pk).update(
        state="closed", ended_at=timezone.now() - timedelta(days=30)
    )

    assert services.erase_due() == 1

    for column in PERSONAL["referrals_contactrequest"]:
        assert raw_values("referrals_contactrequest", column, request.pk) == [""], column
    assert raw_values("referrals_consent", "purpose", request.consent_id) == [""]
    assert request.events.filter(kind=EventKind.ERASED).count() == 1

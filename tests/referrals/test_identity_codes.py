"""No henkilötunnus anywhere (DESIGN.md): coact/identity_codes.py finds a valid Finnish
personal identity code in free text however it is typed, leaves alone what only looks
like one (a wrong control character, a phone number, a business id), and every referral
service refuses free text holding one, naming the field and never repeating the code."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coact.identity_codes import find_identity_codes, reject_identity_codes
from coact.models import AuditEvent, OutboxMessage
from referrals import services
from referrals.models import Referral, ReferralMessage, State
from tests.referrals.helpers import client_data, consent_data, referral_world, send
from tests.referrals.scenarios import referral_in

CONTROL = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def code(birth: str, sign: str, individual: str) -> str:
    """A valid code, its control character computed here (not by the code under test):
    the nine digits modulo 31 in the table of the Population Information Act."""
    return f"{birth}{sign}{individual}{CONTROL[int(birth + individual) % 31]}"


VALID = [
    code("131052", "-", "308"),  # the example of the Digital and Population Data Services
    *(code("131052", sign, "308") for sign in "YXWVU"),  # the 1900s, since 2023
    code("010190", "+", "123"),  # the 1800s
    *(code("010101", sign, "123") for sign in "ABCDEF"),  # the 2000s
    code("290200", "A", "101"),  # a leap day
    code("131052", "-", "908"),  # a temporary code, 900 to 999
    code("311299", "-", "999"),
]


@pytest.mark.parametrize("valid", VALID)
def test_a_valid_code_is_found(valid):
    assert find_identity_codes(valid) == [valid]


@pytest.mark.parametrize(
    "typed",
    [
        "131052-308t",  # lower case
        "010101a123n",
        "131052 -308T",  # spaces, as people type them
        "131052- 308 T",
        "131052\u2013308T",  # the dashes a word processor or a phone puts for "-"
        "131052\u2011308T",
        "131052\u2212308T",
        "Asiakkaan hetu on 131052-308T, soittakaa iltaisin.",
        "(131052-308T)",
        "hetu:131052-308T.",
        "131052-308T\nja puoliso 010101A123N",
    ],
)
def test_a_code_is_found_however_it_is_typed(typed):
    assert find_identity_codes(typed)
    with pytest.raises(ValidationError):
        reject_identity_codes(typed)


def test_every_code_in_a_text_is_found():
    assert find_identity_codes("131052-308T ja 010101A123N") == ["131052-308T", "010101A123N"]


@pytest.mark.parametrize(
    "text",
    [
        "131052-308U",  # a wrong control character
        "131052-308S",
        "131052G308T",  # no such century sign
        "321352-308T",  # no such date
        "290201A101K",  # no 29 February in 2001
        "+358 40 7777 000",  # phone numbers
        "040 123 4567",
        "040-1234567",
        "0401234567",
        "+358401234567",
        "2617416-4",  # business ids (Y-tunnus)
        "Y-tunnus 0112038-9",
        "FI21 1234 5600 0007 85",  # a bank account
        "Tapaaminen 13.10.1952 klo 10",
        "1131052-308T",  # part of a longer number
        "131052-308TX",  # part of a longer word
        "",
    ],
)
def test_what_only_looks_like_a_code_is_not_refused(text):
    assert find_identity_codes(text) == []
    reject_identity_codes(text)


def test_the_refusal_explains_and_never_repeats_the_code():
    with pytest.raises(ValidationError) as error:
        reject_identity_codes("Asiakas 131052-308T")

    assert error.value.code == "identity_code"
    # Named in the words a reader knows it by.
    for language, term in (("en", "henkilötunnus"), ("fi", "henkilötunnus"), ("sv", "personbet")):
        with translation.override(language):
            text = " ".join(error.value.messages)
        assert "131052" not in text
        assert "308T" not in text
        assert term in text
    with translation.override("en"):
        english = error.value.messages
    for language in ("fi", "sv"):
        with translation.override(language):
            assert error.value.messages != english, f"no {language} translation"


# --- The services ------------------------------------------------------------------------

HETU = "131052-308T"
pytest_db = pytest.mark.django_db


def assert_refused_naming(error: ValidationError, field: str) -> None:
    assert list(error.message_dict) == [field]
    assert error.error_dict[field][0].code == "identity_code"
    for language in ("en", "fi", "sv"):
        with translation.override(language):
            assert HETU not in repr(error.message_dict)
            assert "131052" not in repr(error.message_dict)


@pytest_db
@pytest.mark.parametrize("field", ["reason", "contact_times", "client_name"])
def test_sending_refuses_client_text_with_a_code(field):
    world = referral_world()

    with pytest.raises(ValidationError) as error:
        send(world, client=client_data(**{field: f"Tiedot: {HETU}"}))

    assert_refused_naming(error.value, field)
    assert Referral.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


@pytest_db
def test_sending_refuses_a_consent_purpose_with_a_code():
    world = referral_world()

    with pytest.raises(ValidationError) as error:
        send(world, consent=consent_data(purpose=f"Asiakas {HETU} ryhmään"))

    assert_refused_naming(error.value, "purpose")
    assert Referral.objects.count() == 0


@pytest_db
def test_a_message_with_a_code_is_refused():
    world = referral_world()
    referral = send(world)
    audit_rows = AuditEvent.objects.count()

    for by in (world["worker"], world["handler"]):
        with pytest.raises(ValidationError) as error:
            services.referral_message_post(referral=referral, by=by, text=f"hetu {HETU}")
        assert_refused_naming(error.value, "text")

    assert ReferralMessage.objects.count() == 0
    assert AuditEvent.objects.count() == audit_rows


@pytest_db
def test_a_decline_note_with_a_code_is_refused_and_the_referral_still_waits():
    world = referral_world()
    referral = send(world)

    with pytest.raises(ValidationError) as error:
        services.referral_decline(
            referral=referral, by=world["handler"], reason="other", note=f"Hetu {HETU}"
        )

    assert_refused_naming(error.value, "note")
    row = Referral.objects.get(pk=referral.pk)
    assert (row.state, row.decline_note) == (State.SENT, "")


@pytest_db
def test_an_outcome_note_with_a_code_is_refused_and_the_referral_stays_open():
    world = referral_world()
    referral = referral_in(world, State.MET)

    with pytest.raises(ValidationError) as error:
        services.referral_close(
            referral=referral, by=world["handler"], outcome="other", note=f"{HETU.lower()}"
        )

    assert_refused_naming(error.value, "note")
    row = Referral.objects.get(pk=referral.pk)
    assert (row.state, row.outcome, row.outcome_note) == (State.MET, "", "")


@pytest_db
def test_a_phone_number_and_a_business_id_pass():
    world = referral_world()

    referral = send(
        world,
        client=client_data(reason="Yhdistyksen Y-tunnus 2617416-4, puh. 040 123 4567"),
    )

    assert Referral.objects.get(pk=referral.pk).reason.startswith("Yhdistyksen")

"""Consent first (DESIGN.md): only what the client agreed to share leaves the unit, the
consent must be valid, and its withdrawal is recorded as a code from the list (that
column outlives the erasure, so free text there would outlive it too)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coact.models import OutboxMessage
from referrals import services
from referrals.models import Consent, Referral, State
from tests.referrals.helpers import client_data, consent_data, referral_world, send
from tests.referrals.scenarios import referral_in

pytestmark = pytest.mark.django_db

EVERY = ["name", "phone", "email", "contact_times", "languages", "reason"]
FIELDS_OF = {
    "name": {"client_name": "Aino"},
    "email": {"client_email": "aino@example.org"},
    "contact_times": {"contact_times": "aamuisin"},
    "reason": {"reason": "vertaistuki"},
    "languages": {"client_languages": ["so"]},
}


@pytest.mark.parametrize("category", FIELDS_OF)
def test_a_field_the_client_did_not_agree_to_share_is_refused(category):
    world = referral_world()
    ticked = [c for c in EVERY if c != category]
    client = {"client_phone": "040 1", **FIELDS_OF[category]}

    with pytest.raises(ValidationError) as error:
        send(world, consent=consent_data(categories=ticked), client=client)

    assert set(error.value.message_dict) == set(FIELDS_OF[category])
    assert Referral.objects.count() == Consent.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize("need", ["interpreter_needed", "escort_needed"])
def test_an_interpreter_or_escort_need_is_part_of_the_languages_category(need):
    world = referral_world()
    ticked = [c for c in EVERY if c != "languages"]

    with pytest.raises(ValidationError) as error:
        send(world, consent=consent_data(categories=ticked), client={"client_phone": "1", need: 1})

    assert list(error.value.message_dict) == [need]


def test_only_the_ticked_fields_are_sent():
    world = referral_world()

    referral = send(
        world, consent=consent_data(categories=["phone"]), client={"client_phone": "040 1"}
    )

    row = Referral.objects.get(pk=referral.pk)
    assert (row.client_phone, row.client_name, row.reason, row.client_languages) == (
        "040 1",
        "",
        "",
        [],
    )


def test_a_consent_needs_a_category_a_way_to_reach_the_client_and_a_valid_date():
    world = referral_world()
    yesterday = timezone.localdate() - timedelta(days=1)
    for consent, client, field in (
        (consent_data(categories=[]), client_data(), "categories"),
        (consent_data(valid_until=yesterday), client_data(), "valid_until"),
        (consent_data(), client_data(client_phone="", client_email=""), "client_phone"),
    ):
        with pytest.raises(ValidationError) as error:
            send(world, consent=consent, client=client)
        assert list(error.value.message_dict) == [field]
    assert Referral.objects.count() == 0


def test_a_withdrawal_is_recorded_with_a_method_from_the_list():
    world = referral_world()
    referral = referral_in(world, State.ACCEPTED)

    with pytest.raises(ValidationError) as error:
        services.referral_withdraw(
            referral=referral, by=world["worker"], method="the client phoned on Monday"
        )

    assert list(error.value.message_dict) == ["method"]
    row = Referral.objects.get(pk=referral.pk)
    assert (row.state, row.erased_at) == (State.ACCEPTED, None)
    assert Consent.objects.get(pk=referral.consent_id).withdrawn_at is None

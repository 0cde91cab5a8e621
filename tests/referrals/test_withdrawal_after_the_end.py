"""The client may withdraw the consent at any time (GDPR art. 7(3)), also after the
referral has ended: until the erasure the portal still holds their details, and a
withdrawal erases them at once. The end (closed with its outcome, declined, expired) stays
as it was, for the figures; the withdrawal is on the timeline and the NGO is told."""

import pytest
from django.db import connection
from django.utils import translation

from coact.fields import encrypted_fields
from referrals import services
from referrals.models import Consent, EventKind, Referral, ReferralEvent, State
from referrals.services import TransitionRefused
from tests.factories import sent_mail, with_totp
from tests.referrals.helpers import referral_world
from tests.referrals.scenarios import referral_in

pytestmark = pytest.mark.django_db

ERASED_ALREADY = "The client's details have been erased already, so there is nothing to withdraw."


def raw_personal_values(referral: Referral) -> list:
    columns = ", ".join(field.column for field in encrypted_fields(Referral))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM referrals_referral WHERE id = %s", [referral.pk])  # noqa: S608
        return list(cursor.fetchone())


@pytest.mark.parametrize("state", [State.CLOSED, State.DECLINED, State.EXPIRED])
def test_a_withdrawal_after_the_end_erases_at_once_and_keeps_the_end(state):
    world = referral_world()
    referral = referral_in(world, state)
    before = Referral.objects.get(pk=referral.pk)
    assert any(raw_personal_values(referral))
    sent_before = len(sent_mail())

    services.referral_withdraw(referral=referral, by=world["worker"], method="written")

    after = Referral.objects.get(pk=referral.pk)
    assert all(value == "" for value in raw_personal_values(referral))
    assert after.erased_at is not None
    assert (after.state, after.outcome, after.decline_reason, after.ended_at) == (
        before.state,
        before.outcome,
        before.decline_reason,
        before.ended_at,
    )
    events = ReferralEvent.objects.filter(referral=referral).order_by("pk")
    kinds = list(events.values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.WITHDRAWN, EventKind.ERASED]
    consent = Consent.objects.get(pk=referral.consent_id)
    assert consent.withdrawal_method == "written"
    assert consent.withdrawn_at is not None
    told = sent_mail()[sent_before:]
    assert [m.to for m in told] == [[world["handler"].email]]
    assert "withdrawn" in told[0].subject
    assert services.can_withdraw(after) is False


@pytest.mark.parametrize("state", [State.CLOSED, State.WITHDRAWN])
def test_once_erased_there_is_nothing_to_withdraw(state):
    world = referral_world()
    referral = referral_in(world, state)
    if state == State.CLOSED:
        services.referral_erase(referral=referral)
    events = ReferralEvent.objects.filter(referral=referral).count()

    with pytest.raises(TransitionRefused) as refused:
        services.referral_withdraw(
            referral=Referral.objects.get(pk=referral.pk), by=world["worker"], method="written"
        )

    with translation.override("en"):
        assert refused.value.messages == [ERASED_ALREADY]
    assert ReferralEvent.objects.filter(referral=referral).count() == events


def test_the_sender_finds_the_withdrawal_on_an_ended_referral_page(client):
    world = referral_world()
    referral = referral_in(world, State.CLOSED)
    client.force_login(with_totp(world["worker"]))
    page = client.get(f"/en/referrals/{referral.pk}/").content.decode()
    assert f'href="/en/referrals/{referral.pk}/withdraw/"' in page

    response = client.post(
        f"/en/referrals/{referral.pk}/withdraw/", {"method": "verbal_phone"}, follow=True
    )

    assert "The client&#x27;s personal data was erased" in response.content.decode()
    page = client.get(f"/en/referrals/{referral.pk}/").content.decode()
    assert f"/en/referrals/{referral.pk}/withdraw/" not in page
    assert Referral.objects.get(pk=referral.pk).state == State.CLOSED

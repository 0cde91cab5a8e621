import pytest

from referrals import services
from referrals.models import Referral, State
from tests.factories import sent_mail
from tests.referrals.helpers import MARKERS, referral_world, send

pytestmark = pytest.mark.django_db


def test_the_whole_loop_tells_each_side_without_client_data():
    world = referral_world()
    referral = send(world)
    services.referral_accept(referral=referral, by=world["handler"])
    services.referral_contact_attempt(referral=referral, by=world["handler"], reached=True)
    services.referral_meeting_record(referral=referral, by=world["handler"])
    services.referral_close(referral=referral, by=world["handler"], outcome="takes_part")

    referral = Referral.objects.get(pk=referral.pk)
    assert referral.state == State.CLOSED
    assert referral.client_name == MARKERS["client_name"]
    mails = sent_mail()
    assert {m.to[0] for m in mails} == {"handler@ngo.example", "worker@unit.example"}
    for message in mails:
        text = message.subject + message.body
        for marker in MARKERS.values():
            assert marker not in text

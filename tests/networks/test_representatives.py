"""Someone who stops representing a member stops getting the network's meeting mail."""

import datetime as dt

import pytest
from django.core import mail

from networks import outbox, services
from networks.models import Invitation, NetworkMembership
from tests.factories import UserFactory
from tests.networks.meeting_helpers import (
    mails_to,
    network_with_representatives,
    schedule_single,
    upcoming_start,
)

pytestmark = pytest.mark.django_db


def test_a_replaced_representative_gets_no_reminder_and_the_new_one_is_invited(
    django_capture_on_commit_callbacks,
):
    people = network_with_representatives(("fi",))
    old = people.representative("fi")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_single(people, start=upcoming_start(days_ahead=10))
    membership = NetworkMembership.objects.get(network=people.network)
    new = UserFactory(email="uusi@example.org", preferred_language="sv")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.network_representatives_set(
            membership=membership, by=people.coordinator, representatives=[new]
        )

    assert len(mails_to(new.email)) == 1
    day_before = meeting.start - dt.timedelta(days=1)
    outbox.deliver_reminders(
        list(outbox.reminders_due(day_before).values_list("pk", flat=True)), now=day_before
    )
    assert [m.to for m in mail.outbox if old.email in m.to] == []


def test_a_member_removed_before_the_invitations_went_out_is_not_invited(
    django_capture_on_commit_callbacks,
):
    people = network_with_representatives(("fi", "sv"))
    # Invitations to this one go out 28 days before it: not yet.
    meeting = schedule_single(people, start=upcoming_start(days_ahead=40))
    meeting.invite_at = meeting.start - dt.timedelta(days=28)
    meeting.save()
    leaving = NetworkMembership.objects.get(representatives=people.representative("sv"))

    services.network_member_remove(membership=leaving, by=people.coordinator)

    assert list(Invitation.objects.filter(meeting=meeting).values_list("email", flat=True)) == [
        people.representative("fi").email
    ]


def test_adding_the_same_member_twice_gives_the_one_membership(world):
    people = network_with_representatives(("fi",))
    organization = world["organization"]

    first = services.network_member_add(
        network=people.network, by=people.coordinator, organization=organization
    )
    again = services.network_member_add(
        network=people.network, by=people.coordinator, organization=organization
    )

    assert first.pk == again.pk

"""Who may do what to networks and meetings (the networks.* rules in networks/rules.py),
for the people of the permission matrix."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from networks.models import Guest, Meeting
from tests.factories import NetworkFactory, NetworkMembershipFactory, UserFactory

PERMS = (
    "networks.manage_network",
    "networks.take_part_in_network",
    "networks.view_meeting",
    "networks.manage_meeting",
    "networks.record_after_meeting",
)
T, F = True, False
# persona: manage_network, take_part_in_network, view_meeting, manage_meeting,
# record_after_meeting, for a private meeting of the area's network hosted by another NGO.
EXPECTED = {
    "coordinator": (T, T, T, T, T),  # coordinator of the network's area
    "other_coordinator": (F, F, F, F, F),  # coordinator of another area
    "network_coordinator": (T, T, T, T, T),  # named coordinator of this network only
    "member": (F, T, T, F, F),  # NGO admin, the NGO's named representative
    "colleague": (F, T, T, F, F),  # member of that NGO, not named
    "host_admin": (F, F, T, F, T),  # admin of the hosting NGO, which is not in the network
    "unit_staff": (F, F, F, F, F),  # a unit in the area, not in the network
    "stranger": (F, F, F, F, F),
    "anonymous": (F, F, F, F, F),
    "superuser": (T, T, T, T, T),
}


@pytest.fixture
def setting(world):
    people = dict(world["people"])
    area = world["area"]
    network_coordinator = UserFactory(email="netcoord@example.org")
    network = NetworkFactory(welfare_area=area)
    network.coordinators.add(network_coordinator)
    NetworkMembershipFactory(
        network=network, organization=world["organization"], representatives=[people["member"]]
    )
    host = people["other_member"].memberships.get().organization
    meeting = Meeting.objects.create(
        title="Ryhmävierailu",
        network=network,
        welfare_area=area,
        host_organization=host,
        organiser=network_coordinator,
        start=timezone.now() + timedelta(days=5),
    )
    people.update(
        network_coordinator=network_coordinator,
        colleague=world["membership"].user,
        host_admin=people["other_member"],
        stranger=UserFactory(email="stranger@example.org"),
        anonymous=AnonymousUser(),
        superuser=UserFactory(email="root@example.org", is_superuser=True, is_staff=True),
    )
    return {"people": people, "network": network, "meeting": meeting}


@pytest.mark.parametrize("persona", EXPECTED)
def test_network_and_meeting_permissions(setting, persona):
    user = setting["people"][persona]
    network, meeting = setting["network"], setting["meeting"]
    objects = (network, network, meeting, meeting, meeting)

    allowed = tuple(user.has_perm(perm, obj) for perm, obj in zip(PERMS, objects, strict=True))

    assert dict(zip(PERMS, allowed, strict=True)) == dict(
        zip(PERMS, EXPECTED[persona], strict=True)
    )


@pytest.mark.parametrize("persona", EXPECTED)
def test_the_meetings_a_person_sees_are_the_ones_they_may_view(setting, persona):
    user = setting["people"][persona]
    meeting = setting["meeting"]

    listed = Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()

    assert listed == user.has_perm("networks.view_meeting", meeting)


@pytest.mark.parametrize("persona", ["stranger", "anonymous", "other_coordinator"])
def test_a_public_meeting_is_for_everyone_to_see_not_to_manage(setting, persona):
    user = setting["people"][persona]
    meeting = setting["meeting"]
    meeting.public = True
    meeting.save()

    assert user.has_perm("networks.view_meeting", meeting)
    assert Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()
    assert not user.has_perm("networks.manage_meeting", meeting)


def test_a_guest_invited_by_address_sees_the_meeting(setting):
    meeting = setting["meeting"]
    stranger = setting["people"]["stranger"]
    Guest.objects.create(meeting=meeting, email=stranger.email.upper())
    meeting.invitations.create(email=stranger.email.upper())

    assert stranger.has_perm("networks.view_meeting", meeting)
    assert Meeting.objects.visible_to(stranger).filter(pk=meeting.pk).exists()
    assert not stranger.has_perm("networks.take_part_in_network", setting["network"])

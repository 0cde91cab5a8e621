"""A rule (organizations/rules.py, networks/rules.py) and the QuerySet method a view looks
objects up with say the same, for every person of the permission matrix, a platform admin
and someone signed out, and every object of the matrix world and of a foreign area: a list
and a permission check cannot disagree."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.test_permission_matrix import foreign_world, matrix_world  # noqa: F401


@pytest.fixture
def everyone(foreign_world):  # noqa: F811
    from tests.factories import UserFactory

    people = list(foreign_world["people"].values())
    return [AnonymousUser(), UserFactory(email="root@coact.example", is_superuser=True), *people]


def _disagreements(users, checks):
    """(user, permission, object) where has_perm and the QuerySet method differ."""
    wrong = []
    for perm, objects, scoped in checks:
        for user in users:
            allowed = set(scoped(user).values_list("pk", flat=True))
            for obj in objects:
                if user.has_perm(perm, obj) != (obj.pk in allowed):
                    wrong.append((getattr(user, "email", "anonymous"), perm, str(obj)))
    return wrong


def test_the_organization_rules_match_their_querysets(everyone):
    from organizations.models import Invitation, Membership, Organization, WelfareArea

    organizations = list(Organization.objects.all())
    checks = [
        ("organizations.view_organization", organizations, Organization.objects.visible_to),
        ("organizations.change_organization", organizations, Organization.objects.editable_by),
        # Django gives an active superuser every permission: only applications are asked.
        ("organizations.review_application", [o for o in organizations if o.status == "pending"],
         Organization.objects.applications_for),
        ("organizations.remove_membership", list(Membership.objects.all()),
         Membership.objects.managed_by),
        ("organizations.revoke_invitation", list(Invitation.objects.all()),
         Invitation.objects.managed_by),
        ("organizations.manage_area_coordinators", list(WelfareArea.objects.all()),
         WelfareArea.objects.coordinated_by),
    ]  # fmt: skip
    assert len(organizations) >= 5

    wrong = _disagreements(everyone, checks)

    assert wrong == []


def test_the_network_rules_match_their_querysets(everyone):
    from networks.models import Meeting, MeetingSeries, Network

    meetings = list(Meeting.objects.all())
    networks = list(Network.objects.all())
    checks = [
        ("networks.view_meeting", meetings, Meeting.objects.visible_to),
        ("networks.manage_meeting", meetings, Meeting.objects.managed_by),
        ("networks.manage_meeting", list(MeetingSeries.objects.all()),
         MeetingSeries.objects.managed_by),
        ("networks.manage_network", networks, Network.objects.managed_by),
        ("networks.take_part_in_network", networks,
         lambda user: Network.objects.managed_by(user) | Network.objects.participated_in_by(user)),
    ]  # fmt: skip
    assert len(meetings) >= 6

    wrong = _disagreements(everyone, checks)

    assert wrong == []


def test_each_person_sees_their_own_side_and_not_the_foreign_one(foreign_world):  # noqa: F811
    from networks.models import Meeting, MeetingSeries

    foreign = foreign_world["foreign"]
    for user in foreign_world["people"].values():
        assert not Meeting.objects.visible_to(user).filter(pk=foreign["meeting"].pk).exists()
        assert not MeetingSeries.objects.visible_to(user).filter(pk=foreign["series"].pk).exists()
        assert Meeting.objects.visible_to(user).filter(pk=foreign["public_meeting"].pk).exists()

"""Who may do what to networks and meetings: the networks.* rules, loaded by django-rules'
autodiscovery (rules.apps.AutodiscoverRulesConfig). Not to be confused with
networks/models/rules.py, the meeting rules (time zone, office hours, text limits).

"May see this meeting" is the QuerySet method itself (Meeting.objects.visible_to), and
"takes part in this network" is Network.objects.participated_in_by; the in-memory
predicates answer from the same sets the QuerySet methods filter on, and tests/
test_rules_match_querysets.py proves that a rule and its QuerySet method say the same.
"""

from __future__ import annotations

import rules

from coact.permissions import superuser
from organizations.access import coordinated_area_ids, organization_ids, unit_ids
from organizations.rules import is_any_coordinator, is_area_coordinator

from .access import network_ids_coordinated
from .models import Meeting, MeetingSeries, Network


@rules.predicate
def coordinates_network(user, network) -> bool:
    return network.pk in network_ids_coordinated(user)


@rules.predicate
def coordinates_any_network(user) -> bool:
    return bool(network_ids_coordinated(user))


@rules.predicate
def takes_part_in_network(user, network) -> bool:
    return Network.objects.participated_in_by(user).filter(pk=network.pk).exists()


@rules.predicate
def manages_meeting(user, meeting) -> bool:
    """Meeting/MeetingSeries.objects.managed_by(user), for one meeting or series."""
    if not user.is_authenticated:
        return False
    return (
        meeting.organiser_id == user.pk
        or meeting.welfare_area_id in coordinated_area_ids(user)
        or (meeting.network_id is not None and meeting.network_id in network_ids_coordinated(user))
    )


@rules.predicate
def sees_meeting(user, meeting) -> bool:
    """Meeting.objects.visible_to(user) (or MeetingSeries'), for one meeting or series."""
    model = MeetingSeries if isinstance(meeting, MeetingSeries) else Meeting
    return model.objects.visible_to(user).filter(pk=meeting.pk).exists()


@rules.predicate
def belongs_to_host(user, meeting) -> bool:
    return (meeting.host_unit_id is not None and meeting.host_unit_id in unit_ids(user)) or (
        meeting.host_organization_id is not None
        and meeting.host_organization_id in organization_ids(user)
    )


@rules.predicate
def wrote_post(user, post) -> bool:
    return user.is_authenticated and post.author_id == user.pk


@rules.predicate
def manages_network_of_post(user, post) -> bool:
    return can_manage_network(user, post.network)


# Network.objects.managed_by(user)
can_manage_network = superuser | is_area_coordinator | coordinates_network
rules.add_perm("networks.manage_network", can_manage_network)
# A new network belongs to an area, so it takes a coordinator of one.
rules.add_perm("networks.create_network", superuser | is_any_coordinator)
# The author takes a post down; a network manager can remove anyone's.
rules.add_perm("networks.remove_board_post", wrote_post | manages_network_of_post)
# The board, the representatives and every meeting of the network.
rules.add_perm("networks.take_part_in_network", can_manage_network | takes_part_in_network)
# Scheduling needs a network or an area to schedule for: any coordinator.
rules.add_perm(
    "networks.schedule_meetings", superuser | is_any_coordinator | coordinates_any_network
)
can_manage_meeting = superuser | manages_meeting
rules.add_perm("networks.manage_meeting", can_manage_meeting)
# The managers are among those who see it: asking them needs no query.
rules.add_perm("networks.view_meeting", can_manage_meeting | sees_meeting)
# Attendance and minutes: the organiser, the coordinators and the host's people.
rules.add_perm("networks.record_after_meeting", can_manage_meeting | belongs_to_host)

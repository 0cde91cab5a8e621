"""The networks' panels on the "My work" page (coact.my_work): invitations waiting for a
reply and the meetings the person is going to, the meetings they organise with the
replies so far, and their networks. Registered in NetworksConfig.ready()."""

from __future__ import annotations

from django.db.models import Count

from organizations.models import Role

from .models import Invitation, Network
from .selectors import meetings as selectors_meetings

SHOWN = 5
NETWORKS_SHOWN = 10


def _acts_as_coordinator(request, membership) -> bool:
    if membership is None:
        return request.user.is_superuser
    return membership.role == Role.COORDINATOR


def meetings(request, membership) -> dict:
    """Everyone signed in is invited to meetings. Two queries (networks.selectors.meetings)."""
    invitations = [
        invitation
        for invitation in selectors_meetings.my_invitations(request.user)
        if not invitation.meeting.is_cancelled
    ]
    awaiting = [invitation for invitation in invitations if not invitation.response]
    coming = [
        invitation
        for invitation in invitations
        if invitation.response in (Invitation.Response.YES, Invitation.Response.MAYBE)
    ]
    return {
        "awaiting": awaiting[:SHOWN],
        "awaiting_count": len(awaiting),
        "coming": coming[:SHOWN],
        "coming_count": len(coming),
        "list_limit": selectors_meetings.LIST_LIMIT,
        "responses": [choice for choice in Invitation.Response.choices if choice[0]],
    }


def organised(request, membership) -> dict | None:
    """The meetings the person organises, soonest first, with yes / no / maybe / no reply
    counts. Shown to coordinators, and to anyone else who organises one. One query."""
    organised_meetings = selectors_meetings.organised_meetings(request.user)
    coordinator = _acts_as_coordinator(request, membership)
    if not organised_meetings and not coordinator:
        return None
    return {
        "meetings": organised_meetings[:SHOWN],
        "count": len(organised_meetings),
        "can_schedule": request.user.has_perm("networks.schedule_meetings"),
    }


def networks_of(user) -> list[Network]:
    """The networks the person takes part in: as a named representative, or through an
    NGO or a unit that is a member. One query."""
    return list(
        Network.objects.participated_in_by(user)
        .select_related("welfare_area")
        .order_by("name")[: NETWORKS_SHOWN + 1]
    )


def networks(request, membership) -> dict | None:
    """A coordinator's networks to run; everyone else's networks to take part in."""
    coordinator = _acts_as_coordinator(request, membership)
    if coordinator:
        shown = list(
            Network.objects.managed_by(request.user)
            .select_related("welfare_area")
            .annotate(member_count=Count("memberships"))
            .order_by("name")[: NETWORKS_SHOWN + 1]
        )
    else:
        shown = networks_of(request.user)
    can_create = request.user.has_perm("networks.create_network")
    if not shown and not can_create:
        return None
    return {
        "networks": shown[:NETWORKS_SHOWN],
        "more": len(shown) > NETWORKS_SHOWN,
        "managing": coordinator,
        "can_create": can_create,
    }

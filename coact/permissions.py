"""The one place that answers "may this user do this to this object".

Rules are registered with django-rules, so `user.has_perm("organizations.x", obj)`, the
`{% has_perm %}` template tag, `rules.contrib.views.PermissionRequiredMixin` and
`require()` below all ask the same question. Querysets are scoped with the `*_visible_to`
functions, so a foreign id gives 404 rather than someone else's data.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from networks.models import Meeting, MeetingSeries, Network
from organizations.models import (
    CLIENT_DATA_ROLES,
    Invitation,
    Membership,
    Organization,
    Role,
    ServiceUnit,
    WelfareArea,
)

# --- What a user holds (computed once per request and kept on the user object) -----------


def memberships_of(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_coact_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).select_related(
                "organization__welfare_area", "service_unit__welfare_area", "welfare_area"
            )
        )
        user._coact_memberships = cached
    return cached


def forget_memberships(user) -> None:
    user.__dict__.pop("_coact_memberships", None)


def coordinated_area_ids(user) -> set[int]:
    return {m.welfare_area_id for m in memberships_of(user) if m.role == Role.COORDINATOR}


def organization_ids(user, roles=None) -> set[int]:
    return {
        m.organization_id
        for m in memberships_of(user)
        if m.organization_id and (roles is None or m.role in roles)
    }


def unit_ids(user, roles=None) -> set[int]:
    return {
        m.service_unit_id
        for m in memberships_of(user)
        if m.service_unit_id and (roles is None or m.role in roles)
    }


def has_client_data_access(user) -> bool:
    """People who can reach client data must use two-factor authentication."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(m.role in CLIENT_DATA_ROLES for m in memberships_of(user))


def area_id_of(obj) -> int | None:
    if isinstance(obj, WelfareArea):
        return obj.pk
    if isinstance(obj, Organization | ServiceUnit):
        return obj.welfare_area_id
    if isinstance(obj, Membership | Invitation):
        return obj.area.pk
    if isinstance(obj, Network | Meeting | MeetingSeries):
        return obj.welfare_area_id
    return None


# --- Predicates ----------------------------------------------------------------------


@rules.predicate
def is_area_coordinator(user, obj) -> bool:
    return area_id_of(obj) in coordinated_area_ids(user)


@rules.predicate
def is_any_coordinator(user) -> bool:
    return bool(coordinated_area_ids(user))


@rules.predicate
def is_organization_member(user, organization) -> bool:
    return organization.pk in organization_ids(user)


@rules.predicate
def is_organization_admin(user, organization) -> bool:
    return organization.pk in organization_ids(user, roles=(Role.NGO_ADMIN,))


@rules.predicate
def is_unit_lead(user, unit) -> bool:
    return unit.pk in unit_ids(user, roles=(Role.UNIT_LEAD,))


@rules.predicate
def is_active_organization(user, organization) -> bool:
    return organization.status == Organization.Status.ACTIVE


@rules.predicate
def is_pending_organization(user, organization) -> bool:
    return organization.status == Organization.Status.PENDING


@rules.predicate
def manages_members_of_target(user, membership_or_invitation) -> bool:
    target = membership_or_invitation.target
    if isinstance(target, Organization):
        return can_manage_organization_members(user, target)
    if isinstance(target, ServiceUnit):
        return can_manage_unit_members(user, target)
    return is_area_coordinator(user, target)


superuser = rules.is_superuser
can_manage_organization_members = superuser | is_organization_admin | is_area_coordinator
can_manage_unit_members = superuser | is_unit_lead | is_area_coordinator

rules.add_perm(
    "organizations.view_organization",
    superuser | is_active_organization | is_organization_member | is_area_coordinator,
)
rules.add_perm("organizations.manage_organization_members", can_manage_organization_members)
# The profile, its activities and locations, confirming it current and reading its history.
rules.add_perm(
    "organizations.change_organization", superuser | is_organization_admin | is_area_coordinator
)
rules.add_perm("organizations.verify_organization", superuser | is_area_coordinator)
rules.add_perm(
    "organizations.review_application", is_pending_organization & (superuser | is_area_coordinator)
)
rules.add_perm("organizations.manage_unit_members", can_manage_unit_members)
rules.add_perm("organizations.manage_area_coordinators", superuser | is_area_coordinator)
rules.add_perm("organizations.remove_membership", superuser | manages_members_of_target)
rules.add_perm("organizations.revoke_invitation", superuser | manages_members_of_target)
rules.add_perm("coact.view_audit_log", superuser | is_any_coordinator)
rules.add_perm("coact.coordinate", superuser | is_any_coordinator)


# --- Networks and meetings ---------------------------------------------------------------


def network_ids_coordinated(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_coact_networks", None)
    if cached is None:
        cached = set(user.coordinated_networks.values_list("pk", flat=True))
        user._coact_networks = cached
    return cached


def _participant_q(user, prefix: str = "") -> Q:
    """Networks where the user represents a member, or belongs to a member NGO or unit."""
    return (
        Q(**{f"{prefix}memberships__representatives": user})
        | Q(**{f"{prefix}memberships__organization_id__in": organization_ids(user)})
        | Q(**{f"{prefix}memberships__service_unit_id__in": unit_ids(user)})
    )


@rules.predicate
def coordinates_network(user, network) -> bool:
    return network.pk in network_ids_coordinated(user)


@rules.predicate
def takes_part_in_network(user, network) -> bool:
    if not user.is_authenticated:
        return False
    return Network.objects.filter(_participant_q(user), pk=network.pk).exists()


@rules.predicate
def manages_meeting(user, meeting) -> bool:
    if not user.is_authenticated:
        return False
    return (
        meeting.organiser_id == user.pk
        or meeting.welfare_area_id in coordinated_area_ids(user)
        or (meeting.network_id is not None and meeting.network_id in network_ids_coordinated(user))
    )


@rules.predicate
def is_invited(user, meeting) -> bool:
    if not user.is_authenticated or isinstance(meeting, MeetingSeries):
        return False
    return meeting.invitations.filter(Q(user=user) | Q(email__iexact=user.email)).exists()


@rules.predicate
def is_public_meeting(user, meeting) -> bool:
    return meeting.public


@rules.predicate
def belongs_to_host(user, meeting) -> bool:
    return (meeting.host_unit_id is not None and meeting.host_unit_id in unit_ids(user)) or (
        meeting.host_organization_id is not None
        and meeting.host_organization_id in organization_ids(user)
    )


@rules.predicate
def takes_part_in_meeting_network(user, meeting) -> bool:
    return meeting.network is not None and takes_part_in_network(user, meeting.network)


@rules.predicate
def wrote_post(user, post) -> bool:
    return user.is_authenticated and post.author_id == user.pk


@rules.predicate
def manages_network_of_post(user, post) -> bool:
    return can_manage_network(user, post.network)


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
    "networks.schedule_meetings",
    superuser
    | is_any_coordinator
    | rules.predicate(lambda user: bool(network_ids_coordinated(user))),
)
can_manage_meeting = superuser | manages_meeting
rules.add_perm("networks.manage_meeting", can_manage_meeting)
rules.add_perm(
    "networks.view_meeting",
    can_manage_meeting
    | is_public_meeting
    | is_invited
    | takes_part_in_meeting_network
    | belongs_to_host,
)
# Attendance and minutes: the organiser, the coordinators and the host's people.
rules.add_perm("networks.record_after_meeting", can_manage_meeting | belongs_to_host)


def networks_visible_to(user) -> QuerySet[Network]:
    """Networks, their purpose and members are public; the board is not."""
    return Network.objects.select_related("welfare_area", "theme")


def networks_managed_by(user) -> QuerySet[Network]:
    qs = Network.objects.select_related("welfare_area")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(
        Q(welfare_area_id__in=coordinated_area_ids(user)) | Q(pk__in=network_ids_coordinated(user))
    )


def meetings_visible_to(user) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).select_related(
        "network", "welfare_area", "host_unit", "host_organization"
    )


def require(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied (a 403, written to the audit log) unless allowed."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


# --- Scoped querysets -------------------------------------------------------------------


def organizations_visible_to(user) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).select_related("welfare_area")


def applications_visible_to(user) -> QuerySet[Organization]:
    """Pending NGO applications a coordinator may review."""
    qs = Organization.objects.filter(status=Organization.Status.PENDING).select_related(
        "welfare_area", "submitted_by"
    )
    if user.is_authenticated and user.is_superuser:
        return qs
    return qs.filter(welfare_area_id__in=coordinated_area_ids(user))


def _managed_targets_q(user, prefix: str = "") -> Q:
    """Memberships or invitations whose target this user manages."""
    areas = coordinated_area_ids(user)
    return (
        Q(**{f"{prefix}organization_id__in": organization_ids(user, roles=(Role.NGO_ADMIN,))})
        | Q(**{f"{prefix}organization__welfare_area_id__in": areas})
        | Q(**{f"{prefix}service_unit_id__in": unit_ids(user, roles=(Role.UNIT_LEAD,))})
        | Q(**{f"{prefix}service_unit__welfare_area_id__in": areas})
        | Q(**{f"{prefix}welfare_area_id__in": areas})
    )


def memberships_managed_by(user) -> QuerySet[Membership]:
    qs = Membership.objects.select_related("user", "organization", "service_unit", "welfare_area")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(_managed_targets_q(user))


def invitations_managed_by(user) -> QuerySet[Invitation]:
    qs = Invitation.objects.select_related("organization", "service_unit", "welfare_area")
    if not user.is_authenticated:
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(_managed_targets_q(user))

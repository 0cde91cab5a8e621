"""What a signed-in person holds: their memberships, read once a request and kept on the
user object. The QuerySet methods next to the models (`Organization.objects.visible_to`,
`WelfareArea.objects.coordinated_by`...) and the predicates in `organizations/rules.py`
are built on these, so a list and a permission check cannot disagree."""

from __future__ import annotations

from .models import CLIENT_DATA_ROLES, Membership, Role


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


def holds_client_data_role(user) -> bool:
    """A role that reaches client data (referrals): it needs two-factor authentication."""
    return any(m.role in CLIENT_DATA_ROLES for m in memberships_of(user))

"""Who may do what to NGOs, units, areas and memberships: the organizations.* rules,
loaded by django-rules' autodiscovery (rules.apps.AutodiscoverRulesConfig).

The object predicates answer from the memberships kept on the user (organizations.access),
the same sets the QuerySet methods next to the models filter on; tests/
test_rules_match_querysets.py proves, person by person and object by object, that a rule
and its QuerySet method say the same.
"""

from __future__ import annotations

import rules

from coact.permissions import register_client_data_check, superuser

from .access import coordinated_area_ids, holds_client_data_role, organization_ids, unit_ids
from .models import Invitation, Membership, Organization, Role, ServiceUnit, WelfareArea


def area_id_of(obj) -> int | None:
    """The welfare area an object belongs to (an area is its own)."""
    if isinstance(obj, WelfareArea):
        return obj.pk
    if isinstance(obj, Membership | Invitation):
        return obj.area.pk
    return getattr(obj, "welfare_area_id", None)


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


can_manage_organization_members = superuser | is_organization_admin | is_area_coordinator
can_manage_unit_members = superuser | is_unit_lead | is_area_coordinator
# Organization.objects.visible_to(user)
can_view_organization = (
    superuser | is_active_organization | is_organization_member | is_area_coordinator
)
# Organization.objects.editable_by(user): the profile, its activities and locations,
# confirming it current and reading its history.
can_change_organization = superuser | is_organization_admin | is_area_coordinator
# Organization.objects.applications_for(user)
can_review_application = is_pending_organization & (superuser | is_area_coordinator)
# Membership/Invitation.objects.managed_by(user)
can_manage_membership = superuser | manages_members_of_target

rules.add_perm("organizations.view_organization", can_view_organization)
rules.add_perm("organizations.manage_organization_members", can_manage_organization_members)
rules.add_perm("organizations.change_organization", can_change_organization)
rules.add_perm("organizations.verify_organization", superuser | is_area_coordinator)
rules.add_perm("organizations.review_application", can_review_application)
rules.add_perm("organizations.manage_unit_members", can_manage_unit_members)
rules.add_perm("organizations.manage_area_coordinators", superuser | is_area_coordinator)
rules.add_perm("organizations.remove_membership", can_manage_membership)
rules.add_perm("organizations.revoke_invitation", can_manage_membership)
# Coordinating and the audit log belong to the core's pages, but who coordinates is
# known here.
rules.add_perm("coact.view_audit_log", superuser | is_any_coordinator)
rules.add_perm("coact.coordinate", superuser | is_any_coordinator)

register_client_data_check(holds_client_data_role)

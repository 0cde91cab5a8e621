"""Who may do what with referrals and contact requests, built on the QuerySet methods
the pages look objects up through (Referral.objects.visible_to and friends), so that a
rule and a lookup cannot disagree. Loaded by the rules app's autodiscovery."""

from __future__ import annotations

import rules

from organizations.access import memberships_of, unit_ids
from organizations.models import UNIT_ROLES, Role

from .models import HANDLER_ROLES, NGO_SENDER_ROLES, ContactRequest, Referral


@rules.predicate
def works_in_a_unit(user) -> bool:
    return bool(unit_ids(user, UNIT_ROLES))


@rules.predicate
def handles_referrals(user) -> bool:
    return any(m.organization_id and m.role in HANDLER_ROLES for m in memberships_of(user))


@rules.predicate
def sends_contact_requests(user) -> bool:
    """An NGO role that reaches client data: the same roles that see the NGO's requests
    (ContactRequest.objects.sent_by_organizations_of), not every volunteer."""
    return any(m.organization_id and m.role in NGO_SENDER_ROLES for m in memberships_of(user))


@rules.predicate
def coordinates(user) -> bool:
    return user.is_superuser or any(m.role == Role.COORDINATOR for m in memberships_of(user))


@rules.predicate
def sent_it(user, referral: Referral) -> bool:
    return Referral.objects.sent_from_units_of(user).filter(pk=referral.pk).exists()


@rules.predicate
def received_it(user, referral: Referral) -> bool:
    return Referral.objects.received_by(user).filter(pk=referral.pk).exists()


@rules.predicate
def sees_request(user, request: ContactRequest) -> bool:
    return ContactRequest.objects.visible_to(user).filter(pk=request.pk).exists()


@rules.predicate
def received_request(user, request: ContactRequest) -> bool:
    return ContactRequest.objects.received_by(user).filter(pk=request.pk).exists()


@rules.predicate
def sent_request(user, request: ContactRequest) -> bool:
    return ContactRequest.objects.sent_by_organizations_of(user).filter(pk=request.pk).exists()


rules.add_perm("referrals.send_referral", works_in_a_unit)
rules.add_perm("referrals.see_inbox", handles_referrals)
# The header's menu asks the rule itself ({% test_rule %}): asked as a permission, a "no"
# would go on to Django's model permissions, two queries on every page.
rules.add_rule("referrals.see_inbox", handles_referrals)
rules.add_rule("referrals.send_referral", works_in_a_unit)
rules.add_perm("referrals.view_referral", sent_it | received_it)
rules.add_perm("referrals.answer_referral", received_it)
rules.add_perm("referrals.withdraw_referral", sent_it)
# Who saw or changed the client's data (the Client Data Act's right to know): the unit
# that holds the client relationship prints it for the client.
rules.add_perm("referrals.view_referral_log", sent_it)
rules.add_perm("referrals.see_figures", works_in_a_unit | handles_referrals | coordinates)
rules.add_perm("referrals.send_contact_request", sends_contact_requests)
rules.add_perm("referrals.see_contact_requests", sends_contact_requests | works_in_a_unit)
rules.add_perm("referrals.view_contact_request", sees_request)
rules.add_perm("referrals.answer_contact_request", received_request)
rules.add_perm("referrals.withdraw_contact_request", sent_request)

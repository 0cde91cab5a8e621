"""The sending unit's panel on the "My work" page (coact.my_work): the unit's open
referrals and those answered, closed or expired lately, each named by its number and NGO
(no personal data in a list). Registered in ReferralsConfig.ready()."""

from __future__ import annotations

from organizations.models import UNIT_ROLES

from .selectors.sending import unit_panel


def sent_by_my_unit(request, membership) -> dict | None:
    """For the staff of the unit the person acts for. Two queries."""
    if membership is None or not membership.service_unit_id or membership.role not in UNIT_ROLES:
        return None
    return unit_panel(membership.service_unit_id)

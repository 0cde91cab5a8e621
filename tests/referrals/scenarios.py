"""Referrals brought to each state through the services, and the people around them: what
the transition, privacy, scan and queryset tests share (on top of helpers.py)."""

from __future__ import annotations

from contextlib import contextmanager

from django.utils import timezone

from organizations.access import forget_memberships
from organizations.models import Role
from referrals import services
from referrals.models import Consent, Referral, State
from referrals.services import scans
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    UserFactory,
    WelfareAreaFactory,
)
from tests.referrals.helpers import consent_data, send

# The steps that lead to each state from "sent", by the side that takes them.
_PATHS = {
    State.SENT: (),
    State.ACCEPTED: ("accept",),
    State.CONTACTED: ("accept", "contact"),
    State.MET: ("accept", "contact", "meet"),
    State.CLOSED: ("accept", "contact", "meet", "close"),
    State.DECLINED: ("decline",),
    State.WITHDRAWN: ("withdraw",),
    State.EXPIRED: ("expire",),
}


def act(world: dict, referral: Referral, action: str, by=None):
    """Call the service of `action` as the side that may take it (or as `by`)."""
    handler, worker = by or world["handler"], by or world["worker"]
    if action == "accept":
        return services.referral_accept(referral=referral, by=handler)
    if action == "decline":
        return services.referral_decline(
            referral=referral, by=handler, reason="no_capacity", note=""
        )
    if action == "contact":
        return services.referral_contact_attempt(referral=referral, by=handler, reached=True)
    if action == "meet":
        return services.referral_meeting_record(referral=referral, by=handler)
    if action == "close":
        return services.referral_close(referral=referral, by=handler, outcome="takes_part")
    if action == "withdraw":
        return services.referral_withdraw(referral=referral, by=worker, method="verbal_phone")
    if action == "expire":
        return scans.expire_due(now=referral.expire_at)
    raise AssertionError(f"no service for {action}")


def draft(world: dict) -> Referral:
    """A referral the unit has not sent (no service makes one: the form may)."""
    consent = Consent.objects.create(
        organization=world["organization"],
        categories=["phone"],
        method="written",
        language="fi",
        recorded_by=world["worker"],
        valid_until=consent_data()["valid_until"],
    )
    return Referral.objects.create(
        sending_unit=world["unit"],
        sent_by=world["worker"],
        organization=world["organization"],
        consent=consent,
        client_phone="+358 40 1234 567",
    )


def referral_in(world: dict, state: str) -> Referral:
    if state == State.DRAFT:
        return draft(world)
    referral = send(world)
    for action in _PATHS[state]:
        act(world, referral, action)
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.state == state
    return referral


def person(email: str, role: str, **target):
    user = UserFactory(email=email, preferred_language="fi")
    MembershipFactory(user=user, role=role, **{"organization": None, **target})
    forget_memberships(user)
    return user


def everyone(world: dict) -> dict:
    """Every role around the referral_world: both sides, their colleagues without the
    right role, the other unit, the other NGO, both areas' coordinators and a platform
    admin. Adds the other area, unit and NGO to `world`."""
    other_area = WelfareAreaFactory(code="pirkanmaa", name="Pirkanmaa")
    other_unit = ServiceUnitFactory(welfare_area=other_area, name="Tampereen KOTO", slug="tre")
    other_organization = OrganizationFactory(
        welfare_area=other_area, name="Toinen ry", slug="toinen", accepts_referrals=True
    )
    world.update(
        other_area=other_area, other_unit=other_unit, other_organization=other_organization
    )
    people = {
        "unit_staff": world["worker"],
        "unit_lead": person("lead@unit.example", Role.UNIT_LEAD, service_unit=world["unit"]),
        "other_unit_staff": person(
            "staff@other-unit.example", Role.UNIT_STAFF, service_unit=other_unit
        ),
        "handler": world["handler"],
        "ngo_admin": person(
            "admin@ngo.example", Role.NGO_ADMIN, organization=world["organization"]
        ),
        "ngo_member": world["member"],
        "other_handler": person(
            "handler@other-ngo.example",
            Role.NGO_REFERRAL_HANDLER,
            organization=other_organization,
        ),
        "coordinator": world["coordinator"],
        "other_coordinator": person(
            "coord@other-area.example", Role.COORDINATOR, welfare_area=other_area
        ),
        "superuser": UserFactory(email="root@coact.example", is_superuser=True, is_staff=True),
    }
    for user in people.values():
        forget_memberships(user)
    return people


@contextmanager
def clock(monkeypatch, when):
    """The services' `timezone.now()` (and so localdate) is `when` inside the block."""
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: when)
        yield

"""A unit, an NGO that receives referrals, and the people on both sides; a referral sent
between them with consent. Marker values make client data easy to look for."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from organizations.models import Role, Theme
from referrals import services
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    UserFactory,
    WelfareAreaFactory,
)

MARKERS = {
    "client_name": "Zyxmarker Name",
    "client_phone": "+358 40 7777 000",
    "client_email": "zyxmarker@client.example",
    "contact_times": "Zyxmarker evenings",
    "reason": "Zyxmarker reason text",
}


def referral_world() -> dict:
    area = WelfareAreaFactory(code="vantaa-kerava", name="Vantaa ja Kerava")
    unit = ServiceUnitFactory(welfare_area=area, name="KOTO-tiimi", slug="koto")
    organization = OrganizationFactory(
        welfare_area=area, name="Hiiraan tuki ry", slug="hiiraan", accepts_referrals=True
    )
    worker = UserFactory(email="worker@unit.example", preferred_language="fi")
    MembershipFactory(user=worker, service_unit=unit, organization=None, role=Role.UNIT_STAFF)
    handler = UserFactory(email="handler@ngo.example", preferred_language="en")
    MembershipFactory(user=handler, organization=organization, role=Role.NGO_REFERRAL_HANDLER)
    coordinator = UserFactory(email="coord@area.example", preferred_language="sv")
    MembershipFactory(user=coordinator, welfare_area=area, organization=None, role=Role.COORDINATOR)
    member = UserFactory(email="member@ngo.example")
    MembershipFactory(user=member, organization=organization, role=Role.NGO_MEMBER)
    return {
        "area": area,
        "unit": unit,
        "organization": organization,
        "worker": worker,
        "handler": handler,
        "coordinator": coordinator,
        "member": member,
    }


def consent_data(**overrides) -> dict:
    return {
        "purpose": "Vertaistukiryhmä",
        "categories": ["name", "phone", "email", "contact_times", "languages", "reason"],
        "method": "verbal_in_person",
        "language": "so",
        "interpreter_used": True,
        "valid_until": timezone.localdate() + timedelta(days=90),
        **overrides,
    }


def client_data(**overrides) -> dict:
    return {
        **MARKERS,
        "client_languages": ["so", "fi"],
        "interpreter_needed": True,
        "escort_needed": False,
        **overrides,
    }


def send(world: dict, **overrides):
    return services.referral_send(
        unit=world["unit"],
        organization=world["organization"],
        by=world["worker"],
        consent=overrides.pop("consent", consent_data()),
        client=overrides.pop("client", client_data()),
        themes=overrides.pop("themes", Theme.objects.all()[:1]),
        **overrides,
    )

"""Shared set-up for the self-service tests: an NGO of the Vantaa-Kerava area, its admin
and the area's coordinator (signed in or not), and what the profile and activity forms
post."""

import pytest

from organizations.models import Role
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    WelfareAreaFactory,
    with_totp,
)


@pytest.fixture
def area():
    return WelfareAreaFactory(code="vantaa-kerava")


@pytest.fixture
def organization(area):
    return OrganizationFactory(
        welfare_area=area, slug="tuki", name="Tuki ry", description_fi="Tukea perheille."
    )


def person(email, role, **target):
    user = with_totp(UserFactory(email=email, name=email.split("@")[0].title()))
    MembershipFactory(user=user, role=role, **{"organization": None, **target})
    return user


@pytest.fixture
def admin(organization):
    return person("hodan@tuki.example", Role.NGO_ADMIN, organization=organization)


@pytest.fixture
def coordinator(area):
    return person("coord@vantaa.example", Role.COORDINATOR, welfare_area=area)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def profile_data(organization, hours=(), **overrides) -> dict:
    """What the edit page posts when nothing is changed, then `overrides`."""
    data = {
        "legal_form": organization.legal_form,
        "business_id": organization.business_id,
        "municipalities": organization.municipalities,
        "email": organization.email,
        "phone": organization.phone,
        "website": organization.website,
        "lahella_url": "",
        "kotoutumisentukena_url": "",
        "hours-TOTAL_FORMS": str(max(len(hours), 1)),
        "hours-INITIAL_FORMS": "0",
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "28",
    }
    for base in ("description", "long_description", "hours_description", "referral_instructions"):
        for code in ("fi", "sv", "en"):
            data[f"{base}_{code}"] = getattr(organization, f"{base}_{code}") or ""
    for n, (weekday, opens, closes) in enumerate(hours):
        data.update(
            {f"hours-{n}-weekday": weekday, f"hours-{n}-opens": opens, f"hours-{n}-closes": closes}
        )
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def activity_data(**overrides) -> dict:
    data = {
        "name_fi": "Läksykerho",
        "name_sv": "",
        "name_en": "Homework club",
        "description_fi": "",
        "description_sv": "",
        "description_en": "",
        "kind": "group",
        # Every Tuesday 17-19, chosen with the recurrence field's parts.
        "schedule_frequency": "weekly",
        "schedule_weekdays": ["1"],
        "schedule_position": "",
        "schedule_start": "17:00",
        "schedule_end": "19:00",
        "schedule_description_fi": "ei heinäkuussa",
        "schedule_description_sv": "",
        "schedule_description_en": "",
        "free_of_charge": "on",
        "cost_description": "",
    }
    data.update(overrides)
    return data

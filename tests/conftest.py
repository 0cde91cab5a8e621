import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_tool(path_or_name: str, why: str) -> str:
    """Return the tool's path; skip the test when it is missing, except in CI where a
    missing tool is a failure (CI installs it in .ci/run)."""
    import shutil

    found = path_or_name if os.path.isabs(path_or_name) else shutil.which(path_or_name)
    if found and os.path.exists(found):
        return found
    message = f"{path_or_name} is not installed ({why})"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError("unreachable")


def pytest_report_header(config):
    from django.conf import settings

    return [
        f"database: {settings.DATABASES['default']['ENGINE']}",
        f"broker: {settings.CELERY_BROKER_URL.split('@')[-1]}",
        f"CI: {IN_CI}",
    ]


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and used TOTP codes live in the cache: start each test clean."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def world(db):
    """The people of the permission matrix, all with an authenticator app set up:
    an owning NGO and a unit in one area, another NGO and unit in another area."""
    from organizations.models import Role
    from tests.factories import (
        MembershipFactory,
        OrganizationFactory,
        ServiceUnitFactory,
        UserFactory,
        WelfareAreaFactory,
        with_totp,
    )

    area = WelfareAreaFactory(code="vantaa-kerava")
    other_area = WelfareAreaFactory(code="pirkanmaa")
    organization = OrganizationFactory(welfare_area=area, slug="owning-ngo")
    other_organization = OrganizationFactory(welfare_area=area, slug="other-ngo")
    unit = ServiceUnitFactory(welfare_area=area, slug="koto-vantaa")
    other_unit = ServiceUnitFactory(welfare_area=other_area, slug="koto-tampere")
    application = OrganizationFactory(welfare_area=area, slug="applicant-ngo", status="pending")

    def person(email, role, **target):
        user = with_totp(UserFactory(email=email))
        MembershipFactory(user=user, role=role, **{"organization": None, **target})
        return user

    people = {
        "member": person("member@owning.example", Role.NGO_ADMIN, organization=organization),
        "other_member": person(
            "admin@other.example", Role.NGO_ADMIN, organization=other_organization
        ),
        "unit_staff": person("staff@vantaa.example", Role.UNIT_STAFF, service_unit=unit),
        "other_unit_staff": person(
            "staff@tampere.example", Role.UNIT_STAFF, service_unit=other_unit
        ),
        "coordinator": person("coord@vantaa.example", Role.COORDINATOR, welfare_area=area),
        "other_coordinator": person(
            "coord@tampere.example", Role.COORDINATOR, welfare_area=other_area
        ),
    }
    colleague = MembershipFactory(
        user=UserFactory(email="colleague@owning.example"),
        role=Role.NGO_MEMBER,
        organization=organization,
    )
    from organizations.services import invitation_create

    invitation = invitation_create(
        by=people["member"], email="new@owning.example", role=Role.NGO_MEMBER,
        target=organization, language="en",
    )  # fmt: skip
    from organizations.models import Activity, Location

    location = Location.objects.create(
        organization=organization, street_address="Testikatu 1", postal_code="01300",
        municipality="Vantaa",
    )  # fmt: skip
    activity = Activity.objects.create(
        organization=organization, name_fi="Olohuone", location=location
    )
    return {
        "area": area,
        "other_area": other_area,
        "organization": organization,
        "unit": unit,
        "application": application,
        "membership": colleague,
        "invitation": invitation,
        "activity": activity,
        "location": location,
        "people": people,
    }


@pytest.fixture
def reference_data(db):
    """The welfare areas, themes and target groups that data migrations load. A
    transactional test's flush empties them for the tests after it; this puts them back
    with the migrations' own functions."""
    from importlib import import_module

    from django.apps import apps

    import_module("organizations.migrations.0002_load_welfare_areas").load(apps, None)
    import_module("organizations.migrations.0004_taxonomies_and_search").load_taxonomies(apps, None)

"""seed_bench: bulk benchmark NGOs with their activities and many-to-many rows."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from organizations.models import (
    Activity,
    Language,
    Location,
    OpeningHours,
    Organization,
    validate_business_id,
)

pytestmark = pytest.mark.django_db


def bench():
    return Organization.objects.filter(slug__startswith="bench-")


def test_seed_bench_creates_ngos_with_activities_and_links():
    out = StringIO()
    call_command("seed_bench", organizations=50, batch_size=20, stdout=out)

    organizations = bench()
    assert organizations.count() == 50
    assert set(organizations.values_list("slug", flat=True)) == {f"bench-{n}" for n in range(1, 51)}
    assert set(organizations.values_list("status", flat=True)) == {"active"}
    activities = Activity.objects.filter(organization__in=organizations)
    assert 3.5 <= activities.count() / 50 <= 4.5
    assert not organizations.filter(activities=None).exists()

    ids = list(organizations.values_list("pk", flat=True))
    for field in ("languages", "themes", "target_groups", "areas"):
        through = getattr(Organization, field).through.objects.filter(organization_id__in=ids)
        assert set(through.values_list("organization_id", flat=True)) == set(ids), field
    for field in ("languages", "themes"):
        through = getattr(Activity, field).through.objects.filter(activity__in=activities)
        assert through.count() >= activities.count(), field
    hours = OpeningHours.objects.filter(organization_id__in=ids)
    assert set(hours.values_list("organization_id", flat=True)) == set(ids)
    assert Location.objects.filter(organization_id__in=ids).count() == 50
    assert organizations.filter(languages__code="fi").count() == 50
    assert Language.objects.filter(code="so").exists()
    # home area among the areas served
    for organization in organizations.prefetch_related("areas"):
        assert organization.welfare_area in organization.areas.all()
    assert "Created 50 NGOs" in out.getvalue()


def test_seed_bench_varies_its_ngos():
    call_command("seed_bench", organizations=50, stdout=StringIO())

    organizations = bench()
    assert organizations.values("name").distinct().count() > 40
    assert organizations.values("welfare_area").distinct().count() >= 20
    assert organizations.filter(outside_office_hours=True).exists()
    assert organizations.filter(outside_office_hours=False).exists()
    assert organizations.filter(accepts_referrals=True).exists()
    assert organizations.filter(accepts_referrals=False).exists()
    assert organizations.filter(legal_form="unregistered").exists()
    for organization in organizations.prefetch_related("opening_hours"):
        expected = any(row.is_outside_office_hours for row in organization.opening_hours.all())
        assert organization.outside_office_hours == expected
    for business_id in organizations.exclude(business_id="").values_list("business_id", flat=True):
        validate_business_id(business_id)


def test_seed_bench_replaces_earlier_bench_ngos_and_leaves_others():
    from tests.factories import OrganizationFactory

    other = OrganizationFactory(slug="not-bench")
    call_command("seed_bench", organizations=30, stdout=StringIO())
    call_command("seed_bench", organizations=20, stdout=StringIO())

    assert bench().count() == 20
    assert Activity.objects.filter(organization__slug__startswith="bench-").count() == (
        sum(3 + n % 3 for n in range(1, 21))
    )
    assert not OpeningHours.objects.filter(organization__isnull=True).exists()
    assert Organization.objects.filter(pk=other.pk).exists()


def test_seed_bench_refuses_production(settings):
    settings.COACT_ENVIRONMENT = "production"

    with pytest.raises(CommandError, match="production"):
        call_command("seed_bench", organizations=5)

    assert not bench().exists()

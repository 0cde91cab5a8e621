import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_demo_coordinator(settings):
    settings.DEMO_PASSWORD = "demo-pass-for-test"

    call_command("seed_demo", stdout=None)

    assert authenticate(email="coordinator@demo.example", password="demo-pass-for-test")


def test_seed_demo_runs_again_without_duplicates(settings):
    call_command("seed_demo")
    settings.DEMO_PASSWORD = "changed-demo-pass"
    call_command("seed_demo")

    assert get_user_model().objects.filter(email__endswith="@demo.example").count() == 3
    assert authenticate(email="coordinator@demo.example", password="changed-demo-pass")
    assert authenticate(email="ngo.admin@demo.example", password="changed-demo-pass")
    assert authenticate(email="unit.worker@demo.example", password="changed-demo-pass")


def test_demo_people_hold_their_roles():
    from organizations.models import Membership

    call_command("seed_demo")

    roles = dict(Membership.objects.values_list("user__email", "role"))
    assert roles == {
        "coordinator@demo.example": "coordinator",
        "ngo.admin@demo.example": "ngo_admin",
        "unit.worker@demo.example": "unit_staff",
    }


def test_seed_demo_refuses_production(settings):
    settings.COACT_ENVIRONMENT = "production"

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")

    assert not get_user_model().objects.exists()

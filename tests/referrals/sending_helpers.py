"""The people of referral_world() with their authenticator apps (their roles reach client
data), a second unit of the same area, and the form data a worker sends."""

from __future__ import annotations

import html as html_module
import re
from datetime import timedelta

from django.utils import timezone

from organizations.models import Role, Theme
from tests.factories import MembershipFactory, ServiceUnitFactory, UserFactory, with_totp
from tests.referrals.helpers import MARKERS, referral_world

# A valid henkilötunnus (the Digital and Population Data Services Agency's example).
IDENTITY_CODE = "131052-308T"


def sending_world() -> dict:
    world = referral_world()
    for name in ("worker", "handler", "coordinator", "member"):
        with_totp(world[name])
    other_unit = ServiceUnitFactory(welfare_area=world["area"], name="Aikuissosiaalityö")
    other_staff = with_totp(UserFactory(email="staff@other-unit.example"))
    MembershipFactory(
        user=other_staff, service_unit=other_unit, organization=None, role=Role.UNIT_STAFF
    )
    return {**world, "other_unit": other_unit, "other_staff": other_staff}


def form_data(world: dict, **overrides) -> dict:
    """Everything ticked and filled in, as the worker posts it."""
    theme = Theme.objects.order_by("position", "slug").first()
    data = {
        "unit": world["unit"].pk,
        "activity": "",
        "categories": ["name", "phone", "email", "contact_times", "languages", "reason"],
        "purpose": "Vertaistukiryhmään kutsuminen",
        "method": "verbal_in_person",
        "language": "so",
        "interpreter_used": "on",
        "valid_until": (timezone.localdate() + timedelta(days=90)).isoformat(),
        **MARKERS,
        "client_languages": ["so", "fi"],
        "interpreter_needed": "on",
        "themes": [theme.pk] if theme else [],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def text_of(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return html_module.unescape(" ".join(re.sub(r"<[^>]+>", " ", main).split()))

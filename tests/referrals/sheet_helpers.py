"""An NGO with everything an anonymous referral sheet shows, in Finnish, Swedish and
English and with texts of its own in Arabic and Somali; a unit worker to print it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from organizations.models import (
    Activity,
    Language,
    Location,
    OpeningHours,
    OrganizationText,
    Role,
)
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    UserFactory,
    WelfareAreaFactory,
    with_totp,
)

ARABIC_TEXT = "نقدم الدعم النفسي والاجتماعي للعائلات باللغة العربية."
SOMALI_TEXT = "Waxaan taageero siinaa qoysaska."


def language(code: str) -> Language:
    return Language.objects.get_or_create(code=code)[0]


def sheet_world() -> dict:
    area = WelfareAreaFactory(code="vantaa-kerava")
    unit = ServiceUnitFactory(welfare_area=area, slug="koto-sheet")
    organization = OrganizationFactory(
        welfare_area=area,
        name="Hiiraan tuki ry",
        slug="hiiraan-tuki",
        description_fi="Tukea perheille omalla kielellä.",
        description_sv="Stöd för familjer på det egna språket.",
        description_en="Support for families in their own language.",
        hours_description_fi="Tervetuloa ilman ajanvarausta.",
        hours_description_sv="Välkommen utan tidsbokning.",
        hours_description_en="Welcome without an appointment.",
        phone="+358 40 123 4567",
        email="info@hiiraan.example",
        website="https://hiiraan.example/",
        interpreting_volunteers=True,
        escort_volunteers=True,
        last_confirmed_at=timezone.now(),
    )
    organization.languages.set([language(code) for code in ("ar", "so", "fi")])
    location = Location.objects.create(
        organization=organization,
        name="Olohuone",
        street_address="Asematie 7",
        postal_code="01300",
        municipality="Vantaa",
        latitude=Decimal("60.292400"),
        longitude=Decimal("25.040500"),
        accessibility="Esteetön sisäänkäynti pihan puolelta.",
    )
    OpeningHours.objects.create(
        organization=organization, weekday=1, opens=dt.time(17), closes=dt.time(20)
    )
    OrganizationText.objects.create(
        organization=organization, language=language("ar"), text=ARABIC_TEXT
    )
    OrganizationText.objects.create(
        organization=organization, language=language("so"), text=SOMALI_TEXT
    )
    activity = Activity.objects.create(
        organization=organization,
        name_fi="Läksykerho",
        name_sv="Läxklubb",
        name_en="Homework club",
        description_fi="Apua koulutehtäviin.",
        description_en="Help with homework.",
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        start_time=dt.time(17),
        end_time=dt.time(19),
        location=location,
        registration_required=True,
    )
    activity.languages.set([language("ar"), language("fi")])
    pending = OrganizationFactory(welfare_area=area, slug="hakija", status="pending")
    other = OrganizationFactory(welfare_area=area, slug="toinen")
    other_activity = Activity.objects.create(organization=other, name_fi="Kahvila")
    worker = with_totp(UserFactory(email="printing.worker@unit.example", name="Wilma Worker"))
    MembershipFactory(user=worker, service_unit=unit, organization=None, role=Role.UNIT_STAFF)
    return {
        "area": area,
        "unit": unit,
        "organization": organization,
        "location": location,
        "activity": activity,
        "pending": pending,
        "other": other,
        "other_activity": other_activity,
        "worker": worker,
    }

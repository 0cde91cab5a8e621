from io import StringIO

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
        # Invented people of the demo networks, who send and answer the second unit's and
        # NGO's demo referrals (referrals/demo/referrals.yaml). They cannot sign in.
        "mikko@members.demo.example": "unit_staff",
        "hodan@members.demo.example": "ngo_referral_handler",
    }


def test_seed_demo_refuses_production(settings):
    settings.COACT_ENVIRONMENT = "production"

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")

    assert not get_user_model().objects.exists()


# --- the demo directory --------------------------------------------------------------------


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


def demo_organizations():
    from organizations.models import Organization

    return Organization.objects.filter(slug__startswith="demo-")


def test_seed_demo_loads_about_forty_ngos_all_marked_as_demo(seeded):
    organizations = demo_organizations()

    assert 38 <= organizations.count() <= 45
    assert all(name.startswith("Demo: ") for name in organizations.values_list("name", flat=True))
    assert set(organizations.values_list("status", flat=True)) == {"active"}
    areas = set(organizations.values_list("welfare_area__code", flat=True))
    assert {"vantaa-kerava", "helsinki", "pirkanmaa", "varsinais-suomi", "pohjois-pohjanmaa"} <= (
        areas
    )


def test_demo_contact_details_are_invented(seeded):
    for email, phone, website in demo_organizations().values_list("email", "phone", "website"):
        assert email.endswith("@demo.example")
        assert not phone or phone.startswith("040 000 0")
        assert not website or ".demo.example/" in website


def test_seed_demo_runs_again_with_the_same_rows():
    from organizations.models import (
        Activity,
        Location,
        OpeningHours,
        Organization,
        OrganizationText,
        ServiceUnit,
    )

    def counts():
        return {
            "organizations": Organization.objects.count(),
            "activities": Activity.objects.count(),
            "locations": Location.objects.count(),
            "opening_hours": OpeningHours.objects.count(),
            "texts": OrganizationText.objects.count(),
            "units": ServiceUnit.objects.count(),
            "languages": Organization.languages.through.objects.count(),
            "themes": Organization.themes.through.objects.count(),
            "areas": Organization.areas.through.objects.count(),
            "activity_languages": Activity.languages.through.objects.count(),
            "history": Organization.history.count(),
        }

    call_command("seed_demo", stdout=StringIO())
    first = counts()
    call_command("seed_demo", stdout=StringIO())

    assert counts() == first
    assert get_user_model().objects.filter(email__endswith="@demo.example").count() == 3


def test_directory_acceptance_set_is_exactly_as_specified(seeded):
    from organizations.models import Organization

    matches = (
        Organization.objects.filter(languages__code="so")
        .filter(themes__slug="mental-health")
        .filter(areas__code="vantaa-kerava")
        .filter(outside_office_hours=True)
        .distinct()
    )

    assert sorted(matches.values_list("slug", flat=True)) == [
        "demo-somali-mental-health-evenings",
        "demo-vantaa-peer-circle",
    ]
    assert dict(matches.values_list("slug", "name")) == {
        "demo-somali-mental-health-evenings": "Demo: Hiiraan mielenterveystuki ry",
        "demo-vantaa-peer-circle": "Demo: Vantaan vertaispiiri",
    }

    # Vantaa-Kerava NGOs that meet three of the four conditions, so that a filter test
    # that drops any one condition sees more results.
    def conditions(organization):
        return [
            organization.languages.filter(code="so").exists(),
            organization.themes.filter(slug="mental-health").exists(),
            organization.areas.filter(code="vantaa-kerava").exists(),
            organization.outside_office_hours,
        ]

    near_misses = [
        o.slug
        for o in Organization.objects.filter(welfare_area__code="vantaa-kerava")
        if sum(conditions(o)) == 3
    ]
    assert len(near_misses) >= 2
    assert {
        "demo-monikulttuurinen-perheyhdistys",  # Somali, evenings, area; no mental health
        "demo-tikkurila-wellbeing-advice",  # Somali, mental health, area; office hours only
        "demo-kerava-evening-club",  # Somali, evenings, area; no mental health
        "demo-vantaa-house-of-hope",  # mental health, evenings, area; no Somali
    } <= set(near_misses)
    dropped = {conditions(Organization.objects.get(slug=s)).index(False) for s in near_misses}
    assert {0, 1, 3} <= dropped  # no Somali; no mental health; office hours only


def test_demo_profiles_are_filled_out(seeded):
    from organizations.models import Organization

    organizations = demo_organizations().prefetch_related(
        "languages", "themes", "target_groups", "areas", "activities", "locations"
    )
    for organization in organizations:
        assert organization.description_fi, organization.slug
        assert organization.themes.all()
        assert organization.target_groups.all()
        assert organization.languages.all()
        assert organization.welfare_area in organization.areas.all()
        assert 2 <= len(organization.activities.all()) <= 5, organization.slug
        assert len(organization.locations.all()) <= 2
        if organization.accepts_referrals:
            assert organization.referral_instructions_fi
            assert organization.referral_instructions_en
    # sv and en for most but not all, so that the fallback shows
    assert 0 < organizations.filter(description_sv="").count() < organizations.count() / 2
    assert 0 < organizations.filter(description_en="").count() < organizations.count() / 2
    assert organizations.exclude(long_description_fi="").count() >= 5
    assert organizations.filter(legal_form=Organization.LegalForm.UNREGISTERED).count() >= 3
    assert organizations.filter(legal_form=Organization.LegalForm.FOUNDATION).exists()
    for flag in ("escort_volunteers", "interpreting_volunteers", "online_services"):
        assert organizations.filter(**{flag: True}).exists()
        assert organizations.filter(**{flag: False}).exists()


def test_outside_office_hours_follows_the_opening_hours(seeded):
    organizations = demo_organizations().prefetch_related("opening_hours")

    for organization in organizations:
        rows = organization.opening_hours.all()
        assert rows, organization.slug
        expected = any(row.is_outside_office_hours for row in rows)
        assert organization.outside_office_hours == expected, organization.slug
    assert organizations.filter(outside_office_hours=True).exists()
    assert organizations.filter(outside_office_hours=False).exists()


def test_demo_business_ids_validate(seeded):
    from organizations.models import validate_business_id

    business_ids = list(demo_organizations().exclude(business_id="").values("business_id"))
    assert len(business_ids) >= 10
    for row in business_ids:
        validate_business_id(row["business_id"])
    assert not demo_organizations().filter(legal_form="unregistered").exclude(business_id="")


def test_some_demo_profiles_are_stale_or_unverified(seeded):
    from datetime import timedelta

    from django.utils import timezone

    organizations = demo_organizations()
    now = timezone.now()
    recent = organizations.filter(last_confirmed_at__gte=now - timedelta(days=183)).count()
    stale = organizations.filter(last_confirmed_at__lt=now - timedelta(days=213)).count()
    assert recent > organizations.count() / 2
    assert 4 <= stale <= 8
    assert organizations.filter(last_confirmed_at=None).exists()
    verified = organizations.exclude(verified_by=None)
    assert set(verified.values_list("verified_by__email", flat=True)) == {
        "coordinator@demo.example"
    }
    assert not verified.filter(verified_at=None).exists()
    assert organizations.count() / 2 < verified.count() < organizations.count()
    assert not organizations.filter(verified_by=None).exclude(verified_at=None).exists()


def test_demo_languages_and_texts(seeded):
    from organizations.languages import normalize_language_code
    from organizations.models import Language, OrganizationText

    codes = set(Language.objects.values_list("code", flat=True))
    wanted = {"so", "ar", "prs", "ru", "uk", "en", "fi", "sv", "ku", "ti", "fa", "fr", "vi"}
    assert wanted <= codes
    assert all(normalize_language_code(code) == code for code in codes)
    text_languages = set(OrganizationText.objects.values_list("language__code", flat=True))
    assert {"so", "ar", "prs", "ru", "uk"} <= text_languages
    for text in OrganizationText.objects.select_related("organization", "language"):
        assert text.organization.languages.filter(pk=text.language_id).exists()
        assert len(text.text) < 200


def test_demo_activities(seeded):
    from organizations.models import Activity

    activities = Activity.objects.filter(organization__slug__startswith="demo-")
    assert activities.exclude(recurrence="").filter(recurrence__startswith="FREQ=").exists()
    assert activities.filter(recurrence="").exists()
    assert len(set(activities.values_list("kind", flat=True))) == len(Activity.Kind)
    for activity in activities.prefetch_related("languages", "themes"):
        assert activity.name_fi
        assert activity.name_en
        assert activity.languages.all()
        assert activity.themes.all()
        organization_codes = set(activity.organization.languages.values_list("code", flat=True))
        assert {language.code for language in activity.languages.all()} <= organization_codes


def test_demo_service_units(seeded):
    from organizations.models import ServiceUnit

    units = ServiceUnit.objects.filter(slug__startswith="demo-")
    assert units.count() >= 6
    assert {"koto", "family_centre", "child_welfare", "adult_social_work", "youth_services",
            "disability_services"} <= set(units.values_list("kind", flat=True))  # fmt: skip
    assert len(set(units.values_list("welfare_area__code", flat=True))) >= 4
    for unit in units:
        assert unit.contact_email.endswith("@demo.example")
        assert unit.contact_phone
        assert unit.contact_hours
        assert unit.contact_description_fi
        assert unit.contact_description_en


def test_seed_demo_prints_a_summary():
    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert "demo NGOs" in out.getvalue()


# --- what the demo says, as a user sees it ---------------------------------------------------


def test_a_demo_ngo_profile_shows_its_data_in_each_language(client, seeded):
    slug = "demo-monikulttuurinen-perheyhdistys"

    english = client.get(f"/en/organizations/{slug}/")
    swedish = client.get(f"/sv/organizations/{slug}/")

    assert english.status_code == swedish.status_code == 200
    page = english.content.decode()
    for text in (
        "Demo: Monikulttuurinen perheyhdistys ry",
        "Peer groups and advice for families in Somali, Arabic and Finnish.",
        "Family club",
        "Homework club",
        "Perhekuja 3 A",
        "040 000 0101",
        "monikulttuurinen-perheyhdistys@demo.example",
    ):
        assert text in page, text
    assert (
        "Kamratgrupper och rådgivning för familjer på somaliska, arabiska och finska."
        in swedish.content.decode()
    )


def test_computed_values_of_a_demo_ngo(seeded):
    from datetime import time, timedelta

    from django.utils import timezone

    from organizations.models import Organization

    organization = Organization.objects.get(slug="demo-monikulttuurinen-perheyhdistys")

    assert organization.business_id == "9100013-6"  # the check digit computed
    assert organization.website == "https://demo-monikulttuurinen-perheyhdistys.demo.example/"
    assert organization.hours_description_fi == "ma–pe 9–15; la 11–14"  # noqa: RUF001
    assert organization.hours_description_sv == "mån–fre 9–15; lör 11–14"  # noqa: RUF001
    assert organization.hours_description_en == "Mon–Fri 09:00–15:00; Sat 11:00–14:00"  # noqa: RUF001
    assert sorted(organization.opening_hours.values_list("weekday", "opens", "closes")) == [
        *((day, time(9), time(15)) for day in range(5)),
        (5, time(11), time(14)),
    ]
    assert organization.outside_office_hours  # open on Saturdays
    assert organization.accepts_referrals
    assert organization.referral_instructions_fi.startswith("Lähetä lähete portaalissa")
    confirmed_days_ago = timezone.now() - organization.last_confirmed_at
    assert timedelta(days=12) <= confirmed_days_ago < timedelta(days=12, minutes=5)
    assert organization.verified_by.email == "coordinator@demo.example"
    activities = {a.name_en: a for a in organization.activities.all()}
    family_club = activities["Family club"]
    # Times read from its Finnish words ("Lauantaisin klo 11-14"), so no words repeat them.
    assert (family_club.recurrence, family_club.start_time, family_club.end_time) == (
        "FREQ=WEEKLY;BYDAY=SA",
        time(11),
        time(14),
    )
    assert family_club.schedule_description_en == ""
    assert activities["Escorts to appointments"].schedule_description_en == "By arrangement"
    assert activities["Escorts to appointments"].start_time is None
    location = organization.locations.get()
    assert (location.name, location.postal_code, location.municipality) == (
        "Perhetila",
        "01300",
        "Vantaa",
    )
    assert abs(float(location.latitude) - 60.2926) < 0.004  # Tikkurila, moved a little
    texts = dict(organization.other_texts.values_list("language__code", "text"))
    assert texts["so"] == "Ku soo dhawoow! Nala soo xiriir haddii aad su'aal qabto."


def test_the_demo_sign_ins_are_members_where_the_readme_says(seeded):
    from organizations.models import Membership, ServiceUnit

    places = {
        m.user.email: (m.welfare_area_id and m.welfare_area.code)
        or (m.organization_id and m.organization.slug)
        or m.service_unit.slug
        for m in Membership.objects.select_related(
            "user", "welfare_area", "organization", "service_unit"
        )
    }

    assert places == {
        "coordinator@demo.example": "vantaa-kerava",
        "ngo.admin@demo.example": "demo-monikulttuurinen-perheyhdistys",
        "unit.worker@demo.example": "demo-koto-vantaa",
        "mikko@members.demo.example": "demo-perhekeskus-tikkurila",
        "hodan@members.demo.example": "demo-somali-mental-health-evenings",
    }
    unit = ServiceUnit.objects.get(slug="demo-koto-vantaa")
    assert unit.representative.email == "unit.worker@demo.example"
    assert unit.name_sv == "Demo: KOTO-teamet, Vanda"
    assert not ServiceUnit.objects.exclude(slug="demo-koto-vantaa").exclude(representative=None)


def test_demo_meetings_fall_relative_to_today(seeded):
    from datetime import time

    from django.utils import timezone

    from networks.models import Meeting, MeetingSeries

    today = timezone.localdate()
    helsinki = timezone.get_current_timezone()
    next_board = Meeting.objects.get(uid="demo-advisory-board-next@coact")
    previous_board = Meeting.objects.get(uid="demo-advisory-board-previous@coact")

    start = timezone.localtime(next_board.start, helsinki)
    assert 20 <= (start.date() - today).days <= 22  # 20 days ahead, on a working day
    assert start.weekday() < 5
    assert start.time() == time(17, 30)
    assert next_board.title == "Järjestöneuvottelukunnan kokous"
    assert next_board.online_url == "https://meet.demo.example/neuvottelukunta"
    assert not next_board.minutes
    held = timezone.localtime(previous_board.start, helsinki)
    assert 62 <= (today - held.date()).days <= 64
    assert previous_board.minutes.startswith("Demomuistio. Ajankohtaiset asiat jäseniltä")

    meetup = MeetingSeries.objects.get(title="Kuukausikahvit / Monthly meetup")
    assert (meetup.rrule, meetup.start_time) == ("FREQ=MONTHLY;BYDAY=1TU", time(16, 30))
    assert meetup.accessibility.startswith("Esteetön sisäänkäynti")
    for occurrence in meetup.occurrences.all():
        local = timezone.localtime(occurrence.start, helsinki)
        assert local.weekday() == 1  # the first Tuesday
        assert local.day <= 7
        summer_break = local.month == 7 and occurrence.start > timezone.now()
        assert occurrence.is_cancelled == summer_break

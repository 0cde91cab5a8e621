"""An NGO's admin keeps the profile, activities and locations current; coordinators
verify profiles, read their history and see which profiles need attention."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coact.models import AuditEvent
from organizations.forms.profiles import ActivityForm, OrganizationProfileForm
from organizations.models import Activity, Language, Location, Organization, Role, Theme
from organizations.services.profiles import organization_update
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    WelfareAreaFactory,
    with_totp,
)

pytestmark = pytest.mark.django_db

WRONG_CHECK_DIGIT = "1234567-8"  # 1234567-1 is the valid one


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


def tag(html: str, name: str) -> str:
    """The opening tag of the input, textarea or select called `name`."""
    match = re.search(rf'<(?:input|textarea|select)[^>]*name="{name}"[^>]*>', html)
    assert match, f"no field {name}"
    return match.group(0)


# --- The profile ------------------------------------------------------------------------


def test_admin_edits_the_swedish_text_and_the_profile_shows_it_at_once(
    admin_client, organization, admin
):
    url = "/sv/organizations/tuki/edit/"
    response = admin_client.post(
        url, profile_data(organization, description_sv="Vi stöder familjer på svenska.")
    )

    assert response.status_code == 302
    assert response["Location"] == url
    page = admin_client.get("/sv/organizations/tuki/").content.decode()
    assert "Vi stöder familjer på svenska." in page
    # The Finnish page still shows the Finnish text.
    assert "Tukea perheille." in admin_client.get("/fi/organizations/tuki/").content.decode()
    event = AuditEvent.objects.get(action="profile_changed")
    assert event.actor_email == admin.email
    assert event.details == {"fields": ["description_sv"]}


def test_texts_are_grouped_by_language_with_lang_on_each_input(admin_client, organization):
    html = admin_client.get("/en/organizations/tuki/edit/").content.decode()

    for code in ("fi", "sv", "en"):
        assert f'id="texts-{code}"' in html
        for base in ("description", "long_description", "hours_description"):
            assert f'lang="{code}"' in tag(html, f"{base}_{code}")
    assert "Texts in Swedish" in html
    assert 'lang="fi"' not in tag(html, "email")


def test_the_form_shows_every_field_in_a_fieldset(organization):
    for form in (OrganizationProfileForm(), ActivityForm(organization=organization)):
        shown = [field.name for group in form.fieldsets() for field in group["fields"]]
        assert sorted(shown) == sorted(form.fields)


def test_another_ngos_admin_cannot_edit(client, organization, area):
    other = OrganizationFactory(welfare_area=area, slug="toinen")
    client.force_login(person("admin@toinen.example", Role.NGO_ADMIN, organization=other))

    assert client.get("/en/organizations/tuki/edit/").status_code == 403
    response = client.post(
        "/en/organizations/tuki/edit/", profile_data(organization, description_fi="Hacked")
    )

    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.description_fi == "Tukea perheille."


def test_a_wrong_business_id_keeps_everything_typed(admin_client, organization):
    theme = Theme.objects.get(slug="youth")
    language = Language.objects.create(code="so")
    response = admin_client.post(
        "/en/organizations/tuki/edit/",
        profile_data(
            organization,
            hours=[(5, "10:00", "14:00")],
            business_id=WRONG_CHECK_DIGIT,
            description_en="Peer groups for Somali-speaking families.",
            phone="+358 40 123 4567",
            themes=[theme.pk],
            languages=[language.pk],
            escort_volunteers="on",
        ),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f"{WRONG_CHECK_DIGIT}: the check digit does not match" in html
    assert 'href="#id_business_id"' in html  # the error summary points to the field
    assert f'value="{WRONG_CHECK_DIGIT}"' in html
    assert "Peer groups for Somali-speaking families." in html
    assert 'value="+358 40 123 4567"' in html
    assert "checked" in tag(html, "escort_volunteers")
    assert re.search(rf'value="{theme.pk}"[^>]*checked', html)
    assert re.search(rf'value="{language.pk}"[^>]*checked', html)
    assert 'value="10:00"' in html
    assert 'value="14:00"' in html
    organization.refresh_from_db()
    assert organization.business_id == ""
    assert not organization.opening_hours.exists()


def test_a_valid_business_id_is_saved(admin_client, organization):
    admin_client.post(
        "/en/organizations/tuki/edit/", profile_data(organization, business_id="1234567-1")
    )

    organization.refresh_from_db()
    assert organization.business_id == "1234567-1"


def test_closing_before_opening_is_an_error_that_keeps_the_row(admin_client, organization):
    response = admin_client.post(
        "/en/organizations/tuki/edit/",
        profile_data(organization, hours=[(1, "18:00", "17:00")], description_sv="Hej"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The closing time must be after the opening time" in html
    assert 'href="#id_hours-0-closes"' in html
    assert 'value="18:00"' in html
    assert "Hej" in html
    assert not organization.opening_hours.exists()


def test_opening_hours_set_outside_office_hours(admin_client, organization):
    url = "/en/organizations/tuki/edit/"

    admin_client.post(url, profile_data(organization, hours=[(1, "09:00", "15:00")]))
    organization.refresh_from_db()
    assert [str(row) for row in organization.opening_hours.all()] == ["Tuesday 09:00\u201315:00"]
    assert organization.outside_office_hours is False

    admin_client.post(
        url, profile_data(organization, hours=[(1, "09:00", "15:00"), (2, "17:00", "20:00")])
    )
    organization.refresh_from_db()
    assert organization.opening_hours.count() == 2
    assert organization.outside_office_hours is True

    admin_client.post(
        url,
        profile_data(
            organization,
            hours=[(1, "09:00", "15:00"), (2, "17:00", "20:00")],
            **{"hours-1-DELETE": "on"},
        ),
    )
    organization.refresh_from_db()
    assert organization.opening_hours.count() == 1
    assert organization.outside_office_hours is False


@pytest.mark.parametrize(
    ("weekday", "opens", "closes", "outside"),
    [(5, "10:00", "12:00", True), (0, "07:30", "12:00", True), (0, "08:00", "16:00", False)],
)
def test_weekends_early_and_late_hours_are_outside_office_hours(
    organization, admin, weekday, opens, closes, outside
):
    from datetime import time

    organization_update(
        organization=organization,
        data={
            "opening_hours": [
                {
                    "weekday": weekday,
                    "opens": time.fromisoformat(opens),
                    "closes": time.fromisoformat(closes),
                }
            ]
        },
        by=admin,
    )

    organization.refresh_from_db()
    assert organization.outside_office_hours is outside


def checklist(client) -> str:
    html = client.get("/en/organizations/tuki/edit/").content.decode()
    return html.split('id="checklist-heading"')[1].split("</section>")[0]


def test_the_checklist_names_what_is_missing(admin_client, organization):
    html = checklist(admin_client)

    assert "What the profile still needs" in html
    assert "A short description in Swedish" in html
    assert "A short description in Finnish" not in html  # it has one
    assert "An activity" in html
    assert "How to refer a client" not in html  # it does not take referrals

    admin_client.post(
        "/en/organizations/tuki/edit/", profile_data(organization, accepts_referrals="on")
    )
    assert "How to refer a client" in checklist(admin_client)


def test_saving_with_the_confirm_button_marks_the_profile_current(admin_client, organization):
    admin_client.post(
        "/en/organizations/tuki/edit/", profile_data(organization, phone="09 123", confirm="1")
    )

    organization.refresh_from_db()
    assert organization.phone == "09 123"
    assert organization.last_confirmed_at > timezone.now() - timedelta(minutes=1)


def test_one_history_record_per_save_with_the_many_to_many_changes(organization, admin):
    themes = list(Theme.objects.all()[:2])

    organization_update(
        organization=organization,
        data={"themes": themes, "description_sv": "Hej", "languages": []},
        by=admin,
    )

    latest = organization.history.latest()
    assert organization.history.count() == 2  # created, changed
    assert latest.history_user == admin
    assert {row.theme_id for row in latest.themes.all()} == {theme.pk for theme in themes}


def test_an_edit_is_searchable_after_the_commit(
    admin_client, organization, django_capture_on_commit_callbacks
):
    from django.contrib.postgres.search import SearchQuery

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/sv/organizations/tuki/edit/",
            profile_data(organization, description_sv="Läxhjälp för skolbarn"),
        )

    assert Organization.objects.filter(
        pk=organization.pk, search_sv=SearchQuery("läxhjälp", config="swedish")
    ).exists()


# --- Activities and locations -----------------------------------------------------------


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


def test_admin_adds_edits_and_removes_an_activity(admin_client, organization):
    location = Location.objects.create(
        organization=organization, street_address="Asematie 1", postal_code="01300",
        municipality="Vantaa",
    )  # fmt: skip

    response = admin_client.post(
        "/en/organizations/tuki/activities/", activity_data(location=location.pk)
    )

    assert response.status_code == 302
    activity = Activity.objects.get(organization=organization)
    assert activity.name_en == "Homework club"
    assert activity.recurrence == "FREQ=WEEKLY;BYDAY=TU"
    assert activity.location == location
    assert "Homework club" in admin_client.get(response["Location"]).content.decode()

    url = f"/en/organizations/tuki/activities/{activity.pk}/edit/"
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, activity_data(name_en="Homework club for teens"))
    activity.refresh_from_db()
    assert activity.name_en == "Homework club for teens"
    assert activity.location is None

    response = admin_client.post(f"/en/organizations/tuki/activities/{activity.pk}/delete/")
    assert response.status_code == 302
    assert not Activity.objects.exists()


def test_an_activity_can_only_be_held_at_the_ngos_own_locations(admin_client, organization, area):
    elsewhere = Location.objects.create(
        organization=OrganizationFactory(welfare_area=area), street_address="Muu 1",
        postal_code="00100", municipality="Helsinki",
    )  # fmt: skip

    response = admin_client.post(
        "/en/organizations/tuki/activities/", activity_data(location=elsewhere.pk)
    )

    assert response.status_code == 200
    assert 'href="#id_location"' in response.content.decode()
    assert not Activity.objects.exists()


def test_another_ngos_activity_is_not_found_under_this_ngo(admin_client, organization, area):
    foreign = Activity.objects.create(
        organization=OrganizationFactory(welfare_area=area), name_fi="Muu"
    )

    assert (
        admin_client.get(f"/en/organizations/tuki/activities/{foreign.pk}/edit/").status_code == 404
    )
    response = admin_client.post(f"/en/organizations/tuki/activities/{foreign.pk}/delete/")
    assert response.status_code == 404
    assert Activity.objects.filter(pk=foreign.pk).exists()


def test_admin_adds_and_removes_a_location(admin_client, organization):
    data = {
        "name": "Kerhohuone",
        "street_address": "Asematie 1",
        "postal_code": "1300",
        "municipality": "Vantaa",
        "latitude": "60.2934",
        "longitude": "25.0378",
        "accessibility": "Hissi",
    }
    response = admin_client.post("/en/organizations/tuki/locations/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a postcode of five digits" in html
    assert 'value="Asematie 1"' in html

    admin_client.post("/en/organizations/tuki/locations/", {**data, "postal_code": "01300"})
    location = Location.objects.get(organization=organization)
    assert str(location.latitude) == "60.293400"
    activity = Activity.objects.create(organization=organization, name_fi="X", location=location)

    admin_client.post(f"/en/organizations/tuki/locations/{location.pk}/edit/",
                      {**data, "postal_code": "01301"})  # fmt: skip
    location.refresh_from_db()
    assert location.postal_code == "01301"

    admin_client.post(f"/en/organizations/tuki/locations/{location.pk}/delete/")
    assert not Location.objects.exists()
    activity.refresh_from_db()
    assert activity.location is None


# --- Confirming, verifying, history -----------------------------------------------------


def test_confirming_marks_the_profile_current_and_restarts_the_reminders(
    admin_client, organization
):
    Organization.objects.filter(pk=organization.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=200),
        stale_reminder_sent_at=timezone.now() - timedelta(days=10),
    )

    response = admin_client.post(
        "/en/organizations/tuki/confirm/", {"next": "/en/organizations/tuki/edit/"}
    )

    assert response["Location"] == "/en/organizations/tuki/edit/"
    organization.refresh_from_db()
    assert organization.last_confirmed_at > timezone.now() - timedelta(minutes=1)
    assert organization.stale_reminder_sent_at is None
    assert not organization.is_stale
    messages = [str(m) for m in admin_client.get("/en/organizations/tuki/").context["messages"]]
    assert messages == ["Thank you. The information is marked current."]


def test_confirming_never_redirects_to_another_site(admin_client, organization):
    response = admin_client.post(
        "/en/organizations/tuki/confirm/", {"next": "https://evil.example/"}
    )

    assert response["Location"] == "/en/organizations/tuki/"


def test_the_link_in_the_reminder_asks_before_confirming(admin_client, organization):
    response = admin_client.get("/en/organizations/tuki/confirm/")

    assert response.status_code == 200
    assert "Our information is current" in response.content.decode()
    organization.refresh_from_db()
    assert organization.last_confirmed_at is None


def test_the_areas_coordinator_verifies(coordinator_client, coordinator, organization):
    response = coordinator_client.post("/en/organizations/tuki/verify/")

    assert response["Location"] == "/en/organizations/tuki/"
    organization.refresh_from_db()
    assert organization.verified_by == coordinator
    assert organization.verified_at > timezone.now() - timedelta(minutes=1)


def test_the_ngos_admin_cannot_verify_its_own_profile(admin_client, organization):
    assert admin_client.post("/en/organizations/tuki/verify/").status_code == 403

    organization.refresh_from_db()
    assert organization.verified_at is None


def test_history_shows_what_changed_and_who_changed_it(
    client, admin_client, organization, coordinator
):
    admin_client.post(
        "/en/organizations/tuki/edit/",
        profile_data(organization, description_sv="Vi stöder familjer.", phone="09 1234"),
    )
    admin_client.post("/en/organizations/tuki/activities/", activity_data())
    admin_client.post("/en/organizations/tuki/confirm/")

    client.force_login(coordinator)
    response = client.get("/en/organizations/tuki/history/")

    html = response.content.decode()
    assert response.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)[1:]
    assert len(rows) == 4  # confirmed, activity added, profile changed, created
    confirmed, added, changed, _created = rows
    assert "Information confirmed current" in confirmed
    assert "Activity: Homework club" in added  # in the reader's language
    assert "Added" in added
    assert "Hodan@Tuki.Example" in changed or "hodan@tuki.example" in changed
    assert "Short description (Swedish)" in changed
    assert "Phone" in changed
    assert "Short description (Finnish)" not in changed


# --- The links on the profile page ------------------------------------------------------


def render_links(user, organization) -> str:
    request = RequestFactory().get(f"/en/organizations/{organization.slug}/")
    request.user = user
    request.session = {}
    return render_to_string(
        "organizations/includes/manage_links.html",
        {"organization": organization, "user": user},
        request=request,
    )


def test_manage_links_show_what_each_person_may_do(organization, admin, coordinator, area):
    from django.contrib.auth.models import AnonymousUser

    for_admin = render_links(admin, organization)
    assert "/organizations/tuki/edit/" in for_admin
    assert "/organizations/tuki/activities/" in for_admin
    assert "/organizations/tuki/locations/" in for_admin
    assert "/organizations/tuki/history/" in for_admin
    assert "/organizations/tuki/confirm/" in for_admin
    assert "/organizations/tuki/verify/" not in for_admin

    assert "/organizations/tuki/verify/" in render_links(coordinator, organization)
    other = person("admin@toinen.example", Role.NGO_ADMIN,
                   organization=OrganizationFactory(welfare_area=area))  # fmt: skip
    assert render_links(other, organization).strip() == ""
    assert render_links(AnonymousUser(), organization).strip() == ""


# --- The coordinators' freshness list ---------------------------------------------------


def test_freshness_lists_the_areas_stale_and_unverified_profiles(
    coordinator_client, coordinator, area
):
    now = timezone.now()
    stale = OrganizationFactory(welfare_area=area, name="Vanha ry", verified_at=now,
                                last_confirmed_at=now - timedelta(days=200))  # fmt: skip
    unverified = OrganizationFactory(welfare_area=area, name="Uusi ry", last_confirmed_at=now)
    OrganizationFactory(welfare_area=area, name="Kunnossa ry", verified_at=now,
                        last_confirmed_at=now - timedelta(days=10))  # fmt: skip
    OrganizationFactory(welfare_area=WelfareAreaFactory(code="pirkanmaa"), name="Tampere ry")

    response = coordinator_client.get("/en/coordination/freshness/")

    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["organizations"]) == [stale, unverified]
    assert "Kunnossa ry" not in html
    assert "Tampere ry" not in html
    assert f"/organizations/{unverified.slug}/verify/" in html
    assert f"/organizations/{stale.slug}/verify/" not in html  # already verified
    assert f"/organizations/{stale.slug}/history/" in html


def test_freshness_is_for_coordinators(admin_client):
    assert admin_client.get("/en/coordination/freshness/").status_code == 403


def test_verifying_from_the_freshness_list_returns_to_it(coordinator_client, organization):
    response = coordinator_client.post(
        "/en/organizations/tuki/verify/", {"next": "/en/coordination/freshness/"}
    )

    assert response["Location"] == "/en/coordination/freshness/"


def queries_for(client, url) -> int:
    client.get(url)  # the first request of a session also writes session bookkeeping
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_freshness_queries_do_not_grow_with_organizations(coordinator_client, area):
    url = "/en/coordination/freshness/"
    OrganizationFactory(welfare_area=area)
    few = queries_for(coordinator_client, url)

    for n in range(10):
        verifier = UserFactory()
        OrganizationFactory(welfare_area=area, verified_by=verifier, verified_at=timezone.now(),
                            last_confirmed_at=timezone.now() - timedelta(days=300 + n))  # fmt: skip
        OrganizationFactory(welfare_area=area)

    assert len(coordinator_client.get(url).context["organizations"]) == 21
    assert queries_for(coordinator_client, url) == few


def test_history_queries_do_not_grow_with_changes(admin_client, organization, admin):
    url = "/en/organizations/tuki/history/"
    organization_update(organization=organization, data={"phone": "1"}, by=admin)
    few = queries_for(admin_client, url)

    themes = list(Theme.objects.all())
    for n in range(10):
        organization_update(
            organization=organization, data={"phone": str(n), "themes": themes[: n % 3]}, by=admin
        )
        Activity.objects.create(organization=organization, name_fi=f"Kerho {n}")

    assert queries_for(admin_client, url) == few


def test_admin_adds_a_text_in_somali_and_the_profile_shows_it(client, reference_data):
    from organizations.models import Language, Membership, OrganizationText, Role
    from tests.factories import OrganizationFactory, UserFactory, with_totp

    organization = OrganizationFactory(slug="tuki")
    admin = with_totp(UserFactory())
    Membership.objects.create(user=admin, role=Role.NGO_ADMIN, organization=organization)
    somali = Language.objects.get_or_create(code="so")[0]
    client.force_login(admin)
    form = {
        "texts-TOTAL_FORMS": "1",
        "texts-INITIAL_FORMS": "0",
        "texts-MIN_NUM_FORMS": "0",
        "texts-MAX_NUM_FORMS": "12",
        "texts-0-language": str(somali.pk),
        "texts-0-text": "Ku soo dhowow.",
    }

    response = client.post("/en/organizations/tuki/texts/", form)

    assert response.status_code == 302
    assert OrganizationText.objects.get(organization=organization).text == "Ku soo dhowow."
    assert 'lang="so" dir="ltr"' in client.get("/en/organizations/tuki/").content.decode()
    history = client.get("/en/organizations/tuki/history/").content.decode()
    assert "Text in another language" in history


def test_a_text_without_its_language_is_refused_and_kept(client):
    from organizations.models import Membership, OrganizationText, Role
    from tests.factories import OrganizationFactory, UserFactory, with_totp

    organization = OrganizationFactory(slug="tuki")
    admin = with_totp(UserFactory())
    Membership.objects.create(user=admin, role=Role.NGO_ADMIN, organization=organization)
    client.force_login(admin)

    response = client.post(
        "/en/organizations/tuki/texts/",
        {
            "texts-TOTAL_FORMS": "1",
            "texts-INITIAL_FORMS": "0",
            "texts-MIN_NUM_FORMS": "0",
            "texts-MAX_NUM_FORMS": "12",
            "texts-0-text": "أهلا وسهلا",
        },
    )

    html = response.content.decode()
    assert "This field is required." in html
    assert "أهلا وسهلا" in html
    assert not OrganizationText.objects.exists()

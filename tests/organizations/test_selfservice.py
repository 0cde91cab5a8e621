"""An NGO's admin keeps the profile, its texts in other languages, the activities and
the locations current.

Confirming, verifying, the history and the coordinators' freshness list are in
test_selfservice_verification.py. test_volunteer_forms.py imports profile_data,
activity_data and tag from here."""

# The tests take the fixtures imported from selfservice_helpers as arguments.
# ruff: noqa: F811

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from coact.models import AuditEvent
from organizations.forms.profiles import ActivityForm, OrganizationProfileForm
from organizations.models import Activity, Language, Location, Organization, Role, Theme
from organizations.services.profiles import organization_update
from tests.factories import OrganizationFactory
from tests.organizations.selfservice_helpers import (  # noqa: F401 - fixtures
    activity_data,
    admin,
    admin_client,
    area,
    organization,
    person,
    profile_data,
)

pytestmark = pytest.mark.django_db

WRONG_CHECK_DIGIT = "1234567-8"  # 1234567-1 is the valid one


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


# --- Texts in other languages -----------------------------------------------------------


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

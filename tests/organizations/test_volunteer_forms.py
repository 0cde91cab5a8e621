"""Forms that volunteers can fill (issue 9, part 5) on an NGO's own pages: activity times
chosen without an RRULE, business-ID errors that say what is wrong, limits on long
texts, a Finnish text that cannot be emptied, a change history of real changes only,
and the coordinators' list of profiles never confirmed."""

import re
from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from organizations.models import (
    LONG_DESCRIPTION_MAX,
    Activity,
    Language,
    Organization,
    Role,
    Theme,
    validate_business_id,
)
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    WelfareAreaFactory,
    with_totp,
)
from tests.organizations.test_selfservice import activity_data, profile_data, tag

pytestmark = pytest.mark.django_db

LANGUAGES = ["fi", "sv", "en"]
END_BEFORE_START = "The end time must be after the start time, for example 17:00\u201319:00."


def translated(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


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
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def coordinator_client(client, area):
    client.force_login(person("coord@vantaa.example", Role.COORDINATOR, welfare_area=area))
    return client


def post_activity(client, lang="en", activity=None, **overrides):
    url = (
        f"/{lang}/organizations/tuki/activities/{activity.pk}/edit/"
        if activity
        else f"/{lang}/organizations/tuki/activities/"
    )
    return client.post(url, activity_data(**overrides))


# --- Activity times without RRULEs --------------------------------------------------------


@pytest.mark.parametrize(
    ("choices", "rule"),
    [
        (
            {"schedule_frequency": "weekly", "schedule_weekdays": ["1", "3"]},
            "FREQ=WEEKLY;BYDAY=TU,TH",
        ),
        (
            {"schedule_frequency": "every_other_week", "schedule_weekdays": ["1"]},
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        ),
        (
            {
                "schedule_frequency": "monthly",
                "schedule_weekdays": ["5"],
                "schedule_position": "-1",
            },
            "FREQ=MONTHLY;BYDAY=-1SA",
        ),
        (
            {
                "schedule_frequency": "",
                "schedule_weekdays": [],
                "schedule_start": "",
                "schedule_end": "",
            },
            "",
        ),
    ],
)
def test_the_activitys_rhythm_is_chosen_and_stored_as_a_rule(
    admin_client, organization, choices, rule
):
    response = post_activity(admin_client, **choices)

    assert response.status_code == 302
    activity = Activity.objects.get(organization=organization)
    assert activity.recurrence == rule


def test_the_activity_pages_show_the_times_in_words_and_never_a_rule(admin_client, organization):
    post_activity(admin_client, schedule_frequency="every_other_week", schedule_weekdays=["1"])
    activity = Activity.objects.get()
    assert (activity.start_time, activity.end_time) == (time(17), time(19))

    edit_url = f"/en/organizations/tuki/activities/{activity.pk}/edit/"
    pages = {
        "fi": admin_client.get("/fi/organizations/tuki/activities/").content.decode(),
        "sv": admin_client.get("/sv/organizations/tuki/").content.decode(),
        "en": admin_client.get(edit_url).content.decode(),
    }

    assert "Joka toinen tiistai klo 17\u201319" in pages["fi"]
    assert "Varannan tisdag kl. 17\u201319" in pages["sv"]
    for html in pages.values():
        assert "FREQ=" not in html
        assert "RRULE" not in html
    edit = pages["en"]
    assert re.search(r'value="every_other_week"[^>]*checked', edit)
    assert re.search(r'name="schedule_weekdays" value="1"[^>]*checked', edit)
    assert 'value="17:00"' in edit
    assert 'value="19:00"' in edit


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_end_before_the_start_is_a_translated_error_that_keeps_the_input(
    admin_client, organization, lang
):
    response = post_activity(
        admin_client,
        lang,
        schedule_start="19:00",
        schedule_end="17:00",
        description_en="We read together.",
    )

    html = response.content.decode()
    assert response.status_code == 200
    message = translated(lang, END_BEFORE_START)
    assert message in html
    assert 'href="#id_schedule"' in html  # the summary links to the field
    assert 'value="19:00"' in html
    assert 'value="17:00"' in html
    assert "We read together." in html
    assert not Activity.objects.exists()


def test_an_imported_rule_is_kept_until_new_times_are_chosen(admin_client, organization):
    imported = "FREQ=MONTHLY;BYDAY=1WE;UNTIL=20261231"
    activity = Activity.objects.create(
        organization=organization, name_fi="Neuvonta", recurrence=imported
    )

    page = admin_client.get(f"/en/organizations/tuki/activities/{activity.pk}/edit/")
    html = page.content.decode()
    assert "They stay as they are unless you choose how often below." in html
    assert re.search(r'value="keep"[^>]*checked', html)
    assert (
        "Keep the current schedule: The first Wednesday of the month, until 31 December 2026"
        in html
    )

    post_activity(admin_client, activity=activity, schedule_frequency="keep", schedule_weekdays=[])
    activity.refresh_from_db()
    assert activity.recurrence == imported

    post_activity(
        admin_client, activity=activity, schedule_frequency="weekly", schedule_weekdays=["2"]
    )
    activity.refresh_from_db()
    assert activity.recurrence == "FREQ=WEEKLY;BYDAY=WE"
    edit = admin_client.get(f"/en/organizations/tuki/activities/{activity.pk}/edit/")
    assert 'value="keep"' not in edit.content.decode()


def test_the_model_refuses_an_end_before_the_start_and_an_unreadable_rule(organization):
    activity = Activity(
        organization=organization,
        name_fi="X",
        recurrence="FREQ=SOMETIMES",
        start_time=time(19),
        end_time=time(17),
    )

    with pytest.raises(ValidationError) as error:
        activity.full_clean()

    assert set(error.value.message_dict) == {"recurrence", "end_time"}


# --- Business ID -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "message"),
    [
        ("1234567-8", "fi", "1234567-8: tarkistusmerkki ei täsmää"),
        ("1234567-8", "sv", "1234567-8: kontrolltecknet stämmer inte"),
        ("1234567-8", "en", "1234567-8: the check digit does not match"),
        ("123456-1", "fi", "123456-1: Y-tunnuksessa on seitsemän numeroa, väliviiva ja"),
        ("123456-1", "en", "123456-1: a business ID has seven digits, a hyphen and a check digit"),
        ("abcdefg-1", "en", "abcdefg-1: a business ID has only digits and one hyphen"),
        ("abcdefg-1", "sv", "abcdefg-1: ett FO-nummer har bara siffror och ett bindestreck"),
    ],
)  # fmt: skip
def test_a_business_id_error_says_what_is_wrong(value, lang, message):
    with translation.override(lang):
        with pytest.raises(ValidationError) as error:
            validate_business_id(value)
        assert error.value.messages[0].startswith(message)


@pytest.mark.parametrize(
    ("value", "code"),
    [("1234567-8", "checksum"), ("123456-1", "length"), ("abcdefg-1", "format")],
)
def test_the_model_and_so_the_admin_tell_the_errors_apart(area, value, code):
    organization = Organization(name="X", slug="x", welfare_area=area, business_id=value)

    with pytest.raises(ValidationError) as error:
        organization.full_clean()

    assert error.value.error_dict["business_id"][0].code == f"business_id_{code}"


def test_the_profile_form_shows_the_check_digit_error_in_finnish(admin_client, organization):
    response = admin_client.post(
        "/fi/organizations/tuki/edit/", profile_data(organization, business_id="1234567-8")
    )

    html = response.content.decode()
    assert "1234567-8: tarkistusmerkki ei täsmää" in html
    assert 'href="#id_business_id"' in html


def test_a_business_id_typed_without_the_hyphen_is_saved_the_usual_way(admin_client, organization):
    admin_client.post(
        "/en/organizations/tuki/edit/", profile_data(organization, business_id="12345671")
    )

    organization.refresh_from_db()
    assert organization.business_id == "1234567-1"


# --- Long texts --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_28000_character_description_is_refused_and_kept_for_shortening(
    admin_client, organization, lang
):
    long_text = "Vertaistukea perheille." * 1218  # 28,014 characters

    response = admin_client.post(
        f"/{lang}/organizations/tuki/edit/",
        profile_data(organization, long_description_fi=long_text, phone="09 123"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    organization.refresh_from_db()
    assert organization.long_description_fi in (None, "")
    assert organization.phone == ""
    assert long_text in html  # nothing typed is lost
    over = len(long_text) - LONG_DESCRIPTION_MAX
    with translation.override(lang):
        from django.utils.formats import number_format

        expected = translation.ngettext(
            "The text is %(over)s character too long: the most is %(limit)s, and it "
            "has %(length)s now. Shorten it; everything you wrote is still here.",
            "The text is %(over)s characters too long: the most is %(limit)s, and it "
            "has %(length)s now. Shorten it; everything you wrote is still here.",
            over,
        ) % {
            "over": number_format(over, force_grouping=True),
            "limit": number_format(LONG_DESCRIPTION_MAX, force_grouping=True),
            "length": number_format(len(long_text), force_grouping=True),
        }
    assert expected in html
    assert 'href="#id_long_description_fi"' in html


def test_text_areas_count_on_the_server_and_never_cut_a_text_short(admin_client, organization):
    html = admin_client.get("/fi/organizations/tuki/edit/").content.decode()

    area = tag(html, "description_fi")
    assert "maxlength" not in area  # a browser would cut a pasted text short
    assert 'data-limit="500"' in area
    assert 'aria-describedby="id_description_fi_counter"' in area
    assert re.search(r'id="id_description_fi_counter"[^>]*>16 / 500 merkkiä<', html)
    long_area = tag(html, "long_description_fi")
    assert 'data-limit="6000"' in long_area
    assert "0 / 6\xa0000 merkkiä" in html  # grouped the Finnish way


def test_a_line_break_counts_as_one_character(admin_client, organization):
    text = "a\r\n" * 249 + "ab"  # 500 characters when each line break is one

    response = admin_client.post(
        "/en/organizations/tuki/edit/", profile_data(organization, description_fi=text)
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert len(organization.description_fi) == 500


def test_the_model_refuses_a_long_text_that_the_admin_would_save(organization):
    organization.long_description_fi = "x" * (LONG_DESCRIPTION_MAX + 1)

    with pytest.raises(ValidationError) as error:
        organization.full_clean()

    assert "long_description_fi" in error.value.message_dict


# --- The Finnish text is required ----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_emptied_finnish_description_is_refused_not_saved(admin_client, organization, lang):
    response = admin_client.post(
        f"/{lang}/organizations/tuki/edit/",
        profile_data(organization, description_fi="", description_sv="Vi stöder familjer."),
    )

    html = response.content.decode()
    assert response.status_code == 200
    message = translated(
        lang,
        "Write the short description in Finnish. The directory shows it to readers whose own "
        "language has no text yet, so it cannot be left empty.",
    )
    assert message.replace("'", "&#x27;") in html
    assert 'href="#id_description_fi"' in html
    assert "Vi stöder familjer." in html
    organization.refresh_from_db()
    assert organization.description_fi == "Tukea perheille."
    assert organization.description_sv in (None, "")


# --- History of real changes only --------------------------------------------------------


def demo_like_organization(area, **fields):
    """A profile made as the demo data makes it: the rows and their many-to-many choices
    in bulk, and one "created" history record without a snapshot of those choices."""
    from django.test.utils import override_settings

    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        organization = OrganizationFactory(
            welfare_area=area,
            slug="tuki",
            name="Tuki ry",
            description_fi="Tukea perheille.",
            **fields,
        )
        organization.themes.set(Theme.objects.all()[:2])
        organization.languages.set([Language.objects.create(code="so")])
        organization.areas.set([area])
    Organization.history.bulk_history_create([organization], default_change_reason="seed_demo")
    return organization


def history_rows(client) -> list[str]:
    html = client.get("/en/organizations/tuki/history/").content.decode()
    return re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)[1:]


def test_clearing_a_description_lists_only_that_field(client, area):
    organization = demo_like_organization(area, description_en="Support for families.")
    admin = person("hodan@tuki.example", Role.NGO_ADMIN, organization=organization)
    client.force_login(admin)
    data = profile_data(organization, description_en="")
    data.update(
        themes=[theme.pk for theme in organization.themes.all()],
        languages=[language.pk for language in organization.languages.all()],
        areas=[area.pk],
    )

    client.post("/en/organizations/tuki/edit/", data)
    client.post("/en/organizations/tuki/confirm/")

    confirmed, changed, _created = history_rows(client)
    assert re.sub(r"\s+", " ", changed).count("Changed:") == 1
    assert "Short description (English)" in changed
    for unchanged in ("Themes", "Languages served", "Areas served", "Target groups"):
        assert unchanged not in changed
        assert unchanged not in confirmed
    assert "Information confirmed current" in confirmed


def test_a_changed_choice_is_listed(client, area):
    organization = demo_like_organization(area)
    client.force_login(person("hodan@tuki.example", Role.NGO_ADMIN, organization=organization))
    data = profile_data(organization)
    data.update(themes=[Theme.objects.last().pk], areas=[area.pk])

    client.post("/en/organizations/tuki/edit/", data)

    changed = history_rows(client)[0]
    assert "Themes" in changed
    assert "Languages served" in changed
    assert "Areas served" not in changed


# --- Profiles never confirmed -------------------------------------------------------------


def test_the_freshness_list_says_never_confirmed_and_lists_those_first(coordinator_client, area):
    now = timezone.now()
    OrganizationFactory(
        welfare_area=area, name="Vanha ry", last_confirmed_at=now - timedelta(days=300)
    )
    OrganizationFactory(welfare_area=area, name="Aina uusi ry", created_at=now - timedelta(days=3))
    OrganizationFactory(welfare_area=area, name="Odottaja ry", created_at=now - timedelta(days=90))

    html = coordinator_client.get("/fi/coordination/freshness/").content.decode()

    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)[1:]
    names = [re.search(r">([^<]+ ry)</a>", row).group(1) for row in rows]
    assert names == ["Odottaja ry", "Aina uusi ry", "Vanha ry"]
    assert "ei koskaan vahvistettu" in rows[0]
    assert "ei koskaan vahvistettu" in rows[1]
    assert "ei koskaan vahvistettu" not in rows[2]
    assert "vanhentunut" in rows[2]

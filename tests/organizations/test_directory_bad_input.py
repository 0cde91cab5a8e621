"""The directory with input it does not know (issue 9, parts 6 and 7): long searches are
cut with a notice, values that do not exist are left out and named, the API refuses them,
and none of it makes new cache entries."""

import random
import string
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

from coact.models import OutboxMessage
from organizations.directory_query import MAX_QUERY_CHARS, MAX_QUERY_WORDS
from organizations.models import Language, Theme
from organizations.search import update_search_vectors
from tests.factories import (
    OrganizationFactory,
    ServiceUnitFactory,
    WelfareAreaFactory,
    sent_mail,
)
from tests.test_permission_matrix import matrix_world  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

LONG_QUERY = " ".join(["mielenterveys"] * 400)


@pytest.fixture
def listed():
    area = WelfareAreaFactory(code="vantaa-kerava")
    somali = Language.objects.get_or_create(code="so")[0]
    arabic = Language.objects.get_or_create(code="ar")[0]
    hiiraan = OrganizationFactory(
        slug="hiiraan",
        name="Hiiraan mielenterveystuki",
        welfare_area=area,
        description_fi="Mielenterveyden vertaistukea somaliksi iltaisin.",
        last_confirmed_at=timezone.now() - timedelta(days=3),
        escort_volunteers=True,
    )
    hiiraan.languages.set([somali])
    hiiraan.themes.set(Theme.objects.filter(slug="mental-health"))
    hiiraan.areas.set([area])
    family = OrganizationFactory(slug="perhekerho", name="Perhekerho ry", welfare_area=area)
    family.languages.set([arabic])
    family.areas.set([area])
    update_search_vectors()
    return {"hiiraan": hiiraan, "family": family}


def slugs(response) -> list[str]:
    return sorted(organization.slug for organization in response.context["page"])


# --- Long searches ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "notice"),
    [
        ("fi", "Hakusi oli pitkä, joten haussa käytettiin vain sen 12 ensimmäistä sanaa"),
        ("sv", "Din sökning var lång, så bara de 12 första orden"),
        ("en", "Your search was long, so only its first 12 words"),
    ],
)
def test_a_400_word_search_is_cut_with_a_notice(client, listed, lang, notice):
    response = client.get(f"/{lang}/organizations/", {"q": LONG_QUERY})

    assert response.status_code == 200
    assert notice in response.content.decode()
    searched = response.context["result"].query
    assert 0 < len(searched.split()) <= MAX_QUERY_WORDS
    assert len(searched) <= MAX_QUERY_CHARS
    assert LONG_QUERY.startswith(searched)
    assert slugs(response) == ["hiiraan"]  # the search still ran, on the words kept


def test_one_enormous_word_is_cut_to_the_character_limit(client, listed):
    response = client.get("/en/organizations/", {"q": "a" * 5000})

    assert response.status_code == 200
    assert len(response.context["result"].query) == MAX_QUERY_CHARS
    assert "Your search was long" in response.content.decode()


def test_a_short_search_has_no_notice(client, listed):
    html = client.get("/en/organizations/", {"q": "  mielenterveys  "}).content.decode()

    assert "Your search was long" not in html


def test_the_in_place_update_shows_the_notice_too(client, listed):
    response = client.get("/en/organizations/", {"q": LONG_QUERY}, headers={"HX-Request": "true"})

    assert "Your search was long" in response.content.decode()


# --- Values that do not exist ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"language": "xx"}, "Language served: “xx”"),
        ({"theme": "nonexistent"}, "Theme: “nonexistent”"),
        ({"target_group": "nobody"}, "Target group: “nobody”"),
        ({"area": "999"}, "Welfare area: “999”"),
        ({"escort": "maybe"}, "Volunteers can escort: “maybe”"),
    ],
)
def test_an_unknown_value_is_named_and_left_out(client, listed, params, named):
    response = client.get("/en/organizations/", params)

    html = response.content.decode()
    assert response.status_code == 200
    assert "These filters were not understood and were left out:" in html
    assert named in html
    assert slugs(response) == ["hiiraan", "perhekerho"]  # not a silent "0 organisations"


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("fi", "Näitä suodattimia ei tunnistettu, joten ne jätettiin pois:"),
        ("sv", "De här filtren kändes inte igen och lämnades bort:"),
    ],
)
def test_the_message_is_translated(client, listed, lang, heading):
    assert heading in client.get(f"/{lang}/organizations/", {"area": "999"}).content.decode()


def test_the_other_filters_still_apply_and_stay_chosen(client, listed):
    response = client.get(
        "/en/organizations/", {"language": "so", "theme": ["nonexistent", "mental-health"]}
    )

    html = response.content.decode()
    assert slugs(response) == ["hiiraan"]
    assert '<option value="so" selected>' in html
    themes = {entry["value"]: entry["chosen"] for entry in response.context["facets"]["theme"]}
    assert themes == {"mental-health": True}
    assert 'value="nonexistent"' not in html  # dropped from the form
    assert "Theme: “nonexistent”" in html


def test_the_unknown_value_is_not_kept_in_the_links(client, listed):
    for n in range(25):
        OrganizationFactory(slug=f"ngo-{n}", welfare_area=listed["hiiraan"].welfare_area)

    html = client.get("/en/organizations/", {"language": "xx"}).content.decode()

    assert 'href="?page=2"' in html  # the next page's link has no language=xx


def test_empty_and_off_values_are_no_filter_and_no_message(client, listed):
    response = client.get(
        "/en/organizations/", {"target_group": "", "escort": "0", "online": "", "area": ""}
    )

    assert slugs(response) == ["hiiraan", "perhekerho"]
    assert "not understood" not in response.content.decode()


def test_odd_but_clear_flag_values_are_understood(client, listed):
    response = client.get("/en/organizations/", {"escort": "true"})

    assert slugs(response) == ["hiiraan"]
    escort = next(field for field in response.context["flag_fields"] if field.name == "escort")
    assert escort.value()


def test_a_language_nobody_serves_yet_stays_chosen_with_no_results(client, listed):
    response = client.get("/en/organizations/", {"language": "zul"})

    html = response.content.decode()
    assert slugs(response) == []
    assert '<option value="zu" selected>Zulu (0)</option>' in html
    assert "not understood" not in html


def test_units_list_shows_all_units_for_an_unknown_area(client, listed):
    ServiceUnitFactory(slug="koto", name="KOTO Vantaa", welfare_area=listed["family"].welfare_area)

    html = client.get("/en/units/", {"area": "999"}).content.decode()

    assert "KOTO Vantaa" in html


# --- The API refuses them -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "reason"),
    [
        ({"language": "xx"}, "language", "'xx' is not an ISO 639-1 or 639-3 language code"),
        ({"theme": "nonexistent"}, "theme", "no theme with the slug 'nonexistent'"),
        ({"target_group": "nobody"}, "target_group", "no target group with the slug 'nobody'"),
        ({"area": "999"}, "area", "no welfare area with the code '999'"),
        ({"escort": "maybe"}, "escort", "must be 1 (on) or 0 (off)"),
        ({"page": "²"}, "page", "must be a whole number from 1 up"),
        ({"page": "0"}, "page", "must be a whole number from 1 up"),
        ({"q": LONG_QUERY}, "q", "at most 12 words and 150 characters (got 400 words)"),
    ],
)
def test_the_api_answers_400_naming_the_parameter(client, listed, params, field, reason):
    response = client.get("/api/v1/organizations/", params)

    assert response.status_code == 400
    assert response.json() == {"error": "invalid parameters", "fields": {field: [reason]}}


def test_the_api_names_every_refused_parameter_at_once(client, listed):
    response = client.get("/api/v1/organizations/", {"language": "xx", "area": "999"})

    assert set(response.json()["fields"]) == {"language", "area"}


def test_the_api_takes_what_it_knows(client, listed):
    response = client.get(
        "/api/v1/organizations/", {"language": "som", "escort": "1", "utm_source": "x"}
    )

    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["results"]] == ["hiiraan"]


def test_the_units_api_refuses_an_unknown_area(client, listed):
    response = client.get("/api/v1/units/", {"area": "999"})

    assert response.status_code == 400
    assert response.json()["fields"] == {"area": ["no welfare area with the code '999'"]}


def test_the_openapi_document_describes_the_400s(client):
    spec = client.get("/api/v1/openapi.json").json()

    directory = spec["paths"]["/api/v1/organizations/"]["get"]
    assert "400" in directory["responses"]
    assert "12 words" in next(p for p in directory["parameters"] if p["name"] == "q")["description"]
    assert "400" in spec["paths"]["/api/v1/units/"]["get"]["responses"]
    assert "400" in spec["paths"]["/api/v1/meetings/"]["get"]["responses"]


# --- The page cache -----------------------------------------------------------------------


def _entries() -> int:
    """Entries in every cache (the page cache and the default one)."""
    total = 0
    for cache in caches.all():
        if isinstance(cache, LocMemCache):
            total += len(cache._cache)
        else:  # Redis: the test database is the cache's own
            total += cache._cache.get_client().dbsize()
    return total


def _junk(rng: random.Random, size: int = 8) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits + "-_.") for _ in range(size))


KNOWN_JUNK = {
    "language": lambda rng: rng.choice(["xx", "qqq", "", "123", "x" * 300]),
    "theme": lambda rng: _junk(rng),
    "target_group": lambda rng: _junk(rng),
    "area": lambda rng: rng.choice(["999", _junk(rng)]),
    "escort": lambda rng: rng.choice(["maybe", "2", "-1"]),
    "page": lambda rng: rng.choice(["0", "-3", "abc", "²", str(2**70), str(rng.randint(2, 10**9))]),
    # Random words find nothing, and a search that finds nothing is not cached.
    "q": lambda rng: " ".join(
        "".join(rng.choice("qxzjv") for _ in range(9)) for _ in range(rng.randint(1, 3))
    ),
}


def test_2000_fuzzed_requests_add_no_cache_entries(client, listed):
    for headers in ({}, {"HX-Request": "true"}):  # what real visitors fill
        client.get("/fi/organizations/", headers=headers)
        client.get("/fi/organizations/", {"language": "so"}, headers=headers)
    before = _entries()
    rng = random.Random(2026)  # noqa: S311 - a repeatable fuzz, not a secret

    for n in range(2000):
        params = {_junk(rng): _junk(rng) for _ in range(rng.randint(1, 3))}
        if n % 4 == 0:
            name = rng.choice(sorted(KNOWN_JUNK))
            params[name] = KNOWN_JUNK[name](rng)
        elif n % 4 == 1:
            params["language"] = "so"
        headers = {"HX-Request": "true"} if n % 3 == 0 else {}
        response = client.get("/fi/organizations/", params, headers=headers)
        assert response.status_code == 200, params

    assert _entries() == before


def test_the_same_filters_in_another_spelling_are_one_entry(
    client, listed, django_assert_max_num_queries
):
    client.get("/en/organizations/", {"language": "so", "theme": "mental-health"})

    # The request's savepoint, its release, and the check that the theme exists.
    with django_assert_max_num_queries(3):
        response = client.get(
            "/en/organizations/?theme=mental-health&theme=mental-health&language=som&ref=x"
        )
    html = response.content.decode()
    assert "Hiiraan mielenterveystuki" in html
    assert "Perhekerho ry" not in html


def test_pages_have_a_bounded_cache_of_their_own(settings):
    from coact.settings.base import _redis_database

    pages = caches["pages"]
    assert pages is not caches["default"]
    assert settings.CACHES["pages"]["OPTIONS"]["MAX_ENTRIES"] > 0
    assert _redis_database("redis://redis:6379/0", 1) == "redis://redis:6379/1"
    assert (
        _redis_database("rediss://:pw@cache:6380/3?ssl=1", 1) == "rediss://:pw@cache:6380/1?ssl=1"
    )


def test_the_page_cache_evicts_at_its_bound(client, listed, settings):
    cache = caches["pages"]
    bound = settings.CACHES["pages"]["OPTIONS"]["MAX_ENTRIES"]

    for n in range(bound + 50):
        cache.set(f"filler-{n}", "x")

    assert len(cache._cache) <= bound


# --- Headers ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/fi/", "/en/organizations/", "/api/v1/organizations/"])
def test_a_permissions_policy_turns_off_what_the_portal_does_not_use(client, listed, path):
    policy = client.get(path)["Permissions-Policy"]

    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_the_permissions_policy_is_on_the_bad_request_page_too(client):
    assert "camera=()" in client.get("/fi/units/?area=%00")["Permissions-Policy"]


def test_the_invitation_page_is_never_stored_even_signed_out(client, world):
    from organizations.services import invitation_token

    response = client.get(f"/en/invitations/{invitation_token(world['invitation'])}/")

    assert response.status_code == 200
    assert "new@owning.example" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


# --- Names in mails -------------------------------------------------------------------------


def test_a_line_break_in_a_stored_name_is_folded_in_the_coordinators_mail(world):
    from organizations import notifications
    from organizations.models import Organization

    application = Organization.objects.get(slug="applicant-ngo")
    application.name = "Tuki ry\r\nReview it here: http://evil.example"
    application.save()
    OutboxMessage.objects.all().delete()  # the mail queued when the fixture applied

    notifications.application_received_emails(organization_id=application.pk)

    [message] = sent_mail()
    assert "Tuki ry Review it here: http://evil.example on hakenut" in message.body
    assert "\nReview it here" not in message.subject + message.body


def test_a_line_break_in_a_name_is_folded_in_the_invitation_mail(world):
    from organizations import notifications

    invitation = world["invitation"]
    invitation.name = "Hodan\nClick: http://evil.example"
    invitation.save()
    OutboxMessage.objects.all().delete()  # the mail queued when the fixture invited

    notifications.invitation_email(invitation_id=invitation.pk)

    [message] = sent_mail()
    assert "Hello Hodan Click: http://evil.example," in message.body


def test_line_breaks_in_a_meetings_title_and_address_are_folded_in_its_mail(request):
    from networks.outbox import invitation_message

    objects = request.getfixturevalue("matrix_world")
    meeting, invitation = objects["meeting"], objects["meeting_invitation"]
    meeting.title = "Kahvit\nOpen this: http://evil.example"
    meeting.address = "Asematie 1\r\nTicket: http://evil.example"
    meeting.save()
    invitation.name = "Hodan\nAli"

    message = invitation_message(meeting, invitation)

    assert "Kahvit Open this: http://evil.example" in message.body
    assert "Asematie 1 Ticket: http://evil.example" in message.body
    assert "\nOpen this" not in message.body
    assert "\nTicket" not in message.body

"""The public directory: filters, text search, facets, the profile page and the API."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from organizations.models import (
    Language,
    OpeningHours,
    Organization,
    OrganizationText,
    TargetGroup,
    Theme,
)
from organizations.search import update_search_vectors
from tests.factories import OrganizationFactory, ServiceUnitFactory, WelfareAreaFactory

pytestmark = pytest.mark.django_db


def ngo(slug, *, languages=(), themes=(), area="vantaa-kerava", confirmed_days_ago=10, **fields):
    organization = OrganizationFactory(
        slug=slug,
        welfare_area=WelfareAreaFactory(code=area),
        last_confirmed_at=timezone.now() - timedelta(days=confirmed_days_ago),
        **fields,
    )
    organization.languages.set([Language.objects.get_or_create(code=code)[0] for code in languages])
    organization.themes.set(Theme.objects.filter(slug__in=themes))
    organization.areas.set([organization.welfare_area])
    return organization


@pytest.fixture
def directory():
    ngos = {
        "hiiraan": ngo(
            "hiiraan", name="Hiiraan mielenterveystuki", languages=["so", "fi"],
            themes=["mental-health"], outside_office_hours=True, accepts_referrals=True,
            description_fi="Mielenterveyden vertaistukea somaliksi iltaisin.",
        ),
        "office": ngo(
            "office", name="Toimistoaikojen tuki", languages=["so"], themes=["mental-health"],
            description_fi="Tukea arkisin.",
        ),
        "arabic": ngo(
            "arabic", name="Arabiankielinen perhekerho", languages=["ar"],
            themes=["families-and-children"], outside_office_hours=True,
            description_fi="Perhekerho arabiaksi.",
        ),
        "tampere": ngo(
            "tampere", name="Tampereen somaliyhdistys", languages=["so"], area="pirkanmaa",
            themes=["mental-health"], outside_office_hours=True, confirmed_days_ago=400,
        ),
        "pending": ngo("pending", name="Odottava", languages=["so"], status="pending"),
    }  # fmt: skip
    update_search_vectors()
    return ngos


def slugs(response):
    return [organization.slug for organization in response.context["page"]]


def test_signed_out_people_filter_by_language_theme_area_and_evenings(client, directory):
    response = client.get(
        "/en/organizations/",
        {
            "language": "so",
            "theme": "mental-health",
            "area": "vantaa-kerava",
            "outside_office_hours": "1",
        },
    )

    assert response.status_code == 200
    assert slugs(response) == ["hiiraan"]


def test_language_takes_iso_639_3_codes_too(client, directory):
    response = client.get("/en/organizations/", {"language": "som"})

    assert set(slugs(response)) == {"hiiraan", "office", "tampere"}


def test_an_unknown_language_code_is_left_out_and_named(client, directory):
    response = client.get("/en/organizations/", {"language": "xx"})

    assert set(slugs(response)) == {"hiiraan", "office", "arabic", "tampere"}
    assert "Language served: “xx”" in response.content.decode()


def test_pending_ngos_are_never_listed(client, directory):
    assert "pending" not in slugs(client.get("/en/organizations/"))


def test_fresh_profiles_come_first_without_a_query(client, directory):
    assert slugs(client.get("/en/organizations/", {"language": "so"}))[-1] == "tampere"


def test_text_search_finds_words_in_descriptions(client, directory):
    response = client.get("/fi/organizations/", {"q": "perhekerho"})

    assert slugs(response) == ["arabic"]


def test_text_search_understands_finnish_inflection_and_typos(client, directory):
    # "mielenterveyden" is inflected; "mielenterveis" is a typo.
    assert "hiiraan" in slugs(client.get("/fi/organizations/", {"q": "mielenterveys"}))
    assert "hiiraan" in slugs(client.get("/fi/organizations/", {"q": "mielenterveis"}))


def test_facets_count_what_each_choice_would_give(client, directory):
    response = client.get("/en/organizations/", {"area": "vantaa-kerava"})

    languages = {entry["value"]: entry["count"] for entry in response.context["facets"]["language"]}
    assert languages == {"so": 2, "fi": 1, "ar": 1}
    areas = {entry["value"]: entry["count"] for entry in response.context["facets"]["area"]}
    # The area facet ignores the area filter itself, so other areas stay choosable.
    assert areas == {"vantaa-kerava": 3, "pirkanmaa": 1}


def test_htmx_requests_get_only_the_results(client, directory):
    response = client.get("/en/organizations/", {"language": "ar"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html


def test_filters_submit_as_a_plain_form_without_javascript(client, directory):
    html = client.get("/en/organizations/").content.decode()

    assert '<form method="get"' in html
    assert 'action="/en/organizations/"' in html
    assert 'type="submit"' in html


def test_bad_filter_values_do_not_break_the_page(client, directory):
    response = client.get(
        "/en/organizations/", {"theme": "no-such-theme", "area": "atlantis", "page": "x"}
    )

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_directory_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for n in range(count):
        ngo(f"ngo-{n}", languages=["so", "ar"], themes=["mental-health", "youth"])
    client.get("/en/organizations/")  # session warm-up
    cache.clear()  # count the cold path: nothing of the directory cached

    # A savepoint and its release (the request's transaction), 1 count, 1 page of NGOs,
    # 4 prefetches (languages, themes, areas, mapped locations), 4 facets, 3 taxonomy
    # lookups (themes, target groups, areas) for the facet labels: 15, however many match.
    with django_assert_num_queries(15):
        client.get("/en/organizations/", {"q": "yhdistys", "language": "so"})


def test_profile_page_shows_what_a_worker_needs(client, directory):
    hiiraan = directory["hiiraan"]
    OpeningHours.objects.create(organization=hiiraan, weekday=1, opens="17:00", closes="20:00")
    OrganizationText.objects.create(
        organization=hiiraan, language=Language.objects.get(code="so"), text="Ku soo dhowow."
    )

    html = client.get("/sv/organizations/hiiraan/").content.decode()

    assert "Hiiraan mielenterveystuki" in html
    assert 'lang="so" dir="ltr"' in html
    assert 'lang="fi"' in html  # the description exists only in Finnish


def test_profile_lists_the_ways_to_get_in_touch_the_ngo_gave(client, directory):
    Organization.objects.filter(slug="hiiraan").update(
        email="info@hiiraan.example", phone="+358 40 123 4567", website="https://hiiraan.example/"
    )

    html = client.get("/en/organizations/hiiraan/").content.decode()
    contact = html[html.index(">Contact</h2>") : html.index(">Activities</h2>")]
    bare = client.get("/en/organizations/office/").content.decode()
    bare_contact = bare[bare.index(">Contact</h2>") : bare.index(">Activities</h2>")]

    assert contact.index("<dt>E-mail</dt>") < contact.index("<dt>Phone</dt>")
    assert contact.index("<dt>Phone</dt>") < contact.index("<dt>Website</dt>")
    assert 'href="mailto:info@hiiraan.example"' in contact
    assert 'href="tel:+358401234567">+358 40 123 4567</a>' in contact
    assert 'href="https://hiiraan.example/"' in contact
    assert "<dt>" not in bare_contact


def test_right_to_left_texts_are_marked(client, directory):
    OrganizationText.objects.create(
        organization=directory["arabic"],
        language=Language.objects.get(code="ar"),
        text="أهلا وسهلا",
    )

    html = client.get("/en/organizations/arabic/").content.decode()

    assert 'lang="ar" dir="rtl"' in html


def test_units_contact_points_are_public(client):
    ServiceUnitFactory(slug="koto-vantaa", name="KOTO Vantaa", contact_email="koto@vantaa.example")

    html = client.get("/fi/units/").content.decode()

    assert "koto@vantaa.example" in html
    assert client.get("/fi/units/koto-vantaa/").status_code == 200


def test_api_lists_the_directory_with_the_same_filters(client, directory):
    response = client.get(
        "/api/v1/organizations/", {"language": "som", "area": "vantaa-kerava", "lang": "en"}
    )

    data = response.json()
    assert data["count"] == 2
    assert {item["slug"] for item in data["results"]} == {"hiiraan", "office"}
    first = data["results"][0]
    assert {"slug", "name", "languages", "themes", "target_groups", "areas", "accepts_referrals",
            "last_confirmed_at", "url"} <= set(first)  # fmt: skip
    assert first["url"].startswith("http://testserver/en/organizations/")
    assert response["Content-Language"] == "en"


def test_api_speaks_the_language_asked_for(client, directory):
    theme = Theme.objects.get(slug="mental-health")
    data = client.get("/api/v1/organizations/hiiraan/", headers={"accept-language": "sv"}).json()

    assert data["themes"] == [{"slug": "mental-health", "name": theme.name_sv}]
    data = client.get("/api/v1/organizations/hiiraan/", {"lang": "fi"}).json()
    assert data["themes"][0]["name"] == "Mielenterveys"


@pytest.mark.parametrize(
    "params", [{"lang": "de"}, {"page": "abc"}, {"page": "0"}, {"theme": "no-such-theme"}]
)
def test_api_explains_bad_parameters(client, directory, params):
    response = client.get("/api/v1/organizations/", params)

    assert response.status_code == 400
    assert response.json()["error"]


def test_api_pages_link_to_each_other(client):
    for n in range(55):
        ngo(f"n{n:02d}")

    first = client.get("/api/v1/organizations/").json()
    second = client.get(first["next"]).json()

    assert len(first["results"]) == 50
    assert len(second["results"]) == 5
    assert second["previous"].endswith("page=1")
    assert second["next"] is None


def test_api_units_and_openapi(client):
    ServiceUnitFactory(slug="koto", contact_email="koto@x.example")

    assert client.get("/api/v1/units/").json()["results"][0]["contact_email"] == "koto@x.example"
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/organizations/" in spec["paths"]


def test_target_groups_exist_in_three_languages():
    group = TargetGroup.objects.get(slug="refugees")

    assert (group.name_fi, group.name_sv, group.name_en) == ("Pakolaiset", "Flyktingar", "Refugees")
    assert Organization._meta.get_field("business_id").validators


def test_anonymous_directory_pages_are_served_from_the_cache(
    client, directory, django_assert_max_num_queries
):
    first = client.get("/en/organizations/", {"language": "so"})

    # Only the request's savepoint and its release: no directory query at all.
    with django_assert_max_num_queries(2):
        again = client.get("/en/organizations/", {"language": "so"})
    assert again.content == first.content


def test_a_change_to_an_ngo_shows_in_the_cached_directory_at_once(client, directory):
    client.get("/en/organizations/", {"language": "so"})
    hiiraan = directory["hiiraan"]
    hiiraan.name = "Hiiraan tuki"
    hiiraan.save()

    html = client.get("/en/organizations/", {"language": "so"}).content.decode()

    assert "Hiiraan tuki" in html


def test_a_visitor_with_a_stale_cookie_gets_the_cached_results_in_a_page_of_their_own(
    client, directory
):
    from django.test.utils import CaptureQueriesContext

    client.get("/en/organizations/", {"language": "so"})
    client.cookies["sessionid"] = "anything"

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/organizations/", {"language": "so"})

    assert "Hiiraan mielenterveystuki" in response.content.decode()
    assert "Sign in" in response.content.decode()  # the page around was rendered for them
    assert not [q for q in queries if 'FROM "organizations_organization"' in q["sql"]]


def test_the_htmx_results_and_the_full_page_are_cached_apart(client, directory):
    page = client.get("/en/organizations/", {"language": "so"}).content.decode()
    part = client.get(
        "/en/organizations/", {"language": "so"}, headers={"HX-Request": "true"}
    ).content.decode()

    assert "<html" in page
    assert "<html" not in part
    assert "Hiiraan mielenterveystuki" in part


def test_signed_in_staff_get_the_cached_results_inside_their_own_page(client, directory):
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    client.get("/en/organizations/", {"language": "so"})  # an anonymous visitor fills it
    client.force_login(UserFactory())

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/organizations/", {"language": "so"}).content.decode()

    assert "Hiiraan mielenterveystuki" in html
    assert "Sign out" in html  # the page around the results is this person's own
    directory_queries = [q for q in queries if 'FROM "organizations_organization"' in q["sql"]]
    assert directory_queries == []

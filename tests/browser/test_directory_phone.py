"""The directory on a phone (issue 9, part 5): at 375 px the filters fold behind
"Rajaa (n)" so that the first result is on the first screen; the button counts the
filters chosen; it works without JavaScript and with the in-place update."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from organizations.models import Language, Location, Theme
from organizations.search import update_search_vectors
from tests.factories import OrganizationFactory, WelfareAreaFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}
BUTTON = {"fi": "Rajaa", "sv": "Filtrera", "en": "Filter"}


@pytest.fixture
def listed(reference_data):
    area = WelfareAreaFactory(code="vantaa-kerava")
    somali = Language.objects.get_or_create(code="so")[0]
    arabic = Language.objects.get_or_create(code="ar")[0]
    theme = Theme.objects.get(slug="mental-health")
    for n, (name, language, evenings) in enumerate(
        [
            ("Iltatuki ry", somali, True),
            ("Hiiraan ry", somali, True),
            ("Päivätuki ry", arabic, False),
        ]
    ):
        organization = OrganizationFactory(
            slug=f"ngo-{n}", name=name, welfare_area=area, outside_office_hours=evenings,
            description_fi="Tukea ja neuvontaa perheille, nuorille ja aikuisille.",
            last_confirmed_at=timezone.now() - timedelta(days=n + 1),
        )  # fmt: skip
        organization.languages.set([language])
        organization.themes.set([theme])
        organization.areas.set([area])
        Location.objects.create(
            organization=organization, street_address=f"Testikatu {n}", postal_code="01300",
            municipality="Vantaa", latitude="60.29", longitude=f"25.0{n}",
        )  # fmt: skip
    update_search_vectors()


@pytest.fixture
def phone(browser):
    contexts = []

    def open_page(*, javascript=True, viewport=PHONE):
        context = browser.new_context(
            locale="fi-FI", viewport=viewport, java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def toggle(page):
    return page.locator("summary.directory__filter-toggle")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_on_a_phone_the_first_result_is_on_the_first_screen(
    live_server, phone, assert_accessible, listed, lang, tmp_path
):
    page = phone()
    page.goto(f"{live_server.url}/{lang}/organizations/?language=so&outside_office_hours=1")

    assert toggle(page).inner_text().strip() == f"{BUTTON[lang]} (2)"
    assert page.locator("details.directory__more-filters").get_attribute("open") is None
    assert not page.locator("#id_language").is_visible()
    first = page.locator("#results .result").first
    box, name = first.bounding_box(), first.locator(".result__name").bounding_box()
    assert box is not None
    assert name is not None
    assert 0 <= box["y"] < PHONE["height"]  # the first result starts on the first screen
    assert name["y"] + name["height"] <= PHONE["height"]  # and its name shows whole
    page.screenshot(path=tmp_path / f"directory-phone-{lang}.png")
    assert_accessible(page)

    toggle(page).click()
    assert page.locator("#id_language").is_visible()
    page.screenshot(path=tmp_path / f"directory-phone-{lang}-open.png", full_page=True)
    assert_accessible(page)


def test_the_count_follows_the_choices_and_the_results_update_in_place(live_server, phone, listed):
    page = phone()
    page.goto(f"{live_server.url}/en/organizations/?language=so")
    assert toggle(page).inner_text().strip() == "Filter (1)"

    toggle(page).click()
    page.locator("#id_outside_office_hours").check()

    page.wait_for_url("**/en/organizations/?*outside_office_hours=1*")
    assert toggle(page).inner_text().strip() == "Filter (2)"
    assert page.locator("#results h2").inner_text() == "2 organisations"
    assert page.locator("#id_language").is_visible()  # the update left the filters open
    page.locator("#id_language").select_option("")
    page.wait_for_url(lambda url: "language=so" not in url)
    assert toggle(page).inner_text().strip() == "Filter (1)"


def test_without_javascript_the_filters_are_open_and_work(live_server, phone, listed):
    page = phone(javascript=False)
    page.goto(f"{live_server.url}/fi/organizations/")

    assert page.locator("#id_language").is_visible()
    page.locator("#id_language").select_option("ar")
    page.get_by_role("button", name="Näytä tulokset").click()

    page.wait_for_url("**/fi/organizations/?*language=ar*")
    expect(page.locator("#results .result__name")).to_have_text(["Päivätuki ry"])
    assert toggle(page).inner_text().strip() == "Rajaa (1)"


def test_on_a_wide_screen_the_filters_are_always_shown(live_server, phone, listed):
    page = phone(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/fi/organizations/?language=so")

    assert page.locator("#id_language").is_visible()
    assert not toggle(page).is_visible()


def test_a_search_is_sent_with_enter_while_the_filters_are_folded(live_server, phone, listed):
    page = phone()
    page.goto(f"{live_server.url}/fi/organizations/")
    assert not page.locator("#id_language").is_visible()

    page.get_by_label("Hae", exact=True).fill("Iltatuki")
    page.keyboard.press("Enter")

    page.wait_for_url("**/fi/organizations/?*q=Iltatuki*")
    expect(page.locator("#results .result__name")).to_have_text(["Iltatuki ry"])


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_notices_and_the_bad_request_page_pass_axe(
    live_server, phone, assert_accessible, listed, lang
):
    page = phone(viewport={"width": 1280, "height": 900})
    words = "+".join(["sana"] * 30)
    response = page.goto(
        f"{live_server.url}/{lang}/organizations/?language=xx&theme=nope&q={words}"
    )
    assert response.status == 200
    assert page.locator(".directory__notice li").count() == 2
    assert_accessible(page)

    response = page.goto(f"{live_server.url}/{lang}/units/?area=%00")
    assert response.status == 400
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)

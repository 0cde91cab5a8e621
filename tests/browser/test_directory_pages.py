"""The directory in a browser: accessible in three languages, usable with the keyboard
alone, and complete without JavaScript."""

from datetime import timedelta

import pytest
from django.utils import timezone

from organizations.models import Language, Location, Theme
from organizations.search import update_search_vectors
from tests.factories import OrganizationFactory, ServiceUnitFactory, WelfareAreaFactory

pytestmark = pytest.mark.django_db(transaction=True)


def names(page) -> list[str]:
    return [name.strip() for name in page.locator("#results .result__name").all_inner_texts()]


@pytest.fixture
def listed():
    area = WelfareAreaFactory(code="vantaa-kerava", name="Vantaan ja Keravan hyvinvointialue")
    somali = Language.objects.get_or_create(code="so")[0]
    arabic = Language.objects.get_or_create(code="ar")[0]
    theme = Theme.objects.get_or_create(
        slug="mental-health", defaults={"name": "Mielenterveys", "name_fi": "Mielenterveys"}
    )[0]
    evening = OrganizationFactory(
        slug="iltatuki", name="Iltatuki ry", welfare_area=area, outside_office_hours=True,
        description_fi="Tukea iltaisin.", last_confirmed_at=timezone.now() - timedelta(days=3),
    )  # fmt: skip
    evening.languages.set([somali])
    evening.themes.set([theme])
    evening.areas.set([area])
    Location.objects.create(
        organization=evening, street_address="Testikatu 1", postal_code="01300",
        municipality="Vantaa", latitude="60.29", longitude="25.04",
    )  # fmt: skip
    daytime = OrganizationFactory(slug="paivatuki", name="Päivätuki ry", welfare_area=area)
    daytime.languages.set([arabic])
    daytime.areas.set([area])
    ServiceUnitFactory(slug="koto-vantaa", welfare_area=area, contact_email="koto@x.example")
    update_search_vectors()
    return {"evening": evening, "daytime": daytime}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize(
    "path",
    ["/organizations/", "/organizations/?language=so", "/organizations/iltatuki/", "/units/",
     "/units/koto-vantaa/"],
)  # fmt: skip
def test_directory_pages_pass_axe(live_server, page, assert_accessible, listed, lang, path):
    response = page.goto(f"{live_server.url}/{lang}{path}")

    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)


def test_filters_work_with_the_keyboard_alone(live_server, page, listed):
    page.goto(f"{live_server.url}/en/organizations/")
    assert len(names(page)) == 2

    page.locator("#id_outside_office_hours").focus()
    page.keyboard.press("Space")  # a change: htmx fetches the results in place

    page.wait_for_url("**/en/organizations/?*outside_office_hours=1*")
    assert names(page) == ["Iltatuki ry"]
    assert page.locator("#results h2").inner_text() == "1 organisation"


def test_filters_submit_as_a_normal_form_without_javascript(live_server, browser, listed):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/organizations/")

    page.locator("#id_language").select_option("ar")
    page.get_by_role("button", name="Show results").click()

    page.wait_for_url("**/en/organizations/?*language=ar*")
    assert names(page) == ["Päivätuki ry"]
    context.close()


def test_text_search_from_the_search_box(live_server, page, listed):
    page.goto(f"{live_server.url}/fi/organizations/")

    page.get_by_label("Hae", exact=True).fill("iltaisin")
    page.keyboard.press("Enter")

    page.wait_for_url("**/fi/organizations/?*q=iltaisin*")
    assert names(page) == ["Iltatuki ry"]

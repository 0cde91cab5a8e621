"""The NGO's own profile pages and the coordinators' freshness list pass axe-core, with
and without errors, and keep working with the keyboard-only form (no JavaScript)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from organizations.models import Organization
from tests.browser.test_people_pages_accessibility import (
    heading,
    open_page,
    sign_in,
    translated,
)

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]
PAGES = [
    ("/organizations/owning-ngo/edit/", "Edit the profile"),
    ("/organizations/owning-ngo/activities/", "Activities"),
    ("/organizations/owning-ngo/locations/", "Locations"),
    ("/organizations/owning-ngo/confirm/", "Is the information current?"),
    ("/organizations/owning-ngo/history/", "Change history"),
    ("/organizations/owning-ngo/texts/", "Texts in other languages"),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "title"), PAGES)
def test_profile_pages(live_server, page, assert_accessible, world, lang, path, title):
    sign_in(page, live_server, world["people"]["member"])

    open_page(page, live_server, lang, path)

    assert heading(page) == translated(lang, title)
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_profile_page_with_errors(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["member"])
    open_page(page, live_server, lang, "/organizations/owning-ngo/edit/")

    page.locator("#id_business_id").fill("1234567-8")
    page.locator("#id_hours-0-weekday").select_option("5")
    page.locator("#id_hours-0-opens").fill("18:00")
    page.locator("#id_hours-0-closes").fill("17:00")
    page.locator("main form button[type=submit]").first.click()

    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.locator("#id_business_id")).to_have_value("1234567-8")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_activity_form_with_errors(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["member"])
    open_page(
        page,
        live_server,
        lang,
        f"/organizations/owning-ngo/activities/{world['activity'].pk}/edit/",
    )

    page.locator("#id_schedule_0_1").check()  # every week, but no weekday
    page.locator("#id_schedule_3").fill("19:00")
    page.locator("#id_schedule_4").fill("17:00")
    page.locator("main form button[type=submit]").click()

    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


def test_the_admin_edits_and_confirms_with_the_keyboard(live_server, page, world):
    sign_in(page, live_server, world["people"]["member"])
    open_page(page, live_server, "en", "/organizations/owning-ngo/edit/")

    page.get_by_label("Short description (Finnish)").fill("Autamme perheitä.")
    page.get_by_label("Short description (Swedish)").fill("Vi hjälper familjer.")
    page.get_by_role("button", name="Save, and our information is current").press("Enter")

    expect(page.get_by_role("status")).to_contain_text("The profile was saved and marked current.")
    organization = Organization.objects.get(slug="owning-ngo")
    assert organization.description_sv == "Vi hjälper familjer."
    assert organization.last_confirmed_at is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_freshness_page(live_server, page, assert_accessible, world, lang):
    Organization.objects.filter(slug="owning-ngo").update(
        last_confirmed_at=timezone.now() - timedelta(days=300)
    )
    sign_in(page, live_server, world["people"]["coordinator"])

    open_page(page, live_server, lang, "/coordination/freshness/")

    assert heading(page) == translated(lang, "Profiles to check")
    expect(page.get_by_role("link", name=world["organization"].name, exact=True)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_profile_page_with_the_manage_links(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["coordinator"])

    open_page(page, live_server, lang, "/organizations/owning-ngo/")

    expect(
        page.get_by_role("button", name=translated(lang, "Mark the profile verified"))
    ).to_be_visible()
    assert_accessible(page)

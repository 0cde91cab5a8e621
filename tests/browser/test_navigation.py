"""The header's menu in the browser: on a 375-px phone it opens and closes without
JavaScript and marks the current page; on a wide screen every link shows without the
toggle. axe-core passes both ways, in Finnish, Swedish and English."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_people_pages_accessibility import sign_in, translated

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(browser):
    """A phone, with JavaScript off unless the test asks for it (axe-core needs it)."""
    contexts = []

    def open_phone(*, javascript: bool):
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_phone
    for context in contexts:
        context.close()


def open_menu(page, lang):
    menu = page.get_by_role("navigation", name=translated(lang, "Main"))
    toggle = page.locator("summary.site-menu__toggle")
    expect(toggle).to_be_visible()
    expect(menu.get_by_role("link", name=translated(lang, "My work"))).to_be_hidden()
    toggle.click()
    return menu


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_the_menu_opens_without_javascript(live_server, phone, world, lang):
    page = phone(javascript=False)
    sign_in(page, live_server, world["people"]["unit_staff"])
    page.goto(f"{live_server.url}/{lang}/me/")

    menu = open_menu(page, lang)

    my_work = menu.get_by_role("link", name=translated(lang, "My work"))
    expect(my_work).to_be_visible()
    expect(my_work).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("link", name=translated(lang, "My unit"))).to_be_visible()
    expect(menu.get_by_role("button", name=translated(lang, "Sign out"))).to_be_visible()
    # The languages stay on the first screen, outside the menu.
    expect(
        page.get_by_role("navigation", name=translated(lang, "Language")).get_by_role(
            "link", name="Svenska"
        )
    ).to_be_in_viewport()

    menu.get_by_role("link", name=translated(lang, "Networks")).click()
    page.wait_for_url(f"{live_server.url}/{lang}/networks/")
    expect(page.locator("summary.site-menu__toggle")).to_be_visible()
    expect(menu.get_by_role("link", name=translated(lang, "Networks"))).to_be_hidden()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_the_menu_passes_axe_closed_and_open(
    live_server, phone, assert_accessible, world, lang
):
    page = phone(javascript=True)
    sign_in(page, live_server, world["people"]["unit_staff"])
    page.goto(f"{live_server.url}/{lang}/me/")
    assert_accessible(page)

    open_menu(page, lang)

    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_wide_screen_every_link_shows_without_the_toggle(
    live_server, page, assert_accessible, world, lang
):
    sign_in(page, live_server, world["people"]["coordinator"])
    page.goto(f"{live_server.url}/{lang}/coordination/")
    menu = page.get_by_role("navigation", name=translated(lang, "Main"))

    expect(page.locator("summary.site-menu__toggle")).to_be_hidden()
    for label in ("NGOs", "Units' contact points", "Networks", "My work", "Meetings", "Audit log"):
        expect(menu.get_by_role("link", name=translated(lang, label))).to_be_visible()
    expect(menu.get_by_role("link", name=translated(lang, "Coordination"))).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)

    # The keyboard reaches the menu's links in order after the languages.
    page.keyboard.press("Tab")  # the skip link
    for _ in range(5):  # the portal's name and the three languages
        page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name=translated(lang, "NGOs"))).to_be_focused()

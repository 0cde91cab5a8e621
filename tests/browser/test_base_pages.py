import pytest

pytestmark = pytest.mark.django_db(transaction=True)

HEADINGS = {"fi": "Co-Act-portaali", "sv": "Co-Act-portalen", "en": "Co-Act Portal"}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_home_page_is_accessible_in_each_language(live_server, page, assert_accessible, lang):
    page.goto(f"{live_server.url}/{lang}/")

    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("heading", level=1).inner_text() == HEADINGS[lang]
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_not_found_page_is_accessible(live_server, page, assert_accessible, lang):
    response = page.goto(f"{live_server.url}/{lang}/no-such-page/")

    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)


def test_skip_link_is_first_and_moves_focus_to_main(live_server, page):
    page.goto(f"{live_server.url}/en/")

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    assert skip.is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_keeps_the_page(live_server, page):
    page.goto(f"{live_server.url}/fi/")

    page.get_by_role("navigation", name="Kieli").get_by_role("link", name="Svenska").click()

    page.wait_for_url(f"{live_server.url}/sv/")
    assert page.get_by_role("heading", level=1).inner_text() == "Co-Act-portalen"
    current = page.get_by_role("navigation", name="Språk").locator("[aria-current]")
    assert current.inner_text() == "Svenska"


def test_accessibility_check_reports_a_real_violation(page, axe):
    # Guards the harness itself: an image without alternative text must be caught.
    page.set_content('<html lang="en"><body><main><img src="x.png"></main></body></html>')

    results = axe.run(page)

    assert "image-alt" in {violation["id"] for violation in results.response["violations"]}

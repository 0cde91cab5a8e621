"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded
browser), with axe-core for accessibility."""

import os

import pytest

from tests.conftest import require_tool

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests, closed after the last of them: Playwright's
    event loop must not outlive this package, or later tests' ORM calls are refused."""
    executable = require_tool(CHROMIUM, "apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API runs an event loop in this thread; the tests' own ORM
        # calls are still synchronous and safe.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page as it is now; fail with axe's report on any violation."""

    def check(page):
        results = axe.run(page)
        assert results.violations_count == 0, results.generate_report()

    return check

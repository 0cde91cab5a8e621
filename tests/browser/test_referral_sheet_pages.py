"""The anonymous referral sheet and the page that waits for its PDF pass axe-core in
Finnish, Swedish and English, and the sheet in Arabic is right to left; printing works
from the keyboard, and the PDF arrives without a reload."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coact.models import GeneratedFile
from tests.browser.test_content_security_policy import csp_page, visit  # noqa: F401 - a fixture
from tests.browser.test_people_pages_accessibility import open_page, sign_in, translated
from tests.referrals.sheet_helpers import ARABIC_TEXT, sheet_world

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]
SHEET = "/referrals/sheet/hiiraan-tuki/"


@pytest.fixture
def world():
    return sheet_world()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sheet_page(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["worker"])

    open_page(page, live_server, lang, SHEET)

    expect(page.get_by_role("heading", level=1)).to_have_text("Hiiraan tuki ry")
    expect(page.get_by_role("heading", name=translated(lang, "When"))).to_be_visible()
    expect(page.get_by_role("button", name=translated(lang, "Print"))).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_activity_sheet_page(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["worker"])

    open_page(page, live_server, lang, f"{SHEET}?activity={world['activity'].pk}&lang={lang}")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sheet_in_arabic_is_right_to_left(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["worker"])

    open_page(page, live_server, lang, f"{SHEET}?lang=ar")

    own = page.locator('.sheet [lang="ar"][dir="rtl"]')
    expect(own).to_contain_text(ARABIC_TEXT)
    assert own.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert_accessible(page)


def test_the_language_picker_and_print_work_from_the_keyboard(live_server, page, world):
    sign_in(page, live_server, world["worker"])
    open_page(page, live_server, "en", SHEET)

    page.get_by_role("link", name="Arabic").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/?lang=ar")
    page.wait_for_load_state()
    # The browser's print dialog would stop the test: count the calls instead.
    page.evaluate(
        "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
    )
    page.get_by_role("button", name="Print").focus()
    page.keyboard.press("Enter")

    assert page.evaluate("window.__printed") == 1
    expect(page.locator('.sheet [lang="ar"][dir="rtl"]')).to_be_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_that_waits_for_the_pdf(live_server, page, assert_accessible, world, lang):
    file = GeneratedFile.objects.create(
        requested_by=world["worker"], kind="referral_sheet", template="referrals/sheet_pdf.html",
        language=lang, filename="hiiraan-tuki-ar.pdf",
    )  # fmt: skip
    sign_in(page, live_server, world["worker"])

    open_page(page, live_server, lang, f"/files/{file.pk}/")

    status = page.get_by_role("status")
    expect(status).to_contain_text(translated(lang, "Preparing the PDF…"))
    assert_accessible(page)
    # The worker finishes: the page shows the download within a second or two, by itself.
    GeneratedFile.objects.filter(pk=file.pk).update(ready_at=timezone.now(), content=b"%PDF-1.7")
    download = status.get_by_role("link")
    expect(download).to_contain_text("hiiraan-tuki-ar.pdf", timeout=5_000)
    assert_accessible(page)


def test_the_pdf_is_prepared_and_downloaded(live_server, page, world):
    sign_in(page, live_server, world["worker"])
    open_page(page, live_server, "fi", f"{SHEET}?lang=ar")

    page.get_by_role("button", name=translated("fi", "Download as PDF")).click()
    link = page.get_by_role("status").get_by_role("link")
    expect(link).to_be_visible(timeout=20_000)
    with page.expect_download() as downloading:
        link.click()

    download = downloading.value
    assert download.suggested_filename == "hiiraan-tuki-ar.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_the_sheet_and_the_wait_keep_the_content_security_policy(request, live_server, world):
    page = request.getfixturevalue("csp_page")
    sign_in(page, live_server, world["worker"])

    violations = visit(page, live_server, f"/fi{SHEET}?lang=ar")
    page.get_by_role("button", name=translated("fi", "Download as PDF")).click()
    expect(page.get_by_role("status").get_by_role("link")).to_be_visible(timeout=20_000)
    violations += page.evaluate("window.__cspViolations")

    assert violations == []
    assert page.console_violations == []

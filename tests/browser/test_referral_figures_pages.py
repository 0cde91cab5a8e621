"""The referral figures page passes axe-core in Finnish, Swedish and English: with shown,
small ("<5") and hidden counts, with a choice of scope, with a form error, on a phone,
and on the demo data for the coordinator. Screenshots go to $SCREENSHOT_DIR when set."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from coact.models import User
from organizations.models import Role
from referrals.models import State
from tests.browser.screens import screenshots
from tests.browser.test_people_pages_accessibility import heading, open_page, sign_in, translated
from tests.factories import MembershipFactory, with_totp
from tests.referrals.figure_helpers import make_referrals
from tests.referrals.helpers import MARKERS, referral_world

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]
PATH = "/referrals/figures/"


@pytest.fixture
def world(reference_data):
    world = referral_world()
    for name in ("worker", "handler", "coordinator"):
        with_totp(world[name])
    # Shown, small and hidden counts: of 20, 9 waiting, 3 accepted and 8 closed (6 take
    # part, 2 not reached). The 8 is hidden, so that the 3 cannot be worked out from the
    # total; the 2 stays hidden in its own table with it.
    make_referrals(world, State.SENT, 9, client_languages=["so", "fi"])
    make_referrals(world, State.ACCEPTED, 3, client_languages=["ar"])
    make_referrals(world, State.CLOSED, 6, outcome="takes_part", client_languages=["so"])
    make_referrals(world, State.CLOSED, 2, outcome="not_reached", client_languages=["prs"])
    return world


def count(page, lang: str, caption: str, row: str):
    """The count cell of `row` in the table captioned `caption` (both msgids)."""
    caption, row = translated(lang, caption), translated(lang, row)
    table = page.locator(
        "table", has=page.locator("caption", has_text=re.compile(f"^\\s*{re.escape(caption)}"))
    )
    header = page.locator("th", has_text=re.compile(f"^\\s*{re.escape(row)}\\s*$"))
    return table.locator("tr", has=header).locator("td")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_figures_in_each_language(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["worker"])

    open_page(page, live_server, lang, PATH)

    assert heading(page) == translated(lang, "Referral figures")
    states, outcomes = "Referrals by state", "Closed referrals by outcome"
    expect(count(page, lang, states, "All referrals")).to_have_text("20")
    expect(count(page, lang, states, "Sent, waiting for an answer")).to_have_text("9")
    expect(count(page, lang, states, "Accepted")).to_contain_text("<5")
    expect(count(page, lang, states, "Closed")).to_have_text(translated(lang, "hidden"))
    expect(count(page, lang, outcomes, "Takes part in the activity")).to_have_text("6")
    expect(count(page, lang, outcomes, "Could not be reached")).to_contain_text("<5")
    content = page.content()
    for marker in MARKERS.values():
        assert marker not in content
    assert_accessible(page)
    screenshots(page, f"figures-unit-{lang}-1280", both_widths=False)
    page.set_viewport_size({"width": 375, "height": 812})
    assert_accessible(page)
    screenshots(page, f"figures-unit-{lang}-375", both_widths=False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_choosing_whose_referrals_and_the_period(live_server, page, assert_accessible, world, lang):
    worker = world["worker"]
    MembershipFactory(
        user=worker, welfare_area=world["area"], organization=None, role=Role.COORDINATOR
    )
    sign_in(page, live_server, worker)
    open_page(page, live_server, lang, PATH)

    page.get_by_label(translated(lang, "Whose referrals")).select_option("area")
    page.get_by_role("button", name=translated(lang, "Show")).click()

    page.wait_for_url("**scope=area**")
    with translation.override(lang):
        area_name = world["area"].name
    expect(page.locator("h2#figures-heading")).to_contain_text(area_name)
    assert_accessible(page)
    screenshots(page, f"figures-scopes-{lang}", both_widths=False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_period_that_ends_before_it_starts(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["handler"])

    open_page(page, live_server, lang, f"{PATH}?start=2026-03-01&end=2026-02-01")

    summary = page.locator(".hds-error-summary")
    expect(summary).to_contain_text(
        translated(lang, "The end of the period must be on or after its start.")
    )
    expect(page.locator("table")).to_have_count(0)
    assert_accessible(page)
    screenshots(page, f"figures-error-{lang}", both_widths=False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_coordinator_on_the_demo_data(
    live_server, page, assert_accessible, reference_data, lang
):
    call_command("seed_demo", stdout=StringIO())
    coordinator = with_totp(User.objects.get(email="coordinator@demo.example"))
    sign_in(page, live_server, coordinator)

    open_page(page, live_server, lang, PATH)

    expect(page.locator("table").first).to_be_visible()
    content = page.content()
    assert "Demo Asiakas" not in content
    assert "+358 40 000" not in content
    assert_accessible(page)
    screenshots(page, f"figures-demo-coordinator-{lang}", both_widths=False)

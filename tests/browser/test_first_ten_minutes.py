"""The first ten minutes, per role, on the demo data (`seed_demo`), in Finnish, Swedish and
English, with axe-core clean on every page the walk passes:

- signed out, someone finds an NGO from the home page without typing an address;
- the unit worker signs in for the first time (password, authenticator app, recovery
  codes, "My work"), lands on the NGOs of their own area and opens one;
- the NGO admin confirms the NGO's profile from their page;
- the coordinator creates a network, adds a member, schedules a monthly meetup series
  for it, and sees the reply an invitee sends through the reply link.

Screenshots of each role's "My work" at 1280 and 375 px go to $SCREENSHOT_DIR when set."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import expect

from coact.models import User
from networks.models import Invitation, Network
from networks.selectors import rsvp_token
from organizations.models import Organization, WelfareArea
from organizations.my_work import area_organizations
from tests.browser.screens import screenshots
from tests.browser.test_people_pages_accessibility import heading, translated
from tests.browser.test_people_walkthrough import fresh_totp_code
from tests.factories import with_totp

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]
DEMO_PASSWORD = "walk-through-demo-password"
# The NGO that ngo.admin@demo.example administers in the demo data.
DEMO_ADMIN_ORGANIZATION = "demo-monikulttuurinen-perheyhdistys"


@pytest.fixture
def demo(reference_data, settings):
    settings.DEMO_PASSWORD = DEMO_PASSWORD
    call_command("seed_demo", stdout=StringIO())


def t(lang: str, text: str) -> str:
    return translated(lang, text)


def visit(page, assert_accessible, url: str | None = None):
    """Open `url` (or stay), check the page is in the URL's language and passes axe."""
    if url:
        response = page.goto(url)
        assert response.status == 200, url
    assert_accessible(page)


def arrive(page, assert_accessible, live_server, path_pattern: str, lang: str):
    # A redirect keeps the fragment of the address it came from (#add-heading).
    page.wait_for_url(re.compile(rf"^{re.escape(live_server.url)}/{lang}{path_pattern}(#.*)?$"))
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)


def sign_in_with_password(page, live_server, assert_accessible, lang, email):
    visit(page, assert_accessible, f"{live_server.url}/{lang}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()


def sign_in_with_code(page, live_server, assert_accessible, lang, email):
    sign_in_with_password(page, live_server, assert_accessible, lang, email)
    arrive(page, assert_accessible, live_server, "/accounts/2fa/authenticate/", lang)
    page.locator("#id_code").fill(fresh_totp_code())
    page.get_by_role("button", name=t(lang, "Sign In")).click()
    arrive(page, assert_accessible, live_server, "/me/", lang)
    assert heading(page) == t(lang, "My work")


# --- Signed out ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_signed_out_someone_finds_an_ngo_from_the_home_page(
    live_server, page, assert_accessible, demo, lang
):
    visit(page, assert_accessible, f"{live_server.url}/{lang}/")
    page.get_by_role("searchbox", name=t(lang, "Find an NGO")).fill("Hiiraan")
    page.get_by_role("search").get_by_role("button", name=t(lang, "Search")).click()

    arrive(page, assert_accessible, live_server, r"/organizations/\?q=Hiiraan", lang)
    page.get_by_role("link", name="Demo: Hiiraan mielenterveystuki ry").click()

    arrive(page, assert_accessible, live_server, "/organizations/demo-[a-z-]+/", lang)
    assert heading(page) == "Demo: Hiiraan mielenterveystuki ry"

    # The home page's other way in: the units' contact points, from the header too.
    page.goto(f"{live_server.url}/{lang}/")
    page.get_by_role("link", name=t(lang, "Contact points of the welfare area's units")).click()
    arrive(page, assert_accessible, live_server, "/units/", lang)
    menu = page.get_by_role("navigation", name=t(lang, "Main"))
    expect(menu.get_by_role("link", name=t(lang, "Units' contact points"))).to_have_attribute(
        "aria-current", "page"
    )


# --- The unit worker ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_unit_worker_signs_in_for_the_first_time_and_opens_an_ngo_of_their_area(
    live_server, page, assert_accessible, demo, lang
):
    sign_in_with_password(page, live_server, assert_accessible, lang, "unit.worker@demo.example")

    # The password is not asked again: straight to the authenticator app.
    arrive(page, assert_accessible, live_server, "/accounts/2fa/totp/activate/", lang)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(fresh_totp_code(secret))
    page.locator("main form button[type=submit]").click()

    arrive(page, assert_accessible, live_server, "/accounts/2fa/recovery-codes/", lang)
    assert len(page.locator("#recovery_codes").input_value().split()) == 10
    page.get_by_role("link", name=t(lang, "Continue to my work")).click()

    arrive(page, assert_accessible, live_server, "/me/", lang)
    assert heading(page) == t(lang, "My work")
    area = WelfareArea.objects.get(code="vantaa-kerava")
    with translation.override(lang):
        area_name = area.name
    area_panel = page.get_by_role("region", name=t(lang, "NGOs in your area"))
    expect(area_panel).to_contain_text(
        t(lang, "Showing only the NGOs of your own welfare area: %(area)s.") % {"area": area_name}
    )
    expect(area_panel.get_by_role("link", name=t(lang, "Show all NGOs"))).to_have_attribute(
        "href", f"/{lang}/organizations/"
    )
    screenshots(page, f"my-work-unit-worker-{lang}")

    # The area's results in the directory, then one NGO.
    _shown, count = area_organizations(area)
    area_panel.get_by_role("link", name=re.compile(rf"\b{count}\b")).click()
    arrive(page, assert_accessible, live_server, r"/organizations/\?area=vantaa-kerava", lang)
    results = page.locator("#results")
    expect(results.get_by_role("heading", level=2)).to_contain_text(str(count))
    results.get_by_role("link", name="Demo: Monikulttuurinen perheyhdistys ry").click()

    arrive(page, assert_accessible, live_server, f"/organizations/{DEMO_ADMIN_ORGANIZATION}/", lang)
    assert heading(page) == "Demo: Monikulttuurinen perheyhdistys ry"


# --- The NGO admin ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_ngo_admin_confirms_the_profile_from_their_page(
    live_server, page, assert_accessible, demo, lang
):
    organization = Organization.objects.get(slug=DEMO_ADMIN_ORGANIZATION)
    Organization.objects.filter(pk=organization.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=200)
    )
    with_totp(User.objects.get(email="ngo.admin@demo.example"))
    sign_in_with_code(page, live_server, assert_accessible, lang, "ngo.admin@demo.example")

    profile = page.get_by_role("region", name=t(lang, "Your organisation's profile"))
    expect(profile).to_contain_text(t(lang, "Please confirm the information."))
    screenshots(page, f"my-work-ngo-admin-{lang}")
    profile.get_by_role("button", name=t(lang, "Our information is current")).click()

    arrive(page, assert_accessible, live_server, "/me/", lang)
    expect(
        page.get_by_role("status").filter(
            has_text=t(lang, "Thank you. The information is marked current.")
        )
    ).to_be_visible()
    expect(profile).not_to_contain_text(t(lang, "Please confirm the information."))
    organization.refresh_from_db()
    assert organization.last_confirmed_at > timezone.now() - timedelta(minutes=5)


# --- The coordinator ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_coordinator_creates_a_network_schedules_a_series_and_sees_a_reply(
    live_server, page, browser, assert_accessible, demo, lang
):
    with_totp(User.objects.get(email="coordinator@demo.example"))
    sign_in_with_code(page, live_server, assert_accessible, lang, "coordinator@demo.example")
    screenshots(page, f"my-work-coordinator-{lang}")

    # A new network, from "My work".
    networks = page.get_by_role("region", name=t(lang, "Networks you run"))
    networks.get_by_role("link", name=t(lang, "Create a network")).click()
    arrive(page, assert_accessible, live_server, "/networks/new/", lang)
    page.get_by_label(t(lang, "Name in Finnish")).fill("Demo: Kotoutumisen kahvila")
    page.get_by_label(t(lang, "Name in English (optional)")).fill("Demo: Integration café")
    page.get_by_label(t(lang, "Purpose in Finnish")).fill(
        "Järjestöt ja KOTO-tiimi tapaavat kuukausittain."
    )
    page.get_by_role("button", name=t(lang, "Create the network")).click()

    arrive(page, assert_accessible, live_server, "/networks/demo-kotoutumisen-kahvila/", lang)
    network = Network.objects.get(slug="demo-kotoutumisen-kahvila")
    assert heading(page) == ("Demo: Integration café" if lang == "en" else network.name_fi)

    # Its first member, with a named representative.
    page.get_by_role("link", name=t(lang, "Members and representatives")).click()
    arrive(
        page, assert_accessible, live_server, "/networks/demo-kotoutumisen-kahvila/members/", lang
    )
    page.get_by_label(t(lang, "NGO or service unit")).select_option(
        label="Demo: Monikulttuurinen perheyhdistys ry"
    )
    page.get_by_role("button", name=t(lang, "Next: choose the representatives")).click()
    arrive(
        page,
        assert_accessible,
        live_server,
        r"/networks/demo-kotoutumisen-kahvila/members/\?member=.*",
        lang,
    )
    page.get_by_label("Demo NGO Admin (ngo.admin@demo.example)").check()
    page.locator("main form button[type=submit]").click()
    arrive(
        page, assert_accessible, live_server, "/networks/demo-kotoutumisen-kahvila/members/", lang
    )

    # A monthly meetup series for it, from the network's page.
    page.get_by_role(
        "link", name=network.name_en if lang == "en" else network.name_fi
    ).first.click()
    arrive(page, assert_accessible, live_server, "/networks/demo-kotoutumisen-kahvila/", lang)
    page.get_by_role("link", name=t(lang, "Schedule a meeting")).first.click()
    arrive(
        page,
        assert_accessible,
        live_server,
        r"/meetings/new/\?network=demo-kotoutumisen-kahvila",
        lang,
    )
    # Two days ahead: sooner than the demo's other meetings, so first on "My work".
    first_day = (timezone.localtime() + timedelta(days=2)).date()
    page.locator("#id_title").fill("Kahvila")
    page.locator("#id_date").fill(first_day.isoformat())
    page.locator("#id_start_time").fill("16:30")
    page.locator("input[name=repeat][value=monthly]").check()
    page.locator("#id_address").fill("Asematie 1, Vantaa")
    page.locator("main form button[type=submit]").click()
    arrive(page, assert_accessible, live_server, r"/meetings/series/\d+/", lang)
    assert heading(page) == "Kahvila"

    # The NGO admin answers the first meeting's invitation by the link in the e-mail,
    # without signing in.
    invitation = (
        Invitation.objects.filter(meeting__network=network, email="ngo.admin@demo.example")
        .order_by("meeting__start")
        .first()
    )
    invitee_context = browser.new_context(locale=f"{lang}-FI")
    try:
        invitee = invitee_context.new_page()
        invitee.set_default_timeout(15_000)
        visit(
            invitee,
            assert_accessible,
            f"{live_server.url}/{lang}/meetings/reply/{rsvp_token(invitation)}/",
        )
        invitee.locator("input[name=response][value=yes]").check()
        invitee.locator("main form button[type=submit]").click()
        invitee.wait_for_load_state()
        assert_accessible(invitee)
    finally:
        invitee_context.close()
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.YES

    # The coordinator sees the reply on "My work".
    page.get_by_role("navigation", name=t(lang, "Main")).get_by_role(
        "link", name=t(lang, "My work")
    ).click()
    arrive(page, assert_accessible, live_server, "/me/", lang)
    organised = page.get_by_role("region", name=t(lang, "Meetings you organise"))
    kahvila = organised.get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Kahvila", exact=True)
    )
    expect(kahvila.first).to_contain_text(
        translated_plural(lang, "%(counter)s coming", "%(counter)s coming", 1) % {"counter": 1}
    )


def translated_plural(lang: str, singular: str, plural: str, n: int) -> str:
    from django.utils import translation

    with translation.override(lang):
        return translation.ngettext(singular, plural, n)

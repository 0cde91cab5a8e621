"""Every page for people and permissions passes axe-core, in Finnish, Swedish and English:
signing in, applying, accepting an invitation, two-factor set-up, the profile and the
coordinators' pages."""

import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from organizations.models import Role
from organizations.services import invitation_token
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    UserFactory,
    totp_code,
)

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]


def translated(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def fresh_totp_code(secret: str) -> str:
    """A code that stays valid for a few more seconds than the browser needs to submit it."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    return totp_code(secret)


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text().strip()


def open_page(page, live_server, lang, path, *, status=200):
    response = page.goto(f"{live_server.url}/{lang}{path}")
    assert response.status == status
    assert page.locator("html").get_attribute("lang") == lang
    return response


def sign_in(page, live_server, user):
    """Sign the browser in as the user, without the sign-in pages (tested on their own)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


# --- Pages for everyone --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_login_page(live_server, page, assert_accessible, lang):
    open_page(page, live_server, lang, "/accounts/login/")

    assert heading(page) == translated(lang, "Sign In")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_login_page_with_a_wrong_password(live_server, page, assert_accessible, lang):
    user = UserFactory(email="volunteer@example.org")
    open_page(page, live_server, lang, "/accounts/login/")

    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill("not the password")
    page.locator("main form button[type=submit]").click()

    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_two_factor_code_page_at_sign_in(live_server, page, assert_accessible, world, lang):
    open_page(page, live_server, lang, "/accounts/login/")

    page.locator("#id_login").fill(world["people"]["coordinator"].email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(f"{live_server.url}/{lang}/accounts/2fa/authenticate/")
    assert heading(page) == translated(lang, "Two-Factor Authentication")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_password_reset_page(live_server, page, assert_accessible, lang):
    open_page(page, live_server, lang, "/accounts/password/reset/")

    assert heading(page) == translated(lang, "Password Reset")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_apply_page(live_server, page, assert_accessible, world, lang):
    open_page(page, live_server, lang, "/organizations/apply/")

    assert heading(page) == translated(lang, "Add your organisation to the portal")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_apply_page_with_errors(live_server, page, assert_accessible, world, lang):
    open_page(page, live_server, lang, "/organizations/apply/")

    page.get_by_role("button", name=translated(lang, "Send the application")).click()

    expect(page.get_by_role("alert")).to_be_visible()  # the error summary
    assert page.locator("[aria-invalid=true]").count() > 0
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_invitation_accept_page(live_server, page, assert_accessible, world, lang):
    token = invitation_token(world["invitation"])
    open_page(page, live_server, lang, f"/invitations/{token}/")

    assert heading(page) == translated(lang, "Accept the invitation")
    expect(page.get_by_text("new@owning.example")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_invitation_accept_page_with_errors(live_server, page, assert_accessible, world, lang):
    token = invitation_token(world["invitation"])
    open_page(page, live_server, lang, f"/invitations/{token}/")

    page.get_by_role("button", name=translated(lang, "Accept and continue")).click()

    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


# --- Two-factor set-up ---------------------------------------------------------------------


def age_the_sign_in(page, live_server, seconds: int) -> None:
    """Make the browser's session look signed in `seconds` ago."""
    from importlib import import_module

    from coact.middleware import SIGNED_IN_AT

    cookie = next(
        c
        for c in page.context.cookies(live_server.url)
        if c["name"] == settings.SESSION_COOKIE_NAME
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    session[SIGNED_IN_AT] = time.time() - seconds
    session.save()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_two_factor_set_up_pages(live_server, page, assert_accessible, world, lang):
    # An NGO admin without an authenticator app is sent to set one up. A session that
    # signed in a while ago gives the password again first.
    from allauth.account import app_settings as account_settings

    admin = UserFactory(email="new-admin@owning.example")
    MembershipFactory(user=admin, role=Role.NGO_ADMIN, organization=world["organization"])
    sign_in(page, live_server, admin)
    age_the_sign_in(page, live_server, account_settings.REAUTHENTICATION_TIMEOUT + 60)

    page.goto(f"{live_server.url}/{lang}/me/")
    page.wait_for_url(re.compile(rf"/{lang}/accounts/reauthenticate/"))
    assert heading(page) == translated(lang, "Confirm Access")
    assert_accessible(page)

    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/{lang}/accounts/2fa/totp/activate/")
    assert heading(page) == translated(lang, "Activate Authenticator App")
    expect(page.get_by_role("img").first).to_be_visible()  # the QR code
    assert_accessible(page)

    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(fresh_totp_code(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/{lang}/accounts/2fa/recovery-codes/"))
    assert heading(page) == translated(lang, "Recovery Codes")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_two_factor_index_page(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["member"])

    open_page(page, live_server, lang, "/accounts/2fa/")

    assert heading(page) == translated(lang, "Two-Factor Authentication")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sessions_page(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["member"])

    open_page(page, live_server, lang, "/accounts/sessions/")

    assert heading(page) == translated(lang, "Sessions")
    assert_accessible(page)


# --- Signed-in pages of the portal ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_profile_page_with_the_acting_as_switch(live_server, page, assert_accessible, world, lang):
    member = world["people"]["member"]
    MembershipFactory(user=member, role=Role.NGO_MEMBER, organization=world["organization"])
    sign_in(page, live_server, member)

    open_page(page, live_server, lang, "/me/profile/")

    assert heading(page) == translated(lang, "Profile")
    expect(page.get_by_role("combobox", name=translated(lang, "Acting as"))).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_coordination_page(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["coordinator"])

    open_page(page, live_server, lang, "/coordination/")

    assert heading(page) == translated(lang, "Coordination")
    expect(page.get_by_role("link", name=world["application"].name)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_members_page(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["member"])

    open_page(page, live_server, lang, "/organizations/owning-ngo/members/")

    assert heading(page) == translated(lang, "Members and invitations")
    expect(page.get_by_role("cell", name="colleague@owning.example", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="new@owning.example", exact=True)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_members_page_with_errors(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["member"])
    open_page(page, live_server, lang, "/organizations/owning-ngo/members/")

    page.get_by_role("button", name=translated(lang, "Send invitation")).click()

    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_application_review_page(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["coordinator"])

    open_page(page, live_server, lang, f"/coordination/applications/{world['application'].pk}/")

    assert heading(page) == world["application"].name
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_application_review_page_with_errors(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["coordinator"])
    open_page(page, live_server, lang, f"/coordination/applications/{world['application'].pk}/")

    page.get_by_role("button", name=translated(lang, "Reject the application")).click()

    expect(page.get_by_role("alert")).to_be_visible()  # a reason is required
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_audit_log_page(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["coordinator"])

    open_page(page, live_server, lang, "/audit/")

    assert heading(page) == translated(lang, "Audit log")
    expect(page.get_by_role("cell", name="member@owning.example").first).to_be_visible()
    assert_accessible(page)

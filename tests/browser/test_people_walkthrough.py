"""Walk-throughs in the browser: a coordinator invites an NGO admin, who joins and sets up
two-factor authentication; a stranger applies for a new NGO and a coordinator approves it."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from organizations.models import Membership, Organization, Role
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    WelfareAreaFactory,
    totp_code,
    with_totp,
)

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Vahva salasana 2026!"


def fresh_totp_code(secret: str = TOTP_SECRET) -> str:
    """A code that stays valid for a few more seconds than the browser needs to submit it."""
    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    return totp_code(secret)


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text().strip()


def coordinator_of(area):
    """A coordinator of the area who reads the portal and its e-mail in English."""
    user = with_totp(
        UserFactory(
            email="coordinator@vantaa.example",
            name="Kaisa Koordinaattori",
            preferred_language="en",
        )
    )
    MembershipFactory(user=user, role=Role.COORDINATOR, organization=None, welfare_area=area)
    return user


def sign_in_with_password_and_code(page, live_server, user):
    """Sign in as a person would: e-mail and password, then the authenticator app's code."""
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email:", exact=True).fill(user.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.wait_for_url(f"{live_server.url}/en/accounts/2fa/authenticate/")
    assert heading(page) == "Two-Factor Authentication"
    page.get_by_label("Code").fill(fresh_totp_code())
    page.get_by_role("button", name="Sign In").click()


def mail_to(address: str):
    messages = [message for message in mail.outbox if address in message.to]
    assert messages, f"no e-mail to {address}; sent: {[m.to for m in mail.outbox]}"
    return messages


def test_coordinator_invites_an_ngo_admin_who_joins_with_two_factor(
    live_server, page, browser, settings
):
    settings.SITE_URL = live_server.url  # links in e-mails point at the test server
    area = WelfareAreaFactory(code="vantaa-kerava")
    ngo = OrganizationFactory(
        welfare_area=area, name="Monikielinen perhetuki ry", slug="monikielinen-perhetuki"
    )
    coordinator = coordinator_of(area)

    # The coordinator signs in, lands on "My work" and goes on to the coordination page.
    sign_in_with_password_and_code(page, live_server, coordinator)
    page.wait_for_url(f"{live_server.url}/en/me/")
    assert heading(page) == "My work"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coordination").click()
    page.wait_for_url(f"{live_server.url}/en/coordination/")
    assert heading(page) == "Coordination"

    # From there, the NGO's members page.
    page.get_by_role("link", name="Monikielinen perhetuki ry").click()
    page.wait_for_url(f"{live_server.url}/en/organizations/monikielinen-perhetuki/members/")
    assert heading(page) == "Members and invitations"
    expect(page.get_by_text("No pending invitations.")).to_be_visible()

    # The coordinator invites the NGO's new admin.
    page.get_by_label("E-mail address").fill("amina@perhetuki.example")
    page.get_by_label("Name:", exact=True).fill("Amina Yusuf")
    page.get_by_label("Role").select_option(label="NGO admin")
    page.get_by_label("Language of the invitation").select_option(label="English")
    page.get_by_role("button", name="Send invitation").click()

    sent = page.get_by_role("status").filter(has_text="Invitation sent to amina@perhetuki.example.")
    expect(sent).to_be_visible()
    pending = page.get_by_role("table").filter(has_text="amina@perhetuki.example")
    expect(pending.get_by_role("cell", name="NGO admin")).to_be_visible()

    # The invitation arrives by e-mail, in English, with a link to accept it.
    (invitation_mail,) = mail_to("amina@perhetuki.example")
    assert invitation_mail.subject == (
        "Invitation to Monikielinen perhetuki ry in the Co-Act Portal"
    )
    accept_url = re.search(r"https?://\S+/en/invitations/\S+/", invitation_mail.body).group()
    assert accept_url.startswith(live_server.url)

    # The invitee opens the link in a browser of their own.
    invitee_context = browser.new_context(locale="en-GB")
    try:
        invitee = invitee_context.new_page()
        invitee.set_default_timeout(15_000)
        invitee.goto(accept_url)
        assert heading(invitee) == "Accept the invitation"
        expect(
            invitee.get_by_text(
                "You have been invited to join Monikielinen perhetuki ry in the Co-Act Portal "
                "as NGO admin, with the e-mail address amina@perhetuki.example."
            )
        ).to_be_visible()
        expect(invitee.get_by_label("Your name")).to_have_value("Amina Yusuf")
        invitee.get_by_label("Password:", exact=True).fill(NEW_PASSWORD)
        invitee.get_by_label("Password again").fill(NEW_PASSWORD)
        invitee.get_by_role("button", name="Accept and continue").click()

        # An NGO admin sees client data, so two-factor authentication comes first, at
        # once: the password was just set, so it is not asked again.
        invitee.wait_for_url(f"{live_server.url}/en/accounts/2fa/totp/activate/")
        expect(
            invitee.get_by_role("status").filter(
                has_text="set up two-factor authentication before you continue"
            )
        ).to_be_visible()
        assert heading(invitee) == "Activate Authenticator App"
        secret = invitee.locator("#authenticator_secret").input_value()
        invitee.get_by_label("Authenticator code").fill(fresh_totp_code(secret))
        invitee.get_by_role("button", name="Activate").click()

        invitee.wait_for_url(re.compile(r"/en/accounts/2fa/recovery-codes/"))
        assert heading(invitee) == "Recovery Codes"
        assert len(invitee.locator("#recovery_codes").input_value().split()) == 10

        # With the authenticator app set up, the portal opens on "My work" with the NGO.
        invitee.get_by_role("link", name="Continue to my work").click()
        invitee.wait_for_url(f"{live_server.url}/en/me/")
        assert heading(invitee) == "My work"
        expect(invitee.get_by_role("link", name="Monikielinen perhetuki ry")).to_be_visible()
        expect(invitee.get_by_role("link", name="Members and invitations")).to_be_visible()
    finally:
        invitee_context.close()

    membership = Membership.objects.get(organization=ngo, user__email="amina@perhetuki.example")
    assert membership.role == Role.NGO_ADMIN


def test_coordinator_approves_a_strangers_application(live_server, page, browser):
    area = WelfareAreaFactory(code="vantaa-kerava")
    coordinator = coordinator_of(area)

    # A stranger applies for their NGO.
    stranger_context = browser.new_context(locale="en-GB")
    try:
        stranger = stranger_context.new_page()
        stranger.set_default_timeout(15_000)
        stranger.goto(f"{live_server.url}/en/organizations/apply/")
        assert heading(stranger) == "Add your organisation to the portal"
        stranger.get_by_label("Name of the organisation or group").fill("Naapuriapu ry")
        stranger.get_by_label("Welfare area where you work").select_option(label=area.name)
        stranger.get_by_label("What does your organisation do?").fill(
            "Homework clubs and Somali-language parent evenings in Kerava."
        )
        stranger.get_by_label("Your name").fill("Hodan Ali")
        stranger.get_by_label("Your e-mail address").fill("hodan@naapuriapu.example")
        stranger.get_by_label("Your language in the portal").select_option(label="English")
        stranger.get_by_label("Password:", exact=True).fill(NEW_PASSWORD)
        stranger.get_by_label("Password again").fill(NEW_PASSWORD)
        stranger.get_by_role("button", name="Send the application").click()

        stranger.wait_for_url(f"{live_server.url}/en/organizations/apply/sent/")
        assert heading(stranger) == "Application sent"
    finally:
        stranger_context.close()

    application = Organization.objects.get(name="Naapuriapu ry")
    assert application.status == Organization.Status.PENDING
    (notice,) = mail_to(coordinator.email)
    assert notice.subject == "New NGO application: Naapuriapu ry"

    # The area's coordinator signs in, sees the application waiting on "My work", opens
    # the coordination page and the application, and approves it.
    sign_in_with_password_and_code(page, live_server, coordinator)
    page.wait_for_url(f"{live_server.url}/en/me/")
    page.get_by_role("link", name="1 NGO application waits for your decision").click()
    page.wait_for_url(f"{live_server.url}/en/coordination/")
    expect(page.get_by_role("heading", name="Applications from NGOs")).to_be_visible()
    page.get_by_role("link", name="Naapuriapu ry").click()

    page.wait_for_url(f"{live_server.url}/en/coordination/applications/{application.pk}/")
    assert heading(page) == "Naapuriapu ry"
    expect(page.get_by_text("Hodan Ali (hodan@naapuriapu.example)")).to_be_visible()
    page.get_by_role("button", name="Approve").click()

    page.wait_for_url(f"{live_server.url}/en/coordination/")
    expect(
        page.get_by_role("status").filter(has_text="Naapuriapu ry was approved.")
    ).to_be_visible()
    expect(page.get_by_text("No applications are waiting.")).to_be_visible()

    application.refresh_from_db()
    assert application.status == Organization.Status.ACTIVE
    assert application.reviewed_by == coordinator
    subjects = [message.subject for message in mail_to("hodan@naapuriapu.example")]
    assert "Naapuriapu ry is now in the Co-Act Portal" in subjects

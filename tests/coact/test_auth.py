"""Sign-in: rate limits, enforced two-factor authentication, session lifetimes, headers."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from coact.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from coact.models import AuditEvent
from organizations.models import Role
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    WelfareAreaFactory,
    totp_code,
    with_totp,
)

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


def sign_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def coordinator(*, totp=True):
    user = UserFactory(email="coord@example.org")
    MembershipFactory(
        user=user, role=Role.COORDINATOR, organization=None, welfare_area=WelfareAreaFactory()
    )
    return with_totp(user) if totp else user


def ngo_member():
    user = UserFactory(email="volunteer@example.org")
    MembershipFactory(user=user, role=Role.NGO_MEMBER, organization=OrganizationFactory())
    return user


def test_sixth_failed_password_within_five_minutes_is_refused(client):
    user = ngo_member()
    for _ in range(5):
        response = sign_in(client, user.email, "wrong password")
        assert (
            "The email address and/or password you specified are not correct."
            in response.content.decode()
        )

    response = sign_in(client, user.email)  # the right password, but too late

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_failures_still_let_the_right_password_in(client):
    user = ngo_member()
    for _ in range(4):
        sign_in(client, user.email, "wrong password")

    response = sign_in(client, user.email)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_totp_code_is_asked_after_the_password(client):
    user = coordinator()

    response = sign_in(client, user.email)

    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_used_totp_code_is_refused(client):
    user = coordinator()
    code = totp_code()
    sign_in(client, user.email)
    client.post("/en/accounts/2fa/authenticate/", {"code": code})
    client.post(reverse("account_logout"))

    sign_in(client, user.email)
    response = client.post("/en/accounts/2fa/authenticate/", {"code": code})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/en/me/profile/", "/en/coordination/", "/en/audit/", "/en/me/"])
def test_client_data_role_without_mfa_reaches_only_mfa_setup(client, path):
    client.force_login(coordinator(totp=False))

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"


def test_mfa_setup_pages_stay_reachable_without_mfa(client):
    client.force_login(coordinator(totp=False))

    response = client.get("/en/accounts/2fa/totp/activate/")

    # Just signed in: the sign-in counts as the fresh authentication (coact.adapters).
    assert response.status_code == 200


def test_role_without_client_data_needs_no_mfa(client):
    client.force_login(ngo_member())

    response = client.get("/en/me/profile/")

    assert response.status_code == 200


def test_signed_in_as_the_demo_coordinator_lands_on_mfa_setup(client, settings):
    from django.core.management import call_command

    call_command("seed_demo")

    sign_in(client, "coordinator@demo.example", settings.DEMO_PASSWORD)
    response = client.get("/en/me/")

    assert response["Location"] == "/en/accounts/2fa/totp/activate/"


def _age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now - seconds_ago.get("signed_in", 0)
    session[LAST_SEEN_AT] = now - seconds_ago.get("last_seen", 0)
    session.save()


def test_idle_session_with_client_data_access_ends_after_30_minutes(client):
    user = coordinator()
    client.force_login(user)
    _age_session(client, last_seen=31 * 60, signed_in=40 * 60)

    response = client.get("/en/me/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="session_expired")
    assert event.details == {"reason": "idle"}
    assert not AuditEvent.objects.filter(action="sign_out").exists()


def test_session_with_client_data_access_ends_12_hours_after_sign_in(client):
    client.force_login(coordinator())
    _age_session(client, last_seen=60, signed_in=12 * 3600 + 60)

    response = client.get("/en/me/profile/")

    assert response["Location"].startswith("/en/accounts/login/")
    assert AuditEvent.objects.get(action="session_expired").details == {"reason": "max_age"}


def test_active_session_stays_signed_in(client):
    client.force_login(coordinator())
    _age_session(client, last_seen=29 * 60, signed_in=11 * 3600)

    assert client.get("/en/me/profile/").status_code == 200


def test_idle_volunteer_without_client_data_stays_signed_in(client):
    client.force_login(ngo_member())
    _age_session(client, last_seen=2 * 3600, signed_in=20 * 3600)

    assert client.get("/en/me/profile/").status_code == 200


def test_signed_in_pages_are_never_stored(client):
    client.force_login(ngo_member())

    response = client.get("/en/me/profile/")

    assert "no-store" in response["Cache-Control"]


def test_every_page_has_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/en/")["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_admin_signs_in_through_allauth(client):
    response = client.get("/en/admin/")
    response = client.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_open_sign_up_is_closed(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "x@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert "Sign Up Closed" in response.content.decode()
    assert not UserFactory._meta.model.objects.filter(email="x@example.org").exists()


def test_single_sign_on_is_offered_only_when_configured(client, settings):
    assert "Welfare area sign-in" not in client.get(LOGIN).content.decode()

    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "vantaa-entra",
                    "name": "Welfare area sign-in",
                    "client_id": "coact",
                    "secret": "s3cret",
                    "settings": {"server_url": "https://login.example.org/v2.0"},
                }
            ]
        }
    }

    assert "Welfare area sign-in" in client.get(LOGIN).content.decode()


def test_totp_secret_is_encrypted_at_rest():
    from allauth.mfa.utils import decrypt

    user = coordinator()

    stored = Authenticator.objects.get(user=user, type="totp").data["secret"]
    assert stored != "JBSWY3DPEHPK3PXP"
    assert "JBSWY3DPEHPK3PXP" not in stored
    assert decrypt(stored) == "JBSWY3DPEHPK3PXP"


def test_a_person_ends_their_other_sessions(client):
    from django.test import Client

    user = ngo_member()
    sign_in(client, user.email)
    elsewhere = Client()
    sign_in(elsewhere, user.email)
    assert elsewhere.get("/en/me/profile/").status_code == 200

    sessions_page = client.get("/en/accounts/sessions/")
    assert sessions_page.status_code == 200
    client.post("/en/accounts/sessions/")

    assert elsewhere.get("/en/me/profile/").status_code == 302
    assert client.get("/en/me/profile/").status_code == 200


def test_a_path_that_is_no_page_is_not_redirected_to_mfa_setup(client):
    # Browsers fetch /favicon.ico by themselves; sending that to the set-up page would
    # make a new secret behind the person's back.
    client.force_login(coordinator(totp=False))

    assert client.get("/favicon.ico").status_code == 404
    assert client.get("/en/no-such-page/").status_code == 404


def test_sign_in_page_points_newcomers_to_invitations_and_applying(client):
    html = client.get(LOGIN).content.decode()

    assert "/accounts/signup/" not in html
    assert 'href="/en/organizations/apply/"' in html

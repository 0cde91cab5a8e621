"""Signing in for the first time: password, then the authenticator app, then the recovery
codes and on to "My work", without typing the password twice. An old session, and every
other change to two-factor authentication, still asks for the password again."""

import re
import time

import pytest
from allauth.account import app_settings as account_settings
from allauth.mfa.models import Authenticator

from coact.middleware import SIGNED_IN_AT
from organizations.models import Role
from organizations.services import invitation_create, invitation_token
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    UserFactory,
    totp_code,
    with_totp,
)

pytestmark = pytest.mark.django_db

ACTIVATE = "/en/accounts/2fa/totp/activate/"
RECOVERY_CODES = "/en/accounts/2fa/recovery-codes/"


def unit_worker(*, totp=False):
    user = UserFactory(email="worker@vantaa.example")
    MembershipFactory(
        user=user, role=Role.UNIT_STAFF, organization=None, service_unit=ServiceUnitFactory()
    )
    return with_totp(user) if totp else user


def sign_in_with_password(client, user):
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def secret_on(response) -> str:
    return re.search(
        r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"|value="([A-Z2-7]+)"[^>]*id="authenticator_secret"',
        response.content.decode(),
    ).group(1)


def age_sign_in(client, seconds: int) -> None:
    session = client.session
    session[SIGNED_IN_AT] = time.time() - seconds
    session.save()


def test_first_sign_in_goes_from_password_to_authenticator_to_my_work(client):
    user = unit_worker()

    response = sign_in_with_password(client, user)
    response = client.get(response["Location"])  # /en/me/: set up two-factor first
    assert response["Location"] == ACTIVATE

    # The set-up opens at once: no second password prompt.
    response = client.get(ACTIVATE)
    assert response.status_code == 200
    response = client.post(ACTIVATE, {"code": totp_code(secret_on(response))})
    assert response["Location"] == RECOVERY_CODES

    codes = client.get(RECOVERY_CODES)
    assert codes.status_code == 200
    html = codes.content.decode()
    assert len(re.search(r'id="recovery_codes"[^>]*>([^<]*)<', html).group(1).split()) == 10
    assert re.search(r'<a class="hds-button hds-button--primary" href="/en/me/">', html)
    assert "Continue to my work" in html

    assert client.get("/en/me/").status_code == 200
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_the_button_after_the_codes_is_translated(client):
    user = unit_worker()
    sign_in_with_password(client, user)
    response = client.get("/fi/accounts/2fa/totp/activate/")
    client.post("/fi/accounts/2fa/totp/activate/", {"code": totp_code(secret_on(response))})

    html = client.get("/fi/accounts/2fa/recovery-codes/").content.decode()

    assert "Jatka omaan työhön" in html
    assert 'href="/fi/me/"' in html


def test_joining_by_invitation_goes_straight_to_the_authenticator(client):
    admin = UserFactory()
    organization = OrganizationFactory(slug="perheyhdistys")
    MembershipFactory(user=admin, role=Role.NGO_ADMIN, organization=organization)
    invitation = invitation_create(
        by=admin, email="new.admin@perhe.example", role=Role.NGO_ADMIN,
        target=organization, language="en",
    )  # fmt: skip
    password = "Vahva salasana 2026!"
    client.post(
        f"/en/invitations/{invitation_token(invitation)}/",
        {"name": "Fatima", "password1": password, "password2": password},
    )

    response = client.get(ACTIVATE)

    assert response.status_code == 200


def test_an_old_session_still_asks_for_the_password_before_the_set_up(client):
    user = unit_worker()
    sign_in_with_password(client, user)
    age_sign_in(client, account_settings.REAUTHENTICATION_TIMEOUT + 1)

    response = client.get(ACTIVATE)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauthenticate/")


def test_an_old_session_cannot_post_the_activation_either(client):
    user = unit_worker()
    sign_in_with_password(client, user)
    secret = secret_on(client.get(ACTIVATE))
    age_sign_in(client, account_settings.REAUTHENTICATION_TIMEOUT + 1)

    response = client.post(ACTIVATE, {"code": totp_code(secret)})

    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_signed_out_nobody_reaches_the_set_up(client):
    response = client.get(ACTIVATE)

    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize(
    "path", ["/en/accounts/2fa/totp/deactivate/", "/en/accounts/2fa/recovery-codes/generate/"]
)
def test_other_two_factor_changes_ask_for_the_password_even_right_after_sign_in(client, path):
    user = unit_worker(totp=True)
    sign_in_with_password(client, user)
    client.post("/en/accounts/2fa/authenticate/", {"code": totp_code()})
    assert client.session["_auth_user_id"] == str(user.pk)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauthenticate/")

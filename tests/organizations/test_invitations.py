"""Invitations: personal, in the invitee's language, single-use and expiring."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from coact.models import AuditEvent
from organizations.models import Invitation, Membership, Role
from organizations.services import invitation_create, invitation_from_token, invitation_token
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    sent_mail,
    with_totp,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return OrganizationFactory(name="Monikulttuurinen perheyhdistys ry", slug="perheyhdistys")


@pytest.fixture
def admin(organization):
    user = with_totp(UserFactory(email="admin@perhe.example", name="Aino Admin"))
    MembershipFactory(user=user, role=Role.NGO_ADMIN, organization=organization)
    return user


def invite(admin, organization, **kwargs):
    defaults = {"email": "new@perhe.example", "role": Role.NGO_MEMBER, "language": "sv"}
    return invitation_create(by=admin, target=organization, **{**defaults, **kwargs})


def test_ngo_admin_invites_a_colleague_in_the_colleagues_language(
    client, admin, organization, django_capture_on_commit_callbacks
):
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/organizations/perheyhdistys/members/",
            {
                "email": "Fatima@Perhe.example",
                "name": "Fatima",
                "role": "ngo_referral_handler",
                "language": "sv",
            },
        )

    assert response.status_code == 302
    [message] = sent_mail()
    assert message.to == ["fatima@perhe.example"]
    assert message.subject == "Inbjudan till Monikulttuurinen perheyhdistys ry i Co-Act-portalen"
    assert "Hej Fatima," in message.body
    link = re.search(r"http://\S+/sv/invitations/\S+/", message.body).group(0)
    invitation = Invitation.objects.get()
    # The token is signed with a timestamp, so compare what it opens, not its text.
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert invitation_from_token(token) == invitation
    [event] = AuditEvent.objects.filter(action="invitation_sent")
    assert event.actor == admin


def test_invitation_form_keeps_what_was_typed_on_error(client, admin):
    client.force_login(admin)

    response = client.post(
        "/en/organizations/perheyhdistys/members/",
        {"email": "not an address", "name": "Fatima Ali", "role": "ngo_member", "language": "sv"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'value="Fatima Ali"' in html
    assert 'value="not an address"' in html
    assert not Invitation.objects.exists()


def test_a_role_that_does_not_fit_the_target_is_refused(client, admin):
    client.force_login(admin)

    response = client.post(
        "/en/organizations/perheyhdistys/members/",
        {"email": "x@perhe.example", "role": "coordinator", "language": "fi"},
    )

    assert "Select a valid choice." in response.content.decode()
    assert not Invitation.objects.exists()


def test_accepting_creates_a_verified_account_and_the_membership(client, admin, organization):
    invitation = invite(admin, organization)
    url = f"/sv/invitations/{invitation_token(invitation)}/"

    response = client.post(
        url,
        {
            "name": "Fatima Ali",
            "password1": "Vahva salasana 2026!",
            "password2": "Vahva salasana 2026!",
        },
    )

    assert response.status_code == 302
    user = get_user_model().objects.get(email="new@perhe.example")
    assert user.name == "Fatima Ali"
    assert user.preferred_language == "sv"
    assert user.check_password("Vahva salasana 2026!")
    assert EmailAddress.objects.get(user=user).verified
    assert Membership.objects.filter(
        user=user, organization=organization, role=Role.NGO_MEMBER
    ).exists()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(action="invitation_accepted", actor=user).count() == 1
    assert AuditEvent.objects.filter(action="membership_added").count() == 1


def test_an_invitation_works_only_once(client, admin, organization):
    invitation = invite(admin, organization)
    url = f"/en/invitations/{invitation_token(invitation)}/"
    data = {"name": "F", "password1": "Vahva salasana 2026!", "password2": "Vahva salasana 2026!"}
    client.post(url, data)
    client.logout()

    response = client.get(url)

    assert response.status_code == 410
    assert "This invitation cannot be used" in response.content.decode()


def test_an_expired_invitation_cannot_be_used(client, admin, organization):
    invitation = invite(admin, organization)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.get(f"/en/invitations/{invitation_token(invitation)}/")

    assert response.status_code == 410


def test_a_forged_token_is_not_found(client):
    assert client.get("/en/invitations/1:forged:token/").status_code == 404


def test_weak_password_is_refused_and_the_name_kept(client, admin, organization):
    invitation = invite(admin, organization)

    response = client.post(
        f"/en/invitations/{invitation_token(invitation)}/",
        {"name": "Fatima Ali", "password1": "12345678", "password2": "12345678"},
    )

    html = response.content.decode()
    assert "This password is entirely numeric." in html
    assert 'value="Fatima Ali"' in html
    assert Invitation.objects.get().status == "pending"


def test_an_existing_account_signs_in_to_accept(client, admin, organization):
    existing = UserFactory(email="new@perhe.example")
    invitation = invite(admin, organization)
    url = f"/en/invitations/{invitation_token(invitation)}/"

    assert "Sign in, then open the invitation link again" in client.get(url).content.decode()
    client.force_login(existing)
    client.post(url)

    assert Membership.objects.filter(user=existing, organization=organization).exists()


def test_revoked_invitation_cannot_be_used(client, admin, organization):
    invitation = invite(admin, organization)
    client.force_login(admin)

    client.post(f"/en/invitations/{invitation.pk}/revoke/")
    client.logout()

    assert client.get(f"/en/invitations/{invitation_token(invitation)}/").status_code == 410
    assert AuditEvent.objects.filter(action="invitation_revoked").count() == 1


def test_removing_a_member_is_audited(client, admin, organization):
    colleague = MembershipFactory(
        organization=organization, user=UserFactory(email="c@perhe.example")
    )
    client.force_login(admin)

    client.post(
        f"/en/memberships/{colleague.pk}/remove/",
        {"next": "/en/organizations/perheyhdistys/members/"},
    )

    assert not Membership.objects.filter(pk=colleague.pk).exists()
    [event] = AuditEvent.objects.filter(action="membership_removed")
    assert event.details == {"user": "c@perhe.example", "role": "ngo_member"}


def test_coordinator_invites_unit_staff(client, django_capture_on_commit_callbacks):
    from tests.factories import ServiceUnitFactory, WelfareAreaFactory

    area = WelfareAreaFactory()
    unit = ServiceUnitFactory(welfare_area=area, slug="koto")
    coordinator = with_totp(UserFactory())
    MembershipFactory(user=coordinator, role=Role.COORDINATOR, organization=None, welfare_area=area)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/fi/units/koto/members/",
            {"email": "sosiaalityo@vantaa.example", "role": "unit_staff", "language": "fi"},
        )

    assert sent_mail()[0].subject.startswith("Kutsu: ")
    assert Invitation.objects.get().service_unit == unit


def test_after_accepting_a_person_with_client_data_access_must_set_up_mfa(
    client, admin, organization
):
    invitation = invite(admin, organization, role=Role.NGO_REFERRAL_HANDLER)
    client.post(
        f"/en/invitations/{invitation_token(invitation)}/",
        {"name": "F", "password1": "Vahva salasana 2026!", "password2": "Vahva salasana 2026!"},
    )

    response = client.get("/en/me/")

    assert response["Location"] == "/en/accounts/2fa/totp/activate/"


def test_ngo_member_lands_on_their_work_with_the_ngo(client, admin, organization):
    invitation = invite(admin, organization)
    client.post(
        f"/en/invitations/{invitation_token(invitation)}/",
        {"name": "F", "password1": "Vahva salasana 2026!", "password2": "Vahva salasana 2026!"},
    )

    response = client.get("/en/me/")

    assert response.status_code == 200
    assert 'href="/en/organizations/perheyhdistys/"' in response.content.decode()


def test_password_reset_mail_goes_out_in_the_users_language(client):
    UserFactory(email="sv@example.org", preferred_language="sv")

    client.post("/en/accounts/password/reset/", {"email": "sv@example.org"})

    [message] = sent_mail()
    assert "Lösenord" in message.subject or "lösenord" in message.subject


def test_an_invitation_sent_twice_keeps_one_message_id(admin, organization):
    from organizations.notifications import invitation_email

    invitation = invite(admin, organization)
    invitation_email(invitation_id=invitation.pk)
    invitation_email(invitation_id=invitation.pk)

    ids = {message.extra_headers["Message-ID"] for message in sent_mail()}
    assert ids == {f"<invitation.{invitation.pk}@127.0.0.1>"}

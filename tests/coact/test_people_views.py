"""The profile page and switching between memberships."""

import pytest

from organizations.models import Role
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    UserFactory,
    with_totp,
)

pytestmark = pytest.mark.django_db


def test_profile_saves_name_phone_and_language(client):
    user = UserFactory(name="Old Name")
    client.force_login(user)

    response = client.post(
        "/en/me/profile/",
        {"name": "Aino Virtanen", "phone": "+358 40 123 4567", "preferred_language": "sv"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.phone, user.preferred_language) == (
        "Aino Virtanen",
        "+358 40 123 4567",
        "sv",
    )


def test_profile_lists_memberships(client):
    membership = MembershipFactory(
        role=Role.NGO_MEMBER, organization=OrganizationFactory(name="Kaisa ry")
    )
    client.force_login(membership.user)

    html = client.get("/en/me/profile/").content.decode()

    assert "NGO member: Kaisa ry" in html


def test_a_person_with_two_memberships_switches_without_signing_out(client):
    user = with_totp(UserFactory())
    ngo = MembershipFactory(
        user=user, role=Role.NGO_ADMIN, organization=OrganizationFactory(slug="kaisa")
    )
    unit = MembershipFactory(
        user=user,
        role=Role.UNIT_STAFF,
        organization=None,
        service_unit=ServiceUnitFactory(slug="koto"),
    )
    client.force_login(user)
    assert client.get("/en/me/")["Location"] == "/en/organizations/kaisa/"

    response = client.post("/en/me/acting-as/", {"membership": unit.pk})

    assert response["Location"] == "/en/me/"
    assert client.get("/en/me/")["Location"] == "/en/units/koto/"
    client.post("/en/me/acting-as/", {"membership": ngo.pk})
    assert client.get("/en/me/")["Location"] == "/en/organizations/kaisa/"


def test_someone_elses_membership_cannot_be_chosen(client):
    user = UserFactory()
    MembershipFactory(user=user, organization=OrganizationFactory(slug="mine"))
    foreign = MembershipFactory(organization=OrganizationFactory(slug="theirs"))
    client.force_login(user)

    client.post("/en/me/acting-as/", {"membership": foreign.pk})

    assert client.get("/en/me/")["Location"] == "/en/organizations/mine/"


def test_a_person_without_memberships_lands_on_the_profile(client):
    client.force_login(UserFactory())

    assert client.get("/en/me/")["Location"] == "/en/me/profile/"

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


def acting_as(response) -> str:
    """The membership "My work" says the person acts in."""
    html = response.content.decode()
    start = html.index('<p class="work-role">')
    return " ".join(html[start : html.index("</p>", start)].split()[2:])


def test_a_person_with_two_memberships_switches_without_signing_out(client):
    user = with_totp(UserFactory())
    ngo = MembershipFactory(
        user=user, role=Role.NGO_ADMIN, organization=OrganizationFactory(name="Kaisa ry")
    )
    unit = MembershipFactory(
        user=user,
        role=Role.UNIT_STAFF,
        organization=None,
        service_unit=ServiceUnitFactory(name="KOTO Vantaa"),
    )
    client.force_login(user)
    assert acting_as(client.get("/en/me/")) == "You are acting as: NGO admin: Kaisa ry"

    response = client.post("/en/me/acting-as/", {"membership": unit.pk})

    assert response["Location"] == "/en/me/"
    assert acting_as(client.get("/en/me/")) == "You are acting as: Unit staff: KOTO Vantaa"
    client.post("/en/me/acting-as/", {"membership": ngo.pk})
    assert acting_as(client.get("/en/me/")) == "You are acting as: NGO admin: Kaisa ry"


def test_someone_elses_membership_cannot_be_chosen(client):
    user = UserFactory()
    MembershipFactory(user=user, organization=OrganizationFactory(name="Mine ry"))
    foreign = MembershipFactory(organization=OrganizationFactory(name="Theirs ry"))
    client.force_login(user)

    client.post("/en/me/acting-as/", {"membership": foreign.pk})

    assert acting_as(client.get("/en/me/")) == "You are acting as: NGO member: Mine ry"


def test_a_person_without_memberships_is_pointed_to_the_profile(client):
    client.force_login(UserFactory())

    response = client.get("/en/me/")

    assert response.status_code == 200
    assert 'href="/en/me/profile/"' in response.content.decode()
    assert "You do not belong to any organisation or unit yet." in response.content.decode()

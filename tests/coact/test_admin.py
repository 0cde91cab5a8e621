"""The platform admin reaches every model of the directory and the meetings through the
Django admin."""

import pytest
from django.urls import reverse

from tests.factories import (
    NetworkMembershipFactory,
    OrganizationFactory,
    UserFactory,
    schedule_test_series,
    with_totp,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "organizations_organization",
    "organizations_serviceunit",
    "organizations_activity",
    "organizations_membership",
    "organizations_invitation",
    "organizations_welfarearea",
    "networks_network",
    "networks_meetingseries",
    "networks_meeting",
    "networks_boardpost",
]


@pytest.fixture
def admin_client(client):
    client.force_login(
        with_totp(UserFactory(email="root@example.org", is_superuser=True, is_staff=True))
    )
    return client


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_and_adds(admin_client, model):
    assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 200


def test_admin_opens_an_ngo_and_a_meeting_with_its_invitations(admin_client):
    organization = OrganizationFactory(name="Admin-testi ry")
    membership = NetworkMembershipFactory(representatives=[UserFactory(email="rep@example.org")])
    series = schedule_test_series(membership.network, by=UserFactory())
    meeting = series.occurrences.first()

    page = admin_client.get(
        reverse("admin:organizations_organization_change", args=[organization.pk])
    )
    assert "Admin-testi ry" in page.content.decode()
    page = admin_client.get(reverse("admin:networks_meeting_change", args=[meeting.pk]))
    assert "rep@example.org" in page.content.decode()

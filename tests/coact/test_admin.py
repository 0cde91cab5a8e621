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


def test_the_admin_cannot_change_a_meetings_time_or_status_behind_the_invitees_back(
    admin_client,
):
    membership = NetworkMembershipFactory(representatives=[UserFactory(email="rep@example.org")])
    series = schedule_test_series(membership.network, by=UserFactory())
    meeting = series.occurrences.first()
    url = reverse("admin:networks_meeting_change", args=[meeting.pk])

    page = admin_client.get(url)
    form = page.context["adminform"].form
    for name in ("start", "duration_minutes", "status", "address", "online_url", "title"):
        assert name not in form.fields
    # They are shown, not offered: the admin's form has no field to post them in.
    assert "adminform" in page.context
    readonly = {
        line.field["name"]
        for fieldset in page.context["adminform"]
        for row in fieldset
        for line in row
        if line.is_readonly
    }
    assert {"start", "duration_minutes", "status", "sequence"} <= readonly


def test_the_admin_cannot_change_a_series_rule_or_time(admin_client):
    membership = NetworkMembershipFactory()
    series = schedule_test_series(membership.network, by=UserFactory())

    page = admin_client.get(reverse("admin:networks_meetingseries_change", args=[series.pk]))

    form = page.context["adminform"].form
    for name in ("rrule", "starts_on", "start_time", "duration_minutes", "address"):
        assert name not in form.fields
    # A new series can still be entered with them.
    add = admin_client.get(reverse("admin:networks_meetingseries_add")).context["adminform"].form
    assert {"rrule", "starts_on", "start_time"} <= set(add.fields)

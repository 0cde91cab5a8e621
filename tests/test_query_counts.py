"""List pages run a fixed number of queries however many rows they show (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coact.models import AuditEvent
from organizations.models import Role
from organizations.services import invitation_create
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    WelfareAreaFactory,
    with_totp,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    client.get(url)  # the first request of a session also writes session bookkeeping
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def coordinator_client(client):
    area = WelfareAreaFactory()
    user = with_totp(UserFactory(email="coord@example.org"))
    MembershipFactory(user=user, role=Role.COORDINATOR, organization=None, welfare_area=area)
    client.force_login(user)
    client.area = area
    client.user = user
    return client


def test_members_page_queries_do_not_grow_with_members(coordinator_client):
    organization = OrganizationFactory(welfare_area=coordinator_client.area, slug="ngo")
    url = "/en/organizations/ngo/members/"
    MembershipFactory(organization=organization)
    invitation_create(by=coordinator_client.user, email="a@x.example", role=Role.NGO_MEMBER,
                      target=organization, language="fi")  # fmt: skip
    few = queries_for(coordinator_client, url)

    for n in range(10):
        MembershipFactory(organization=organization)
        invitation_create(by=coordinator_client.user, email=f"b{n}@x.example",
                          role=Role.NGO_MEMBER, target=organization, language="fi")  # fmt: skip

    assert queries_for(coordinator_client, url) == few


def test_coordination_page_queries_do_not_grow_with_applications(coordinator_client):
    OrganizationFactory(welfare_area=coordinator_client.area, status="pending")
    few = queries_for(coordinator_client, "/en/coordination/")

    for _ in range(10):
        OrganizationFactory(welfare_area=coordinator_client.area, status="pending")
        OrganizationFactory(welfare_area=coordinator_client.area)

    assert queries_for(coordinator_client, "/en/coordination/") == few


def test_audit_log_queries_do_not_grow_with_events(coordinator_client):
    few = queries_for(coordinator_client, "/en/audit/")

    for _ in range(30):
        AuditEvent.objects.create(action="sign_in", actor=coordinator_client.user)

    assert queries_for(coordinator_client, "/en/audit/") == few

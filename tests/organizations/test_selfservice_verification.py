"""An NGO's admin confirms the profile current; the area's coordinator verifies it,
reads its history and sees in the freshness list which profiles need attention; the
profile page links to what each person may do."""

# The tests take the fixtures imported from selfservice_helpers as arguments.
# ruff: noqa: F811

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organizations.models import Activity, Organization, Role, Theme
from organizations.services.profiles import organization_update
from tests.factories import OrganizationFactory, UserFactory, WelfareAreaFactory
from tests.organizations.selfservice_helpers import (  # noqa: F401 - fixtures
    activity_data,
    admin,
    admin_client,
    area,
    coordinator,
    coordinator_client,
    organization,
    person,
    profile_data,
)

pytestmark = pytest.mark.django_db


# --- Confirming, verifying, history -----------------------------------------------------


def test_confirming_marks_the_profile_current_and_restarts_the_reminders(
    admin_client, organization
):
    Organization.objects.filter(pk=organization.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=200),
        stale_reminder_sent_at=timezone.now() - timedelta(days=10),
    )

    response = admin_client.post(
        "/en/organizations/tuki/confirm/", {"next": "/en/organizations/tuki/edit/"}
    )

    assert response["Location"] == "/en/organizations/tuki/edit/"
    organization.refresh_from_db()
    assert organization.last_confirmed_at > timezone.now() - timedelta(minutes=1)
    assert organization.stale_reminder_sent_at is None
    assert not organization.is_stale
    messages = [str(m) for m in admin_client.get("/en/organizations/tuki/").context["messages"]]
    assert messages == ["Thank you. The information is marked current."]


def test_confirming_never_redirects_to_another_site(admin_client, organization):
    response = admin_client.post(
        "/en/organizations/tuki/confirm/", {"next": "https://evil.example/"}
    )

    assert response["Location"] == "/en/organizations/tuki/"


def test_the_link_in_the_reminder_asks_before_confirming(admin_client, organization):
    response = admin_client.get("/en/organizations/tuki/confirm/")

    assert response.status_code == 200
    assert "Our information is current" in response.content.decode()
    organization.refresh_from_db()
    assert organization.last_confirmed_at is None


def test_the_areas_coordinator_verifies(coordinator_client, coordinator, organization):
    response = coordinator_client.post("/en/organizations/tuki/verify/")

    assert response["Location"] == "/en/organizations/tuki/"
    organization.refresh_from_db()
    assert organization.verified_by == coordinator
    assert organization.verified_at > timezone.now() - timedelta(minutes=1)


def test_the_ngos_admin_cannot_verify_its_own_profile(admin_client, organization):
    assert admin_client.post("/en/organizations/tuki/verify/").status_code == 403

    organization.refresh_from_db()
    assert organization.verified_at is None


def test_history_shows_what_changed_and_who_changed_it(
    client, admin_client, organization, coordinator
):
    admin_client.post(
        "/en/organizations/tuki/edit/",
        profile_data(organization, description_sv="Vi stöder familjer.", phone="09 1234"),
    )
    admin_client.post("/en/organizations/tuki/activities/", activity_data())
    admin_client.post("/en/organizations/tuki/confirm/")

    client.force_login(coordinator)
    response = client.get("/en/organizations/tuki/history/")

    html = response.content.decode()
    assert response.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)[1:]
    assert len(rows) == 4  # confirmed, activity added, profile changed, created
    confirmed, added, changed, _created = rows
    assert "Information confirmed current" in confirmed
    assert "Activity: Homework club" in added  # in the reader's language
    assert "Added" in added
    assert "Hodan@Tuki.Example" in changed or "hodan@tuki.example" in changed
    assert "Short description (Swedish)" in changed
    assert "Phone" in changed
    assert "Short description (Finnish)" not in changed


# --- The links on the profile page ------------------------------------------------------


def render_links(user, organization) -> str:
    request = RequestFactory().get(f"/en/organizations/{organization.slug}/")
    request.user = user
    request.session = {}
    return render_to_string(
        "organizations/includes/manage_links.html",
        {"organization": organization, "user": user},
        request=request,
    )


def test_manage_links_show_what_each_person_may_do(organization, admin, coordinator, area):
    from django.contrib.auth.models import AnonymousUser

    for_admin = render_links(admin, organization)
    assert "/organizations/tuki/edit/" in for_admin
    assert "/organizations/tuki/activities/" in for_admin
    assert "/organizations/tuki/locations/" in for_admin
    assert "/organizations/tuki/history/" in for_admin
    assert "/organizations/tuki/confirm/" in for_admin
    assert "/organizations/tuki/verify/" not in for_admin

    assert "/organizations/tuki/verify/" in render_links(coordinator, organization)
    other = person("admin@toinen.example", Role.NGO_ADMIN,
                   organization=OrganizationFactory(welfare_area=area))  # fmt: skip
    assert render_links(other, organization).strip() == ""
    assert render_links(AnonymousUser(), organization).strip() == ""


# --- The coordinators' freshness list ---------------------------------------------------


def test_freshness_lists_the_areas_stale_and_unverified_profiles(
    coordinator_client, coordinator, area
):
    now = timezone.now()
    stale = OrganizationFactory(welfare_area=area, name="Vanha ry", verified_at=now,
                                last_confirmed_at=now - timedelta(days=200))  # fmt: skip
    unverified = OrganizationFactory(welfare_area=area, name="Uusi ry", last_confirmed_at=now)
    OrganizationFactory(welfare_area=area, name="Kunnossa ry", verified_at=now,
                        last_confirmed_at=now - timedelta(days=10))  # fmt: skip
    OrganizationFactory(welfare_area=WelfareAreaFactory(code="pirkanmaa"), name="Tampere ry")

    response = coordinator_client.get("/en/coordination/freshness/")

    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["organizations"]) == [stale, unverified]
    assert "Kunnossa ry" not in html
    assert "Tampere ry" not in html
    assert f"/organizations/{unverified.slug}/verify/" in html
    assert f"/organizations/{stale.slug}/verify/" not in html  # already verified
    assert f"/organizations/{stale.slug}/history/" in html


def test_freshness_is_for_coordinators(admin_client):
    assert admin_client.get("/en/coordination/freshness/").status_code == 403


def test_verifying_from_the_freshness_list_returns_to_it(coordinator_client, organization):
    response = coordinator_client.post(
        "/en/organizations/tuki/verify/", {"next": "/en/coordination/freshness/"}
    )

    assert response["Location"] == "/en/coordination/freshness/"


def queries_for(client, url) -> int:
    client.get(url)  # the first request of a session also writes session bookkeeping
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_freshness_queries_do_not_grow_with_organizations(coordinator_client, area):
    url = "/en/coordination/freshness/"
    OrganizationFactory(welfare_area=area)
    few = queries_for(coordinator_client, url)

    for n in range(10):
        verifier = UserFactory()
        OrganizationFactory(welfare_area=area, verified_by=verifier, verified_at=timezone.now(),
                            last_confirmed_at=timezone.now() - timedelta(days=300 + n))  # fmt: skip
        OrganizationFactory(welfare_area=area)

    assert len(coordinator_client.get(url).context["organizations"]) == 21
    assert queries_for(coordinator_client, url) == few


def test_history_queries_do_not_grow_with_changes(admin_client, organization, admin):
    url = "/en/organizations/tuki/history/"
    organization_update(organization=organization, data={"phone": "1"}, by=admin)
    few = queries_for(admin_client, url)

    themes = list(Theme.objects.all())
    for n in range(10):
        organization_update(
            organization=organization, data={"phone": str(n), "themes": themes[: n % 3]}, by=admin
        )
        Activity.objects.create(organization=organization, name_fi=f"Kerho {n}")

    assert queries_for(admin_client, url) == few

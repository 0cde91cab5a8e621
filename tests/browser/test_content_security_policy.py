"""No inline styles or scripts anywhere: the portal's main pages, for each kind of person
and the admin, load and work under the Content-Security-Policy without a single
violation (the browser's `securitypolicyviolation` events and its console both count)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from networks import services
from networks.models import Meeting, MeetingKind
from networks.services import board_post_create
from tests.browser.test_people_pages_accessibility import sign_in
from tests.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    UserFactory,
    schedule_test_series,
    with_totp,
)

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline") + " " + (event.sample || "")
  );
});
"""


@pytest.fixture
def csp_page(browser):
    """A page that records every violation: the events of each document, and the
    console's reports (which also name violations that happen before any script)."""
    context = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_violations = []
    page.on(
        "console",
        lambda message: (
            page.console_violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


@pytest.fixture
def places(world):
    """A network with its board, a meeting and a series, and a platform admin."""
    people = world["people"]
    network = NetworkFactory(welfare_area=world["area"], slug="vantaa-network")
    network.coordinators.add(people["coordinator"])
    NetworkMembershipFactory(
        network=network, organization=world["organization"], representatives=[people["member"]]
    )
    board_post_create(network=network, author=people["member"], kind="activity", body="Läksykerho.")
    start = (timezone.localtime() + timedelta(days=6)).replace(hour=17, minute=0, second=0)
    meeting = services.meeting_schedule(
        meeting=Meeting(
            kind=MeetingKind.MEETUP,
            title="Kuukausitapaaminen",
            network=network,
            welfare_area=world["area"],
            start=start,
            duration_minutes=30,
            address="Asematie 1, Vantaa",
        ),
        by=people["coordinator"],
    )
    series = schedule_test_series(network, by=people["coordinator"], rrule="FREQ=MONTHLY;BYDAY=1TU")
    root = with_totp(UserFactory(email="root@portal.example", is_superuser=True, is_staff=True))
    return {"network": network, "meeting": meeting, "series": series, "root": root}


def visit(page, live_server, path: str) -> list[str]:
    response = page.goto(f"{live_server.url}{path}")
    assert response.status < 400, (path, response.status)
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)  # scripts that run after load (htmx, the map, forms.js)
    return [f"{path}: {v}" for v in page.evaluate("window.__cspViolations || []")]


def test_no_page_breaks_the_content_security_policy(csp_page, live_server, world, places):
    page = csp_page
    people = world["people"]
    network, meeting, series = places["network"], places["meeting"], places["series"]
    org = "/fi/organizations/owning-ngo"
    violations = []

    for path in [
        "/fi/",
        "/fi/organizations/",
        "/fi/organizations/?q=perhe&language=so",
        f"{org}/",
        "/fi/units/",
        "/fi/units/koto-vantaa/",
        "/fi/networks/",
        f"/fi/networks/{network.slug}/",
        "/fi/organizations/apply/",
        "/fi/accounts/login/",
        "/fi/accounts/password/reset/",
    ]:
        violations += visit(page, live_server, path)

    sign_in(page, live_server, people["member"])
    for path in [
        "/fi/me/profile/",
        f"{org}/edit/",
        f"{org}/activities/",
        f"{org}/activities/{world['activity'].pk}/edit/",
        f"{org}/locations/",
        f"{org}/texts/",
        f"{org}/history/",
        f"{org}/confirm/",
        f"{org}/members/",
        "/fi/meetings/",
        f"/fi/meetings/{meeting.pk}/",
        "/fi/meetings/calendar/",
        "/fi/accounts/email/",
        "/fi/accounts/password/change/",
        "/fi/accounts/2fa/",
        "/fi/accounts/sessions/",
    ]:
        violations += visit(page, live_server, path)
    # A form sent back with its errors, and the board's form through htmx.
    violations += visit(page, live_server, f"{org}/edit/")
    page.locator("#id_business_id").fill("1234567-8")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    violations += [f"profile with errors: {v}" for v in page.evaluate("window.__cspViolations")]
    violations += visit(page, live_server, f"/fi/networks/{network.slug}/")
    page.locator("#id_body").fill("")
    page.locator("#board-submit").click()
    page.locator("#board-content [data-error-summary]").wait_for()
    page.locator("#id_body").fill("Kevään retki.")
    page.locator("#board-submit").click()
    page.locator("#board-content").get_by_text("Kevään retki.").wait_for()
    violations += [f"board: {v}" for v in page.evaluate("window.__cspViolations")]

    sign_in(page, live_server, people["coordinator"])
    for path in [
        "/fi/coordination/",
        "/fi/coordination/freshness/",
        "/fi/meetings/new/",
        "/fi/meetings/planner/",
        f"/fi/meetings/{meeting.pk}/edit/",
        f"/fi/meetings/{meeting.pk}/cancel/",
        f"/fi/meetings/series/{series.pk}/",
        f"/fi/meetings/series/{series.pk}/edit/",
        f"/fi/networks/{network.slug}/members/",
        "/fi/audit/",
    ]:
        violations += visit(page, live_server, path)

    sign_in(page, live_server, places["root"])
    organization = world["organization"]
    for path in [
        "/en/admin/",
        "/en/admin/organizations/organization/",
        f"/en/admin/organizations/organization/{organization.pk}/change/",
        f"/en/admin/organizations/organization/{organization.pk}/history/",
        f"/en/admin/networks/meeting/{meeting.pk}/change/",
        f"/en/admin/networks/meetingseries/{series.pk}/change/",
    ]:
        violations += visit(page, live_server, path)

    assert violations == []
    assert page.console_violations == []

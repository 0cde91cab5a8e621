"""Every meeting page passes axe-core in Finnish, Swedish and English: a person's
meetings, scheduling (empty and with errors), a meeting as its organiser and as an
invitee, changing, cancelling, attendance and minutes, a series, the planner, the
calendar subscription and the reply link that works without signing in."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from networks import selectors, services
from networks.models import Meeting, MeetingKind, NetworkMembership
from organizations.models import Language
from tests.browser.test_people_pages_accessibility import (
    heading,
    open_page,
    sign_in,
    translated,
)
from tests.factories import NetworkFactory, NetworkMembershipFactory, schedule_test_series

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]


def _start(days: int, at: time = time(17, 0)) -> datetime:
    day = (timezone.localtime(timezone.now()) + timedelta(days=days)).date()
    return selectors.local_to_aware(datetime.combine(day, at))


@pytest.fixture
def meetings(world):
    """A network of the coordinator's area with the owning NGO and the KOTO unit, a
    meeting next week with replies, one that was held yesterday, and a monthly series."""
    english = Language.objects.get_or_create(code="en")[0]
    Language.objects.get_or_create(code="fi")
    people = world["people"]
    coordinator = people["coordinator"]
    network = NetworkFactory(welfare_area=world["area"], slug="vantaa-network")
    NetworkMembershipFactory(
        network=network, organization=world["organization"], representatives=[people["member"]]
    )
    unit_membership = NetworkMembership.objects.create(network=network, service_unit=world["unit"])
    unit_membership.representatives.set([people["unit_staff"]])
    upcoming = services.meeting_schedule(
        meeting=Meeting(
            kind=MeetingKind.MEETUP,
            title="Kuukausitapaaminen",
            network=network,
            welfare_area=world["area"],
            host_unit=world["unit"],
            start=_start(6),
            duration_minutes=30,
            address="Asematie 1, Vantaa",
            accessibility="Esteetön sisäänkäynti.",
            agenda="1. Kuulumiset\n2. Tulevat tapahtumat",
        ),
        by=coordinator,
        languages=[english],
    )
    invitation = upcoming.invitations.get(email=people["member"].email)
    services.invitation_reply(invitation=invitation, response="yes", note="Tulen tulkin kanssa.")
    held = services.meeting_schedule(
        meeting=Meeting(
            kind=MeetingKind.JOINT_MEETING,
            title="Yhteinen tapaaminen",
            network=network,
            welfare_area=world["area"],
            start=timezone.now() - timedelta(days=1),
            duration_minutes=120,
            format="online",
            online_url="https://meet.example.org/coact",
        ),
        by=coordinator,
        languages=[english],
    )
    series = schedule_test_series(network, by=coordinator, rrule="FREQ=MONTHLY;BYDAY=1TU")
    return {
        "network": network,
        "upcoming": upcoming,
        "held": held,
        "series": series,
        "invitation": invitation,
    }


COORDINATOR_PAGES = [
    ("my_meetings", "Your meetings"),
    ("meeting_new", "Schedule a meeting"),
    ("meeting_detail", None),
    ("meeting_edit", "Change the meeting"),
    ("meeting_cancel", "Cancel the meeting"),
    ("meeting_after", "Attendance and minutes"),
    ("series_detail", None),
    ("series_edit", "Change the series"),
    ("planner", "Meeting planner"),
    ("calendar_subscription", "Your meetings in your own calendar"),
]


def _path(name: str, meetings) -> str:
    upcoming, held, series = meetings["upcoming"], meetings["held"], meetings["series"]
    return {
        "my_meetings": "/meetings/",
        "meeting_new": "/meetings/new/",
        "meeting_detail": f"/meetings/{upcoming.pk}/",
        "meeting_edit": f"/meetings/{upcoming.pk}/edit/",
        "meeting_cancel": f"/meetings/{upcoming.pk}/cancel/",
        "meeting_after": f"/meetings/{held.pk}/after/",
        "series_detail": f"/meetings/series/{series.pk}/",
        "series_edit": f"/meetings/series/{series.pk}/edit/",
        "planner": "/meetings/planner/",
        "calendar_subscription": "/meetings/calendar/",
    }[name]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("name", "title"), COORDINATOR_PAGES)
def test_coordinator_pages(
    live_server, page, assert_accessible, world, meetings, lang, name, title
):
    sign_in(page, live_server, world["people"]["coordinator"])

    open_page(page, live_server, lang, _path(name, meetings))

    if title:
        assert heading(page) == translated(lang, title)
    else:
        assert heading(page) in ("Kuukausitapaaminen", meetings["series"].title)
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_meeting_page_as_organiser_shows_the_replies(
    live_server, page, assert_accessible, world, meetings, lang
):
    sign_in(page, live_server, world["people"]["coordinator"])

    open_page(page, live_server, lang, f"/meetings/{meetings['upcoming'].pk}/")

    expect(page.get_by_role("cell", name="Tulen tulkin kanssa.")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_meeting_page_as_invitee(live_server, page, assert_accessible, world, meetings, lang):
    sign_in(page, live_server, world["people"]["unit_staff"])

    open_page(page, live_server, lang, f"/meetings/{meetings['upcoming'].pk}/")

    assert heading(page) == "Kuukausitapaaminen"
    expect(page.get_by_role("heading", name=translated(lang, "Your reply"))).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_my_meetings_as_invitee_and_an_inline_reply(
    live_server, page, assert_accessible, world, meetings, lang
):
    sign_in(page, live_server, world["people"]["unit_staff"])
    open_page(page, live_server, lang, "/meetings/")
    assert_accessible(page)

    page.get_by_role("button", name=translated(lang, "Maybe")).first.click()

    expect(page.get_by_role("status").first).to_be_visible()
    invitation = meetings["upcoming"].invitations.get(email="staff@vantaa.example")
    assert invitation.response == "maybe"
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_meeting_new_with_errors(live_server, page, assert_accessible, world, meetings, lang):
    sign_in(page, live_server, world["people"]["coordinator"])
    open_page(page, live_server, lang, "/meetings/new/")

    page.locator("#id_title").fill("")
    page.locator("#id_repeat_5").check()  # on the weekdays chosen below
    page.locator("#id_recurrence_0_1").check()  # every other week, but no weekday
    page.locator("#id_guests").fill("maria@example.org\nnot an address")
    page.locator("main form button[type=submit]").click()

    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_recurrence_0_1")).to_be_checked()
    assert page.locator("[aria-invalid=true]").count() >= 3
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_meeting_new_with_the_keyboard(live_server, page, world, meetings, lang):
    sign_in(page, live_server, world["people"]["coordinator"])
    open_page(page, live_server, lang, f"/meetings/new/?network={meetings['network'].slug}")

    page.locator("#id_title").fill("Teemailta")
    page.locator("#id_date").fill((timezone.localtime() + timedelta(days=9)).date().isoformat())
    page.locator("#id_start_time").fill("16:30")
    page.locator("#id_address").fill("Kirjasto")
    page.locator("main form button[type=submit]").press("Enter")

    page.wait_for_url(f"{live_server.url}/{lang}/meetings/*/")
    assert heading(page) == "Teemailta"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reply_link_without_signing_in(live_server, page, assert_accessible, world, meetings, lang):
    invitation = meetings["upcoming"].invitations.get(email="staff@vantaa.example")
    token = selectors.rsvp_token(invitation)

    open_page(page, live_server, lang, f"/meetings/reply/{token}/")

    assert heading(page) == "Kuukausitapaaminen"
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reply_links_that_cannot_be_used(
    live_server, page, assert_accessible, world, meetings, lang
):
    held = meetings["held"]
    expired = selectors.rsvp_token(held.invitations.first())

    open_page(page, live_server, lang, f"/meetings/reply/{expired}/", status=410)
    assert heading(page) == translated(lang, "This reply link cannot be used")
    assert_accessible(page)
    open_page(page, live_server, lang, "/meetings/reply/not-a-token/", status=404)
    assert heading(page) == translated(lang, "This reply link cannot be used")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calendar_subscription_with_an_address(live_server, page, assert_accessible, world, lang):
    sign_in(page, live_server, world["people"]["member"])
    open_page(page, live_server, lang, "/meetings/calendar/")

    page.locator("main form button[type=submit]").first.click()

    address = page.locator("#feed-url").input_value()
    assert address.startswith(f"{live_server.url}/calendar/")
    assert address.endswith(".ics")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_organiser_sees_which_guests_the_mail_server_refused(
    live_server, page, assert_accessible, world, meetings, lang, tmp_path
):
    from django.utils.translation import ngettext, override

    upcoming = meetings["upcoming"]
    refused = upcoming.invitations.get(email=world["people"]["unit_staff"].email)
    upcoming.invitations.filter(pk=refused.pk).update(failed_at=timezone.now(), failure="550")
    sign_in(page, live_server, world["people"]["coordinator"])

    open_page(page, live_server, lang, f"/meetings/{upcoming.pk}/")

    notice = page.locator("#undelivered")
    with override(lang):
        label = ngettext(
            "The invitation did not reach %(counter)s guest",
            "The invitation did not reach %(counter)s guests",
            1,
        ) % {"counter": 1}
    expect(notice).to_contain_text(label)
    expect(notice.get_by_role("listitem")).to_have_text([refused.email])
    notice.screenshot(path=str(tmp_path / f"undelivered-{lang}.png"))
    assert_accessible(page)

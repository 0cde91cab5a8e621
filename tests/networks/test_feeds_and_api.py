"""Calendar files and feeds, and the public meetings API (networks.views)."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from networks.models import CalendarFeed, Meeting
from tests.factories import UserFactory
from tests.networks.meeting_helpers import network_with_representatives, schedule_single

pytestmark = pytest.mark.django_db

API_KEYS = {"id", "title", "start", "end", "network", "language", "url", "ics_url"}


def uids(response) -> set[str]:
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]) for event in cal.walk("VEVENT")}


@pytest.fixture
def meetings(db):
    """Upcoming public and private meetings, a past and a cancelled public one."""
    from organizations.models import Language

    people = network_with_representatives(("fi",))
    english, _ = Language.objects.get_or_create(code="en")
    now = timezone.now()
    public = schedule_single(people, title="Avoin tapaaminen", public=True)
    public.languages.set([english])
    private = schedule_single(people, title="Sisäinen tapaaminen")
    past = schedule_single(people, title="Mennyt", public=True, start=now - timedelta(days=2))
    cancelled = schedule_single(people, title="Peruttu", public=True)
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    later = schedule_single(people, title="Myöhempi", public=True, start=now + timedelta(days=30))
    return {
        "people": people,
        "public": public,
        "private": private,
        "past": past,
        "cancelled": cancelled,
        "later": later,
    }


# --- the API ---------------------------------------------------------------------------------


def test_the_api_lists_upcoming_public_meetings_only(client, meetings):
    response = client.get("/api/v1/meetings/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert data["count"] == 2
    assert [row["id"] for row in data["results"]] == [meetings["public"].pk, meetings["later"].pk]
    row = data["results"][0]
    assert set(row) >= API_KEYS
    assert row["title"] == "Avoin tapaaminen"
    assert row["network"] == meetings["people"].network.slug
    assert row["language"] == ["en"]
    assert row["start"] == meetings["public"].local_start.isoformat()
    assert row["start"].endswith(("+02:00", "+03:00"))
    assert row["url"].endswith(reverse("meeting_detail", args=[meetings["public"].pk]))
    assert row["ics_url"].startswith("http")
    assert row["ics_url"].endswith(f"/meetings/{meetings['public'].pk}/calendar.ics")


def test_the_api_filters_by_network_and_paginates(client, meetings):
    unknown = client.get("/api/v1/meetings/?network=no-such")
    assert unknown.status_code == 400
    assert unknown.json()["fields"] == {"network": ["no network with the slug 'no-such'"]}
    slug = meetings["people"].network.slug
    assert client.get(f"/api/v1/meetings/?network={slug}").json()["count"] == 2
    assert client.get("/api/v1/meetings/?page=x").status_code == 400


# --- one meeting's .ics ----------------------------------------------------------------------


def test_a_public_meetings_ics_is_for_anyone(client, meetings):
    meeting = meetings["public"]

    response = client.get(reverse("meeting_ics", args=[meeting.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert uids(response) == {meeting.uid}
    assert icalendar.Calendar.from_ical(response.content)["METHOD"] == "PUBLISH"


def test_a_private_meetings_ics_is_not_found_for_a_stranger(client, meetings):
    url = reverse("meeting_ics", args=[meetings["private"].pk])

    assert client.get(url).status_code == 404
    client.force_login(UserFactory(email="stranger@example.org"))
    assert client.get(url).status_code == 404


def test_an_invitees_ics_names_them(client, meetings):
    meeting = meetings["private"]
    representative = meetings["people"].representative("fi")
    client.force_login(representative)

    response = client.get(reverse("meeting_ics", args=[meeting.pk]))

    assert response.status_code == 200
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["ATTENDEE"]) == f"mailto:{representative.email}"


# --- the personal feed -----------------------------------------------------------------------


def test_the_personal_feed_lists_the_persons_meetings(client, meetings):
    representative = meetings["people"].representative("fi")
    client.force_login(representative)
    client.post(reverse("calendar_subscription"), {"action": "create"})
    feed = CalendarFeed.objects.get(user=representative)
    client.logout()

    response = client.get(reverse("personal_feed", args=[feed.token]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    expected = {meetings[key].uid for key in ("public", "private", "past", "cancelled", "later")}
    assert uids(response) == expected


def test_the_personal_feed_leaves_out_other_peoples_meetings(client, meetings):
    stranger = UserFactory(email="stranger@example.org")
    feed = CalendarFeed.objects.create(user=stranger, token="s3cret-token-for-a-stranger")

    response = client.get(reverse("personal_feed", args=[feed.token]))

    assert response.status_code == 200
    assert uids(response) == set()


def test_resetting_the_feed_address_turns_the_old_one_off(client, meetings):
    representative = meetings["people"].representative("fi")
    client.force_login(representative)
    client.post(reverse("calendar_subscription"), {"action": "create"})
    old = CalendarFeed.objects.get(user=representative).token

    response = client.post(reverse("calendar_subscription"), {"action": "reset"})

    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=representative).token
    assert new != old
    assert client.get(reverse("personal_feed", args=[old])).status_code == 404
    assert client.get(reverse("personal_feed", args=[new])).status_code == 200
    page = client.get(reverse("calendar_subscription"))
    assert new in page.text
    assert old not in page.text


def test_revoking_the_feed_address_turns_it_off(client, meetings):
    representative = meetings["people"].representative("fi")
    client.force_login(representative)
    client.post(reverse("calendar_subscription"), {"action": "create"})
    token = CalendarFeed.objects.get(user=representative).token

    client.post(reverse("calendar_subscription"), {"action": "revoke"})

    assert not CalendarFeed.objects.filter(user=representative).exists()
    assert client.get(reverse("personal_feed", args=[token])).status_code == 404


def test_creating_resetting_and_revoking_the_address_are_audited_without_the_token(
    client, meetings
):
    from coact.models import AuditEvent

    representative = meetings["people"].representative("fi")
    client.force_login(representative)
    tokens = []
    for action in ("create", "reset", "revoke"):
        feed = CalendarFeed.objects.filter(user=representative).first()
        if feed:
            tokens.append(feed.token)
        client.post(reverse("calendar_subscription"), {"action": action})
        if action != "revoke":
            tokens.append(CalendarFeed.objects.get(user=representative).token)

    events = list(
        AuditEvent.objects.filter(action__startswith="calendar_feed_").order_by("occurred_at", "pk")
    )
    assert [event.action for event in events] == [
        "calendar_feed_created",
        "calendar_feed_reset",
        "calendar_feed_revoked",
    ]
    assert {event.actor_id for event in events} == {representative.pk}
    assert {event.object_type for event in events} == {"networks.calendarfeed"}
    for event in events:
        row = " ".join(str(value) for value in vars(event).values())
        assert not any(token in row for token in tokens)


def test_revoking_when_there_is_no_address_writes_nothing(client, meetings):
    from coact.models import AuditEvent

    client.force_login(meetings["people"].representative("fi"))

    client.post(reverse("calendar_subscription"), {"action": "revoke"})

    assert not AuditEvent.objects.filter(action__startswith="calendar_feed_").exists()


def test_the_feed_of_a_deactivated_person_is_off(client, meetings):
    representative = meetings["people"].representative("fi")
    feed = CalendarFeed.objects.create(user=representative, token="token-of-someone-who-left")
    representative.is_active = False
    representative.save()

    assert client.get(reverse("personal_feed", args=[feed.token])).status_code == 404


def test_the_subscription_page_needs_signing_in(client):
    response = client.get(reverse("calendar_subscription"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- the network feed ------------------------------------------------------------------------


def test_the_network_feed_lists_only_public_meetings(client, meetings):
    network = meetings["people"].network

    response = client.get(reverse("network_feed", args=[network.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    listed = uids(response)
    assert meetings["public"].uid in listed
    assert meetings["later"].uid in listed
    assert meetings["private"].uid not in listed
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["X-WR-CALNAME"]) == network.name
    for event in cal.walk("VEVENT"):
        assert "ATTENDEE" not in event


def test_an_unknown_network_feed_is_not_found(client, db):
    assert client.get(reverse("network_feed", args=["no-such-network"])).status_code == 404

"""The calendar file behind the reply link (networks.views.meeting_reply_ics): an invitee
who is not signed in adds the meeting to their calendar from the reply page, by the same
signed token and with the same expiry as the reply itself."""

from datetime import timedelta

import icalendar
import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from networks import selectors, services
from tests.networks.meeting_helpers import network_with_representatives, schedule_single

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    people = network_with_representatives(("fi", "sv"))
    meeting = schedule_single(people, title="Perheiden verkoston tapaaminen")
    return meeting.invitations.get(user=people.representative("sv"))


def calendar_link(token: str, language: str = "sv") -> str:
    with translation.override(language):
        return reverse("meeting_reply_ics", args=[token])


def test_the_reply_page_links_a_calendar_file_that_opens_without_signing_in(client, invitation):
    token = selectors.rsvp_token(invitation)
    with translation.override("sv"):
        page = client.get(reverse("meeting_reply", args=[token]))
    assert calendar_link(token) in page.text
    assert reverse("meeting_ics", args=[invitation.meeting.pk]) not in page.text

    response = client.get(calendar_link(token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == invitation.meeting.uid
    assert str(event["SUMMARY"]) == "Perheiden verkoston tapaaminen"
    # The invitee alone, as in the invitation mail: no one else's address.
    attendees = event.get("ATTENDEE")
    assert str(attendees) == f"mailto:{invitation.email}"


def test_the_signed_in_calendar_address_still_refuses_a_stranger(client, invitation):
    """The meeting's own calendar address is for those who may see the meeting; the
    reply link's is the way in for an invitee without an account."""
    response = client.get(reverse("meeting_ics", args=[invitation.meeting.pk]))

    assert response.status_code == 404


def test_a_tampered_token_is_not_found(client, invitation):
    token = selectors.rsvp_token(invitation)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.get(calendar_link(tampered))

    assert response.status_code == 404
    assert response.templates[0].name == "networks/reply_invalid.html"


def test_a_token_signed_for_another_purpose_is_not_found(client, invitation):
    for token in (signing.dumps(invitation.pk), signing.dumps(invitation.pk, salt="calendar")):
        assert client.get(calendar_link(token)).status_code == 404


def test_the_calendar_file_of_a_meeting_that_is_over_has_expired_with_its_reply_link(client):
    people = network_with_representatives(("fi",))
    meeting = schedule_single(people, start=timezone.now() - timedelta(days=1))
    token = selectors.rsvp_token(meeting.invitations.get())

    response = client.get(calendar_link(token, "fi"))

    assert response.status_code == 410
    assert client.get(reverse("meeting_reply", args=[token])).status_code == 410


def test_a_cancelled_meeting_gives_a_cancelled_event(client, invitation):
    services.meeting_cancel(meeting=invitation.meeting, by=invitation.meeting.organiser)

    response = client.get(calendar_link(selectors.rsvp_token(invitation)))

    assert response.status_code == 200
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"

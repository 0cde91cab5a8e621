"""The iCalendar a recipient's calendar app reads (networks.calendar through the outbox):
REQUEST with a stable UID and a growing SEQUENCE, Helsinki time, only the recipient as
attendee, CANCEL for a cancellation."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail

from networks import calendar, services
from networks.models import MEETING_TIME_ZONE, Invitation
from tests.networks.meeting_helpers import (
    calendar_part,
    event_of,
    ics_of,
    mails_to,
    network_with_representatives,
    schedule_single,
    whole_message,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(django_capture_on_commit_callbacks):
    people = network_with_representatives()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_single(
            people, title="Teemaverkosto", address="Asematie 1, Vantaa", format="hybrid"
        )
    return people, meeting


def test_the_invitation_carries_a_request_calendar_part(invited):
    people, _meeting = invited
    [message] = mails_to(people.representative("sv").email)

    part = calendar_part(message)
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    cal = ics_of(message)
    assert cal["METHOD"] == "REQUEST"
    assert cal["VERSION"] == "2.0"


def test_the_event_has_the_meetings_uid_time_organiser_and_sequence(invited):
    people, meeting = invited
    [message] = mails_to(people.representative("fi").email)

    event = event_of(message)
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert event.decoded("dtstart") == meeting.start
    assert (
        event.decoded("dtstart").utcoffset()
        == meeting.start.astimezone(MEETING_TIME_ZONE).utcoffset()
    )
    assert event.decoded("dtend") == meeting.end
    assert str(event["SUMMARY"]) == "Teemaverkosto"
    assert "Asematie 1, Vantaa" in str(event["LOCATION"])
    assert str(event["ORGANIZER"]) == f"mailto:{people.coordinator.email}"
    assert event["ORGANIZER"].params["CN"] == people.coordinator.get_full_name()
    # The zone definition travels with it, so any calendar app shows the right time.
    [zone] = ics_of(message).walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Helsinki"


def test_the_only_attendee_is_the_recipient(invited):
    people, _meeting = invited
    for user in people.representatives:
        [message] = mails_to(user.email)

        attendees = event_of(message).get("ATTENDEE")
        assert isinstance(attendees, icalendar.vCalAddress), "exactly one ATTENDEE"
        assert str(attendees).lower() == f"mailto:{user.email}".lower()
        assert attendees.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendees.params["RSVP"] == "TRUE"
        others = [u.email for u in people.representatives if u != user]
        everything = whole_message(message)
        for address in others:
            assert address not in everything


def test_a_move_keeps_the_uid_and_raises_the_sequence(invited, django_capture_on_commit_callbacks):
    people, meeting = invited
    address = people.representative("en").email
    [before] = mails_to(address)
    mail.outbox.clear()
    new_start = meeting.start + timedelta(days=7)

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_change(
            meeting=meeting, by=people.coordinator, changes={"start": new_start}
        )

    [after] = mails_to(address)
    assert calendar_part(after).get_param("method") == "REQUEST"
    assert event_of(before)["UID"] == event_of(after)["UID"] == meeting.uid
    assert (event_of(before)["SEQUENCE"], event_of(after)["SEQUENCE"]) == (0, 1)
    assert event_of(after).decoded("dtstart") == new_start
    assert event_of(after)["DTSTART"].params["TZID"] == "Europe/Helsinki"


def test_a_cancellation_is_method_cancel(invited, django_capture_on_commit_callbacks):
    people, meeting = invited
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, by=people.coordinator)

    [message] = mails_to(people.representative("fi").email)
    assert calendar_part(message).get_param("method") == "CANCEL"
    cal = ics_of(message)
    assert cal["METHOD"] == "CANCEL"
    [event] = cal.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == meeting.uid


def test_the_attendee_shows_the_reply(invited):
    people, meeting = invited
    invitation = meeting.invitations.get(user=people.representative("fi"))
    services.invitation_reply(invitation=invitation, response=Invitation.Response.MAYBE)

    cal = icalendar.Calendar.from_ical(
        calendar.calendar([meeting], method="REQUEST", invitation=invitation)
    )

    [event] = cal.walk("VEVENT")
    assert event["ATTENDEE"].params["PARTSTAT"] == "TENTATIVE"


def test_a_published_calendar_has_no_attendees(invited):
    _people, meeting = invited

    cal = icalendar.Calendar.from_ical(calendar.calendar([meeting], name="Verkosto"))

    assert cal["METHOD"] == "PUBLISH"
    assert cal["X-WR-CALNAME"] == "Verkosto"
    [event] = cal.walk("VEVENT")
    assert "ATTENDEE" not in event

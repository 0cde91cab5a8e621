"""Meeting mail end to end, with nothing stubbed: a real Celery worker and beat on the
test database and broker (Redis in CI), and a real SMTP server on loopback. A coordinator
schedules a monthly series for a network of three NGOs and two units; each representative
gets one invitation in their own language with a calendar file; one declines through the
link without signing in; the time is moved and everyone gets the update; the reminder
goes out once, with the new time, to everyone but the one who declined.

This process only schedules, replies and moves, as the web process would: every message
is sent by the worker."""

import re
from datetime import time, timedelta
from urllib.parse import urlsplit

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext

from networks import services
from networks.models import Invitation, NetworkMembership, Reminder
from tests.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    ServiceUnitFactory,
    UserFactory,
    WelfareAreaFactory,
    schedule_test_series,
)
from tests.integration.mail_harness import (
    CeleryProcesses,
    Received,
    make_broker,
    smtp_server,
    tasks_through_broker,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SCAN_SECONDS = 1
# The series reminds one day before; the meeting is moved to start one day and this much
# after the move, so that the reminder falls due during the test.
REMINDER_OFFSET = 24 * 60
REMINDER_LEAD = timedelta(seconds=8)

INVITATION_SUBJECT = "Invitation: %(title)s on %(date)s"
UPDATE_SUBJECT = "Changed: %(title)s, now on %(date)s"
REMINDER_SUBJECT = "Reminder: %(title)s on %(date)s at %(time)s"
_REPLY_PATH = re.compile(r"https?://[^/\s]+(/[a-z]{2}/meetings/reply/[^/\s]+/)")


@pytest.fixture
def mail_server():
    with smtp_server() as server:
        yield server


@pytest.fixture
def celery(transactional_db, mail_server, tmp_path):
    broker = make_broker(tmp_path)
    processes = CeleryProcesses(
        broker, mail_server, tmp_path, OUTBOX_SCAN_SECONDS=str(SCAN_SECONDS)
    )
    with tasks_through_broker(broker):
        try:
            processes.worker(concurrency=2)
            processes.beat()
            yield processes
        finally:
            processes.stop_all()


def expected_greeting(language: str, name: str) -> str:
    with translation.override(language):
        return gettext("Hello %(name)s,") % {"name": name}


def expected_subject(msgid: str, language: str, meeting) -> str:
    """The subject in the recipient's language, from the catalogue this test process
    loads: the msgid of the subject template, with the date and time in that language's
    format (13.20 in Finnish and Swedish, 13:20 in English)."""
    with translation.override(language):
        return gettext(msgid) % {
            "title": meeting.title,
            "date": date_format(meeting.local_start, "SHORT_DATE_FORMAT"),
            "time": time_format(meeting.local_start),
        }


def reply_path(received: Received) -> str:
    match = _REPLY_PATH.search(received.text)
    assert match, received.text
    return match.group(1)


def assert_calendar(
    received: Received,
    meeting,
    *,
    sequence: int,
    partstat: str,
    language: str,
    method: str = "REQUEST",
) -> None:
    """The text/calendar part, parsed back: a request (a reminder: PUBLISH, which changes
    nothing in the calendar) for this meeting at its current time in Helsinki, from the
    organiser, to the recipient alone, linking to the meeting's page in the recipient's
    language."""
    part = received.calendar_part
    assert part.get_param("method") == method
    calendar = icalendar.Calendar.from_ical(part.get_content())
    assert calendar["METHOD"] == method
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == meeting.uid
    assert event.decoded("SEQUENCE") == sequence
    assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Helsinki"
    assert start == meeting.start
    assert start.replace(tzinfo=None) == meeting.local_start.replace(tzinfo=None)  # wall clock
    assert event.decoded("DTEND") == meeting.end
    assert str(event["ORGANIZER"]) == f"mailto:{meeting.organiser.email}"
    attendee = event["ATTENDEE"]
    assert not isinstance(attendee, list), "only the recipient is listed"
    assert str(attendee) == f"mailto:{received.to}"
    assert attendee.params["PARTSTAT"] == partstat
    assert urlsplit(str(event["URL"])).path == f"/{language}/meetings/{meeting.pk}/"


def scans_done(processes: CeleryProcesses) -> int:
    """How many outbox scans (beat's dispatch_outbox) the worker has finished."""
    return sum(
        "networks.tasks.dispatch_outbox[" in line and " succeeded " in line
        for line in processes.started[0].log.read_text().splitlines()
    )


def test_series_invitations_reply_move_and_reminder(celery, mail_server):
    area = WelfareAreaFactory()
    coordinator = UserFactory(
        email="coordinator@vantaa.example", name="Kaisa Koordinaattori", preferred_language="fi"
    )
    network = NetworkFactory(welfare_area=area)
    people = [
        UserFactory(email="aino@ngo1.example", name="Aino Järvinen", preferred_language="fi"),
        UserFactory(email="asa@ngo2.example", name="Åsa Lindqvist", preferred_language="sv"),
        UserFactory(email="amina@ngo3.example", name="Amina Hassan", preferred_language="en"),
        UserFactory(email="bjorn@koto.example", name="Björn Ek", preferred_language="sv"),
        UserFactory(email="laura@perhe.example", name="Laura Virtanen", preferred_language="fi"),
    ]  # fmt: skip
    for person in people[:3]:
        NetworkMembershipFactory(network=network, representatives=[person])
    for person in people[3:]:
        NetworkMembershipFactory(
            network=network,
            organization=None,
            service_unit=ServiceUnitFactory(welfare_area=area),
            representatives=[person],
        )
    assert NetworkMembership.objects.filter(organization__isnull=False).count() == 3
    assert NetworkMembership.objects.filter(service_unit__isnull=False).count() == 2
    language_of = {person.email: person.preferred_language for person in people}
    name_of = {person.email: person.name for person in people}
    decliner = people[2]

    # 1. The coordinator schedules a monthly series: the first meeting is ten days ahead,
    # within the invitation window; the later ones are invited to nearer their time.
    series = schedule_test_series(
        network, by=coordinator, days_ahead=10, at=time(16, 30), reminder_offsets=[REMINDER_OFFSET]
    )
    meeting = series.occurrences.order_by("start").first()
    assert series.occurrences.count() >= 12
    assert meeting.local_start.time() == time(16, 30)

    wait_for(
        lambda: Invitation.objects.filter(meeting=meeting, sent_sequence=0).count() == 5,
        "the five invitations",
        processes=celery,
    )
    scans = scans_done(celery)
    wait_for(lambda: scans_done(celery) >= scans + 2, "two more outbox scans", processes=celery)
    invitations = mail_server.received
    assert sorted(received.to for received in invitations) == sorted(language_of)
    for received in invitations:
        language = language_of[received.to]
        assert received.kind == "invitation"
        assert received.sequence == 0
        assert received.subject == expected_subject(INVITATION_SUBJECT, language, meeting)
        assert received.text.startswith(expected_greeting(language, name_of[received.to]))
        assert reply_path(received).startswith(f"/{language}/")
        assert_calendar(received, meeting, sequence=0, partstat="NEEDS-ACTION", language=language)
    assert len({received.message_id for received in invitations}) == 5

    # 2. One representative declines through the link in the mail, without signing in.
    [declined_mail] = [received for received in invitations if received.to == decliner.email]
    client = Client(enforce_csrf_checks=True)
    path = reply_path(declined_mail)
    page = client.get(path)
    assert page.status_code == 200
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert csrf
    answer = client.post(path, {"response": "no", "note": "", "csrfmiddlewaretoken": csrf[1]})
    assert answer.status_code == 302
    assert "_auth_user_id" not in client.session
    assert Invitation.objects.get(meeting=meeting, email=decliner.email).declined

    # 3. The time is moved: to one day (the reminder's offset) and a few seconds from now.
    moved_to = (timezone.now() + timedelta(minutes=REMINDER_OFFSET) + REMINDER_LEAD).replace(
        microsecond=0
    )
    meeting = services.meeting_change(meeting=meeting, by=coordinator, changes={"start": moved_to})
    assert meeting.sequence == 1
    assert meeting.start == moved_to

    def updates() -> list[Received]:
        return [
            received
            for received in mail_server.received
            if received.kind == "invitation" and received.sequence == 1
        ]

    wait_for(lambda: len(updates()) >= 5, "the five updates", processes=celery)
    assert sorted(received.to for received in updates()) == sorted(language_of)
    for received in updates():
        language = language_of[received.to]
        assert received.subject == expected_subject(UPDATE_SUBJECT, language, meeting)
        assert reply_path(received).startswith(f"/{language}/")
        partstat = "DECLINED" if received.to == decliner.email else "NEEDS-ACTION"
        assert_calendar(received, meeting, sequence=1, partstat=partstat, language=language)
    assert not {received.message_id for received in updates()} & {
        received.message_id for received in invitations
    }

    # 4. The reminder falls due a few seconds after the move.
    def reminders() -> list[Received]:
        return [received for received in mail_server.received if received.kind == "reminder"]

    wait_for(lambda: len(reminders()) >= 4, "the four reminders", processes=celery)
    scans = scans_done(celery)
    wait_for(lambda: scans_done(celery) >= scans + 2, "two more outbox scans", processes=celery)

    reminded = sorted(received.to for received in reminders())
    assert reminded == sorted(set(language_of) - {decliner.email}), "once each, not the decliner"
    for received in reminders():
        language = language_of[received.to]
        assert received.subject == expected_subject(REMINDER_SUBJECT, language, meeting)
        with translation.override(language):
            new_time = time_format(meeting.local_start)  # 13.20, or 13:20 in English
        assert new_time in received.text
        assert reply_path(received).startswith(f"/{language}/")
        assert_calendar(
            received, meeting, sequence=1, partstat="NEEDS-ACTION", language=language,
            method="PUBLISH",
        )  # fmt: skip
    first_reminder_at = min(received.at for received in reminders())
    assert all(received.at <= first_reminder_at for received in updates())

    # Nothing else was sent: 5 invitations, 5 updates, 4 reminders.
    assert len(mail_server.received) == 14
    assert Reminder.objects.filter(invitation__meeting=meeting, sent_at__isnull=False).count() == 4
    declined = Reminder.objects.get(invitation__meeting=meeting, invitation__email=decliner.email)
    assert declined.sent_at is None
    # The test process sent nothing itself (the test settings' backend would keep it here).
    assert mail.outbox == []

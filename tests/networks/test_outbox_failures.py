"""Meeting mail that should not go, or could not: no reminder before its invitation or
after its time had passed when the invitation went out; an address refused for good is
not tried again and is shown to the meeting's organiser; a reminder's calendar file
changes nothing in the calendar."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.utils import timezone

from networks import outbox
from networks.models import Reminder
from networks.tasks import dispatch_outbox
from tests.factories import UserFactory
from tests.networks.meeting_helpers import calendar_part, network_with_representatives
from tests.networks.meeting_helpers import schedule_single as schedule

pytestmark = pytest.mark.django_db

WEEK = 7 * 24 * 60
DAY = 24 * 60


class RefusesFinnishReader(BaseEmailBackend):
    """A mail server that does not know the Finnish representative's address (550)."""

    sent: list = []

    def send_messages(self, messages):
        for message in messages:
            if message.extra_headers["Content-Language"] == "fi":
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"5.1.1 unknown")})
            RefusesFinnishReader.sent.append(message)
        return len(messages)


def scan_and_deliver(now):
    """The scan's reminders, delivered at `now`."""
    ids = list(outbox.reminders_due(now).order_by("due_at").values_list("pk", flat=True))
    return outbox.deliver_reminders(ids, now=now)


@pytest.mark.parametrize(
    ("ahead", "reminded_at"),
    [(timedelta(days=3), [DAY]), (timedelta(hours=20), [])],
    ids=["three days ahead: no 7-day reminder", "under a day: no reminder"],
)
def test_a_reminder_whose_time_passed_before_the_invitation_is_never_sent(
    django_capture_on_commit_callbacks, ahead, reminded_at
):
    people = network_with_representatives()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(people, start=timezone.now() + ahead)
    assert len(mail.outbox) == 3  # the invitations
    mail.outbox.clear()

    assert scan_and_deliver(timezone.now()) == 0  # nothing right after the invitation
    assert mail.outbox == []
    assert scan_and_deliver(meeting.start - timedelta(minutes=DAY) + timedelta(minutes=1)) == (
        3 if reminded_at else 0
    )
    sent = sorted(
        Reminder.objects.filter(sent_at__isnull=False).values_list("offset_minutes", flat=True)
    )
    assert sent == [offset for offset in reminded_at for _ in range(3)]
    assert not Reminder.objects.filter(offset_minutes=WEEK, sent_at__isnull=False).exists()


def test_no_reminder_goes_before_its_invitation():
    people = network_with_representatives()
    # Scheduled without the on-commit hand-out: the invitations have not gone yet.
    meeting = schedule(people, start=timezone.now() + timedelta(hours=20))
    assert not outbox.reminders_due(meeting.start).exists()
    ids = list(Reminder.objects.values_list("pk", flat=True))
    assert outbox.deliver_reminders(ids, now=meeting.start - timedelta(minutes=5)) == 0
    assert mail.outbox == []
    assert not Reminder.objects.filter(skipped_at__isnull=False).exists()  # still waiting


def test_a_reminder_carries_no_calendar_request(django_capture_on_commit_callbacks):
    people = network_with_representatives(languages=("en",))
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(people, start=timezone.now() + timedelta(days=10))
    [invitation] = mail.outbox
    assert "METHOD:REQUEST" in calendar_part(invitation).get_payload(decode=True).decode()
    mail.outbox.clear()
    assert scan_and_deliver(meeting.start - timedelta(minutes=WEEK) + timedelta(minutes=1)) == 1
    [reminder] = mail.outbox
    ics = calendar_part(reminder).get_payload(decode=True).decode()
    assert "METHOD:PUBLISH" in ics
    assert "METHOD:REQUEST" not in ics


def test_a_refused_address_stops_and_is_shown_to_the_organiser(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.networks.test_outbox_failures.RefusesFinnishReader"
    RefusesFinnishReader.sent = []
    people = network_with_representatives()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(people, start=timezone.now() + timedelta(days=10))
    assert len(RefusesFinnishReader.sent) == 2
    [refused] = outbox.undelivered(meeting)
    assert refused.language == "fi"
    assert refused.failure == "SMTP 550"

    # Not handed out, nor tried, again; and no reminder for it.
    assert dispatch_outbox()["invitations"] == 0
    later = meeting.start - timedelta(minutes=WEEK) + timedelta(minutes=1)
    assert scan_and_deliver(later) == 2
    assert not Reminder.objects.filter(invitation=refused, sent_at__isnull=False).exists()

    organiser = Client()
    organiser.force_login(people.coordinator)
    page = organiser.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "The invitation did not reach 1 guest" in page
    assert refused.email in page

    # Another coordinator of the network sees the meeting, not the refused address box.
    other = UserFactory(email="other-coordinator@example.org")
    people.network.coordinators.add(other)
    someone = Client()
    someone.force_login(other)
    response = someone.get(f"/en/meetings/{meeting.pk}/")
    assert response.status_code == 200
    assert "The invitation did not reach" not in response.content.decode()

"""Dates and times as each reader writes them (coact/formats/, Django's format modules):
Finnish "15. joulukuuta 2031" and "9.05", Finland-Swedish "15 december 2031" and "9.05",
and English as it is written in Finland, "15 December 2031", "15.12.2031" in tables and
24-hour times, never "12/15/2031 9:05 a.m."; weeks start on Monday in all three."""

import re
from datetime import date, datetime

import pytest
from django import forms
from django.core import mail
from django.urls import reverse
from django.utils import formats, translation

from networks import selectors, services
from networks.models import MEETING_TIME_ZONE, Meeting, MeetingFormat
from organizations.models import Role
from organizations.services import profiles as services_selfservice
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    sent_mail,
    with_totp,
)
from tests.networks.meeting_helpers import ONLINE_URL, network_with_representatives

pytestmark = pytest.mark.django_db

# Tuesday 16 December 2031, 9.05 in Helsinki.
START = datetime(2031, 12, 16, 9, 5, tzinfo=MEETING_TIME_ZONE)
# What English dates must never look like: month first, or a 12-hour clock.
AMERICAN = re.compile(r"\b12/16/2031\b|\b(a|p)\.m\.|\bDec\. 16\b")

WHEN = {
    "fi": "16.12.2031 9.05\u201310.35",
    "sv": "16.12.2031 9.05\u201310.35",
    "en": "16.12.2031 09:05\u201310:35",
}


@pytest.mark.parametrize(
    ("language", "long_date", "time", "datetime_", "first_day"),
    [
        ("fi", "15. joulukuuta 2031", "9.05", "15.12.2031 9.05", 1),
        ("sv", "15 december 2031", "9.05", "15.12.2031 9.05", 1),
        ("en", "15 December 2031", "09:05", "15.12.2031 09:05", 1),
    ],
)
def test_the_format_of_each_language(language, long_date, time, datetime_, first_day):
    moment = datetime(2031, 12, 15, 9, 5, tzinfo=MEETING_TIME_ZONE)
    with translation.override(language):
        assert formats.date_format(moment, "DATE_FORMAT") == long_date
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "15.12.2031"
        assert formats.time_format(moment, "TIME_FORMAT") == time
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == datetime_
        assert formats.get_format("FIRST_DAY_OF_WEEK") == first_day
        # A date typed day first is read day first.
        assert forms.DateField().clean("1.12.2031") == date(2031, 12, 1)


@pytest.fixture
def invited(django_capture_on_commit_callbacks):
    people = network_with_representatives()
    meeting = Meeting(
        title="Joulukuun tapaaminen",
        network=people.network,
        welfare_area=people.area,
        start=START,
        duration_minutes=90,
        format=MeetingFormat.ONLINE,
        online_url=ONLINE_URL,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_schedule(meeting=meeting, by=people.coordinator)
    return people, meeting


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_invitation_mail_gives_the_date_and_time_in_the_readers_form(invited, language):
    people, _meeting = invited
    [message] = [m for m in mail.outbox if m.to == [people.representative(language).email]]

    assert WHEN[language] in message.body
    assert "16.12.2031" in message.subject
    assert not AMERICAN.search(message.subject + message.body)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_reply_page_gives_the_date_and_time_in_the_readers_form(client, invited, language):
    people, meeting = invited
    invitation = meeting.invitations.get(user=people.representative(language))
    with translation.override(language):
        url = reverse("meeting_reply", args=[selectors.rsvp_token(invitation)])

    page = client.get(url).content.decode()

    assert WHEN[language] in page
    assert not AMERICAN.search(page)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "15. joulukuuta 2031"),
        ("sv", "15 december 2031"),
        ("en", "15 December 2031"),
    ],
)
def test_the_stale_profile_reminder_gives_the_date_in_words(language, expected):
    confirmed = datetime(2031, 6, 15, 12, 0, tzinfo=MEETING_TIME_ZONE)  # stale on 15.12.
    organization = OrganizationFactory(last_confirmed_at=confirmed)
    admin = UserFactory(email=f"admin-{language}@example.org", preferred_language=language)
    MembershipFactory(user=admin, role=Role.NGO_ADMIN, organization=organization)

    services_selfservice.stale_profiles_remind(now=datetime(2031, 12, 10, tzinfo=MEETING_TIME_ZONE))

    [message] = sent_mail()
    assert expected in message.body
    assert not AMERICAN.search(message.body)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", "15. joulukuuta 2031"),
        ("sv", "15 december 2031"),
        ("en", "15 December 2031"),
    ],
)
def test_the_confirmation_page_gives_the_date_in_words(client, language, expected):
    organization = OrganizationFactory(
        last_confirmed_at=datetime(2031, 12, 15, 9, 42, tzinfo=MEETING_TIME_ZONE)
    )
    admin = with_totp(UserFactory(email=f"admin-{language}@example.org"))
    MembershipFactory(user=admin, role=Role.NGO_ADMIN, organization=organization)
    client.force_login(admin)

    page = client.get(f"/{language}/organizations/{organization.slug}/confirm/").content.decode()

    assert expected in page
    assert not AMERICAN.search(page)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_profile_gives_short_dates_day_first(client, language):
    organization = OrganizationFactory(
        last_confirmed_at=datetime(2031, 12, 1, 9, 42, tzinfo=MEETING_TIME_ZONE)
    )

    page = client.get(f"/{language}/organizations/{organization.slug}/").content.decode()

    assert "1.12.2031" in page
    assert "12/01/2031" not in page

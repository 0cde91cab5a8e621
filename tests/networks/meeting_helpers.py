"""Shared set-up for the meetings tests: a network with named representatives in three
languages, a single meeting or a series scheduled through the real services, and ways
to read what the outbox mailed (the iCalendar part, the reply link)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.mime.base import MIMEBase
from urllib.parse import urlsplit

import icalendar
from django.core import mail
from django.utils import timezone

from networks import services
from networks.models import Meeting, MeetingFormat
from tests.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    UserFactory,
    WelfareAreaFactory,
)

ONLINE_URL = "https://meet.example.org/coact-test"


@dataclass
class People:
    area: object
    network: object
    coordinator: object
    representatives: list = field(default_factory=list)

    def representative(self, language: str):
        return next(u for u in self.representatives if u.preferred_language == language)


def network_with_representatives(languages=("fi", "sv", "en"), *, area_code="vantaa-kerava"):
    """A network whose coordinator organises, and one member NGO per language, each with
    one named representative who prefers that language."""
    area = WelfareAreaFactory(code=area_code)
    network = NetworkFactory(welfare_area=area)
    coordinator = UserFactory(email=f"coordinator@{network.slug}.example", name="Kaija Koordi")
    network.coordinators.add(coordinator)
    people = People(area=area, network=network, coordinator=coordinator)
    for language in languages:
        user = UserFactory(
            email=f"rep-{language}@{network.slug}.example",
            name=f"Edustaja {language.upper()}",
            preferred_language=language,
        )
        NetworkMembershipFactory(network=network, representatives=[user])
        people.representatives.append(user)
    return people


def upcoming_start(days_ahead: float = 10, hour: int = 17) -> datetime:
    """A whole-minute start `days_ahead` days from now, at `hour` Helsinki time."""
    local = timezone.localtime() + timedelta(days=days_ahead)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def schedule_single(people: People, *, start=None, **fields) -> Meeting:
    meeting = Meeting(
        title=fields.pop("title", "Yhteinen tapaaminen"),
        network=people.network,
        welfare_area=people.area,
        start=start or upcoming_start(),
        format=fields.pop("format", MeetingFormat.ONLINE),
        online_url=fields.pop("online_url", ONLINE_URL),
        duration_minutes=fields.pop("duration_minutes", 60),
        **fields,
    )
    return services.meeting_schedule(meeting=meeting, by=people.coordinator)


# --- reading the mail ---------------------------------------------------------------------


def calendar_parts(message) -> list[MIMEBase]:
    parts = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase) and attachment.get_content_type() == "text/calendar":
            parts.append(attachment)
    return parts


def calendar_part(message) -> MIMEBase:
    [part] = calendar_parts(message)
    return part


def ics_of(message) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(calendar_part(message).get_payload(decode=True))


def event_of(message) -> icalendar.Event:
    [event] = ics_of(message).walk("VEVENT")
    return event


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def mails_about(meeting: Meeting) -> list:
    return [m for m in mail.outbox if calendar_parts(m) and str(event_of(m)["UID"]) == meeting.uid]


def reply_url(message) -> str:
    [url] = re.findall(r"https?://\S+/meetings/reply/\S+/", message.body)
    return url


def reply_path(message) -> str:
    return urlsplit(reply_url(message)).path


def whole_message(message) -> str:
    """Everything the recipient receives, headers and every part decoded."""
    text = [message.message().as_string(), message.body]
    text += [part.get_payload(decode=True).decode() for part in calendar_parts(message)]
    return "\n".join(text)

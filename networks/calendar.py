"""iCalendar (RFC 5545 / iTIP RFC 5546) for meetings, built with the `icalendar` library:
one VEVENT per occurrence with a stable UID, SEQUENCE that grows on every change, DTSTART
in Europe/Helsinki with its VTIMEZONE, METHOD:REQUEST for invitations and updates,
METHOD:CANCEL for cancellations, and METHOD:PUBLISH for reminders, feeds and downloads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from email.mime.text import MIMEText
from email.utils import parseaddr
from functools import lru_cache

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from coact.mail import absolute_url

from .models import MEETING_TIME_ZONE, Invitation, Meeting

PRODID = "-//Co-Act Portal//Meetings//EN"
_PARTSTAT = {
    Invitation.Response.YES: "ACCEPTED",
    Invitation.Response.NO: "DECLINED",
    Invitation.Response.MAYBE: "TENTATIVE",
    Invitation.Response.NONE: "NEEDS-ACTION",
}


def _organizer(meeting: Meeting) -> icalendar.vCalAddress:
    organiser = meeting.organiser
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if organiser is not None and organiser.email:
        address = organiser.email
        name = organiser.get_full_name() or organiser.email
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    if name:
        organizer.params["cn"] = icalendar.vText(name)
    return organizer


def _location(meeting: Meeting) -> str:
    return ", ".join(part for part in (meeting.address, meeting.online_url) if part)


def meeting_event(meeting: Meeting, invitation: Invitation | None = None) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    event.add("summary", meeting.title)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    if location := _location(meeting):
        event.add("location", location)
    if meeting.online_url:
        event.add("url", meeting.online_url)
    else:
        event.add("url", absolute_url(reverse("meeting_detail", args=[meeting.pk])))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("organizer", _organizer(meeting))
    if invitation is not None:
        # Only the recipient: the other invitees' addresses are not shared.
        attendee = icalendar.vCalAddress(f"mailto:{invitation.email}")
        if invitation.name:
            attendee.params["cn"] = icalendar.vText(invitation.name)
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = icalendar.vText(_PARTSTAT[invitation.response])
        attendee.params["rsvp"] = icalendar.vText("TRUE")
        event.add("attendee", attendee)
    return event


def calendar(
    meetings: Iterable[Meeting],
    *,
    method: str = "PUBLISH",
    invitation: Invitation | None = None,
    name: str | None = None,
) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    first = last = None
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, invitation))
        first = min(first, meeting.start) if first else meeting.start
        last = max(last, meeting.end) if last else meeting.end
    if first is not None:
        cal.add_component(
            _vtimezone(
                timezone.localtime(first, MEETING_TIME_ZONE).year,
                timezone.localtime(last, MEETING_TIME_ZONE).year,
            )
        )
    return cal.to_ical()


@lru_cache(maxsize=16)
def _vtimezone(first_year: int, last_year: int) -> icalendar.Timezone:
    """Europe/Helsinki for the years the events need, a year either side: a short
    VTIMEZONE, built once (it is most of the cost of a calendar file)."""
    return icalendar.Timezone.from_tzid(
        MEETING_TIME_ZONE.key,
        first_date=date(first_year - 1, 1, 1),
        last_date=date(last_year + 2, 1, 1),
    )


def invitation_attachment(
    meeting: Meeting, invitation: Invitation, *, method: str | None = None
) -> MIMEText:
    """The text/calendar part of an invitation, an update or a cancellation (REQUEST or
    CANCEL); with method="PUBLISH", of a reminder, which a calendar client shows as the
    event it has rather than as a new request to answer (RFC 5546)."""
    method = method or ("CANCEL" if meeting.is_cancelled else "REQUEST")
    ics = calendar([meeting], method=method, invitation=invitation).decode()
    part = MIMEText(ics, "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part

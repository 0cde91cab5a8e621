"""The demo meetings (meetings.yaml) as rows: a series with its occurrences since
months_back months before the first run, a single meeting days from it, and for each the
invitations and reminders meeting_invitations_sync would make, written quietly (see loader.py):
what is already due is stored as sent, a meeting already held gets replies, attendance
and minutes."""

from __future__ import annotations

import zlib
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.text import slugify

from organizations.demo.values import parse_time
from organizations.models import Language

from .. import selectors, services
from ..models import (
    DEFAULT_DURATION,
    DEFAULT_REMINDER_OFFSETS,
    MEETING_TIME_ZONE,
    Guest,
    Invitation,
    Meeting,
    MeetingSeries,
    Reminder,
)


def _languages(codes: list[str]) -> list[Language]:
    return [Language.objects.get_or_create(code=code)[0] for code in codes]


def _stable(text: str) -> int:
    return zlib.crc32(text.encode())


def invite_quietly(meeting: Meeting, now: datetime) -> None:
    """The invitation and reminder rows meeting_invitations_sync would make, without the outbox:
    what is already due is stored as sent; a meeting already held gets its replies and
    attendance."""
    existing = {email.lower() for email in meeting.invitations.values_list("email", flat=True)}
    people = [p for p in selectors.invitees(meeting) if p.email.lower() not in existing]
    if not people:
        return
    held = meeting.start <= now
    invited = meeting.invite_at <= now
    sent_at = min(meeting.invite_at, now)
    rows = []
    base = _stable(meeting.uid)
    for index, person in enumerate(sorted(people, key=lambda p: p.email)):
        # Distinct rolls within a meeting: every held meeting has someone who came.
        roll = (base + 3 * index) % 10
        response = Invitation.Response.NONE
        if held or (invited and roll < 6):
            response = (
                Invitation.Response.NO
                if roll in (3, 7)
                else Invitation.Response.MAYBE
                if roll == 5 and not held
                else Invitation.Response.YES
            )
        rows.append(
            Invitation(
                meeting=meeting,
                user_id=person.user_id,
                email=person.email,
                name=person.name,
                language=person.language,
                membership_id=person.membership_id,
                response=response,
                responded_at=min(sent_at + timedelta(days=1), now) if response else None,
                sent_sequence=meeting.sequence if invited else None,
                sent_at=sent_at if invited else None,
                attended=(response == Invitation.Response.YES and roll != 9) if held else None,
            )
        )
    invitations = Invitation.objects.bulk_create(rows)
    reminders = []
    for invitation in invitations:
        for offset in selectors.reminder_offsets(meeting):
            due_at = meeting.start - timedelta(minutes=offset)
            reminder = Reminder(invitation=invitation, offset_minutes=offset, due_at=due_at)
            if meeting.is_cancelled or invitation.declined:
                reminder.skipped_at = min(due_at, now)
            elif due_at <= now:
                reminder.sent_at, reminder.sent_sequence = due_at, meeting.sequence
            reminders.append(reminder)
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True)


def _mark_held(meeting: Meeting, *, minutes: str, now: datetime) -> None:
    """Held: its minutes filed the day after (none: the organiser was asked for them)."""
    if minutes:
        meeting.minutes = minutes
        filed = min(meeting.end + timedelta(days=1), now)
        meeting.minutes_filed_at = meeting.attendance_confirmed_at = filed
    else:
        # Asked for already: the outbox does not mail the organiser again.
        meeting.minutes_reminder_sent_at = min(meeting.start + timedelta(days=1), now)
    meeting.save(
        update_fields=[
            "minutes",
            "minutes_filed_at",
            "attendance_confirmed_at",
            "minutes_reminder_sent_at",
        ]
    )


def _guests(keys, people) -> list[Guest]:
    return [
        Guest(
            user=people[key],
            email=people[key].email,
            name=people[key].name,
            language=people[key].preferred_language,
        )
        for key in keys
    ]


def _first_of_month(today: date, months_back: int) -> date:
    month = today.month - months_back
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def add_series(spec: dict, network, people, units, data, now) -> None:
    series = MeetingSeries.objects.filter(network=network, title=spec["title"]).first()
    if series is None:
        starts_on = _first_of_month(
            timezone.localtime(now, MEETING_TIME_ZONE).date(), spec["months_back"]
        )
        series = MeetingSeries.objects.create(
            **_details(spec, network, people, units, data),
            accessibility=spec.get("accessibility", ""),
            rrule=spec["rrule"].format(month=starts_on.month),
            starts_on=starts_on,
            start_time=parse_time(spec["start_time"]),
            reminder_offsets=list(DEFAULT_REMINDER_OFFSETS),
        )
        series.languages.set(_languages(spec["languages"]))
        for guest in _guests(spec.get("guests", ()), people):
            guest.series = series
            guest.save()
    languages = list(series.languages.all())
    first = selectors.local_to_aware(series.local_start) - timedelta(minutes=1)
    have = set(series.occurrences.values_list("recurrence_id", flat=True))
    for local_start in selectors.occurrence_starts(
        series, after=first, until=now + services.SERIES_HORIZON
    ):
        start = selectors.local_to_aware(local_start)
        if start in have:
            continue
        meeting = selectors.occurrence_from(series, local_start)
        meeting.uid = f"demo-{slugify(series.title)}-{start:%Y%m%d}@coact"
        if local_start.month in spec.get("cancelled_months", ()) and start > now:
            meeting.status, meeting.sequence = Meeting.Status.CANCELLED, 1
        meeting.save()
        meeting.languages.set(languages)
        invite_quietly(meeting, now)  # before the replies of a held meeting are counted
        if meeting.start <= now and not meeting.is_cancelled:
            _mark_held(meeting, minutes=data["minutes"][meeting.kind], now=now)


def _details(spec: dict, network, people, units, data) -> dict:
    """What a series and a single meeting share: title, kind, place, agenda, organiser."""
    return {
        "title": spec["title"],
        "kind": spec["kind"],
        "network": network,
        "welfare_area": network.welfare_area,
        "host_unit": units.get(spec.get("host_unit", "")),
        "format": spec["format"],
        "address": spec.get("address", ""),
        "online_url": data["online_base"] + spec["online"] if spec.get("online") else "",
        "duration_minutes": DEFAULT_DURATION[spec["kind"]],
        "agenda": spec.get("agenda", ""),
        "public": spec.get("public", False),
        "organiser": people["coordinator"],
    }


def add_meeting(spec: dict, network, people, organizations, units, data, now) -> None:
    uid = f"demo-{spec['key']}@coact"
    if Meeting.objects.filter(uid=uid).exists():
        return
    days = spec["days"]
    local_day = timezone.localtime(now, MEETING_TIME_ZONE).date() + timedelta(days=days)
    while local_day.weekday() >= 5:  # on a working day, away from today
        local_day += timedelta(days=-1 if days < 0 else 1)
    start = selectors.local_to_aware(datetime.combine(local_day, parse_time(spec["at"])))
    meeting = Meeting.objects.create(
        uid=uid,
        **_details(spec, network, people, units, data),
        host_organization=organizations.get(spec.get("host_organization", "")),
        start=start,
        invite_at=min(now, start - timedelta(days=28)),
    )
    meeting.languages.set(_languages(spec["languages"]))
    for guest in _guests(spec.get("guests", ()), people):
        guest.meeting = meeting
        guest.save()
    invite_quietly(meeting, now)
    if meeting.start <= now:
        minutes = data["minutes"][meeting.kind] if spec.get("minutes", True) else ""
        _mark_held(meeting, minutes=minutes, now=now)

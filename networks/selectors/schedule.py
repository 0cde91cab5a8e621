"""Pure reads and builders for scheduling: local times, a series' occurrences, who is
invited to a meeting and when they are reminded. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from coact.recurrence import Frequency, Rhythm, parse_rrule

from ..models import (
    DEFAULT_REMINDER_OFFSETS,
    MEETING_TIME_ZONE,
    Guest,
    Invitation,
    Meeting,
    MeetingSeries,
    NetworkMembership,
)

# Fields an occurrence copies from its series.
DETAIL_FIELDS = (
    "kind",
    "title",
    "network",
    "welfare_area",
    "host_unit",
    "host_organization",
    "format",
    "address",
    "accessibility",
    "online_url",
    "duration_minutes",
    "agenda",
    "capacity",
    "outside_office_hours_override",
    "public",
    "organiser",
)


def local_to_aware(local: datetime) -> datetime:
    """A naive Helsinki wall-clock time as an aware datetime (DST-correct)."""
    return local.replace(tzinfo=MEETING_TIME_ZONE)


def occurrence_starts(series: MeetingSeries, *, after: datetime, until: datetime) -> list[datetime]:
    """Local naive starts of the series' occurrences in (after, until], expanded in
    Helsinki wall-clock time so that 16:30 stays 16:30 in summer and winter."""
    rule = parse_rrule(series.rrule, series.local_start)
    naive_after = timezone.localtime(after, MEETING_TIME_ZONE).replace(tzinfo=None)
    naive_until = timezone.localtime(until, MEETING_TIME_ZONE).replace(tzinfo=None)
    return list(rule.between(naive_after, naive_until, inc=True))


@dataclass(frozen=True)
class Invitee:
    email: str
    name: str
    language: str
    user_id: int | None = None
    membership_id: int | None = None


def invitees(meeting: Meeting) -> list[Invitee]:
    """The named representatives of the network's members, then the guests of the series
    or the meeting; each address once."""
    people: dict[str, Invitee] = {}
    if meeting.network_id:
        memberships = NetworkMembership.objects.filter(network_id=meeting.network_id)
        for membership in memberships.prefetch_related("representatives"):
            for user in membership.representatives.all():
                if user.is_active and user.email:
                    people.setdefault(
                        user.email.lower(),
                        Invitee(
                            email=user.email,
                            name=user.get_full_name(),
                            language=user.preferred_language,
                            user_id=user.pk,
                            membership_id=membership.pk,
                        ),
                    )
    guests = Guest.objects.filter(meeting=meeting)
    if meeting.series_id:
        guests = guests | Guest.objects.filter(series_id=meeting.series_id)
    for guest in guests.select_related("user"):
        user = guest.user
        people.setdefault(
            guest.email.lower(),
            Invitee(
                email=guest.email,
                name=guest.name or (user.get_full_name() if user else ""),
                language=user.preferred_language if user else guest.language,
                user_id=guest.user_id,
            ),
        )
    return list(people.values())


def reminder_offsets(meeting: Meeting) -> list[int]:
    if meeting.series_id:
        return list(meeting.series.reminder_offsets)
    return list(DEFAULT_REMINDER_OFFSETS)


def occurrence_from(series: MeetingSeries, local_start: datetime) -> Meeting:
    start = local_to_aware(local_start)
    meeting = Meeting(
        series=series,
        recurrence_id=start,
        start=start,
        invite_at=start - timedelta(days=series.invite_days_before),
        **{field: getattr(series, field) for field in DETAIL_FIELDS},
    )
    return meeting


def attendance_count(meeting: Meeting) -> int:
    """Confirmed by the host when they have; until then, the replies that said yes."""
    if meeting.attendance_confirmed_at:
        return meeting.invitations.filter(attended=True).count()
    return meeting.invitations.filter(response=Invitation.Response.YES).count()


def first_weekday_rule(weekday: int) -> str:
    """The RRULE for "the first <weekday> of every month"."""
    return Rhythm(Frequency.MONTHLY, (weekday,), 1).rrule()


def default_meeting_date() -> date:
    return (timezone.localtime(timezone.now(), MEETING_TIME_ZONE) + timedelta(days=7)).date()

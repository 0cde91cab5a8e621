"""Turn the demo data files beside this module (networks.yaml, meetings.yaml) into rows,
after the demo NGOs and units: three invented networks of the Vantaa-Kerava demo area
("Demo: " names, demo- slugs), their members and named representatives, a monthly meetup
series, a quarterly joint meeting, a yearly facilitated event, a thematic network's
meetings, the NGO advisory board, a group visit hosted by an NGO, board posts, and some
meetings already held, with attendance and minutes, so that the planner has history.

No e-mail is sent. The rows are written here, not through networks.services, whose
scheduling hands new invitations to the outbox on commit. An invitation whose time has
come is stored as already sent (the meeting's SEQUENCE), and a reminder already due as
sent, so neither seeding nor the outbox's next scan mails anyone about the past. What is
still ahead (invitations to later occurrences, their reminders) is left to the outbox,
which mails it when its time comes, as for any meeting; every address is @demo.example
or @members.demo.example (the .example domain is reserved and never delivered).

Safe to run again: networks by slug, memberships by member, series by network and title,
occurrences by (series, RECURRENCE-ID), single meetings by a fixed UID and posts by
text. Existing meetings are left as they are, so a second run the same day changes
nothing, and times chosen relative to the first run do not drift."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from coact.models import User
from organizations.demo.values import parse_time
from organizations.demo.values import read as read_file
from organizations.models import Language, Organization, ServiceUnit, Theme, WelfareArea

from .. import services
from ..models import (
    DEFAULT_DURATION,
    DEFAULT_REMINDER_OFFSETS,
    MEETING_TIME_ZONE,
    BoardPost,
    Guest,
    Invitation,
    Meeting,
    MeetingSeries,
    Network,
    NetworkMembership,
    Reminder,
)

DATA_DIR = Path(__file__).resolve().parent


def read(name: str):
    return read_file(name, DATA_DIR)


@dataclass
class NetworkSummary:
    networks: int = 0
    memberships: int = 0
    meetings: int = 0
    held: int = 0
    invitations: int = 0
    posts: int = 0

    def __str__(self) -> str:
        return (
            f"{self.networks} demo networks ({self.memberships} members), {self.meetings} "
            f"meetings ({self.held} held), {self.invitations} invitations, {self.posts} "
            "board posts"
        )


def _people(sign_ins: dict, data: dict) -> dict:
    people = dict(sign_ins)
    for key, person in data["people"].items():
        user, _ = User.objects.update_or_create(
            email=person["email"],
            defaults={
                "name": person["name"],
                "preferred_language": person["language"],
                "is_active": True,
            },
        )
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people[key] = user
    return people


def _networks(specs, area, people, coordinator) -> dict[str, Network]:
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    members = [member for spec in specs for member in spec["members"]]
    organizations = Organization.objects.in_bulk(
        [member["ngo"] for member in members if "ngo" in member], field_name="slug"
    )
    units = ServiceUnit.objects.in_bulk(
        [member["unit"] for member in members if "unit" in member], field_name="slug"
    )
    networks = {}
    for spec in specs:
        network, _ = Network.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "kind": spec["kind"],
                "welfare_area": area,
                "theme": themes.get(spec["theme"]) if spec.get("theme") else None,
                **{f"name_{code}": spec["name"][code] for code in ("fi", "sv", "en")},
                **{f"purpose_{code}": spec["purpose"][code] for code in ("fi", "sv", "en")},
            },
        )
        network.coordinators.set([coordinator])
        kept = []
        for member in spec["members"]:
            if "ngo" in member:
                target = {"organization": organizations[member["ngo"]]}
            else:
                target = {"service_unit": units[member["unit"]]}
            membership, _ = NetworkMembership.objects.get_or_create(network=network, **target)
            membership.representatives.set([people[key] for key in member["representatives"]])
            kept.append(membership.pk)
        network.memberships.exclude(pk__in=kept).delete()
        networks[spec["slug"]] = network
    return networks


def _languages(codes: list[str]) -> list[Language]:
    return [Language.objects.get_or_create(code=code)[0] for code in codes]


def _stable(text: str) -> int:
    return zlib.crc32(text.encode())


def _invite_quietly(meeting: Meeting, now: datetime) -> None:
    """The invitation and reminder rows sync_invitations would make, without the outbox:
    what is already due is stored as sent; a meeting already held gets its replies and
    attendance."""
    existing = {email.lower() for email in meeting.invitations.values_list("email", flat=True)}
    people = [p for p in services.invitees(meeting) if p.email.lower() not in existing]
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
        for offset in services.reminder_offsets(meeting):
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


def _series(spec: dict, network, people, units, data, now) -> None:
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
    first = services.local_to_aware(series.local_start) - timedelta(minutes=1)
    have = set(series.occurrences.values_list("recurrence_id", flat=True))
    for local_start in services.occurrence_starts(
        series, after=first, until=now + services.SERIES_HORIZON
    ):
        start = services.local_to_aware(local_start)
        if start in have:
            continue
        meeting = services._occurrence_from(series, local_start)
        meeting.uid = f"demo-{slugify(series.title)}-{start:%Y%m%d}@coact"
        if local_start.month in spec.get("cancelled_months", ()) and start > now:
            meeting.status, meeting.sequence = Meeting.Status.CANCELLED, 1
        meeting.save()
        meeting.languages.set(languages)
        _invite_quietly(meeting, now)  # before the replies of a held meeting are counted
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


def _single(spec: dict, network, people, organizations, units, data, now) -> None:
    uid = f"demo-{spec['key']}@coact"
    if Meeting.objects.filter(uid=uid).exists():
        return
    days = spec["days"]
    local_day = timezone.localtime(now, MEETING_TIME_ZONE).date() + timedelta(days=days)
    while local_day.weekday() >= 5:  # on a working day, away from today
        local_day += timedelta(days=-1 if days < 0 else 1)
    start = services.local_to_aware(datetime.combine(local_day, parse_time(spec["at"])))
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
    _invite_quietly(meeting, now)
    if meeting.start <= now:
        minutes = data["minutes"][meeting.kind] if spec.get("minutes", True) else ""
        _mark_held(meeting, minutes=minutes, now=now)


def _posts(posts, networks, people, now) -> None:
    for post in posts:
        created_at = now - timedelta(days=post["days_ago"])
        shown_for = post["shown_for_days"]
        BoardPost.objects.get_or_create(
            network=networks[post["network"]],
            body=post["body"],
            defaults={
                "author": people[post["author"]],
                "kind": post["kind"],
                "created_at": created_at,
                "expires_on": (created_at + timedelta(days=shown_for)).date()
                if shown_for
                else None,
            },
        )


def load_demo_networks(*, sign_ins: dict[str, User], now=None) -> NetworkSummary:
    """Create the demo networks and their meetings, or add only what is missing. Call
    inside seed_demo's transaction, after the demo NGOs and units; sign_ins holds the
    demo sign-ins by their key (coordinator, ngo_admin, unit_worker)."""
    now = now or timezone.now()
    summary = NetworkSummary()
    data = {**read("networks.yaml"), **read("meetings.yaml")}
    area = WelfareArea.objects.get(code=data["area"])
    people = _people(sign_ins, data)
    networks = _networks(data["networks"], area, people, sign_ins["coordinator"])
    series, singles = data["series"], data["meetings"]
    organizations = Organization.objects.in_bulk(
        [s["host_organization"] for s in singles if s.get("host_organization")],
        field_name="slug",
    )
    units = ServiceUnit.objects.in_bulk(
        [s["host_unit"] for s in (*series, *singles) if s.get("host_unit")], field_name="slug"
    )
    for spec in series:
        _series(spec, networks[spec["network"]], people, units, data, now)
    for spec in singles:
        _single(spec, networks[spec["network"]], people, organizations, units, data, now)
    _posts(data["posts"], networks, people, now)

    demo = Network.objects.filter(slug__in=list(networks))
    meetings = Meeting.objects.filter(network__in=demo)
    # A representative new in the data is invited to the meetings made by an earlier run.
    for meeting in meetings.filter(start__gt=now).exclude(status=Meeting.Status.CANCELLED):
        _invite_quietly(meeting, now)
    summary.networks = demo.count()
    summary.memberships = NetworkMembership.objects.filter(network__in=demo).count()
    summary.meetings = meetings.count()
    summary.held = meetings.filter(minutes_filed_at__isnull=False).count()
    summary.invitations = Invitation.objects.filter(meeting__in=meetings).count()
    summary.posts = BoardPost.objects.filter(network__in=demo).count()
    return summary

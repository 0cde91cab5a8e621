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

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from coact.models import User
from organizations.demo.values import read as read_file
from organizations.models import Organization, ServiceUnit, Theme, WelfareArea

from ..models import BoardPost, Invitation, Meeting, Network, NetworkMembership
from .meetings import add_meeting, add_series, invite_quietly

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
        add_series(spec, networks[spec["network"]], people, units, data, now)
    for spec in singles:
        add_meeting(spec, networks[spec["network"]], people, organizations, units, data, now)
    _posts(data["posts"], networks, people, now)

    demo = Network.objects.filter(slug__in=list(networks))
    meetings = Meeting.objects.filter(network__in=demo)
    # A representative new in the data is invited to the meetings made by an earlier run.
    for meeting in meetings.filter(start__gt=now).exclude(status=Meeting.Status.CANCELLED):
        invite_quietly(meeting, now)
    summary.networks = demo.count()
    summary.memberships = NetworkMembership.objects.filter(network__in=demo).count()
    summary.meetings = meetings.count()
    summary.held = meetings.filter(minutes_filed_at__isnull=False).count()
    summary.invitations = Invitation.objects.filter(meeting__in=meetings).count()
    summary.posts = BoardPost.objects.filter(network__in=demo).count()
    return summary

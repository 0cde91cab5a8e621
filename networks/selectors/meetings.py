"""What the meeting pages read: a person's invitations, reply counts, a series' coming
meetings and the coordinators' planner. Each returns in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from organizations.models import Organization, ServiceUnit, WelfareArea

from ..models import (
    MEETING_TIME_ZONE,
    RHYTHM_MONTHS,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingSeries,
)

LIST_LIMIT = 50
SERIES_UPCOMING = 12
SERIES_PAST = 6
# Meetings older than this are not "waiting for minutes" any more.
MINUTES_WINDOW = timedelta(days=30)
ORGANISED_AHEAD = timedelta(days=60)

_YES = Q(invitations__response=Invitation.Response.YES)
_NO = Q(invitations__response=Invitation.Response.NO)
_MAYBE = Q(invitations__response=Invitation.Response.MAYBE)
_NONE = Q(invitations__response=Invitation.Response.NONE)


def with_reply_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """invited, yes, no, maybe and no_reply on each meeting, in the same query."""
    return meetings.annotate(
        invited=Count("invitations"),
        yes=Count("invitations", filter=_YES),
        no=Count("invitations", filter=_NO),
        maybe=Count("invitations", filter=_MAYBE),
        no_reply=Count("invitations", filter=_NONE),
    )


def reply_counts(meeting: Meeting) -> dict[str, int]:
    return meeting.invitations.aggregate(
        invited=Count("pk"),
        yes=Count("pk", filter=Q(response=Invitation.Response.YES)),
        no=Count("pk", filter=Q(response=Invitation.Response.NO)),
        maybe=Count("pk", filter=Q(response=Invitation.Response.MAYBE)),
        no_reply=Count("pk", filter=Q(response=Invitation.Response.NONE)),
    )


def invitation_of(user, meeting: Meeting) -> Invitation | None:
    if not user.is_authenticated:
        return None
    return Invitation.objects.of(user).filter(meeting=meeting).order_by("-user_id").first()


def my_invitations(user, *, now: datetime | None = None) -> list[Invitation]:
    """The person's invitations to meetings not yet over, soonest first, one a meeting.
    Two queries: the invitations with their meetings, and the meetings' languages."""
    now = now or timezone.now()
    invitations = (
        Invitation.objects.of(user)
        .filter(meeting__start__gte=now - timedelta(days=1))
        .select_related("meeting__network", "meeting__host_unit", "meeting__host_organization")
        .prefetch_related("meeting__languages")
        .order_by("meeting__start", "meeting_id", "-user_id")[: LIST_LIMIT * 2]
    )
    seen: set[int] = set()
    result = []
    for invitation in invitations:
        if invitation.meeting_id in seen or invitation.meeting.is_past:
            continue
        seen.add(invitation.meeting_id)
        result.append(invitation)
    return result[:LIST_LIMIT]


def organised_meetings(user, *, now: datetime | None = None) -> list[Meeting]:
    """The person's meetings of the next weeks; a series' later ones are on its page."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(
            organiser=user,
            start__gte=now - timedelta(hours=12),
            start__lt=now + ORGANISED_AHEAD,
        )
        .select_related("network")
        .order_by("start")
    )
    return [m for m in with_reply_counts(meetings)[:LIST_LIMIT] if not m.is_past]


def waiting_for_minutes(user, *, now: datetime | None = None) -> QuerySet[Meeting]:
    """The person's meetings of the last month that are over and have no minutes yet."""
    now = now or timezone.now()
    return (
        Meeting.objects.filter(
            organiser=user,
            start__lte=now,
            start__gte=now - MINUTES_WINDOW,
            minutes_filed_at__isnull=True,
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-start")[:LIST_LIMIT]
    )


def organised_series(user) -> QuerySet[MeetingSeries]:
    return MeetingSeries.objects.filter(organiser=user).order_by("title")[:LIST_LIMIT]


def series_occurrences(series: MeetingSeries, *, now: datetime | None = None):
    """(the next meetings, the latest past ones), each with reply counts."""
    now = now or timezone.now()
    base = with_reply_counts(series.occurrences.all())
    upcoming = list(base.filter(start__gt=now).order_by("start")[:SERIES_UPCOMING])
    past = list(base.filter(start__lte=now).order_by("-start")[:SERIES_PAST])
    return upcoming, past


# --- The planner -------------------------------------------------------------------------

RHYTHM_KINDS = [kind for kind, months in RHYTHM_MONTHS.items() if months]


@dataclass
class PlannerCell:
    kind: str
    months: int
    last: datetime | None = None
    next: datetime | None = None
    month_held: datetime | None = None
    month_scheduled: datetime | None = None
    now: datetime = field(default_factory=timezone.now, repr=False)

    def merge(self, row: dict) -> None:
        for name, pick in (
            ("last", max),
            ("next", min),
            ("month_held", max),
            ("month_scheduled", min),
        ):
            value = row.get(name)
            if value is not None:
                current = getattr(self, name)
                setattr(self, name, value if current is None else pick(current, value))

    @property
    def label(self) -> str:
        return MeetingKind(self.kind).label

    @property
    def held_in_rhythm(self) -> bool:
        return self.last is not None and self.last > self.now - relativedelta(months=self.months)

    @property
    def due(self) -> bool:
        """Nothing held within the rhythm, and nothing scheduled."""
        return not self.held_in_rhythm and self.next is None


@dataclass
class PlannerRow:
    member: ServiceUnit | Organization
    is_unit: bool
    cells: list[PlannerCell]

    @property
    def host_value(self) -> str:
        return f"{'unit' if self.is_unit else 'ngo'}:{self.member.pk}"

    @property
    def meetup(self) -> PlannerCell:
        return self.cells[RHYTHM_KINDS.index(MeetingKind.MEETUP)]


@dataclass
class AreaPlan:
    area: WelfareArea
    rows: list[PlannerRow]

    @property
    def met_this_month(self) -> list[PlannerRow]:
        return [row for row in self.rows if row.meetup.month_held]

    @property
    def scheduled_this_month(self) -> list[PlannerRow]:
        return [
            row for row in self.rows if row.meetup.month_scheduled and not row.meetup.month_held
        ]

    @property
    def no_meetup_this_month(self) -> list[PlannerRow]:
        return [
            row for row in self.rows if not row.meetup.month_held and not row.meetup.month_scheduled
        ]

    def due_summary(self) -> list[tuple[str, int]]:
        """(kind, how many units and NGOs are due one) for each kind with a rhythm."""
        return [
            (MeetingKind(kind).label, sum(1 for row in self.rows if row.cells[index].due))
            for index, kind in enumerate(RHYTHM_KINDS)
        ]


def month_bounds(month: date) -> tuple[datetime, datetime]:
    start = datetime(month.year, month.month, 1, tzinfo=MEETING_TIME_ZONE)
    end = (start.replace(tzinfo=None) + relativedelta(months=1)).replace(tzinfo=MEETING_TIME_ZONE)
    return start, end


def planner_areas(user) -> QuerySet[WelfareArea]:
    return WelfareArea.objects.coordinated_by(user).order_by("name")


def _aggregates(queryset, start: str, now: datetime, month_start, month_end):
    in_month = Q(**{f"{start}__gte": month_start, f"{start}__lt": month_end})
    return queryset.annotate(
        last=Max(start, filter=Q(**{f"{start}__lte": now})),
        next=Min(start, filter=Q(**{f"{start}__gt": now})),
        month_held=Max(start, filter=in_month & Q(**{f"{start}__lte": now})),
        month_scheduled=Min(start, filter=in_month & Q(**{f"{start}__gt": now})),
    ).order_by()


def area_plans(areas, *, month: date, now: datetime | None = None) -> list[AreaPlan]:
    """For each area, its units and active NGOs by the kinds with a rhythm: when each last
    met and when it meets next. A unit or an NGO has met when it hosted the meeting, or
    when one of its named network representatives was invited and did not decline (and,
    once the host has confirmed the attendance, came). Cancelled meetings do not count.

    Five queries however many units, NGOs and meetings: the areas, the units, the NGOs,
    the meetings they hosted and the invitations of their representatives, the last two
    aggregated by the database."""
    now = now or timezone.now()
    month_start, month_end = month_bounds(month)
    areas = list(areas)
    area_ids = [area.pk for area in areas]
    units = list(
        ServiceUnit.objects.filter(welfare_area_id__in=area_ids).only("pk", "name", "welfare_area")
    )
    organizations = list(
        Organization.objects.public()
        .filter(welfare_area_id__in=area_ids)
        .only("pk", "name", "welfare_area")
    )
    hosted = _aggregates(
        Meeting.objects.filter(kind__in=RHYTHM_KINDS)
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(
            Q(host_unit__welfare_area_id__in=area_ids)
            | Q(host_organization__welfare_area_id__in=area_ids)
        )
        .values("kind", "host_unit_id", "host_organization_id"),
        "start",
        now,
        month_start,
        month_end,
    )
    represented = _aggregates(
        Invitation.objects.filter(meeting__kind__in=RHYTHM_KINDS)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .exclude(response=Invitation.Response.NO)
        .exclude(meeting__attendance_confirmed_at__isnull=False, attended=False)
        .filter(
            Q(membership__service_unit__welfare_area_id__in=area_ids)
            | Q(membership__organization__welfare_area_id__in=area_ids)
        )
        .values("meeting__kind", "membership__service_unit_id", "membership__organization_id"),
        "meeting__start",
        now,
        month_start,
        month_end,
    )
    cells: dict[tuple[str, int], dict[str, PlannerCell]] = {}

    def cells_of(key) -> dict[str, PlannerCell]:
        if key not in cells:
            cells[key] = {
                kind: PlannerCell(kind=kind, months=RHYTHM_MONTHS[kind], now=now)
                for kind in RHYTHM_KINDS
            }
        return cells[key]

    for row in hosted:
        if row["host_organization_id"]:
            cells_of(("ngo", row["host_organization_id"]))[row["kind"]].merge(row)
        elif row["host_unit_id"]:
            cells_of(("unit", row["host_unit_id"]))[row["kind"]].merge(row)
    for row in represented:
        kind = row["meeting__kind"]
        if row["membership__organization_id"]:
            cells_of(("ngo", row["membership__organization_id"]))[kind].merge(row)
        elif row["membership__service_unit_id"]:
            cells_of(("unit", row["membership__service_unit_id"]))[kind].merge(row)

    plans = []
    for area in areas:
        rows = [
            PlannerRow(unit, True, list(cells_of(("unit", unit.pk)).values()))
            for unit in units
            if unit.welfare_area_id == area.pk
        ] + [
            PlannerRow(ngo, False, list(cells_of(("ngo", ngo.pk)).values()))
            for ngo in organizations
            if ngo.welfare_area_id == area.pk
        ]
        plans.append(AreaPlan(area=area, rows=rows))
    return plans


def month_choices(now: datetime | None = None) -> list[date]:
    """The months the planner offers: the last twelve, this one and the next two."""
    today = timezone.localtime(now or timezone.now(), MEETING_TIME_ZONE).date().replace(day=1)
    return [today + relativedelta(months=offset) for offset in range(2, -13, -1)]

"""The referral figures of a period, for one of the person's scopes: the referrals their
units sent (`Referral.objects.sent_from_units_of`), those their NGOs received
(`received_by`) or those to and from the welfare areas they coordinate (`in_areas_of`).
Counts by state and outcome, medians of the days to the answer and to the first contact
(PostgreSQL's percentile_cont), counts by client language (unnest) and theme: four
queries, whatever the number of referrals. Counts only, after small-count suppression
(suppression.py); nothing here reads a personal field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Aggregate, CharField, Count, F, FloatField, Func, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext

from organizations.access import memberships_of
from organizations.languages import language_name
from organizations.models import UNIT_ROLES, Role, Theme

from ..models import HANDLER_ROLES, Outcome, Referral, State
from .suppression import HIDDEN, SHOWN, Cell, median_shown, suppress

SENT, RECEIVED, AREA = "sent", "received", "area"
# Every state a sent referral can be in, in the order of the loop.
STATES = [state for state in State if state != State.DRAFT]


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, interpolated, NULLs left out."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _days_after_sending(field: str) -> Func:
    return Func(
        F(field) - F("sent_at"),
        template="EXTRACT(EPOCH FROM %(expressions)s) / 86400.0",
        output_field=FloatField(),
    )


@dataclass(frozen=True)
class Scope:
    """Whose referrals are counted: `key` is SENT, RECEIVED or AREA; `names` the units,
    NGOs or welfare areas it covers (empty for a platform admin's AREA: every area)."""

    key: str
    names: tuple[str, ...]

    @property
    def label(self) -> str:
        names = ", ".join(self.names)
        count = len(self.names)
        if self.key == SENT:
            return ngettext(
                "Referrals sent by your unit: %(names)s",
                "Referrals sent by your units: %(names)s",
                count,
            ) % {"names": names}
        if self.key == RECEIVED:
            return ngettext(
                "Referrals received by your organisation: %(names)s",
                "Referrals received by your organisations: %(names)s",
                count,
            ) % {"names": names}
        if not names:
            return gettext("Referrals to and from every welfare area")
        return ngettext(
            "Referrals to and from your welfare area: %(names)s",
            "Referrals to and from your welfare areas: %(names)s",
            count,
        ) % {"names": names}

    @property
    def choice_label(self) -> str:
        """The scope in the form's list: short, so that the names show."""
        names = ", ".join(self.names)
        if self.key == SENT:
            return gettext("Sent by %(names)s") % {"names": names}
        if self.key == RECEIVED:
            return gettext("Received by %(names)s") % {"names": names}
        if not names:
            return gettext("To and from every welfare area")
        return gettext("To and from %(names)s") % {"names": names}

    def referrals(self, user) -> QuerySet[Referral]:
        lookup = {
            SENT: Referral.objects.sent_from_units_of,
            RECEIVED: Referral.objects.received_by,
            AREA: Referral.objects.in_areas_of,
        }[self.key]
        return lookup(user).exclude(state=State.DRAFT)


def figure_scopes(user) -> list[Scope]:
    """The scopes the person may count, from the memberships already read for the
    request (no query of its own). The same roles as the rule referrals.see_figures."""
    memberships = memberships_of(user)

    def names(members) -> tuple[str, ...]:
        return tuple(sorted({str(member) for member in members}))

    scopes = []
    units = names(m.service_unit for m in memberships if m.service_unit_id and m.role in UNIT_ROLES)
    if units:
        scopes.append(Scope(SENT, units))
    organizations = names(
        m.organization for m in memberships if m.organization_id and m.role in HANDLER_ROLES
    )
    if organizations:
        scopes.append(Scope(RECEIVED, organizations))
    areas = names(m.welfare_area for m in memberships if m.role == Role.COORDINATOR)
    if user.is_superuser:
        scopes.append(Scope(AREA, ()))
    elif areas:
        scopes.append(Scope(AREA, areas))
    return scopes


def scope_for(scopes: list[Scope], membership) -> Scope:
    """The scope of the role the person acts in (the "Acting as" choice), else the
    first."""
    role = getattr(membership, "role", None)
    key = None
    if role in UNIT_ROLES:
        key = SENT
    elif role in HANDLER_ROLES:
        key = RECEIVED
    elif role == Role.COORDINATOR:
        key = AREA
    return next((scope for scope in scopes if scope.key == key), scopes[0])


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in Finnish time."""

    start: date
    end: date

    @classmethod
    def last_twelve_months(cls, today: date) -> Period:
        return cls(start=today - relativedelta(years=1) + timedelta(days=1), end=today)

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )


@dataclass(frozen=True)
class Row:
    label: str
    cell: Cell


@dataclass(frozen=True)
class Figures:
    scope: Scope
    period: Period
    total: Cell
    states: list[Row]
    closed: Cell
    outcomes: list[Row]
    # Median days, or None when fewer than MIN_COUNT referrals have one.
    days_to_answer: float | None
    days_to_first_contact: float | None
    # Referrals can have several languages and themes: these rows do not add up.
    languages: list[Row]
    themes: list[Row]

    @property
    def cells(self) -> list[Cell]:
        rows = [*self.states, *self.outcomes, *self.languages, *self.themes]
        return [self.total, self.closed, *(row.cell for row in rows)]

    @property
    def any_hidden(self) -> bool:
        """Whether some count was hidden to protect a small one (the page explains it)."""
        return any(cell.status == HIDDEN for cell in self.cells)


def referral_figures(*, user, scope: Scope, period: Period) -> Figures:
    start, end = period.bounds()
    referrals = scope.referrals(user).filter(sent_at__gte=start, sent_at__lt=end)

    # 1. By state, and the closed ones by outcome.
    counts = {("state", state): 0 for state in STATES}
    counts |= {("outcome", outcome): 0 for outcome in Outcome}
    for row in referrals.values("state", "outcome").annotate(n=Count("pk")).order_by():
        counts[("state", row["state"])] += row["n"]
        if row["state"] == State.CLOSED:
            # A closed referral always has an outcome; "other" keeps the sum whole if not.
            counts[("outcome", row["outcome"] or Outcome.OTHER)] += row["n"]
    total = ("total",)
    counts[total] = sum(counts[("state", state)] for state in STATES)
    closed = ("state", State.CLOSED)
    cells = suppress(
        counts,
        [
            (total, [("state", state) for state in STATES]),
            (closed, [("outcome", outcome) for outcome in Outcome]),
        ],
    )

    # 2. The medians, in days (calendar days, with fractions).
    medians = referrals.aggregate(
        answered=Count("responded_at"),
        answer=Median(_days_after_sending("responded_at")),
        contacted=Count("first_contact_at"),
        contact=Median(_days_after_sending("first_contact_at")),
    )

    # 3. By client language: one row per language of each referral.
    by_language = (
        referrals.annotate(
            language=Func(F("client_languages"), function="unnest", output_field=CharField())
        )
        .values("language")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ui_language = get_language() or "fi"
    languages: dict[str, int] = {}
    for row in by_language:
        name = language_name(row["language"], ui_language)
        languages[name] = languages.get(name, 0) + row["n"]

    # 4. By theme.
    themes = (
        Theme.objects.filter(referral__in=referrals.values("pk"))
        .annotate(n=Count("referral"))
        .order_by()
    )
    themes = _rows({str(theme): theme.n for theme in themes})

    return Figures(
        scope=scope,
        period=period,
        total=cells[total],
        states=[Row(State(state).label, cells[("state", state)]) for state in STATES],
        closed=cells[closed],
        outcomes=[Row(outcome.label, cells[("outcome", outcome)]) for outcome in Outcome],
        days_to_answer=median_shown(medians["answer"], medians["answered"]),
        days_to_first_contact=median_shown(medians["contact"], medians["contacted"]),
        languages=_rows(languages),
        themes=themes,
    )


def _rows(counts: dict[str, int]) -> list[Row]:
    """Rows of a table without a total (a referral may be in several): the shown counts,
    largest first, then the small ones in alphabetical order, so that the order does not
    rank the counts it hides."""
    cells = suppress(counts)
    shown = sorted(
        (label for label in counts if cells[label].status == SHOWN),
        key=lambda label: (-counts[label], label),
    )
    small = sorted(label for label in counts if cells[label].status != SHOWN)
    return [Row(label, cells[label]) for label in [*shown, *small]]

"""What the receiving NGO's pages read: the referral inbox (open referrals first, with
their age in working days and what is due; the ended ones apart) and the counts that the
inbox and the "My work" panel show. Nothing here loads a referral's personal fields: the
inbox shows no client data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise, cached_property
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from coact.fields import encrypted_fields
from coact.workdays import working_days_between
from organizations.languages import language_name
from organizations.models import Theme

from ..models import (
    ANSWERED,
    ENDED_STATES,
    OPEN_STATES,
    DeclineReason,
    Outcome,
    Referral,
    State,
)

PER_PAGE = 25
PERSONAL_FIELDS = tuple(field.name for field in encrypted_fields(Referral))


def inbox_counts(referrals: QuerySet[Referral], *, now: datetime | None = None) -> dict:
    """One query: how many are waiting for an answer (and since when), how many of those
    are late (past the reminder), how many are in progress, how many have ended."""
    now = now or timezone.now()
    waiting = Q(state=State.SENT)
    return referrals.aggregate(
        waiting=Count("pk", filter=waiting),
        oldest_waiting=Min("sent_at", filter=waiting),
        late=Count("pk", filter=waiting & Q(remind_at__lte=now)),
        in_progress=Count("pk", filter=Q(state__in=OPEN_STATES) & ~waiting),
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        ended=Count("pk", filter=Q(state__in=ENDED_STATES)),
    )


@dataclass(frozen=True)
class Due:
    """What the handler should do next about an open referral."""

    text: Promise | str
    late: bool = False


def _day_before(moment: datetime | None) -> date | None:
    # The time limits are the start of the day after the last working day they allow.
    return timezone.localtime(moment).date() - timedelta(days=1) if moment else None


def due_for(referral: Referral, *, now: datetime) -> Due | None:
    """Answer by the day before the reminder; once reminded, it is late, and expires
    after the day before its expiry. Then: reach the client, meet, close."""
    if referral.state != State.SENT:
        return _NEXT_STEP.get(referral.state)
    if referral.remind_at and now >= referral.remind_at:
        last_day = _day_before(referral.expire_at)
        if not last_day:
            return Due(_("Late: answer now."), late=True)
        late = gettext("Late: answer now. Without an answer by %(date)s, the referral expires.")
        return Due(late % {"date": _short(last_day)}, late=True)
    answer_by = _day_before(referral.remind_at)
    if not answer_by:
        return Due(_("Answer soon."))
    return Due(gettext("Answer by %(date)s.") % {"date": _short(answer_by)})


_NEXT_STEP = {
    State.ACCEPTED: Due(_("Try to reach the client, and record it.")),
    State.CONTACTED: Due(_("Record the first meeting.")),
    State.MET: Due(_("Close the referral with an outcome.")),
}


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@dataclass
class InboxRow:
    referral: Referral
    age: int | None  # working days since it was sent; None for an ended referral
    due: Due | None

    @cached_property
    def languages(self) -> str:
        ui = get_language() or "fi"
        return ", ".join(language_name(code, ui) for code in self.referral.client_languages)

    @cached_property
    def state(self) -> str:
        """The state, with the outcome or the reason for declining (codes from lists)."""
        # The choices' labels straight from the enums: get_FOO_display() rebuilds a dict
        # of the choices on every call, which 25 rows of a page felt.
        referral = self.referral
        detail = _label(Outcome, referral.outcome) or _label(DeclineReason, referral.decline_reason)
        state = _label(State, referral.state)
        return f"{state}: {detail}" if detail else str(state)

    @cached_property
    def themes(self) -> str:
        return ", ".join(theme.name for theme in self.referral.themes.all())


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label) if value else ""
    except ValueError:  # a code no longer in the list: show it as stored
        return value


def _age(referral: Referral, now: datetime) -> int | None:
    return working_days_between(referral.sent_at, now) if referral.sent_at else None


class _CountedPaginator(Paginator):
    """A paginator told its count (from inbox_counts), so it does not ask again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def inbox_page(
    referrals: QuerySet[Referral], *, ended: bool, count: int, page_number, now=None
) -> Page:
    """One page of the inbox, as InboxRows. Open: those waiting for an answer first, the
    oldest first (the most urgent), then those in progress, the oldest first. Ended: the
    newest first. Two queries: the page, its themes."""
    now = now or timezone.now()
    if ended:
        rows = referrals.filter(state__in=ENDED_STATES)
        order = ("-sent_at", "-pk")
    else:
        rows = referrals.filter(state__in=OPEN_STATES)
        order = (ANSWERED, "sent_at", "pk")
    # The page's ids first, read in order from the index ("referral_inbox_open" or
    # "_ended"); only those rows are then joined to their unit and NGO, so a page deep in
    # a long inbox does not join every row before it. One query all the same.
    ids = rows.order_by(*order).values("pk")
    page = _CountedPaginator(ids, PER_PAGE, count=count).get_page(page_number)
    page.object_list = (
        Referral.objects.filter(pk__in=page.object_list)
        .defer(*PERSONAL_FIELDS)
        .select_related("sending_unit", "organization")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position", "slug")))
        .order_by(*order)
    )
    page.object_list = [
        InboxRow(
            referral=referral,
            age=None if ended else _age(referral, now),
            due=None if ended else due_for(referral, now=now),
        )
        for referral in page.object_list
    ]
    return page

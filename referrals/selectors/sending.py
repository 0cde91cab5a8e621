"""What the sending unit's pages read: its sent referrals, each with what is due next,
and the "My work" panel of open referrals and answers to look at. No list shows personal
data: a referral is named by its number and its NGO, so that a list can be read without
an audit row a line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import ENDED_STATES, DeclineReason, Outcome, Referral, State

# How long an answer, an outcome or an expiry stays on the "My work" panel.
RECENT_DAYS = 14


def sent_referrals(user, *, ended: bool = False) -> QuerySet[Referral]:
    """The referrals of the person's units (all their staff see them), open or ended,
    newest first, with what the list shows of them: one query a page."""
    referrals = Referral.objects.sent_from_units_of(user).select_related(
        "organization", "activity", "sending_unit"
    )
    if ended:
        referrals = referrals.filter(state__in=ENDED_STATES)
    else:
        referrals = referrals.exclude(state__in=ENDED_STATES)
    return referrals.order_by("-sent_at", "-created_at", "-pk")


def _day(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class Due:
    text: str
    attention: bool = False  # the worker has something to read or do


def what_is_due(referral: Referral, now: datetime | None = None) -> Due:
    """What the sender waits for, or how the referral ended, in words."""
    now = now or timezone.now()
    state = referral.state
    if state == State.SENT:
        if referral.remind_at and now < referral.remind_at:
            return Due(
                _("Waiting for the organisation's answer, due by %(date)s")
                % {"date": _day(referral.remind_at)}
            )
        if referral.expire_at:
            return Due(
                _("The answer is late. Without one the referral expires on %(date)s.")
                % {"date": _day(referral.expire_at)}
            )
        return Due(_("Waiting for the organisation's answer"))
    if state == State.ACCEPTED:
        return Due(_("Accepted: the organisation contacts the client next"))
    if state == State.CONTACTED:
        return Due(_("The client was reached: the first meeting is next"))
    if state == State.MET:
        return Due(_("The first meeting was held: the outcome is next"))
    if state == State.CLOSED:
        outcome = Outcome(referral.outcome).label if referral.outcome else ""
        return Due(_("Outcome: %(outcome)s") % {"outcome": outcome}, attention=True)
    if state == State.DECLINED:
        reason = DeclineReason(referral.decline_reason).label if referral.decline_reason else ""
        return Due(
            _("Declined: %(reason)s. Find the client another organisation.") % {"reason": reason},
            attention=True,
        )
    if state == State.EXPIRED:
        return Due(_("No answer in time. Find the client another organisation."), attention=True)
    if state == State.WITHDRAWN:
        return Due(_("The consent was withdrawn and the client's data erased."))
    return Due(_("Not sent"))


def age_in_days(referral: Referral, now: datetime | None = None) -> int:
    """Whole days since sending, counted on Finnish calendar days."""
    sent = referral.sent_at or referral.created_at
    today = timezone.localdate(now or timezone.now())
    return (today - timezone.localtime(sent).date()).days


def with_due(referrals, now: datetime | None = None) -> list[dict]:
    """The rows a list shows: the referral, what is due, its age."""
    now = now or timezone.now()
    return [
        {
            "referral": referral,
            "due": what_is_due(referral, now),
            "age": age_in_days(referral, now),
        }
        for referral in referrals
    ]


# --- The "My work" panel ------------------------------------------------------------------

PANEL_SHOWN = 5


def unit_panel(unit_id: int, now: datetime | None = None) -> dict:
    """The unit's open referrals (oldest waiting first) and those answered, closed or
    expired in the last RECENT_DAYS. Two queries, whatever the numbers."""
    now = now or timezone.now()
    since = now - timedelta(days=RECENT_DAYS)
    referrals = Referral.objects.filter(sending_unit_id=unit_id).select_related("organization")
    open_referrals = list(
        referrals.exclude(state__in=ENDED_STATES)
        .exclude(state=State.DRAFT)
        .order_by("sent_at", "pk")[: PANEL_SHOWN + 1]
    )
    answered = list(
        referrals.filter(
            Q(state__in=(State.ACCEPTED, State.DECLINED), responded_at__gte=since)
            | Q(state__in=(State.CLOSED, State.EXPIRED), ended_at__gte=since)
        ).order_by(Coalesce("ended_at", "responded_at").desc(), "-pk")[: PANEL_SHOWN + 1]
    )
    return {
        "open": with_due(open_referrals[:PANEL_SHOWN], now),
        "more_open": len(open_referrals) > PANEL_SHOWN,
        "answered": with_due(answered[:PANEL_SHOWN], now),
        "more_answered": len(answered) > PANEL_SHOWN,
        "recent_days": RECENT_DAYS,
    }

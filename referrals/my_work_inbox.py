"""The referral inbox's panel on the "My work" page (coact.my_work), for an NGO's
referral handlers and admins: how many new referrals wait for an answer, how long the
oldest has waited, how many are late, with a link to the inbox. Registered by
ReferralsConfig.ready() through register_inbox_panel()."""

from __future__ import annotations

from django.utils import timezone

from coact.workdays import working_days_between

from .models import HANDLER_ROLES, Referral
from .selectors.inbox import inbox_counts


def inbox_panel(request, membership) -> dict | None:
    """For a handler acting for their NGO: its referrals' counts. One query. Shown while
    the NGO receives referrals, and after that as long as any referral to it is open."""
    if membership is None or not membership.organization_id:
        return None
    if membership.role not in HANDLER_ROLES:
        return None
    now = timezone.now()
    referrals = Referral.objects.received_by(request.user).filter(
        organization_id=membership.organization_id
    )
    counts = inbox_counts(referrals, now=now)
    if not membership.organization.accepts_referrals and not counts["open"]:
        return None
    oldest = counts["oldest_waiting"]
    return {
        **counts,
        "organization": membership.organization,
        "oldest_age": working_days_between(oldest, now) if oldest else None,
    }


def register_inbox_panel() -> None:
    from coact import my_work

    my_work.register(
        "referrals.inbox",
        build=inbox_panel,
        template="referrals/my_work/inbox.html",
        order=5,
    )

"""The contact requests panel of "My work" (coact.my_work): for a unit's staff, the
requests waiting for the unit's answer or to be closed; for an NGO's workers who send
them, the open ones and the answers. Numbers, the other side and dates only: the page
shows no client data. Registered by register_contact_panel() in ReferralsConfig.ready()."""

from __future__ import annotations

from django.db.models import Count, Q

from coact.fields import encrypted_fields
from organizations.models import UNIT_ROLES

from .models import NGO_SENDER_ROLES, ContactRequest, ContactState

LIMIT = 5


def contact_requests(request, membership) -> dict | None:
    """Two queries: the counts by state, and the oldest open requests."""
    if membership is None:
        return None
    if membership.service_unit_id and membership.role in UNIT_ROLES:
        side = "received"
        requests = ContactRequest.objects.received_by(request.user).filter(
            service_unit_id=membership.service_unit_id
        )
    elif membership.organization_id and membership.role in NGO_SENDER_ROLES:
        side = "sent"
        requests = ContactRequest.objects.sent_by_organizations_of(request.user).filter(
            organization_id=membership.organization_id
        )
    else:
        return None
    counts = requests.aggregate(
        waiting=Count("pk", filter=Q(state=ContactState.SENT)),
        answered=Count("pk", filter=Q(state=ContactState.ANSWERED)),
    )
    shown = []
    if counts["waiting"] or counts["answered"]:
        shown = list(
            requests.open()
            .select_related("organization", "service_unit")
            # Never decrypted here: the panel shows no client data.
            .defer(*(field.name for field in encrypted_fields(ContactRequest)))
            .order_by("created_at", "pk")[:LIMIT]
        )
    return {"side": side, "requests": shown, **counts}


def register_contact_panel() -> None:
    from coact import my_work

    my_work.register(
        "referrals.contact_requests",
        build=contact_requests,
        template="referrals/my_work/contact_requests.html",
        order=15,
    )

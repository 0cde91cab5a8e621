"""Mail about referrals and contact requests: who is told, in their own language, through
the one mail path (coact.mail.queue_mail, in the caller's transaction). A mail names the
organisation, the unit and the referral's number, and links to the page; it never holds
client data, which stays behind the sign-in."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model

from coact.mail import queue_mail, url_in
from organizations.models import UNIT_ROLES, Role

from ..models import (
    HANDLER_ROLES,
    NGO_SENDER_ROLES,
    ContactRequest,
    Referral,
    ReferralEvent,
    State,
)

User = get_user_model()


def _active_members(**membership):
    """The active people with a membership that matches every one of `membership`
    (lookups on Membership, in one filter so that they hold for the same membership)."""
    lookups = {f"memberships__{lookup}": value for lookup, value in membership.items()}
    return User.objects.filter(is_active=True, **lookups).distinct()


def handlers_of(organization_id: int):
    return _active_members(organization_id=organization_id, role__in=HANDLER_ROLES)


def unit_staff_of(unit_id: int):
    return _active_members(service_unit_id=unit_id, role__in=UNIT_ROLES)


def coordinators_of(area_id: int):
    return _active_members(welfare_area_id=area_id, role=Role.COORDINATOR)


def _sender_or_all(people, sent_by_id: int | None):
    """The person who sent it while they are still among `people`, else all of them."""
    if sent_by_id and people.filter(pk=sent_by_id).exists():
        return people.filter(pk=sent_by_id)
    return people


def senders_of(referral: Referral):
    """The person who sent it while they still work in the unit, else the unit's staff."""
    return _sender_or_all(unit_staff_of(referral.sending_unit_id), referral.sent_by_id)


def _language(person) -> str:
    return person.preferred_language or "fi"


def tell(
    people: Iterable,
    *,
    template: str,
    event: ReferralEvent,
    link: tuple,
    context: dict,
) -> int:
    """One mail each, in the person's language, keyed on the event and the person, so
    that a repeat queues nothing. `link` is the page's URL name and arguments."""
    count = 0
    for person in people:
        language = _language(person)
        queue_mail(
            template=template,
            to=person.email,
            language=language,
            context={**context, "url": url_in(language, *link)},
            message_key=f"referral-event-{event.pk}-to-{person.pk}",
        )
        count += 1
    return count


def referral_context(referral: Referral) -> dict:
    return {
        "number": referral.pk,
        "organization": referral.organization.name,
        "unit": referral.sending_unit.name,
        "remind_days": settings.REFERRAL_REMIND_WORKING_DAYS,
        "escalate_days": settings.REFERRAL_ESCALATE_WORKING_DAYS,
        "expire_days": settings.REFERRAL_EXPIRE_WORKING_DAYS,
    }


def tell_handlers(referral: Referral, event: ReferralEvent, template: str) -> int:
    return tell(
        handlers_of(referral.organization_id),
        template=template,
        event=event,
        link=("referral_detail", referral.pk),
        context=referral_context(referral),
    )


def tell_senders(referral: Referral, event: ReferralEvent, template: str) -> int:
    return tell(
        senders_of(referral),
        template=template,
        event=event,
        link=("referral_detail", referral.pk),
        # The lazy label: rendered in each reader's language.
        context={**referral_context(referral), "state": State(referral.state).label},
    )


def tell_coordinators(referral: Referral, event: ReferralEvent, template: str) -> int:
    return tell(
        coordinators_of(referral.organization.welfare_area_id),
        template=template,
        event=event,
        link=("referral_figures",),
        context=referral_context(referral),
    )


def contact_request_context(request: ContactRequest) -> dict:
    return {
        "number": request.pk,
        "organization": request.organization.name,
        "unit": request.service_unit.name,
        "expire_days": settings.CONTACT_REQUEST_EXPIRE_WORKING_DAYS,
    }


def request_senders_of(request: ContactRequest):
    """The NGO worker who sent the request while they still hold a client-data role in
    the NGO, else everyone who does (NGO_SENDER_ROLES, the NGO's side of the page)."""
    people = _active_members(organization_id=request.organization_id, role__in=NGO_SENDER_ROLES)
    return _sender_or_all(people, request.sent_by_id)


def tell_unit(request: ContactRequest, event: ReferralEvent, template: str) -> int:
    return tell(
        unit_staff_of(request.service_unit_id),
        template=template,
        event=event,
        link=("contact_request_detail", request.pk),
        context=contact_request_context(request),
    )


def tell_requesting_ngo(request: ContactRequest, event: ReferralEvent, template: str) -> int:
    return tell(
        request_senders_of(request),
        template=template,
        event=event,
        link=("contact_request_detail", request.pk),
        context=contact_request_context(request),
    )

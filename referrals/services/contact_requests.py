"""Contact requests the other way (Co-Act step II): an NGO worker sees that a client needs
a social service but cannot make contact alone, and asks a unit's contact point to get in
touch, with the client's recorded consent; the unit answers and closes it. The same rules
as a referral: the consent rules of services.consent_rules, personal fields encrypted and
erased, every read and change audited (by id, never with client data), mail with no client
data. Each action locks the row, checks the side through the QuerySet methods the pages
use, moves it through the table below, and records the event, audit row and mail in one
transaction."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coact.audit import Action, audit_record
from coact.workdays import add_working_days
from organizations.access import organization_ids
from organizations.models import Organization

from ..models import (
    CONTACT_OPEN_STATES,
    NGO_SENDER_ROLES,
    Consent,
    ConsentMethod,
    ContactRequest,
    ContactState,
    EventKind,
    ReferralEvent,
)
from . import notify
from .consent_rules import (
    check_consent_and_client,
    checked_text,
    consent_record,
    personal_fields,
)
from .erasure import contact_request_erase
from .transitions import HANDLER, SENDER, SYSTEM, Move, TransitionRefused, apply_move

ANSWER_MAX_CHARS = 2000

# The sides of the shared Move: the "sender" is the NGO that asks, the "handler" the unit
# that answers.
CONTACT_MOVES: dict[str, Move] = {
    "answer": Move(
        frozenset({ContactState.SENT}),
        ContactState.ANSWERED,
        HANDLER,
        EventKind.ANSWERED,
        _("Only a request that is waiting for an answer can be answered."),
    ),
    "close": Move(
        frozenset({ContactState.ANSWERED}),
        ContactState.CLOSED,
        HANDLER,
        EventKind.CLOSED,
        _("Only an answered request that is still open can be closed. Answer it first."),
    ),
    # Also after the end: until the erasure the row still holds the client's data, and a
    # withdrawal removes it at once.
    "withdraw": Move(
        frozenset({*CONTACT_OPEN_STATES, ContactState.CLOSED, ContactState.EXPIRED}),
        ContactState.WITHDRAWN,
        SENDER,
        EventKind.WITHDRAWN,
        _("The consent to this request has been withdrawn already."),
    ),
    "expire": Move(
        frozenset({ContactState.SENT}),
        ContactState.EXPIRED,
        SYSTEM,
        EventKind.EXPIRED,
        _("Only a request that is waiting for an answer can expire."),
    ),
}

_STAMPS = {
    ContactState.ANSWERED: ("answered_at",),
    ContactState.CLOSED: ("ended_at",),
    ContactState.WITHDRAWN: ("ended_at",),
    ContactState.EXPIRED: ("ended_at",),
}


def contact_transition(
    request: ContactRequest, action: str, *, by, now=None, code: str = ""
) -> ReferralEvent:
    """Move a contact request (locked, inside the caller's transaction) and record it."""
    return apply_move(
        request,
        CONTACT_MOVES[action],
        stamps=_STAMPS,
        by=by,
        code=code,
        now=now,
        contact_request=request,
    )


def _audit(request: ContactRequest, by, action: str, what: str) -> None:
    # Named by id only; `what` is a code, never client data.
    audit_record(
        action=action,
        actor=by,
        obj=request,
        object_repr="",
        welfare_area_code=request.service_unit.welfare_area.code,
        details={"what": what},
    )


def _locked(request: ContactRequest) -> ContactRequest:
    return (
        ContactRequest.objects.select_for_update(of=("self",))
        .select_related("organization", "service_unit__welfare_area")
        .get(pk=request.pk)
    )


def _as_sender(request: ContactRequest, by) -> None:
    if not ContactRequest.objects.sent_by_organizations_of(by).filter(pk=request.pk).exists():
        raise PermissionDenied


def _as_unit(request: ContactRequest, by) -> None:
    if not ContactRequest.objects.received_by(by).filter(pk=request.pk).exists():
        raise PermissionDenied


def unit_receives_contact_requests(unit) -> bool:
    """Someone at the unit works in the portal and so reads the requests."""
    return notify.unit_staff_of(unit.pk).exists()


@transaction.atomic
def contact_request_send(*, organization, unit, by, consent: dict, client: dict) -> ContactRequest:
    """Record the consent (its recipient the unit) and send the request to the unit's
    contact point. `consent` holds the Consent's fields (purpose, categories, method,
    language, interpreter_used, valid_until); `client` the request's client fields
    (client_languages, interpreter_needed and the personal fields of the ticked
    categories)."""
    if organization.pk not in organization_ids(by, NGO_SENDER_ROLES):
        raise PermissionDenied
    if organization.status != Organization.Status.ACTIVE:
        raise ValidationError(
            _(
                "Your organisation is still waiting for approval. Contact requests can be "
                "sent once a coordinator has approved it."
            ),
            code="pending",
        )
    if not unit_receives_contact_requests(unit):
        raise ValidationError(
            _(
                "Nobody at this unit reads contact requests in the portal yet. Use the "
                "unit's phone number or e-mail address instead."
            ),
            code="closed",
        )
    categories = check_consent_and_client(
        consent=consent,
        client=client,
        reach_message=_(
            "Give a phone number or an e-mail address, so that the unit can reach the client."
        ),
    )

    now = timezone.now()
    recorded = consent_record(
        consent=consent, categories=categories, by=by, now=now, service_unit=unit
    )
    request = ContactRequest.objects.create(
        organization=organization,
        sent_by=by,
        service_unit=unit,
        consent=recorded,
        state=ContactState.SENT,
        client_languages=list(client.get("client_languages") or []),
        interpreter_needed=bool(client.get("interpreter_needed")),
        **personal_fields(client),
        created_at=now,
        expire_at=add_working_days(now, settings.CONTACT_REQUEST_EXPIRE_WORKING_DAYS),
    )
    event = ReferralEvent.objects.create(
        contact_request=request,
        kind=EventKind.SENT,
        to_state=ContactState.SENT,
        actor=by,
        occurred_at=now,
    )
    _audit(request, by, Action.CLIENT_DATA_CHANGED, "sent")
    notify.tell_unit(request, event, "contact_request_received")
    return request


@transaction.atomic
def contact_request_answer(*, request: ContactRequest, by, answer: str) -> ContactRequest:
    """The unit's answer to the NGO (what it will do, when it will call the client)."""
    request = _locked(request)
    _as_unit(request, by)
    answer = checked_text(
        "answer",
        answer,
        limit=ANSWER_MAX_CHARS,
        missing=_("Write the answer first."),
        too_long=_("An answer can be at most %(limit)d characters."),
    )
    event = contact_transition(request, "answer", by=by)
    request.answer = answer
    request.save(update_fields=["answer"])
    _audit(request, by, Action.CLIENT_DATA_CHANGED, "answered")
    notify.tell_requesting_ngo(request, event, "contact_request_answered")
    return request


@transaction.atomic
def contact_request_close(*, request: ContactRequest, by) -> ContactRequest:
    """The unit has done what it answered: the request ends, and its personal data is
    erased REFERRAL_ERASE_AFTER_DAYS later."""
    request = _locked(request)
    _as_unit(request, by)
    event = contact_transition(request, "close", by=by)
    _audit(request, by, Action.CLIENT_DATA_CHANGED, "closed")
    notify.tell_requesting_ngo(request, event, "contact_request_closed")
    return request


@transaction.atomic
def contact_request_withdraw(*, request: ContactRequest, by, method: str) -> ContactRequest:
    """The client withdrew consent (or the NGO cancels): the personal data is erased at
    once, the unit is told, and only the anonymous trail remains."""
    request = _locked(request)
    _as_sender(request, by)
    if method not in ConsentMethod.values:
        raise ValidationError({"method": _("Choose how the client withdrew the consent.")})
    if request.erased_at is not None and request.state != ContactState.WITHDRAWN:
        raise TransitionRefused(
            _("The client's details have been erased already, so there is nothing to withdraw."),
            code="transition",
        )
    now = timezone.now()
    event = contact_transition(request, "withdraw", by=by, now=now)
    Consent.objects.filter(pk=request.consent_id).update(
        withdrawn_at=now, withdrawn_by=by, withdrawal_method=method
    )
    _audit(request, by, Action.CLIENT_DATA_CHANGED, "withdrawn")
    contact_request_erase(request=request, by=by, now=now)
    notify.tell_unit(request, event, "contact_request_withdrawn")
    return request


def contact_request_expire(*, request: ContactRequest, now=None) -> ContactRequest:
    """No one at the unit answered in time (the periodic scan, with the row claimed): the
    request ends and the NGO is told to reach the unit another way."""
    event = contact_transition(request, "expire", by=None, now=now)
    notify.tell_requesting_ngo(request, event, "contact_request_expired")
    return request


def contact_request_personal_data_read(
    *, request: ContactRequest, by, what: str = "detail"
) -> None:
    """Every read of a contact request's personal data leaves an audit row (the Client
    Data Act's right to know who has processed the client's data)."""
    action = (
        Action.CLIENT_DATA_EXPORTED if what in ("print", "export") else Action.CLIENT_DATA_VIEWED
    )
    _audit(request, by, action, what)

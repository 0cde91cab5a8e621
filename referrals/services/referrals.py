"""Everything that changes a referral: sending it with the client's consent, the NGO's
answers, contact, the first meeting, the outcome, messages and withdrawal. Each action
locks the row, checks the side (the sending unit's staff or the NGO's handlers, through
the same QuerySet methods the pages use), moves it through the transition table, records
the event and audit row, and queues the mail, in one transaction."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coact.audit import Action, audit_record
from coact.fields import encrypted_fields
from coact.workdays import add_working_days

from ..models import (
    ENDED_STATES,
    Consent,
    ConsentMethod,
    DeclineReason,
    EventKind,
    Outcome,
    Referral,
    ReferralEvent,
    ReferralMessage,
    State,
)
from . import notify
from .consent_rules import (
    check_consent_and_client,
    check_free_text,
    checked_text,
    consent_record,
    personal_fields,
)
from .erasure import referral_erase
from .transitions import MOVES, TransitionRefused, transition

MESSAGE_MAX_CHARS = 1000


def _audit(referral: Referral, by, action: str, what: str) -> None:
    # Named by id only; `what` is a code, never client data.
    audit_record(
        action=action,
        actor=by,
        obj=referral,
        object_repr="",
        welfare_area_code=referral.sending_unit.welfare_area.code,
        details={"what": what},
    )


def _locked(referral: Referral, *, personal: bool = True) -> Referral:
    rows = Referral.objects.select_for_update(of=("self",)).select_related(
        "organization", "sending_unit__welfare_area"
    )
    if not personal:
        # Unread, so that a value no key opens cannot stop what only erases it.
        rows = rows.defer(*(field.name for field in encrypted_fields(Referral)))
    return rows.get(pk=referral.pk)


def _as_sender(referral: Referral, by) -> None:
    if not Referral.objects.sent_from_units_of(by).filter(pk=referral.pk).exists():
        raise PermissionDenied


def _as_handler(referral: Referral, by) -> None:
    if not Referral.objects.received_by(by).filter(pk=referral.pk).exists():
        raise PermissionDenied


def deadlines(sent_at) -> dict:
    """When an unanswered referral is reminded, told to the coordinator and expired, in
    Finnish working days from sending (REFERRAL_*_WORKING_DAYS)."""
    return {
        "remind_at": add_working_days(sent_at, settings.REFERRAL_REMIND_WORKING_DAYS),
        "escalate_at": add_working_days(sent_at, settings.REFERRAL_ESCALATE_WORKING_DAYS),
        "expire_at": add_working_days(sent_at, settings.REFERRAL_EXPIRE_WORKING_DAYS),
    }


def referral_check(*, consent: dict, client: dict) -> list[str]:
    """What the consent and the client data must be before anything leaves the unit,
    every problem at once (the form shows them all in one go), keyed by the fields of
    referral_send's `consent` and `client`: services.consent_rules, shared with contact
    requests. Returns the ticked categories."""
    return check_consent_and_client(
        consent=consent,
        client=client,
        reach_message=_(
            "Give a phone number or an e-mail address, so that the NGO can reach the client."
        ),
    )


@transaction.atomic
def referral_send(
    *,
    unit,
    organization,
    by,
    consent: dict,
    client: dict,
    activity=None,
    themes=(),
) -> Referral:
    """Record the consent and send the referral to `organization`. `consent` holds the
    Consent's fields (purpose, categories, method, language, interpreter_used,
    valid_until); `client` the referral's client fields (client_languages,
    interpreter_needed, escort_needed and the personal fields of the ticked categories)."""
    from organizations.access import unit_ids
    from organizations.models import UNIT_ROLES

    if unit.pk not in unit_ids(by, UNIT_ROLES):
        raise PermissionDenied
    if not organization.accepts_referrals or not notify.handlers_of(organization.pk).exists():
        raise ValidationError(
            _("This organisation does not receive referrals in the portal."), code="closed"
        )
    if activity is not None and activity.organization_id != organization.pk:
        raise ValidationError(_("The activity belongs to another organisation."), code="activity")
    categories = referral_check(consent=consent, client=client)

    now = timezone.now()
    recorded = consent_record(
        consent=consent, categories=categories, by=by, now=now, organization=organization
    )
    referral = Referral.objects.create(
        sending_unit=unit,
        sent_by=by,
        organization=organization,
        activity=activity,
        consent=recorded,
        client_languages=list(client.get("client_languages") or []),
        interpreter_needed=bool(client.get("interpreter_needed")),
        escort_needed=bool(client.get("escort_needed")),
        **personal_fields(client),
        **deadlines(now),
    )
    referral.themes.set(themes)
    event = transition(referral, "send", by=by, now=now)
    _audit(referral, by, Action.CLIENT_DATA_CHANGED, "sent")
    notify.tell_handlers(referral, event, "referral_received")
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, by) -> Referral:
    referral = _locked(referral)
    _as_handler(referral, by)
    event = transition(referral, "accept", by=by)
    notify.tell_senders(referral, event, "referral_answered")
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, by, reason: str, note: str = "") -> Referral:
    referral = _locked(referral)
    _as_handler(referral, by)
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    check_free_text(note=note)
    event = transition(referral, "decline", by=by, code=reason)
    referral.decline_reason = reason
    referral.decline_note = note
    referral.save(update_fields=["decline_reason", "decline_note"])
    _audit(referral, by, Action.CLIENT_DATA_CHANGED, "declined")
    notify.tell_senders(referral, event, "referral_answered")
    return referral


@transaction.atomic
def referral_contact_attempt(*, referral: Referral, by, reached: bool, at=None) -> Referral:
    """A try to reach the client. Reaching them moves the referral to "contacted"; a try
    that did not reach them is only recorded on the timeline."""
    referral = _locked(referral)
    _as_handler(referral, by)
    at = at or timezone.now()
    if reached:
        transition(referral, "contact", by=by, now=at)
    else:
        if referral.state != State.ACCEPTED:
            raise TransitionRefused(
                _("Tries to reach the client are recorded for an accepted referral only."),
                code="transition",
            )
        ReferralEvent.objects.create(
            referral=referral, kind=EventKind.CONTACT_ATTEMPT, actor=by, occurred_at=at
        )
    return referral


@transaction.atomic
def referral_meeting_record(*, referral: Referral, by, at=None) -> Referral:
    referral = _locked(referral)
    _as_handler(referral, by)
    event = transition(referral, "meet", by=by, now=at)
    notify.tell_senders(referral, event, "referral_answered")
    return referral


@transaction.atomic
def referral_close(*, referral: Referral, by, outcome: str, note: str = "") -> Referral:
    referral = _locked(referral)
    _as_handler(referral, by)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome from the list.")})
    check_free_text(note=note)
    event = transition(referral, "close", by=by, code=outcome)
    referral.outcome = outcome
    referral.outcome_note = note
    referral.save(update_fields=["outcome", "outcome_note"])
    _audit(referral, by, Action.CLIENT_DATA_CHANGED, "closed")
    notify.tell_senders(referral, event, "referral_answered")
    return referral


def can_withdraw(referral: Referral) -> bool:
    """The client may withdraw the consent at any time (GDPR art. 7(3)): while the
    referral is open it ends as withdrawn; once it has ended, for as long as the portal
    still holds the client's data (until the erasure), the data is erased at once and the
    referral keeps its end and outcome for the figures."""
    if referral.state in MOVES["withdraw"].sources:
        return True
    ended = referral.state in ENDED_STATES and referral.state != State.WITHDRAWN
    return ended and referral.erased_at is None


@transaction.atomic
def referral_withdraw(*, referral: Referral, by, method: str) -> Referral:
    """The client withdrew consent (or the sender cancels): the personal data is erased
    at once, the NGO is told, and only the anonymous trail remains."""
    referral = _locked(referral, personal=False)
    _as_sender(referral, by)
    if method not in ConsentMethod.values:
        # A code from the list: this column outlives the erasure.
        raise ValidationError({"method": _("Choose from the list how the client withdrew.")})
    if not can_withdraw(referral):
        raise TransitionRefused(
            _("The client's details have been erased already, so there is nothing to withdraw."),
            code="transition",
        )
    now = timezone.now()
    if referral.state in ENDED_STATES:
        # After the end the state stays (closed with its outcome, declined, expired): the
        # withdrawal is an event of its own, and the erasure follows at once.
        event = ReferralEvent.objects.create(
            referral=referral,
            kind=EventKind.WITHDRAWN,
            actor=by,
            occurred_at=now,
            from_state=referral.state,
            to_state=referral.state,
        )
    else:
        event = transition(referral, "withdraw", by=by, now=now)
    Consent.objects.filter(pk=referral.consent_id).update(
        withdrawn_at=now, withdrawn_by=by, withdrawal_method=method
    )
    referral_erase(referral=referral, by=by, now=now)
    if event.from_state != State.DRAFT:
        notify.tell_handlers(referral, event, "referral_withdrawn")
    return referral


@transaction.atomic
def referral_message_post(*, referral: Referral, by, text: str) -> ReferralMessage:
    referral = _locked(referral)
    # The side first: someone outside learns nothing of the referral from the refusal.
    sender_side = Referral.objects.sent_from_units_of(by).filter(pk=referral.pk).exists()
    if not sender_side:
        _as_handler(referral, by)
    text = checked_text(
        "text",
        text,
        limit=MESSAGE_MAX_CHARS,
        missing=_("Write the message first."),
        too_long=_("A message can be at most %(limit)d characters."),
    )
    if not referral.is_open:
        raise TransitionRefused(
            _("Messages can be sent only while the referral is open."), code="transition"
        )
    message = ReferralMessage.objects.create(referral=referral, author=by, text=text)
    event = ReferralEvent.objects.create(referral=referral, kind=EventKind.MESSAGE, actor=by)
    _audit(referral, by, Action.CLIENT_DATA_CHANGED, "message")
    if sender_side:
        notify.tell_handlers(referral, event, "referral_message")
    else:
        notify.tell_senders(referral, event, "referral_message")
    return message


def referral_personal_data_read(*, referral: Referral, by, what: str = "detail") -> None:
    """Every read of a referral's personal data leaves an audit row (the Client Data
    Act's right to know who has processed the client's data)."""
    action = (
        Action.CLIENT_DATA_EXPORTED if what in ("print", "export") else Action.CLIENT_DATA_VIEWED
    )
    _audit(referral, by, action, what)
    if what == "print":
        ReferralEvent.objects.create(referral=referral, kind=EventKind.PRINTED, actor=by)


def consent_valid_until_default() -> date:
    return timezone.localdate() + timedelta(days=settings.REFERRAL_CONSENT_VALID_DAYS)

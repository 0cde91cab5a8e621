"""Turn referrals.yaml (beside this module) into rows, after the demo NGOs, units, sign-ins
and networks: referrals in every state a sent referral can be in, between the demo units
and the demo NGOs that accept referrals, with invented client data that says "Demo"
everywhere, and dated in the past as if they had happened.

No e-mail is sent. The rows are written here, not through referrals.services, whose every
action queues mail to the other side; but each move goes through the one transition
table (services.transition) with its moment in the past, so the states, the times the
figures read (sent_at, responded_at, first_contact_at...) and the timeline events are
what the services would have written. What the periodic scan would have done meanwhile
(the reminder, the coordinator's notice, the expiry, the erasure after the end) is
written as done, at the moment it came due, so the next scan has nothing to mail about
the past.

Safe to run again: each referral is found again by its key in the data, kept in the
audit row written when it was seeded ({"what": "sent", "demo": key}), which outlives the
erasure of the referral's personal data. Referrals already there are left as they are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from coact.audit import Action, audit_record
from coact.identity_codes import reject_identity_codes
from coact.models import AuditEvent, User
from coact.workdays import is_working_day
from organizations.demo.values import read as read_file
from organizations.models import Activity, Membership, Organization, ServiceUnit, Theme

from ..models import (
    Consent,
    DataCategory,
    DeclineReason,
    EventKind,
    Outcome,
    Referral,
    ReferralEvent,
    ReferralMessage,
    State,
)
from ..services import deadlines, referral_erase, transition

DATA_DIR = Path(__file__).resolve().parent
# Steps that end the wait for an answer (after them the scan reminds no one).
ANSWERS = ("accept", "decline", "withdraw")
HANDLER_STEPS = ("accept", "decline", "try", "contact", "meet", "close")
# What the periodic scan does to a referral still unanswered when each limit comes.
SCAN_STEPS = (("remind_at", "remind"), ("escalate_at", "escalate"), ("expire_at", "expire"))


@dataclass
class ReferralSummary:
    referrals: int = 0
    created: int = 0
    erased: int = 0

    def __str__(self) -> str:
        erased = f", {self.erased} of them with their personal data erased" if self.erased else ""
        return f"{self.referrals} demo referrals ({self.created} new{erased})"


def read(name: str):
    return read_file(name, DATA_DIR)


def referral_specs() -> list[dict]:
    """The data's referrals, each `repeat` made into its copies, and each numbered: the
    number names the invented client ("Demo Asiakas 7", +358 40 000 0007)."""
    specs = []
    for spec in read("referrals.yaml")["referrals"]:
        repeat = spec.get("repeat")
        if not repeat:
            specs.append(dict(spec))
            continue
        for copy in range(repeat["count"]):
            days = spec["sent"]["working_days_ago"] + copy * repeat["every"]
            specs.append(
                {
                    **spec,
                    "key": f"{spec['key']}-{copy + 1}",
                    "sent": {**spec["sent"], "working_days_ago": days},
                }
            )
    for number, spec in enumerate(specs, start=1):
        spec["number"] = number
    return specs


def load_demo_referrals(*, now=None) -> ReferralSummary:
    """Create the demo referrals not yet there (inside seed_demo's transaction). Needs
    the demo units, NGOs and sign-ins, and the networks' invented people."""
    now = now or timezone.now()
    data = read("referrals.yaml")
    _add_memberships(data["memberships"])
    specs = referral_specs()
    world = _World(data, specs)
    summary = ReferralSummary(referrals=len(specs))
    seeded = _seeded_keys([spec["key"] for spec in specs])
    for spec in specs:
        if spec["key"] in seeded:
            continue
        referral = _create(spec, world, data["defaults"], now)
        summary.created += 1
        summary.erased += referral.erased_at is not None
    return summary


# --- Who and what the referrals name ------------------------------------------------------


def _add_memberships(specs: list[dict]) -> None:
    for spec in specs:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            raise LookupError(f"{spec['email']} is missing: load the demo networks first.")
        if "organization" in spec:
            target = {"organization": Organization.objects.get(slug=spec["organization"])}
        else:
            target = {"service_unit": ServiceUnit.objects.get(slug=spec["service_unit"])}
        Membership.objects.get_or_create(user=user, role=spec["role"], **target)


class _World:
    """The units, NGOs, their activities, themes and people the data names, read once."""

    def __init__(self, data: dict, specs: list[dict]):
        self.units = ServiceUnit.objects.select_related("welfare_area").in_bulk(
            {spec["unit"] for spec in specs}, field_name="slug"
        )
        self.organizations = Organization.objects.in_bulk(
            {spec["ngo"] for spec in specs}, field_name="slug"
        )
        self.activities = {
            (activity.organization_id, activity.name_en): activity
            for activity in Activity.objects.filter(organization__in=self.organizations.values())
        }
        self.themes = Theme.objects.in_bulk(field_name="slug")
        emails = {*data["senders"].values(), *data["handlers"].values()}
        people = User.objects.in_bulk(emails, field_name="email")
        missing = (
            (emails - set(people))
            | ({spec["unit"] for spec in specs} - set(self.units))
            | ({spec["ngo"] for spec in specs} - set(self.organizations))
        )
        if missing:
            raise LookupError(f"Load the demo people, units and NGOs first: {sorted(missing)}")
        self.senders = {unit: people[email] for unit, email in data["senders"].items()}
        self.handlers = {ngo: people[email] for ngo, email in data["handlers"].items()}


def _seeded_keys(keys: list[str]) -> set[str]:
    """The keys whose referral is there (its seeding's audit row names it)."""
    rows = list(
        AuditEvent.objects.filter(
            object_type=Referral._meta.label_lower, details__demo__in=keys
        ).values_list("details__demo", "object_id")
    )
    there = set(
        Referral.objects.filter(pk__in=[int(pk) for _, pk in rows]).values_list("pk", flat=True)
    )
    return {key for key, pk in rows if int(pk) in there}


def _working_days_ago(today, count: int):
    day = today
    while count > 0:
        day -= timedelta(days=1)
        count -= is_working_day(day)
    return day


# --- One referral ------------------------------------------------------------------------


def _create(spec: dict, world: _World, defaults: dict, now) -> Referral:
    key, number = spec["key"], spec["number"]
    unit, organization = world.units[spec["unit"]], world.organizations[spec["ngo"]]
    sender, handler = world.senders[spec["unit"]], world.handlers[spec["ngo"]]
    sent = spec["sent"]
    day = _working_days_ago(timezone.localdate(now), sent["working_days_ago"])
    sent_at = timezone.make_aware(datetime.combine(day, time.fromisoformat(sent["at"])))

    categories = [
        DataCategory.NAME,
        DataCategory.PHONE,
        *([DataCategory.EMAIL] if spec.get("email") else []),
        DataCategory.CONTACT_TIMES,
        DataCategory.LANGUAGES,
        DataCategory.REASON,
    ]
    client = {
        "client_name": f"Demo Asiakas {number}",
        "client_phone": f"+358 40 000 {number:04d}",
        "client_email": f"demo.asiakas{number}@demo.example" if spec.get("email") else "",
        "contact_times": defaults["contact_times"],
        "reason": spec["reason"],
    }
    texts = [*client.values(), defaults["purpose"]]
    texts += [step.get("note", "") or step.get("text", "") for step in spec.get("steps", ())]
    for text in texts:
        reject_identity_codes(text)
    consent_spec = spec["consent"]
    consent = Consent.objects.create(
        organization=organization,
        purpose=defaults["purpose"],
        categories=categories,
        method=consent_spec["method"],
        language=consent_spec["language"],
        interpreter_used=consent_spec.get("interpreter_used", False),
        recorded_by=sender,
        recorded_at=sent_at - timedelta(minutes=10),
        valid_until=day + timedelta(days=defaults["consent_valid_days"]),
    )
    activity = None
    if "activity" in spec:
        activity = world.activities.get((organization.pk, spec["activity"]))
        if activity is None:
            raise LookupError(f"demo referral {key}: {organization.slug} has no {spec['activity']}")
    referral = Referral.objects.create(
        sending_unit=unit,
        sent_by=sender,
        organization=organization,
        activity=activity,
        consent=consent,
        client_languages=list(spec["languages"]),
        interpreter_needed=spec.get("interpreter", False),
        escort_needed=spec.get("escort", False),
        created_at=sent_at - timedelta(minutes=12),
        **client,
        **deadlines(sent_at),
    )
    referral.themes.set([world.themes[slug] for slug in spec["themes"]])
    transition(referral, "send", by=sender, now=sent_at)
    _audit(referral, sender, "sent", demo=key)

    for at, step in _timeline(referral, spec, sent_at, now):
        by = handler if step["do"] in HANDLER_STEPS else sender
        if step["do"] == "message":
            by = handler if step["by"] == "handler" else sender
        _apply(referral, step, at, by)
    if referral.state != spec["state"]:
        raise ValueError(f"demo referral {key} ended {referral.state}, not {spec['state']}")

    erase_after = timedelta(days=settings.REFERRAL_ERASE_AFTER_DAYS)
    if referral.ended_at and not referral.erased_at and referral.ended_at + erase_after <= now:
        # As the periodic erasure would have, once the time was up.
        referral_erase(referral=referral, now=referral.ended_at + erase_after)
    return referral


def _timeline(referral: Referral, spec: dict, sent_at, now) -> list[tuple[datetime, dict]]:
    """The steps of the data at their moments, and the scan's, in order."""
    moments = [(sent_at + timedelta(hours=step["hours"]), step) for step in spec.get("steps", ())]
    if any(at > now for at, _ in moments):
        raise ValueError(f"demo referral {spec['key']}: a step falls after today")
    answered = min((at for at, step in moments if step["do"] in ANSWERS), default=None)

    def still_waiting(at) -> bool:
        return at <= now and (answered is None or at < answered)

    for field, do in SCAN_STEPS:
        if still_waiting(getattr(referral, field)):
            moments.append((getattr(referral, field), {"do": do}))
    return sorted(moments, key=lambda moment: moment[0])


def _apply(referral: Referral, step: dict, at, by) -> None:
    do = step["do"]
    if do in ("accept", "contact", "meet", "expire"):
        transition(referral, do, by=None if do == "expire" else by, now=at)
    elif do == "try":
        if referral.state != State.ACCEPTED:
            raise ValueError(f"a try to reach the client of a {referral.state} referral")
        ReferralEvent.objects.create(
            referral=referral, kind=EventKind.CONTACT_ATTEMPT, actor=by, occurred_at=at
        )
    elif do == "decline":
        reason = DeclineReason(step["reason"])
        transition(referral, "decline", by=by, code=reason, now=at)
        referral.decline_reason, referral.decline_note = reason, step.get("note", "")
        referral.save(update_fields=["decline_reason", "decline_note"])
        _audit(referral, by, "declined")
    elif do == "close":
        outcome = Outcome(step["outcome"])
        transition(referral, "close", by=by, code=outcome, now=at)
        referral.outcome, referral.outcome_note = outcome, step.get("note", "")
        referral.save(update_fields=["outcome", "outcome_note"])
        _audit(referral, by, "closed")
    elif do == "withdraw":
        transition(referral, "withdraw", by=by, now=at)
        Consent.objects.filter(pk=referral.consent_id).update(
            withdrawn_at=at, withdrawn_by=by, withdrawal_method=step["method"]
        )
        referral_erase(referral=referral, by=by, now=at)
    elif do == "message":
        ReferralMessage.objects.create(
            referral=referral, author=by, text=step["text"], created_at=at
        )
        ReferralEvent.objects.create(
            referral=referral, kind=EventKind.MESSAGE, actor=by, occurred_at=at
        )
        _audit(referral, by, "message")
    elif do in ("remind", "escalate"):
        field, kind = (
            ("reminded_at", EventKind.REMINDED)
            if do == "remind"
            else ("escalated_at", EventKind.ESCALATED)
        )
        setattr(referral, field, at)
        referral.save(update_fields=[field])
        ReferralEvent.objects.create(referral=referral, kind=kind, occurred_at=at)
    else:
        raise ValueError(f"unknown step {do!r} in the demo referrals")


def _audit(referral: Referral, by, what: str, **details) -> None:
    # As the services write it: named by id, `what` a code, never client data.
    audit_record(
        action=Action.CLIENT_DATA_CHANGED,
        actor=by,
        obj=referral,
        object_repr="",
        welfare_area_code=referral.sending_unit.welfare_area.code,
        details={"what": what, **details},
    )

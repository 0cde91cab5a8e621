"""Everything that changes an NGO's own profile: the profile, its activities and
locations, confirming it current, a coordinator's verification, and the reminders
before and after a profile turns stale.

Each change is written to the audit log and to the profile's history (simple-history,
with the person who made it), and the directory's search vectors are rebuilt after the
transaction commits."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from coact.audit import Action, audit_record
from coact.mail import queue_mail, url_in
from coact.models import User
from coact.slugs import same_value

from ..models import Activity, Location, Membership, OpeningHours, Organization, Role
from ..search import update_search_vectors

logger = logging.getLogger(__name__)

PROFILE_FIELDS = frozenset(
    {
        "legal_form",
        "business_id",
        *(
            f"{base}_{code}"
            for base in (
                "description",
                "long_description",
                "hours_description",
                "referral_instructions",
            )
            for code in ("fi", "sv", "en")
        ),
        "municipalities",
        "email",
        "phone",
        "website",
        "lahella_url",
        "kotoutumisentukena_url",
        "escort_volunteers",
        "interpreting_volunteers",
        "online_services",
        "accepts_referrals",
    }
)
PROFILE_M2M_FIELDS = ("languages", "themes", "target_groups", "areas")
# The opening hours have no history of their own: the profile's record names them.
OPENING_HOURS_CHANGED = "opening_hours"
# Every profile record the portal writes says in its change reason which many-to-many
# choices (and opening hours) changed, "profile:themes,opening_hours", or none,
# "profile:". The history page trusts that list rather than comparing the records'
# many-to-many snapshots: a record made in bulk (the demo data) has no snapshot, and the
# next change would seem to change every choice.
PROFILE_CHANGE_REASON = "profile:"


def history_reason(names) -> str:
    """The change reason of a profile record that changes these related things."""
    return PROFILE_CHANGE_REASON + ",".join(names)


# The first reminder goes this many days before a profile turns stale.
REMIND_BEFORE_DAYS = 14
_HEAVY = ("search_fi", "search_sv", "search_en")


def _after_commit_reindex(organization_id: int) -> None:
    transaction.on_commit(lambda: update_search_vectors([organization_id]))


def _audit(*, organization: Organization, by: User, details: dict) -> None:
    audit_record(
        action=Action.PROFILE_CHANGED,
        actor=by,
        obj=organization,
        welfare_area_code=organization.welfare_area.code,
        details=details,
    )


def outside_office_hours(rows) -> bool:
    """Open at weekends, before 8 or after 16 on any row."""
    return any(
        OpeningHours(
            weekday=row["weekday"], opens=row["opens"], closes=row["closes"]
        ).is_outside_office_hours
        for row in rows
    )


# --- The profile ------------------------------------------------------------------------


@transaction.atomic
def organization_update(*, organization: Organization, data: dict, by: User) -> list[str]:
    """Change the profile's fields (PROFILE_FIELDS), its many-to-many choices
    (PROFILE_M2M_FIELDS: iterables of objects) and, under "opening_hours", replace its
    opening hours with a list of {"weekday", "opens", "closes"}. One history record for
    the whole change. Returns the names of what changed."""
    unknown = set(data) - PROFILE_FIELDS - set(PROFILE_M2M_FIELDS) - {"opening_hours"}
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    current = (
        Organization.objects.select_for_update(of=("self",))
        .select_related("welfare_area")
        .defer(*_HEAVY)
        .get(pk=organization.pk)
    )
    changed = []
    for name in sorted(PROFILE_FIELDS & set(data)):
        if not same_value(getattr(current, name), data[name]):
            setattr(current, name, data[name])
            changed.append(name)

    # Many-to-many changes would each write a history record of their own; the one save
    # below records them all together.
    current.skip_history_when_saving = True
    try:
        for name in PROFILE_M2M_FIELDS:
            if name not in data:
                continue
            wanted = {obj.pk for obj in data[name]}
            if wanted != set(getattr(current, name).values_list("pk", flat=True)):
                getattr(current, name).set(wanted)
                changed.append(name)
    finally:
        del current.skip_history_when_saving

    if "opening_hours" in data:
        rows = sorted(
            (row["weekday"], row["opens"], row["closes"]) for row in data["opening_hours"]
        )
        existing = sorted(current.opening_hours.values_list("weekday", "opens", "closes"))
        if rows != existing:
            current.opening_hours.all().delete()
            OpeningHours.objects.bulk_create(
                OpeningHours(organization=current, weekday=weekday, opens=opens, closes=closes)
                for weekday, opens, closes in rows
            )
            changed.append("opening_hours")
        off_hours = outside_office_hours(data["opening_hours"])
        if off_hours != current.outside_office_hours:
            current.outside_office_hours = off_hours
            changed.append("outside_office_hours")

    if changed:
        current._history_user = by
        current._change_reason = history_reason(
            name for name in changed if name in (*PROFILE_M2M_FIELDS, OPENING_HOURS_CHANGED)
        )
        current.save()
        _audit(organization=current, by=by, details={"fields": changed})
        _after_commit_reindex(current.pk)
    return changed


def organization_confirm(*, organization: Organization, by: User) -> None:
    """ "Our information is current": the profile is fresh again and the reminders
    start over."""
    organization.last_confirmed_at = timezone.now()
    organization.stale_reminder_sent_at = None
    organization._history_user = by
    organization._change_reason = history_reason([])
    organization.save(update_fields=["last_confirmed_at", "stale_reminder_sent_at", "updated_at"])
    _audit(organization=organization, by=by, details={"confirmed_current": True})
    _after_commit_reindex(organization.pk)


def organization_verify(*, organization: Organization, by: User) -> None:
    """A coordinator of the area has checked the profile."""
    organization.verified_by = by
    organization.verified_at = timezone.now()
    organization._history_user = by
    organization._change_reason = history_reason([])
    organization.save(update_fields=["verified_by", "verified_at", "updated_at"])
    _audit(organization=organization, by=by, details={"verified": True})
    _after_commit_reindex(organization.pk)


# --- Activities and locations -----------------------------------------------------------

ACTIVITY_M2M_FIELDS = ("languages", "themes", "target_groups")


@transaction.atomic
def activity_save(
    *, organization: Organization, data: dict, by: User, activity: Activity | None = None
) -> Activity:
    """Create an activity for the organisation (activity=None) or change one of its own.
    `data` holds the model's fields, many-to-many ones as iterables of objects."""
    if activity is None:
        activity = Activity(organization=organization)
    elif activity.organization_id != organization.pk:
        raise ValueError("the activity belongs to another organisation")
    location = data.get("location")
    if location is not None and location.organization_id != organization.pk:
        raise ValueError("the location belongs to another organisation")
    created = activity.pk is None
    for name, value in data.items():
        if name not in ACTIVITY_M2M_FIELDS:
            setattr(activity, name, value)
    activity._history_user = by
    activity.save()
    for name in ACTIVITY_M2M_FIELDS:
        if name in data:
            getattr(activity, name).set(data[name])
    _audit(
        organization=organization,
        by=by,
        details={"activity": activity.pk, "change": "created" if created else "changed"},
    )
    _after_commit_reindex(organization.pk)
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, by: User) -> None:
    organization = activity.organization
    pk = activity.pk
    activity._history_user = by
    activity.delete()
    _audit(organization=organization, by=by, details={"activity": pk, "change": "deleted"})
    _after_commit_reindex(organization.pk)


@transaction.atomic
def location_save(
    *, organization: Organization, data: dict, by: User, location: Location | None = None
) -> Location:
    if location is None:
        location = Location(organization=organization)
    elif location.organization_id != organization.pk:
        raise ValueError("the location belongs to another organisation")
    created = location.pk is None
    for name, value in data.items():
        setattr(location, name, value)
    location._history_user = by
    location.save()
    _audit(
        organization=organization,
        by=by,
        details={"location": location.pk, "change": "created" if created else "changed"},
    )
    _after_commit_reindex(organization.pk)
    return location


@transaction.atomic
def location_delete(*, location: Location, by: User) -> None:
    """Activities held there keep going, without a location."""
    organization = location.organization
    pk = location.pk
    location._history_user = by
    location.delete()
    _audit(organization=organization, by=by, details={"location": pk, "change": "deleted"})
    _after_commit_reindex(organization.pk)


# --- Freshness reminders ----------------------------------------------------------------


def _stale_after() -> timedelta:
    return timedelta(days=Organization.STALE_AFTER_DAYS)


def reminders_due(now: datetime) -> QuerySet[Organization]:
    """Active profiles owed a reminder: the first within REMIND_BEFORE_DAYS of turning
    stale, the second once stale. stale_reminder_sent_at says which was sent: none (it
    is cleared on confirming), one sent before the profile turned stale, or one after.

    A profile never confirmed counts from when it was added, so that a newly approved
    NGO is not told at once that its profile is out of date."""
    stale_after = _stale_after()
    remind_after = stale_after - timedelta(days=REMIND_BEFORE_DAYS)
    stale = Q(confirmed_from__lte=now - stale_after)
    soon = Q(confirmed_from__lte=now - remind_after) & ~stale
    return (
        Organization.objects.public()
        .annotate(confirmed_from=Coalesce("last_confirmed_at", "created_at"))
        .filter(
            (soon & Q(stale_reminder_sent_at__isnull=True))
            | (
                stale
                & (
                    Q(stale_reminder_sent_at__isnull=True)
                    | Q(stale_reminder_sent_at__lt=F("confirmed_from") + stale_after)
                )
            )
        )
    )


def stale_profiles_remind(*, now: datetime | None = None) -> int:
    """Send the reminders that are due, each profile in a transaction of its own that
    claims it first: a row another scheduler holds is skipped (PostgreSQL), and the
    claim is a conditional update, so a profile is reminded once per stage however many
    run at once. A failed send rolls its claim back and is tried again on the next run.
    Returns how many e-mails were sent."""
    now = now or timezone.now()
    sent = 0
    for organization_id in list(reminders_due(now).values_list("pk", flat=True)):
        try:
            sent += _remind(organization_id=organization_id, now=now)
        except Exception:
            logger.exception("stale-profile reminder for organisation %s failed", organization_id)
    return sent


def _remind(*, organization_id: int, now: datetime) -> int:
    with transaction.atomic():
        due = reminders_due(now).filter(pk=organization_id).select_for_update(skip_locked=True)
        organization = due.defer(*_HEAVY).first()
        if organization is None:
            return 0  # another scheduler holds it, or it was confirmed meanwhile
        if not reminders_due(now).filter(pk=organization_id).update(stale_reminder_sent_at=now):
            return 0
        stale_on = organization.confirmed_from + _stale_after()
        template = "profile_stale" if stale_on <= now else "profile_stale_soon"
        admins = Membership.objects.filter(
            organization_id=organization_id, role=Role.NGO_ADMIN, user__is_active=True
        ).select_related("user")
        count = 0
        for membership in admins:
            user = membership.user
            language = user.preferred_language
            edit_url = url_in(language, "organization_edit", organization.slug)
            confirm_url = url_in(language, "organization_confirm", organization.slug)
            queue_mail(
                template=template,
                to=user.email,
                language=language,
                context={
                    "organization": organization,
                    "recipient": user,
                    "stale_on": stale_on,
                    "edit_url": edit_url,
                    "confirm_url": confirm_url,
                },
                # The same reminder keeps its Message-ID if a failed run sends it again.
                message_key=f"{template}/{organization_id}/{stale_on:%Y%m%d}/{user.pk}",
            )
            count += 1
        return count


@transaction.atomic
def organization_texts_save(*, organization: Organization, formset, by: User) -> None:
    """Save the texts in other languages (added, changed, deleted), with their history."""
    for form in formset.forms:
        form.instance._history_user = by
    formset.save()
    if formset.has_changed():
        _audit(organization=organization, by=by, details={"texts": "changed"})
    _after_commit_reindex(organization.pk)

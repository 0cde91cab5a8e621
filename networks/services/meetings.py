"""Scheduling meetings and series, keeping their invitations and reminders in step, and
what follows a meeting (attendance, minutes). Mail goes out through the outbox."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from coact.audit import audit_record
from coact.models import AuditEvent, User
from coact.recurrence import parse_rrule

from ..models import (
    DEFAULT_REMINDER_OFFSETS,
    MEETING_TIME_ZONE,
    Guest,
    Invitation,
    Meeting,
    MeetingSeries,
    Reminder,
)
from ..selectors.schedule import (
    DETAIL_FIELDS,
    invitees,
    local_to_aware,
    occurrence_from,
    occurrence_starts,
    reminder_offsets,
)

# How far ahead a series keeps stored occurrences; a daily task moves the horizon on.
SERIES_HORIZON = timedelta(days=370)
# A change to any of these is news for the invitees: SEQUENCE grows and they get an update.
# The language matters to someone who does not speak Finnish; accessibility to someone who
# cannot climb stairs. The agenda is edited often and travels with the next message.
NOTIFY_FIELDS = {
    "start",
    "duration_minutes",
    "format",
    "address",
    "online_url",
    "title",
    "accessibility",
    "languages",
}


# --- Scheduling ------------------------------------------------------------------------


def meeting_invitations_sync(*, meeting: Meeting) -> list[Invitation]:
    """Make the invitation (and reminder) rows the meeting lacks. The outbox sends them."""
    existing = {email.lower() for email in meeting.invitations.values_list("email", flat=True)}
    created = [
        Invitation(
            meeting=meeting,
            user_id=person.user_id,
            email=person.email,
            name=person.name,
            language=person.language,
            membership_id=person.membership_id,
        )
        for person in invitees(meeting)
        if person.email.lower() not in existing
    ]
    # PostgreSQL returns the new primary keys from bulk_create.
    created = Invitation.objects.bulk_create(created)
    offsets = reminder_offsets(meeting)
    Reminder.objects.bulk_create(
        [
            Reminder(
                invitation=invitation,
                offset_minutes=offset,
                due_at=meeting.start - timedelta(minutes=offset),
            )
            for invitation in created
            for offset in offsets
        ],
        ignore_conflicts=True,
    )
    if created:
        _deliver_on_commit(meeting)
    return created


def _deliver_on_commit(meeting: Meeting) -> None:
    if meeting.invite_at <= timezone.now():
        from ..tasks import dispatch_meeting

        meeting_id = meeting.pk
        transaction.on_commit(lambda: dispatch_meeting.delay(meeting_id))


@transaction.atomic
def series_extend(*, series: MeetingSeries, now: datetime | None = None) -> list[Meeting]:
    """Store the occurrences up to the horizon that the series does not have yet."""
    now = now or timezone.now()
    last = (
        series.occurrences.order_by("-recurrence_id")
        .values_list("recurrence_id", flat=True)
        .first()
    )
    after = max(filter(None, [last, now - timedelta(minutes=1)]))
    # Compared by local date: after the series' start time changes, the rule gives the
    # last stored day again at its new time, and that day has its occurrence already.
    last_day = timezone.localtime(last, MEETING_TIME_ZONE).date() if last else None
    starts = [
        local
        for local in occurrence_starts(series, after=after, until=now + SERIES_HORIZON)
        if local_to_aware(local) > after and (last_day is None or local.date() > last_day)
    ]
    languages = list(series.languages.all())
    made = []
    for local_start in starts:
        meeting = occurrence_from(series, local_start)
        meeting.save()
        meeting.languages.set(languages)
        meeting_invitations_sync(meeting=meeting)
        made.append(meeting)
    return made


@transaction.atomic
def series_schedule(*, series: MeetingSeries, by: User, languages=(), guests=()) -> MeetingSeries:
    """Save a new series (its fields set by the form) with its guests, store its
    occurrences and invite to those whose invitation time has come."""
    parse_rrule(series.rrule, series.local_start)  # refuse a bad rule before saving
    if series.reminder_offsets is None:
        series.reminder_offsets = list(DEFAULT_REMINDER_OFFSETS)
    series.organiser = series.organiser or by
    series.save()
    series.languages.set(languages)
    for guest in guests:
        guest.series = series
        guest.save()
    occurrences = series_extend(series=series)
    audit_record(
        action=AuditEvent.Action.MEETING_SCHEDULED,
        actor=by,
        obj=series,
        welfare_area_code=series.welfare_area.code,
        details={"rrule": series.rrule, "occurrences": len(occurrences)},
    )
    return series


@transaction.atomic
def meeting_schedule(*, meeting: Meeting, by: User, languages=(), guests=()) -> Meeting:
    """Save a single meeting and invite to it."""
    meeting.organiser = meeting.organiser or by
    meeting.save()
    meeting.languages.set(languages)
    for guest in guests:
        guest.meeting = meeting
        guest.save()
    meeting_invitations_sync(meeting=meeting)
    audit_record(
        action=AuditEvent.Action.MEETING_SCHEDULED,
        actor=by,
        obj=meeting,
        welfare_area_code=meeting.welfare_area.code,
    )
    return meeting


@transaction.atomic
def meeting_change(*, meeting: Meeting, by: User, changes: dict, languages=None) -> Meeting:
    """Change one occurrence (or single meeting). A change to time or place makes a new
    version (SEQUENCE + 1) that goes out to everyone invited, and moves the reminders."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    changed = {field for field, value in changes.items() if getattr(meeting, field) != value}
    if "start" in changed and meeting.invite_at > timezone.now():
        # Not invited yet: the invitations keep their lead time before the new start (an
        # occurrence moved earlier than its old invitation time would never be invited).
        meeting.invite_at = changes["start"] - (meeting.start - meeting.invite_at)
    for field, value in changes.items():
        setattr(meeting, field, value)
    if languages is not None:
        before = set(meeting.languages.values_list("pk", flat=True))
        meeting.languages.set(languages)
        if {language.pk for language in languages} != before:
            changed.add("languages")
    if not changed:
        return meeting
    notify = bool(changed & NOTIFY_FIELDS)
    if notify:
        meeting.sequence = F("sequence") + 1
    if "start" in changed and meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.MOVED
    meeting.save()
    meeting.refresh_from_db()
    if "start" in changed:
        _retime_reminders(meeting)
    audit_record(
        action=AuditEvent.Action.MEETING_CHANGED,
        actor=by,
        obj=meeting,
        welfare_area_code=meeting.welfare_area.code,
        details={"fields": sorted(changed)},
    )
    if notify:
        _deliver_on_commit(meeting)
    return meeting


def _retime_reminders(meeting: Meeting) -> None:
    """Reminders follow the meeting. One already sent for the old time is armed again if
    its new time is still ahead: it is a reminder of a different time. One whose new time
    has already passed is dropped: the update that goes out now carries the new time."""
    now = timezone.now()
    for reminder in Reminder.objects.filter(invitation__meeting=meeting).select_for_update():
        reminder.due_at = meeting.start - timedelta(minutes=reminder.offset_minutes)
        if reminder.due_at > now:
            reminder.sent_at = reminder.skipped_at = None
        elif reminder.sent_at is None and reminder.skipped_at is None:
            reminder.skipped_at = now
        reminder.save(update_fields=["due_at", "sent_at", "skipped_at"])


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, reason: str = "") -> Meeting:
    """Cancel the meeting: everyone who received the invitation gets a cancellation
    (METHOD:CANCEL), with the reason if one is given; invitations not yet sent are not
    sent, and no reminders follow."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        return meeting
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancellation_reason = reason.strip()
    meeting.sequence = F("sequence") + 1
    meeting.save()
    meeting.refresh_from_db()
    Reminder.objects.filter(
        invitation__meeting=meeting, sent_at__isnull=True, skipped_at__isnull=True
    ).update(skipped_at=timezone.now())
    audit_record(
        action=AuditEvent.Action.MEETING_CANCELLED,
        actor=by,
        obj=meeting,
        welfare_area_code=meeting.welfare_area.code,
        details={"with_reason": bool(meeting.cancellation_reason)},
    )
    _deliver_on_commit(meeting)
    return meeting


@transaction.atomic
def series_update(
    *, series: MeetingSeries, by: User, changes: dict, languages=None
) -> MeetingSeries:
    """Change a series: its details go to the upcoming occurrences that were not changed
    on their own; new reminder offsets to their invitations."""
    for field, value in changes.items():
        setattr(series, field, value)
    series.save()
    if languages is not None:
        series.languages.set(languages)
    now = timezone.now()
    upcoming = series.occurrences.filter(start__gt=now, status=Meeting.Status.SCHEDULED)
    detail_changes = {f: v for f, v in changes.items() if f in DETAIL_FIELDS}
    for meeting in upcoming:
        occurrence_changes = dict(detail_changes)
        if "start_time" in changes:
            local_date = meeting.local_start.date()
            occurrence_changes["start"] = local_to_aware(
                datetime.combine(local_date, series.start_time)
            )
        if occurrence_changes or languages is not None:
            meeting_change(meeting=meeting, by=by, changes=occurrence_changes, languages=languages)
            # A new time for the whole series is not a move of this occurrence.
            Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.MOVED).update(
                status=Meeting.Status.SCHEDULED
            )
    if "reminder_offsets" in changes:
        _reset_reminder_offsets(series, now)
    audit_record(
        action=AuditEvent.Action.MEETING_CHANGED,
        actor=by,
        obj=series,
        welfare_area_code=series.welfare_area.code,
        details={"fields": sorted(changes)},
    )
    return series


@transaction.atomic
def series_guests_set(*, series: MeetingSeries, by: User, guests: list[Guest]) -> None:
    """Make the series' guests these (unsaved rows). New guests are invited to the coming
    meetings; a removed guest's invitations that have not been sent yet are withdrawn,
    those already sent stay valid."""
    existing = {guest.email.lower(): guest for guest in series.guests.all()}
    wanted = {guest.email.lower(): guest for guest in guests}
    removed = [guest for key, guest in existing.items() if key not in wanted]
    added = [guest for key, guest in wanted.items() if key not in existing]
    for key, guest in wanted.items():
        current = existing.get(key)
        if current is not None and (current.name, current.language, current.user_id) != (
            guest.name,
            guest.language,
            guest.user_id,
        ):
            current.name, current.language, current.user_id = (
                guest.name,
                guest.language,
                guest.user_id,
            )
            current.save(update_fields=["name", "language", "user"])
    if not removed and not added:
        return
    Guest.objects.filter(pk__in=[guest.pk for guest in removed]).delete()
    for guest in added:
        guest.series = series
        guest.meeting = None
        guest.save()
    upcoming = list(
        series.occurrences.filter(start__gt=timezone.now()).exclude(status=Meeting.Status.CANCELLED)
    )
    if removed:
        Invitation.objects.filter(
            meeting__in=upcoming,
            membership__isnull=True,
            sent_sequence__isnull=True,
            email__in=[guest.email for guest in removed],
        ).delete()
    for meeting in upcoming:
        # Also gives back an invitation that was withdrawn above but that the person has
        # for another reason (a guest of that one meeting, or a representative).
        meeting_invitations_sync(meeting=meeting)
    audit_record(
        action=AuditEvent.Action.MEETING_CHANGED,
        actor=by,
        obj=series,
        welfare_area_code=series.welfare_area.code,
        details={"added": len(added), "removed": len(removed)},
    )


def _reset_reminder_offsets(series: MeetingSeries, now: datetime) -> None:
    offsets = set(series.reminder_offsets)
    pending = Reminder.objects.filter(
        invitation__meeting__series=series,
        invitation__meeting__start__gt=now,
        sent_at__isnull=True,
    )
    pending.exclude(offset_minutes__in=offsets).delete()
    invitations = Invitation.objects.filter(meeting__series=series, meeting__start__gt=now)
    Reminder.objects.bulk_create(
        [
            Reminder(
                invitation=invitation,
                offset_minutes=offset,
                due_at=invitation.meeting.start - timedelta(minutes=offset),
            )
            for invitation in invitations.select_related("meeting")
            for offset in offsets
        ],
        ignore_conflicts=True,
    )


# --- After the meeting -----------------------------------------------------------------


@transaction.atomic
def meeting_attendance_record(*, meeting: Meeting, by: User, attended_ids: set[int]) -> None:
    meeting.invitations.filter(pk__in=attended_ids).update(attended=True)
    meeting.invitations.exclude(pk__in=attended_ids).update(attended=False)
    meeting.attendance_confirmed_at = timezone.now()
    meeting.save(update_fields=["attendance_confirmed_at", "updated_at"])
    audit_record(
        action=AuditEvent.Action.ATTENDANCE_CONFIRMED,
        actor=by,
        obj=meeting,
        welfare_area_code=meeting.welfare_area.code,
        details={"attended": len(attended_ids)},
    )


@transaction.atomic
def meeting_minutes_file(*, meeting: Meeting, by: User, minutes: str) -> None:
    meeting.minutes = minutes
    meeting.minutes_filed_at = timezone.now()
    meeting.save(update_fields=["minutes", "minutes_filed_at", "updated_at"])
    audit_record(
        action=AuditEvent.Action.MINUTES_FILED,
        actor=by,
        obj=meeting,
        welfare_area_code=meeting.welfare_area.code,
    )


def series_extend_all(*, now: datetime | None = None) -> int:
    made = 0
    for series in MeetingSeries.objects.all():
        made += len(series_extend(series=series, now=now))
    return made

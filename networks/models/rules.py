"""Time zone, office hours, reminder offsets, text limits, and the check that keeps
personal identity codes out of free text."""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.fi import hetu

MEETING_TIME_ZONE = ZoneInfo("Europe/Helsinki")
# Office hours in Finland: a meeting that starts before 8 or ends after 16, or falls on a
# weekend, is outside them.
OFFICE_HOURS = (time(8, 0), time(16, 0))
DEFAULT_REMINDER_OFFSETS = [7 * 24 * 60, 24 * 60]  # minutes before the start
# How long free texts may be, in characters: an agenda is a page, minutes a few pages; a
# purpose, directions or a reason for cancelling are a paragraph or two.
PURPOSE_MAX = 2000
ACCESSIBILITY_MAX = 1000
AGENDA_MAX = 4000
MINUTES_MAX = 20000
CANCELLATION_REASON_MAX = 1000


def default_reminder_offsets() -> list[int]:
    return list(DEFAULT_REMINDER_OFFSETS)


_HETU_CANDIDATE = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)


def contains_identity_code(text: str) -> bool:
    """True if the text holds a valid Finnish personal identity code (henkilötunnus)."""
    return any(hetu.is_valid(match.upper()) for match in _HETU_CANDIDATE.findall(text or ""))


def validate_no_identity_code(value: str) -> None:
    if contains_identity_code(value):
        raise ValidationError(
            _(
                "Remove the personal identity code. The board is for general observations "
                "and activities, never for information about a client."
            ),
            code="identity_code",
        )


def is_outside_office_hours(start: datetime, end: datetime) -> bool:
    local_start = timezone.localtime(start, MEETING_TIME_ZONE)
    local_end = timezone.localtime(end, MEETING_TIME_ZONE)
    return (
        local_start.weekday() >= 5
        or local_start.time() < OFFICE_HOURS[0]
        or local_end.time() > OFFICE_HOURS[1]
        or local_end.date() != local_start.date()
    )

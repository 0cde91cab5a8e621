"""Texts in a language, and activity schedules between RFC 5545 RRULEs and HSDS fields."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from modeltranslation.utils import build_localized_fieldname, resolution_order

from coact.recurrence import WEEKDAY_CODES, by_day_part, rule_start, split_rule

# --- text in a language ----------------------------------------------------------------


def localized(instance, field: str, language: str) -> tuple[str, str]:
    """(text, the language it is in): the field in `language`, else in modeltranslation's
    fallback order; ("", language) when no language has it."""
    for code in resolution_order(language):
        value = getattr(instance, build_localized_fieldname(field, code), None)
        if value:
            return value, code
    return "", language


def text(instance, field: str, language: str) -> str:
    return localized(instance, field, language)[0]


def _put(target: dict, key: str, value) -> None:
    """Optional HSDS fields are left out rather than sent empty (an empty e-mail or URL
    would not be one)."""
    if value not in (None, "", []):
        target[key] = value


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- schedules from RFC 5545 RRULEs ----------------------------------------------------
# The rule is read by coact.recurrence (split_rule, rule_start, by_day_part); here is only
# how its parts map to HSDS schedule fields.

_NUMBERS = re.compile(r"^[+-]?\d{1,3}(,[+-]?\d{1,3})*$")
_MAPPED = {
    "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYWEEKNO", "BYYEARDAY", "WKST",
}  # fmt: skip


_SCHEDULE_ORDER = (
    "dtstart", "freq", "interval", "byday", "bymonthday", "byweekno", "byyearday", "wkst",
    "count", "until",
)  # fmt: skip


def _rrule_date(value: str) -> str | None:
    """'20251231' or '20251231T235959Z' -> '2025-12-31'."""
    match = re.match(r"^(\d{4})(\d{2})(\d{2})", value.strip())
    if not match:
        return None
    try:
        return date(*(int(group) for group in match.groups())).isoformat()
    except ValueError:
        return None


def _positive_int(value: str | None) -> int | None:
    if value and value.isdigit() and int(value) > 0:
        return int(value)
    return None


def rrule_to_schedule_fields(rule: str) -> tuple[dict, bool]:
    """The HSDS schedule fields an RRULE maps to, and whether all of it was mapped."""
    parts, unreadable = split_rule(rule)
    start = rule_start(rule)
    dtstart = start.isoformat() if start else None
    fields: dict = {}
    complete = not unreadable
    freq = parts.get("FREQ")
    byday = parts.get("BYDAY")
    if byday and all(by_day_part(day) for day in byday.split(",")):
        fields["byday"] = byday
    elif byday:
        complete = False
    interval = _positive_int(parts.get("INTERVAL"))
    if freq in ("WEEKLY", "MONTHLY"):
        fields["freq"] = freq
        if interval:
            fields["interval"] = interval
    elif freq == "DAILY" and "byday" not in fields and interval in (None, 1):
        fields["freq"] = "WEEKLY"
        fields["byday"] = ",".join(WEEKDAY_CODES)
    elif freq:
        complete = False
    count = _positive_int(parts.get("COUNT"))
    if count:
        fields["count"] = count
    until = _rrule_date(parts.get("UNTIL", ""))
    if until:
        fields["until"] = until
    for key in ("BYMONTHDAY", "BYWEEKNO", "BYYEARDAY"):
        value = parts.get(key)
        if value and _NUMBERS.match(value):
            fields[key.lower()] = value
        elif value:
            complete = False
    if parts.get("WKST") in WEEKDAY_CODES:
        fields["wkst"] = parts["WKST"]
    if dtstart:
        fields["dtstart"] = dtstart
    if set(parts) - _MAPPED or (parts.get("COUNT") and not count):
        complete = False
    if parts.get("UNTIL") and not until:
        complete = False
    ordered = {key: fields[key] for key in _SCHEDULE_ORDER if key in fields}
    return ordered, complete


def schedule_fields_to_rrule(schedule: dict) -> str:
    """The RRULE an HSDS schedule describes ("" when it has no frequency). A rule kept
    whole in `notes` ("RRULE:...", as the export writes it) wins."""
    notes = (schedule.get("notes") or "").strip()
    if notes.upper().startswith("RRULE:"):
        return notes[6:].strip().splitlines()[0]
    freq = schedule.get("freq")
    if not freq:
        return ""
    parts = [f"FREQ={freq}"]
    if isinstance(schedule.get("interval"), int | float) and schedule["interval"] > 1:
        parts.append(f"INTERVAL={int(schedule['interval'])}")
    for key in ("byday", "bymonthday", "byweekno", "byyearday", "wkst"):
        if schedule.get(key):
            parts.append(f"{key.upper()}={str(schedule[key]).replace(' ', '').upper()}")
    if isinstance(schedule.get("count"), int | float) and schedule["count"] > 0:
        parts.append(f"COUNT={int(schedule['count'])}")
    elif schedule.get("until"):
        parts.append(f"UNTIL={str(schedule['until']).replace('-', '')[:8]}")
    return ";".join(parts)

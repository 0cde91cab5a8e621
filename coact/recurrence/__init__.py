# ruff: noqa: RUF002 (en dashes in times, as in 17-19)
"""The one place where an RFC 5545 RRULE is read, written and put into words.

People never see or type a rule: they choose weekdays, times and a rhythm (every week,
every other week, or once a month on the first, second, third, fourth or last weekday),
and the portal stores the rule those choices make. An activity and a meeting series keep
their rule in a text column ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"); rules the choices cannot
make (an HSDS import, an old series) are kept as they are and shown in words where the
words exist.

- `Rhythm` is what the choices say; `Rhythm.rrule()` writes the rule and
  `Rhythm.from_rrule()` reads one back when the choices can show it.
- `parse_rrule()` expands a rule with python-dateutil (networks uses it for a series'
  occurrences); `validate_rrule()` is the models' validator.
- `describe()` (in `words`) says a rule in the reader's language: "Joka toinen tiistai
  klo 17–19", "Every other Tuesday 17:00–19:00", "Den första tisdagen i månaden kl. 16.30".
- `RecurrenceField` (in `fields`) is the form field both apps use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The week of the month a monthly rhythm falls on: the first to the fourth, or the last.
POSITIONS = (1, 2, 3, 4, -1)
# Rules are expanded in Helsinki wall-clock time: 16:30 stays 16:30 in summer and winter.
LOCAL_TIME_ZONE = ZoneInfo("Europe/Helsinki")
MAX_RULE_LENGTH = 300


class Frequency:
    """The rhythms a person can choose."""

    WEEKLY = "weekly"
    EVERY_OTHER_WEEK = "every_other_week"
    MONTHLY = "monthly"
    ALL = (WEEKLY, EVERY_OTHER_WEEK, MONTHLY)


class RecurrenceError(ValueError):
    """The text is not a rule the portal can expand."""


@dataclass(frozen=True)
class Rhythm:
    """Weekdays (0 = Monday) and how often; `position` is the week of the month for a
    monthly rhythm (1-4, or -1 for the last)."""

    frequency: str
    weekdays: tuple[int, ...]
    position: int | None = None

    def rrule(self) -> str:
        days = sorted(set(self.weekdays))
        if not days or self.frequency not in Frequency.ALL:
            raise ValueError("a rhythm needs a frequency and at least one weekday")
        if self.frequency == Frequency.MONTHLY:
            if self.position not in POSITIONS:
                raise ValueError("a monthly rhythm needs the week of the month")
            by_day = ",".join(f"{self.position}{WEEKDAY_CODES[day]}" for day in days)
            return f"FREQ=MONTHLY;BYDAY={by_day}"
        by_day = ",".join(WEEKDAY_CODES[day] for day in days)
        if self.frequency == Frequency.EVERY_OTHER_WEEK:
            return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={by_day}"
        return f"FREQ=WEEKLY;BYDAY={by_day}"

    @classmethod
    def from_rrule(cls, rule: str) -> Rhythm | None:
        """The choices that make exactly this rule; None when they cannot. A rule with a
        start date of its own (an import's DTSTART) or another first day of the week is
        left alone: for "every other week" they decide which weeks."""
        parts = rule_parts(rule)
        if parts is None or rule_start(rule) is not None:
            return None
        if parts.pop("WKST", "MO") != "MO":
            return None
        frequency = parts.pop("FREQ", "")
        interval = parts.pop("INTERVAL", "1")
        by_day = parts.pop("BYDAY", "")
        if parts or not by_day:
            return None
        days = [by_day_part(part) for part in by_day.split(",")]
        if any(day is None for day in days):
            return None
        positions = {position for position, _weekday in days}
        weekdays = tuple(sorted({weekday for _position, weekday in days}))
        if frequency == "WEEKLY" and positions == {None} and interval in ("1", "2"):
            kind = Frequency.WEEKLY if interval == "1" else Frequency.EVERY_OTHER_WEEK
            return cls(kind, weekdays)
        if frequency == "MONTHLY" and interval == "1" and len(positions) == 1:
            (position,) = positions
            if position in POSITIONS:
                return cls(Frequency.MONTHLY, weekdays, position)
        return None


def weekday_position(day: date) -> int:
    """1 for the first Tuesday of its month, 2 for the second...; -1 for a fifth (the last)."""
    position = (day.day - 1) // 7 + 1
    return -1 if position == 5 else position


def rule_like(day: date, rhythm: str) -> str:
    """The rule that repeats the day's weekday: "weekly"; "monthly", "quarterly" and
    "yearly" on the same weekday of the month (the first Tuesday, the last Friday)."""
    weekday = WEEKDAY_CODES[day.weekday()]
    nth = f"{weekday_position(day)}{weekday}"
    rules = {
        "weekly": f"FREQ=WEEKLY;BYDAY={weekday}",
        "monthly": f"FREQ=MONTHLY;BYDAY={nth}",
        "quarterly": f"FREQ=MONTHLY;INTERVAL=3;BYDAY={nth}",
        "yearly": f"FREQ=YEARLY;BYMONTH={day.month};BYDAY={nth}",
    }
    return rules[rhythm]


_BY_DAY = re.compile(r"^([+-]?\d{1,2})?(" + "|".join(WEEKDAY_CODES) + ")$")


def by_day_part(part: str) -> tuple[int | None, int] | None:
    """ "2TU" -> (2, 1); "TU" -> (None, 1); "+1MO" -> (1, 0); None if it is no weekday."""
    match = _BY_DAY.match(part.strip())
    if not match:
        return None
    position = int(match.group(1)) if match.group(1) else None
    return position, WEEKDAY_CODES.index(match.group(2))


def _lines(text: str) -> list[str]:
    """The stored text's lines; a DTSTART written after a ";" counts as a line of its own."""
    text = (text or "").replace(";DTSTART", "\nDTSTART")
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def rule_line(text: str) -> str:
    """The RRULE itself from stored text: without "RRULE:", without a DTSTART line (an
    HSDS import may carry one), without spaces, in upper case."""
    for line in _lines(text):
        upper = line.upper()
        if upper.startswith("DTSTART"):
            continue
        return re.sub(r"\s+", "", upper).removeprefix("RRULE:")
    return ""


def rule_start(text: str) -> date | None:
    """The date of a DTSTART line kept with the rule, if there is one."""
    for line in _lines(text):
        if line.upper().startswith("DTSTART"):
            match = re.search(r"(\d{4})(\d{2})(\d{2})", line)
            if match:
                try:
                    return date(*(int(group) for group in match.groups()))
                except ValueError:
                    return None
    return None


def split_rule(rule: str) -> tuple[dict[str, str], list[str]]:
    """The NAME=VALUE parts of the rule ({"FREQ": "WEEKLY", "BYDAY": "TU"}) and the parts
    that are not (no "=", or a name given twice). The one place a rule's text is split."""
    parts: dict[str, str] = {}
    unreadable: list[str] = []
    line = rule_line(rule)
    for part in line.split(";") if line else []:
        key, sep, value = part.partition("=")
        if not sep or not key or key in parts:
            unreadable.append(part)
        else:
            parts[key] = value
    return parts, unreadable


def rule_parts(rule: str) -> dict[str, str] | None:
    """{"FREQ": "WEEKLY", "BYDAY": "TU"}; None if the text is not NAME=VALUE parts."""
    parts, unreadable = split_rule(rule)
    if not parts or unreadable:
        return None
    return parts


_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_UTC_UNTIL = re.compile(r"UNTIL=(\d{8}T\d{6})Z")


def _until_in_local_time(match: re.Match) -> str:
    """Calendar apps write UNTIL in UTC; the rule is expanded in naive Helsinki time."""
    utc = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    return "UNTIL=" + utc.astimezone(LOCAL_TIME_ZONE).strftime("%Y%m%dT%H%M%S")


def parse_rrule(rule: str, dtstart: datetime) -> rrule:
    """The rule expanded from a naive local start. Refuses what would make the expansion
    run away: a FREQ other than days, weeks, months or years, or an INTERVAL below 1."""
    line = rule_line(rule)
    parts = rule_parts(rule)
    if not parts or parts.get("FREQ") not in _FREQUENCIES:
        raise RecurrenceError(rule)
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or int(interval) < 1:
        raise RecurrenceError(rule)
    try:
        parsed = rrulestr(_UTC_UNTIL.sub(_until_in_local_time, line), dtstart=dtstart)
    except (ValueError, TypeError, KeyError, OverflowError) as error:
        raise RecurrenceError(rule) from error
    if not isinstance(parsed, rrule):
        raise RecurrenceError(rule)
    return parsed


def validate_rrule(value: str) -> None:
    """The models' check of a stored rule (the admin and imports write them too)."""
    if not value:
        return
    try:
        # A floating start, as RFC 5545 allows: activities have no start date.
        parse_rrule(value, datetime(2026, 1, 5))  # noqa: DTZ001
    except RecurrenceError as error:
        raise ValidationError(
            _("The portal cannot read this repetition rule."), code="invalid_rrule"
        ) from error


from .words import describe, format_clock, format_times  # noqa: E402

__all__ = [
    "MAX_RULE_LENGTH",
    "POSITIONS",
    "WEEKDAY_CODES",
    "Frequency",
    "RecurrenceError",
    "Rhythm",
    "by_day_part",
    "describe",
    "format_clock",
    "format_times",
    "parse_rrule",
    "rule_like",
    "rule_line",
    "rule_parts",
    "rule_start",
    "split_rule",
    "validate_rrule",
    "weekday_position",
]

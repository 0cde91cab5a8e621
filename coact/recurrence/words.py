# ruff: noqa: RUF001, RUF002 (en dashes in times, as in 17-19)
"""A rule in words, in the language that is active: "Joka toinen tiistai klo 17–19",
"Every other Tuesday 17:00–19:00", "Den första tisdagen i månaden kl. 16.30".

Each language has its own sentence for each rhythm, and its own forms of the weekday
and month names (Swedish says "varje tisdag" but "den första tisdagen i månaden"), so
the translators write whole phrases rather than words that code glues together."""

from __future__ import annotations

from datetime import date, time

from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

# "Every Monday", "every other Monday".
WEEKDAYS_EVERY = (
    pgettext_lazy("weekday, as in 'every Monday'", "Monday"),
    pgettext_lazy("weekday, as in 'every Tuesday'", "Tuesday"),
    pgettext_lazy("weekday, as in 'every Wednesday'", "Wednesday"),
    pgettext_lazy("weekday, as in 'every Thursday'", "Thursday"),
    pgettext_lazy("weekday, as in 'every Friday'", "Friday"),
    pgettext_lazy("weekday, as in 'every Saturday'", "Saturday"),
    pgettext_lazy("weekday, as in 'every Sunday'", "Sunday"),
)
# "The first Monday of the month", "the last Friday of September".
WEEKDAYS_OF_MONTH = (
    pgettext_lazy("weekday, as in 'the first Monday of the month'", "Monday"),
    pgettext_lazy("weekday, as in 'the first Tuesday of the month'", "Tuesday"),
    pgettext_lazy("weekday, as in 'the first Wednesday of the month'", "Wednesday"),
    pgettext_lazy("weekday, as in 'the first Thursday of the month'", "Thursday"),
    pgettext_lazy("weekday, as in 'the first Friday of the month'", "Friday"),
    pgettext_lazy("weekday, as in 'the first Saturday of the month'", "Saturday"),
    pgettext_lazy("weekday, as in 'the first Sunday of the month'", "Sunday"),
)


def _of_the_month(position: int) -> str:
    return {
        1: pgettext("weekdays of the month", "the first %(weekdays)s of the month"),
        2: pgettext("weekdays of the month", "the second %(weekdays)s of the month"),
        3: pgettext("weekdays of the month", "the third %(weekdays)s of the month"),
        4: pgettext("weekdays of the month", "the fourth %(weekdays)s of the month"),
        -1: pgettext("weekdays of the month", "the last %(weekdays)s of the month"),
    }[position]


def _of_a_month(position: int) -> str:
    return {
        1: pgettext("weekdays of a named month", "the first %(weekdays)s of %(month)s"),
        2: pgettext("weekdays of a named month", "the second %(weekdays)s of %(month)s"),
        3: pgettext("weekdays of a named month", "the third %(weekdays)s of %(month)s"),
        4: pgettext("weekdays of a named month", "the fourth %(weekdays)s of %(month)s"),
        -1: pgettext("weekdays of a named month", "the last %(weekdays)s of %(month)s"),
    }[position]


def join_words(words: list[str]) -> str:
    """ "Monday", "Monday and Wednesday", "Monday, Wednesday and Friday"."""
    words = [str(word) for word in words]
    if len(words) < 2:
        return "".join(words)
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def _weekdays(days, names) -> str:
    return join_words([names[day] for day in days])


def _month_name(month: int) -> str:
    return pgettext("a month, as in 'the first Monday of June'", "%(month)s") % {
        "month": MONTHS[month]
    }


def _in_months(months: list[int]) -> str:
    names = [
        pgettext("a month, as in 'every Tuesday in March'", "%(month)s") % {"month": MONTHS[m]}
        for m in months
    ]
    return join_words(names)


def format_clock(value: time) -> str:
    """17:00 is "17" in Finnish and Swedish ("klo 17"), "17:00" in English; 16:30 is
    "16.30" and "16:30"."""
    hour = str(value.hour)
    if value.minute == 0:
        return pgettext("clock time, a whole hour", "%(hour)s:00") % {"hour": hour}
    return pgettext("clock time", "%(hour)s:%(minute)s") % {
        "hour": hour,
        "minute": f"{value.minute:02d}",
    }


def format_times(when: str, start: time | None, end: time | None) -> str:
    """The phrase with its times: "Joka tiistai klo 17–19", "Every Tuesday at 17:00"."""
    if start is not None and end is not None:
        return gettext("%(when)s %(start)s–%(end)s") % {
            "when": when,
            "start": format_clock(start),
            "end": format_clock(end),
        }
    if start is not None:
        return gettext("%(when)s at %(start)s") % {"when": when, "start": format_clock(start)}
    return when


def _numbers(value: str, low: int, high: int) -> list[int] | None:
    try:
        numbers = [int(part) for part in value.split(",")]
    except ValueError:
        return None
    if not numbers or any(not low <= number <= high for number in numbers):
        return None
    return sorted(set(numbers))


def _weekly(interval: int, days: list[int]) -> str:
    if not days:
        if interval == 1:
            return gettext("Every week")
        if interval == 2:
            return gettext("Every other week")
        return ngettext("Every %(count)s week", "Every %(count)s weeks", interval) % {
            "count": interval
        }
    weekdays = _weekdays(days, WEEKDAYS_EVERY)
    if interval == 1:
        return gettext("Every %(weekdays)s") % {"weekdays": weekdays}
    if interval == 2:
        return gettext("Every other %(weekdays)s") % {"weekdays": weekdays}
    return ngettext(
        "Every %(count)s week on %(weekdays)s", "Every %(count)s weeks on %(weekdays)s", interval
    ) % {"count": interval, "weekdays": weekdays}


def _monthly(interval: int, positioned: dict[int, list[int]] | None, month_day: int | None):
    if positioned is not None:
        (position, days), *others = positioned.items()
        if others:
            return None  # "the first Monday and the last Friday": no sentence for it
        when = _of_the_month(position) % {"weekdays": _weekdays(days, WEEKDAYS_OF_MONTH)}
    elif month_day is not None:
        when = gettext("On day %(day)s of the month") % {"day": month_day}
        if interval == 1:
            return when
    elif interval == 1:
        return gettext("Once a month")
    else:
        return ngettext("Once every %(count)s month", "Once every %(count)s months", interval) % {
            "count": interval
        }
    if interval == 1:
        return when
    return ngettext(
        "%(when)s, every %(count)s month", "%(when)s, every %(count)s months", interval
    ) % {"when": when, "count": interval}


def _positioned_days(by_day: str) -> tuple[list[int], dict[int, list[int]]] | None:
    """The plain weekdays and the weekdays by week of the month in a BYDAY value."""
    from . import POSITIONS, by_day_part

    plain: list[int] = []
    positioned: dict[int, list[int]] = {}
    for part in by_day.split(",") if by_day else []:
        parsed = by_day_part(part)
        if parsed is None:
            return None
        position, weekday = parsed
        if position is None:
            plain.append(weekday)
        elif position in POSITIONS:
            positioned.setdefault(position, []).append(weekday)
        else:
            return None  # the fifth Monday, the 20th Monday of the year...
    return sorted(set(plain)), {key: sorted(set(days)) for key, days in positioned.items()}


_KNOWN = {"FREQ", "INTERVAL", "BYDAY", "BYMONTH", "BYMONTHDAY", "COUNT", "UNTIL", "WKST"}
_TIME_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND"}


def _time_from_parts(parts: dict[str, str]) -> time | None:
    hours = parts.get("BYHOUR", "")
    minutes = parts.get("BYMINUTE", "0") or "0"
    if not hours.isdigit() or not minutes.isdigit() or not parts.get("BYSECOND", "0").isdigit():
        return None
    if int(hours) > 23 or int(minutes) > 59:
        return None
    return time(int(hours), int(minutes))


def _until(value: str) -> date | None:
    if len(value) < 8 or not value[:8].isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


def describe(
    rule: str,
    *,
    dtstart: date | None = None,
    start: time | None = None,
    end: time | None = None,
) -> str | None:
    """The rule in words with its times, or None when there are no words for it (the
    caller says something general then). `dtstart` fills in what the rule leaves to its
    start date: the weekday of a weekly rule, the day of a monthly one."""
    from . import rule_parts, rule_start

    parts = rule_parts(rule)
    if parts is None or not set(parts) <= _KNOWN | _TIME_PARTS:
        return None
    dtstart = dtstart or rule_start(rule)
    if start is None and "BYHOUR" in parts:
        start = _time_from_parts(parts)
        if start is None:
            return None
    elif parts.keys() & _TIME_PARTS and start is None:
        return None
    frequency = parts.get("FREQ", "")
    interval_text = parts.get("INTERVAL", "1")
    if not interval_text.isdigit() or int(interval_text) < 1:
        return None
    interval = int(interval_text)
    days = _positioned_days(parts.get("BYDAY", ""))
    months = _numbers(parts["BYMONTH"], 1, 12) if "BYMONTH" in parts else []
    month_days = _numbers(parts["BYMONTHDAY"], 1, 31) if "BYMONTHDAY" in parts else []
    if days is None or months is None or month_days is None or len(month_days) > 1:
        return None
    plain, positioned = days

    when = None
    if frequency == "DAILY" and not positioned and not month_days:
        if plain:
            when = _weekly(1, plain) if interval == 1 else None
        elif interval == 1:
            when = gettext("Every day")
        else:
            when = ngettext("Every %(count)s day", "Every %(count)s days", interval) % {
                "count": interval
            }
    elif frequency == "WEEKLY" and not positioned and not month_days:
        if not plain and dtstart is not None:
            plain = [dtstart.weekday()]
        when = _weekly(interval, plain)
    elif frequency == "MONTHLY" and not plain:
        month_day = month_days[0] if month_days else None
        if not positioned and month_day is None and dtstart is not None:
            month_day = dtstart.day
        when = _monthly(interval, positioned or None, month_day)
    elif frequency == "YEARLY" and interval == 1 and not plain:
        when = _yearly(positioned, months, month_days, dtstart)
        if when is not None:
            months = []  # said already
    if when is None:
        return None
    if months:
        when = gettext("%(when)s in %(months)s") % {"when": when, "months": _in_months(months)}
    when = format_times(when, start, end)
    if "COUNT" in parts:
        if not parts["COUNT"].isdigit() or int(parts["COUNT"]) < 1:
            return None
        count = int(parts["COUNT"])
        when = ngettext("%(when)s, %(count)s time", "%(when)s, %(count)s times", count) % {
            "when": when,
            "count": count,
        }
    elif "UNTIL" in parts:
        until = _until(parts["UNTIL"])
        if until is None:
            return None
        when = gettext("%(when)s, until %(date)s") % {
            "when": when,
            "date": date_format(until, "DATE_FORMAT"),
        }
    return capfirst(when)


def _day_and_month(day: date) -> str:
    # A date format (Django's letters), as in "every year on 1 June": Finnish says
    # "1. kesäkuuta", with the month in the form its dates use.
    return date_format(day, pgettext("day and month, as in 'every year on 1 June'", "j F"))


def _yearly(positioned, months, month_days, dtstart) -> str | None:
    if positioned:
        if len(months) != 1 or len(positioned) != 1 or month_days:
            return None
        ((position, days),) = positioned.items()
        day = _of_a_month(position) % {
            "weekdays": _weekdays(days, WEEKDAYS_OF_MONTH),
            "month": _month_name(months[0]),
        }
        return gettext("Every year on %(day)s") % {"day": day}
    if not months and not month_days and dtstart is not None:
        return gettext("Every year on %(date)s") % {"date": _day_and_month(dtstart)}
    if month_days and len(months) == 1:
        try:
            day = date(2024, months[0], month_days[0])  # a leap year: 29 February exists
        except ValueError:
            return None
        return gettext("Every year on %(date)s") % {"date": _day_and_month(day)}
    if month_days:
        return None
    if months:
        return gettext("Once a year in %(months)s") % {"months": _in_months(months)}
    return gettext("Once a year")

"""Finnish working days: Monday to Friday, less the public holidays (python-holidays'
calendar for Finland, which has Midsummer Eve and Christmas Eve as days off, as Finnish
offices keep them). The referral time limits count in these days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache

import holidays
from django.utils import timezone


@cache
def _finnish_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("FI", years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _finnish_holidays(day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    """The moment `days` full working days after `start` have passed: the start of the
    next day after the last of them, Finnish time."""
    day = timezone.localtime(start).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        counted += is_working_day(day)
    following = day + timedelta(days=1)
    return timezone.make_aware(datetime.combine(following, datetime.min.time()))


def working_days_between(start: datetime, end: datetime) -> int:
    """How many working days have begun after `start`'s day, up to and including `end`'s
    day, Finnish time: 0 on the day itself, 1 on the next working day (a referral sent on
    a Friday is 1 working day old on Monday). Counted, not walked day by day, so that a
    list of old referrals stays fast."""
    first = timezone.localtime(start).date()
    last = timezone.localtime(end).date()
    if last <= first:
        return 0
    full_weeks, extra = divmod((last - first).days, 7)
    weekdays = full_weeks * 5 + sum(
        (first + timedelta(days=offset)).weekday() < 5 for offset in range(1, extra + 1)
    )
    days_off = sum(
        first < holiday <= last and holiday.weekday() < 5
        for year in range(first.year, last.year + 1)
        for holiday in _finnish_holidays(year)
    )
    return weekdays - days_off

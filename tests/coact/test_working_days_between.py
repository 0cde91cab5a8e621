"""A referral's age in Finnish working days (coact.workdays.working_days_between)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from coact.workdays import add_working_days, is_working_day, working_days_between


def at(year, month, day, hour=12):
    return datetime(year, month, day, hour, tzinfo=timezone.get_default_timezone())


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (at(2025, 12, 1, 9), at(2025, 12, 1, 17), 0),  # the same day
        (at(2025, 11, 28), at(2025, 12, 1), 1),  # Friday to Monday
        (at(2025, 11, 28), at(2025, 11, 30), 0),  # Friday to Sunday
        (at(2025, 12, 23), at(2025, 12, 29), 1),  # over Christmas Eve, Christmas, Boxing Day
        (at(2025, 12, 2), at(2025, 11, 28), 0),  # the end before the start
        (at(2025, 12, 31, 23), at(2026, 1, 2, 1), 1),  # New Year's Day is off, Helsinki time
    ],
)
def test_working_days_between(start, end, days):
    assert working_days_between(start, end) == days


def test_it_agrees_with_counting_day_by_day_over_years():
    start = at(2024, 1, 3)
    for offset in range(0, 800, 7):
        end = start + timedelta(days=offset)
        day, counted = start.date(), 0
        while day < end.date():
            day += timedelta(days=1)
            counted += is_working_day(day)
        assert working_days_between(start, end) == counted


def test_the_reminder_falls_after_the_days_it_allows():
    sent = at(2025, 11, 28)

    assert working_days_between(sent, add_working_days(sent, 3)) == 4

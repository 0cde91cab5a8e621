# ruff: noqa: RUF001 (en dashes in times, as in 17-19)
"""Recurrence without RRULEs: the choices people make become a rule, a stored rule comes
back as the same choices, and every rule the portal holds is said in words in Finnish,
Swedish and English."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coact.recurrence import Frequency, Rhythm, describe, rule_like, validate_rrule
from coact.recurrence.fields import KEEP, RecurrenceField, Schedule

EVENING = (time(17), time(19))
HALF_PAST = (time(16, 30), None)
MORNING = (time(9, 30), time(11))
NO_TIMES = (None, None)


def words(lang: str, rule: str, **times) -> str | None:
    with translation.override(lang):
        return describe(rule, **times)


# --- The choices and the rule -------------------------------------------------------------


@pytest.mark.parametrize(
    ("rhythm", "rule"),
    [
        (Rhythm(Frequency.WEEKLY, (1,)), "FREQ=WEEKLY;BYDAY=TU"),
        (Rhythm(Frequency.WEEKLY, (2, 0)), "FREQ=WEEKLY;BYDAY=MO,WE"),
        (Rhythm(Frequency.EVERY_OTHER_WEEK, (1,)), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        (Rhythm(Frequency.MONTHLY, (1,), 1), "FREQ=MONTHLY;BYDAY=1TU"),
        (Rhythm(Frequency.MONTHLY, (4, 5), -1), "FREQ=MONTHLY;BYDAY=-1FR,-1SA"),
    ],
)
def test_choices_make_a_rule_and_the_rule_gives_the_choices_back(rhythm, rule):
    assert rhythm.rrule() == rule
    assert Rhythm.from_rrule(rule) == Rhythm(
        rhythm.frequency, tuple(sorted(rhythm.weekdays)), rhythm.position
    )


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TH",  # a quarterly meeting series
        "FREQ=MONTHLY;BYMONTH=6,7,8",  # demo data: once a month in the summer
        "FREQ=WEEKLY;BYDAY=TU;BYMONTH=3,4",
        "FREQ=MONTHLY;BYDAY=1WE;UNTIL=20261231",  # an HSDS import
        "FREQ=MONTHLY;BYDAY=1TU,3TH",  # two weeks of the month
        "FREQ=DAILY",
        "DTSTART:20250107T170000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",  # which weeks
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU",
        "",
    ],
)
def test_rules_the_choices_cannot_make_are_not_taken_for_choices(rule):
    assert Rhythm.from_rrule(rule) is None


def test_the_presets_keep_the_weekday_of_the_month_of_the_date():
    last_tuesday = date(2026, 12, 29)
    assert rule_like(last_tuesday, "monthly") == "FREQ=MONTHLY;BYDAY=-1TU"
    assert rule_like(last_tuesday, "quarterly") == "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1TU"
    assert rule_like(last_tuesday, "yearly") == "FREQ=YEARLY;BYMONTH=12;BYDAY=-1TU"
    assert rule_like(last_tuesday, "weekly") == "FREQ=WEEKLY;BYDAY=TU"


@pytest.mark.parametrize("rule", ["FREQ=SOMETIMES", "every Tuesday", "FREQ=WEEKLY;INTERVAL=0"])
def test_the_models_refuse_a_rule_the_portal_cannot_read(rule):
    with pytest.raises(ValidationError):
        validate_rrule(rule)


# --- In words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "rule", "times", "expected"),
    [
        ("fi", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", EVENING, "Joka toinen tiistai klo 17–19"),
        ("en", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", EVENING, "Every other Tuesday 17:00–19:00"),
        ("sv", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", EVENING, "Varannan tisdag kl. 17–19"),
        ("sv", "FREQ=MONTHLY;BYDAY=1TU", HALF_PAST, "Den första tisdagen i månaden kl. 16.30"),
        ("fi", "FREQ=MONTHLY;BYDAY=1TU", HALF_PAST, "Kuukauden ensimmäinen tiistai klo 16.30"),
        ("en", "FREQ=MONTHLY;BYDAY=1TU", HALF_PAST, "The first Tuesday of the month at 16:30"),
        ("fi", "FREQ=WEEKLY;BYDAY=MO,WE", MORNING, "Joka maanantai ja keskiviikko klo 9.30–11"),
        ("sv", "FREQ=MONTHLY;BYDAY=-1FR", NO_TIMES, "Den sista fredagen i månaden"),
        (
            "fi",
            "FREQ=YEARLY;BYMONTH=6;BYDAY=2WE",
            NO_TIMES,
            "Joka vuosi kesäkuun toinen keskiviikko",
        ),
        ("sv", "FREQ=YEARLY;BYMONTH=6;BYDAY=2WE", NO_TIMES, "Varje år den andra onsdagen i juni"),
    ],
)
def test_a_rule_in_words_in_the_readers_language(lang, rule, times, expected):
    start, end = times
    assert words(lang, rule, start=start, end=end) == expected


@pytest.mark.parametrize(
    ("rule", "fi", "sv", "en"),
    [
        (
            "FREQ=MONTHLY;BYDAY=1WE;UNTIL=20261231",
            "Kuukauden ensimmäinen keskiviikko, 31. joulukuuta 2026 asti",
            "Den första onsdagen i månaden, till och med 31 december 2026",
            "The first Wednesday of the month, until 31 December 2026",
        ),
        (
            "FREQ=MONTHLY;BYMONTH=6,7,8",
            "Kerran kuussa kesäkuussa, heinäkuussa ja elokuussa",
            "En gång i månaden i juni, juli och augusti",
            "Once a month in June, July and August",
        ),
        (
            "DTSTART:20250107T170000\nRRULE:FREQ=WEEKLY;BYDAY=TU;WKST=MO",
            "Joka tiistai",
            "Varje tisdag",
            "Every Tuesday",
        ),
        (
            "FREQ=WEEKLY;BYDAY=TH;BYHOUR=17;BYMINUTE=30",
            "Joka torstai klo 17.30",
            "Varje torsdag kl. 17.30",
            "Every Thursday at 17:30",
        ),
    ],
)
def test_imported_rules_are_said_in_words_too(rule, fi, sv, en):
    assert (words("fi", rule), words("sv", rule), words("en", rule)) == (fi, sv, en)


def test_a_rule_without_words_is_none_rather_than_the_rule():
    assert words("fi", "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR") is None
    assert words("fi", "not a rule") is None


def test_a_series_without_a_weekday_takes_it_from_its_first_date():
    assert words("fi", "FREQ=MONTHLY", dtstart=date(2027, 3, 15)) == "Kuukauden 15. päivä"
    assert words("en", "FREQ=WEEKLY", dtstart=date(2027, 3, 15)) == "Every Monday"


@pytest.mark.django_db
def test_every_rule_of_the_demo_data_loads_and_has_words_in_every_language():
    from io import StringIO

    from django.core.management import call_command

    from networks.models import MeetingSeries
    from organizations.models import Activity

    call_command("seed_demo", stdout=StringIO())

    rules = set(Activity.objects.exclude(recurrence="").values_list("recurrence", flat=True))
    rules |= set(MeetingSeries.objects.values_list("rrule", flat=True))
    assert len(rules) > 20
    for rule in rules:
        validate_rrule(rule)
        for lang in ("fi", "sv", "en"):
            said = words(lang, rule)
            assert said, (lang, rule)
            assert "FREQ" not in said


# --- The form field ---------------------------------------------------------------------------


def clean(field, frequency="", weekdays=(), position="", start="", end=""):
    return field.clean([frequency, list(weekdays), position, start, end])


def test_the_field_gives_the_rule_and_the_times():
    schedule = clean(RecurrenceField(), "every_other_week", ["1"], "", "17:00", "19:00")

    assert schedule == Schedule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", time(17), time(19))


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        (("weekly", [], "", "", ""), "Choose at least one weekday, for example Tuesday."),
        (("monthly", ["1"], "", "", ""), "Choose the week of the month, for example the first."),
        (
            ("weekly", ["1"], "", "19:00", "17:00"),
            "The end time must be after the start time, for example 17:00–19:00.",
        ),
        (("weekly", ["1"], "", "", "19:00"), "Give the start time too, for example 17:00."),
        (
            ("", ["1"], "", "", ""),
            "Choose how often: every week, every other week or once a month.",
        ),
    ],
)
def test_the_field_says_what_is_missing(choices, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            clean(RecurrenceField(), *choices)

        assert message in error.value.messages


def test_a_rule_the_choices_cannot_show_is_kept_until_new_choices_are_made():
    imported = "FREQ=MONTHLY;BYDAY=1WE;UNTIL=20261231"
    field = RecurrenceField(current=imported)

    assert field.widget.decompress(Schedule(imported))[0] == KEEP
    assert clean(field, KEEP) == Schedule(imported, kept=True)
    assert clean(field, "weekly", ["2"]).rule == "FREQ=WEEKLY;BYDAY=WE"
    with translation.override("fi"):  # the label is in the language of the page
        labels = {value: str(label) for value, label in field.fields[0].choices}
    assert labels[KEEP] == (
        "Pidä nykyinen aikataulu: Kuukauden ensimmäinen keskiviikko, 31. joulukuuta 2026 asti"
    )

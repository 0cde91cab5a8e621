"""The meeting pages as people use them: scheduling a meeting or a series from the form,
the form's checks and the pieces it is made of (the monthly preset, rules in words, the
guest lines).

Changes, cancellations, replies, attendance and series are in
test_meeting_pages_changes.py; the planner, who may see what and the query counts in
test_meeting_pages_planner_and_access.py."""

# The tests take the fixtures imported from meeting_page_helpers as arguments.
# ruff: noqa: F811

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from coact.recurrence import describe
from networks.forms.meetings import parse_guest_lines, preset_rule
from networks.models import (
    MEETING_TIME_ZONE,
    Guest,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingSeries,
)
from tests.factories import ServiceUnitFactory, UserFactory
from tests.networks.meeting_page_helpers import (  # noqa: F401 - fixtures
    in_days,
    languages,
    local,
    network,
    signed_in,
)

pytestmark = pytest.mark.django_db

# A fixed "now" for the series test: Wednesday 22 January 2031, 10:00 in Helsinki. The
# first Tuesday of February 2031 is 13 days later, within the 28 days before a meeting
# when its invitations go out.
FROZEN_NOW = datetime(2031, 1, 22, 10, 0, tzinfo=MEETING_TIME_ZONE)


def translated(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def form_data(**overrides) -> dict:
    data = {
        "kind": MeetingKind.MEETUP,
        "title": "Kuukausitapaaminen",
        "network": "",
        "welfare_area": "",
        "host": "",
        "date": "",
        "start_time": "16:30",
        "duration_minutes": "",
        "outside_office_hours": "auto",
        "repeat": "none",
        "format": "on_site",
        "address": "Asematie 1, Vantaa",
        "accessibility": "",
        "online_url": "",
        "agenda": "",
        "capacity": "",
        "guests": "",
        "guest_language": "en",
        "reminder_offsets": ["10080", "1440"],
    }
    data.update(overrides)
    return data


def first_weekday(year: int, month: int, weekday: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


# --- Scheduling ------------------------------------------------------------------------------


def test_a_monthly_series_from_the_form_is_at_1630_helsinki_time_winter_and_summer(
    client, world, network, languages, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(timezone, "now", lambda: FROZEN_NOW)
    signed_in(client, world["people"]["coordinator"])
    first = first_weekday(2031, 2, 1)  # the first Tuesday of February 2031
    data = form_data(
        network=network.pk,
        date=first.isoformat(),
        repeat="monthly",
        languages=[languages["en"].pk, languages["fi"].pk],
        guests="Guest Person <guest@example.org>",
        reminder_offsets=["20160", "1440", "120"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/meetings/new/", data)

    series = MeetingSeries.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("series_detail", args=[series.pk])
    assert series.rrule == "FREQ=MONTHLY;BYDAY=1TU"
    assert series.reminder_offsets == [20160, 1440, 120]
    assert series.duration_minutes == 30  # the meetup's usual length
    occurrences = list(series.occurrences.order_by("start"))
    assert len(occurrences) >= 12
    for occurrence in occurrences:
        start = local(occurrence.start)
        assert (start.weekday(), start.hour, start.minute) == (1, 16, 30)
        assert start.day <= 7
    by_month = {local(o.start).month: o.start for o in occurrences}
    # 16:30 in Helsinki is 14:30 UTC in winter (UTC+2) and 13:30 UTC in summer (UTC+3).
    assert by_month[2].astimezone(UTC).hour == 14
    assert by_month[7].astimezone(UTC).hour == 13
    # The first meeting is 13 days ahead: its invitations went out at once, in each
    # person's language, to the representatives and the guest.
    first_meeting = occurrences[0]
    assert local(first_meeting.start).date() == first
    invited = {message.to[0] for message in mail.outbox}
    assert invited == {
        "member@owning.example",
        "staff@vantaa.example",
        "guest@example.org",
    }
    # Each in their own language: the representatives Finnish, the guest English.
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["member@owning.example"].startswith("Kutsu: Kuukausitapaaminen")
    assert subjects["guest@example.org"].startswith("Invitation: Kuukausitapaaminen")
    guest = Guest.objects.get(series=series)
    assert (guest.name, guest.language) == ("Guest Person", "en")
    assert set(first_meeting.languages.values_list("code", flat=True)) == {"en", "fi"}
    # The later meetings are invited 28 days before each; none of them yet.
    assert not Invitation.objects.filter(
        meeting__in=occurrences[1:], sent_at__isnull=False
    ).exists()


def test_a_single_meeting_from_the_form_sends_the_invitations(
    client, world, network, languages, django_capture_on_commit_callbacks
):
    signed_in(client, world["people"]["coordinator"])
    day = local(in_days(3)).date()
    data = form_data(
        network=network.pk,
        date=day.isoformat(),
        start_time="17:30",
        format="hybrid",
        online_url="meet.example.org/coact",
        guests="maria@example.org\nMatti Meikäläinen <matti@example.org>",
        guest_language="fi",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/meetings/new/", data, follow=True)

    meeting = Meeting.objects.get()
    assert response.redirect_chain[-1][0] == reverse("meeting_detail", args=[meeting.pk])
    assert "invitations are on their way" in response.content.decode()
    assert meeting.series is None
    assert local(meeting.start).time() == time(17, 30)
    assert meeting.online_url == "https://meet.example.org/coact"
    assert meeting.outside_office_hours  # ends after 16
    assert {m.to[0] for m in mail.outbox} == {
        "member@owning.example",
        "staff@vantaa.example",
        "maria@example.org",
        "matti@example.org",
    }
    matti = meeting.invitations.get(email="matti@example.org")
    assert (matti.name, matti.language) == ("Matti Meikäläinen", "fi")


def test_a_guest_with_an_account_is_linked_and_invited_in_their_language(
    client, world, languages, django_capture_on_commit_callbacks
):
    colleague = UserFactory(email="Someone@Example.org", preferred_language="sv")
    signed_in(client, world["people"]["coordinator"])
    data = form_data(
        welfare_area=world["area"].pk,
        date=local(in_days(4)).date().isoformat(),
        guests="someone@example.org",
        guest_language="en",
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/meetings/new/", data)

    invitation = Invitation.objects.get()
    assert invitation.user == colleague
    assert invitation.language == "sv"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_repeating_on_chosen_weekdays_without_a_weekday_is_a_translated_error(
    client, world, network, lang
):
    signed_in(client, world["people"]["coordinator"])
    data = form_data(
        network=network.pk,
        title="Teemailta",
        date=local(in_days(10)).date().isoformat(),
        repeat="custom",
        recurrence_frequency="every_other_week",
        agenda="1. Tervetuloa",
        guests="maria@example.org",
    )

    response = client.post(f"/{lang}/meetings/new/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert translated(lang, "Choose at least one weekday, for example Tuesday.") in html
    assert 'href="#id_recurrence"' in html  # the error summary's link to the field
    assert re.search(r'value="every_other_week"[^>]*checked', html)
    assert 'value="Teemailta"' in html
    assert "1. Tervetuloa</textarea>" in html
    assert "maria@example.org</textarea>" in html
    assert "RRULE" not in html
    assert "FREQ=" not in html
    assert not MeetingSeries.objects.exists()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ({}, "Choose how often and the weekdays, or another way of repeating above."),
        (
            {"recurrence_frequency": "monthly", "recurrence_weekdays": ["1"]},
            "Choose the week of the month, for example the first.",
        ),
        (
            {"recurrence_frequency": "weekly", "recurrence_weekdays": [str(d) for d in range(7)]},
            "meetings in a year; the most is 120.",
        ),
    ],
)
def test_weekday_choices_that_cannot_make_a_series_are_refused(
    client, world, network, choices, message
):
    signed_in(client, world["people"]["coordinator"])
    data = form_data(
        network=network.pk, date=local(in_days(10)).date().isoformat(), repeat="custom", **choices
    )

    response = client.post("/en/meetings/new/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MeetingSeries.objects.exists()


def test_a_series_on_chosen_weekdays_meets_every_other_week(client, world, network):
    signed_in(client, world["people"]["coordinator"])
    day = local(in_days(10)).date()
    data = form_data(
        network=network.pk,
        date=day.isoformat(),
        repeat="custom",
        recurrence_frequency="every_other_week",
        recurrence_weekdays=[str(day.weekday())],
    )

    response = client.post("/en/meetings/new/", data)

    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.weekday()]
    assert series.rrule == f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}"
    starts = [local(m.start).date() for m in series.occurrences.order_by("start")[:3]]
    assert starts == [day, day + timedelta(days=14), day + timedelta(days=28)]
    page = client.get(f"/en/meetings/series/{series.pk}/").content.decode()
    assert f"Every other {date_format(day, 'l')} 16:30\u201317:00" in page
    assert "FREQ=" not in page


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_bad_guest_address_names_the_line_and_keeps_the_text(client, world, network, lang):
    signed_in(client, world["people"]["coordinator"])
    guests = "maria@example.org\nMatti <matti(at)example.org>\n\nfine@example.org"
    data = form_data(network=network.pk, date=local(in_days(10)).date().isoformat(), guests=guests)

    response = client.post(f"/{lang}/meetings/new/", data)

    html = response.content.decode()
    assert response.status_code == 200
    with translation.override(lang):
        expected = translation.gettext(
            "Line %(number)s, “%(line)s”, is not an e-mail address. Write one address a "
            "line, for example maria@example.org or Maria Virtanen <maria@example.org>."
        ) % {"number": 2, "line": "Matti <matti(at)example.org>"}
    assert expected.replace("<", "&lt;").replace(">", "&gt;") in html
    assert "Matti &lt;matti(at)example.org&gt;" in html  # the textarea keeps it
    assert not Meeting.objects.exists()


def test_place_and_time_are_checked(client, world, network):
    signed_in(client, world["people"]["coordinator"])
    yesterday = (local(timezone.now()) - timedelta(days=1)).date()
    data = form_data(network=network.pk, date=yesterday.isoformat(), format="online", address="")

    html = client.post("/en/meetings/new/", data).content.decode()

    assert "Choose a date and time in the future." in html
    assert "Give the link of an online meeting." in html


def test_the_area_comes_from_the_network_and_the_host_must_be_of_it(client, world, network):
    foreign_unit = ServiceUnitFactory(welfare_area=world["other_area"])
    signed_in(client, world["people"]["coordinator"])
    data = form_data(
        network=network.pk,
        welfare_area=world["other_area"].pk,
        host=f"unit:{foreign_unit.pk}",
        date=local(in_days(10)).date().isoformat(),
    )

    html = client.post("/en/meetings/new/", data).content.decode()

    # The other area is not among the coordinator's choices at all.
    assert "Select a valid choice" in html
    data["welfare_area"] = ""
    html = client.post("/en/meetings/new/", data).content.decode()
    assert "Select a valid choice" in html  # nor the other area's unit
    assert not Meeting.objects.exists()


def test_the_network_link_preselects_the_network(client, world, network):
    signed_in(client, world["people"]["coordinator"])

    html = client.get(f"/en/meetings/new/?network={network.slug}").content.decode()

    assert f'<option value="{network.pk}" selected>' in html


def test_only_coordinators_schedule(client, world):
    signed_in(client, world["people"]["member"])

    assert client.get("/en/meetings/new/").status_code == 403
    assert client.get("/en/meetings/planner/").status_code == 403


# --- Pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "rule"),
    [
        (date(2026, 12, 1), "FREQ=MONTHLY;BYDAY=1TU"),
        (date(2026, 12, 15), "FREQ=MONTHLY;BYDAY=3TU"),
        (date(2026, 12, 29), "FREQ=MONTHLY;BYDAY=-1TU"),
    ],
)
def test_the_monthly_preset_keeps_the_weekday_of_the_month(day, rule):
    assert preset_rule("monthly", day) == rule


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=MONTHLY;BYDAY=1TU", "The first Tuesday of the month"),
        ("FREQ=MONTHLY;INTERVAL=3;BYDAY=2WE", "The second Wednesday of the month, every 3 months"),
        ("FREQ=WEEKLY;BYDAY=TH", "Every Thursday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "Every other Monday"),
        ("FREQ=YEARLY;BYMONTH=9;BYDAY=-1FR", "Every year on the last Friday of September"),
        ("FREQ=MONTHLY;BYDAY=1TU;COUNT=5", "The first Tuesday of the month, 5 times"),
        ("FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO,TU", None),
    ],
)
def test_rules_in_words(rule, words):
    with translation.override("en"):
        assert describe(rule) == words


def test_guest_lines():
    assert parse_guest_lines("a@example.org\n\n B <b@example.org>, \na@example.org") == [
        ("", "a@example.org"),
        ("B", "b@example.org"),
    ]

"""The meeting pages as people use them: scheduling from the form, replies, changes and
cancellations reaching the invitees' mail, attendance and minutes, the planner, and
who may see what."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from coact.recurrence import describe
from networks import selectors, services
from networks.forms.meetings import parse_guest_lines, preset_rule
from networks.models import (
    MEETING_TIME_ZONE,
    Guest,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingSeries,
    NetworkMembership,
)
from organizations.models import Language
from tests.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    UserFactory,
    schedule_test_series,
)

pytestmark = pytest.mark.django_db

# A fixed "now" for the series test: Wednesday 22 January 2031, 10:00 in Helsinki. The
# first Tuesday of February 2031 is 13 days later, within the 28 days before a meeting
# when its invitations go out.
FROZEN_NOW = datetime(2031, 1, 22, 10, 0, tzinfo=MEETING_TIME_ZONE)


def translated(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def local(value: datetime) -> datetime:
    return timezone.localtime(value, MEETING_TIME_ZONE)


def in_days(days: int, at: time = time(17, 0)) -> datetime:
    day = (local(timezone.now()) + timedelta(days=days)).date()
    return selectors.local_to_aware(datetime.combine(day, at))


@pytest.fixture
def languages(db):
    return {code: Language.objects.get_or_create(code=code)[0] for code in ("fi", "en", "so")}


@pytest.fixture
def network(world):
    """A network of the coordinator's area: the owning NGO (its admin named as the
    representative) and the KOTO unit (its staff member named)."""
    network = NetworkFactory(welfare_area=world["area"], slug="vantaa-network")
    NetworkMembershipFactory(
        network=network,
        organization=world["organization"],
        representatives=[world["people"]["member"]],
    )
    membership = NetworkMembership.objects.create(network=network, service_unit=world["unit"])
    membership.representatives.set([world["people"]["unit_staff"]])
    return network


@pytest.fixture
def meeting(world, network, languages, django_capture_on_commit_callbacks):
    """A single meeting five days ahead at 17:00, invitations mailed."""
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_schedule(
            meeting=Meeting(
                kind=MeetingKind.MEETUP,
                title="Kuukausitapaaminen",
                network=network,
                welfare_area=world["area"],
                start=in_days(5),
                duration_minutes=30,
                address="Asematie 1, Vantaa",
            ),
            by=world["people"]["coordinator"],
            languages=[languages["en"]],
        )
    return meeting


def signed_in(client, user):
    client.force_login(user)
    return client


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


# --- Changing and cancelling -----------------------------------------------------------------


def test_moving_a_meeting_sends_everyone_an_update(
    client, world, meeting, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    signed_in(client, world["people"]["coordinator"])
    page = client.get(f"/en/meetings/{meeting.pk}/edit/").content.decode()
    assert "everyone invited gets the updated invitation by e-mail" in page
    new_day = local(in_days(6)).date()
    data = {
        "title": meeting.title,
        "date": new_day.isoformat(),
        "start_time": "18:00",
        "duration_minutes": "45",
        "outside_office_hours": "auto",
        "format": "on_site",
        "address": "Asematie 1, Vantaa",
        "languages": [lang.pk for lang in meeting.languages.all()],
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/meetings/{meeting.pk}/edit/", data, follow=True)

    meeting.refresh_from_db()
    assert "Everyone invited gets the update by e-mail." in response.content.decode()
    assert local(meeting.start) == datetime.combine(new_day, time(18, 0), MEETING_TIME_ZONE)
    assert meeting.status == Meeting.Status.MOVED
    assert meeting.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["member@owning.example", "staff@vantaa.example"]
    assert all(m.subject.startswith("Muutettu: Kuukausitapaaminen") for m in mail.outbox)


def test_an_edit_with_errors_keeps_the_input(client, world, meeting):
    signed_in(client, world["people"]["coordinator"])
    data = {
        "title": "Uusi nimi",
        "date": "",
        "start_time": "18:00",
        "duration_minutes": "45",
        "outside_office_hours": "auto",
        "format": "on_site",
        "address": "",
    }

    html = client.post(f"/en/meetings/{meeting.pk}/edit/", data).content.decode()

    assert "Give the address of a meeting held on site." in html
    assert 'value="Uusi nimi"' in html
    meeting.refresh_from_db()
    assert meeting.title == "Kuukausitapaaminen"


def test_cancelling_asks_first_then_sends_a_cancellation(
    client, world, meeting, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    signed_in(client, world["people"]["coordinator"])

    page = client.get(f"/en/meetings/{meeting.pk}/cancel/")
    assert page.status_code == 200
    assert "All 2 people invited get a cancellation by e-mail" in page.content.decode()
    assert not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/meetings/{meeting.pk}/cancel/")

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.is_cancelled
    assert sorted(m.to[0] for m in mail.outbox) == ["member@owning.example", "staff@vantaa.example"]
    assert all(m.subject.startswith("Peruttu: Kuukausitapaaminen") for m in mail.outbox)
    assert b"METHOD:CANCEL" in mail.outbox[0].attachments[0].get_payload(decode=True)


# --- Replies -------------------------------------------------------------------------------


def test_the_coordinator_sees_a_reply_as_soon_as_it_is_sent(client, world, meeting):
    invitation = meeting.invitations.get(email="member@owning.example")
    token = selectors.rsvp_token(invitation)
    client.post(f"/en/meetings/reply/{token}/", {"response": "yes", "note": "Tulen tulkin kanssa."})

    signed_in(client, world["people"]["coordinator"])
    html = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    assert "Tulen tulkin kanssa." in html
    assert "1 coming" in html
    assert "1 no reply yet" in html
    row = re.search(r"member@owning\.example.*?</tr>", html, re.S).group(0)
    assert "Coming" in row


def test_my_meetings_lists_the_invitations_and_replies_inline(client, world, meeting):
    # Invited by address only (no account link): still the person's invitation.
    other = services.meeting_schedule(
        meeting=Meeting(
            title="Yhteinen tapaaminen",
            welfare_area=world["area"],
            start=in_days(9),
            duration_minutes=120,
            address="Tikkurila",
        ),
        by=world["people"]["coordinator"],
        guests=[Guest(email="MEMBER@owning.example", language="en")],
    )
    signed_in(client, world["people"]["member"])

    html = client.get("/en/meetings/").content.decode()

    assert "Kuukausitapaaminen" in html
    assert "Yhteinen tapaaminen" in html
    assert html.index("Kuukausitapaaminen") < html.index("Yhteinen tapaaminen")
    assert reverse("calendar_subscription") in html
    assert reverse("meeting_new") not in html  # not a coordinator
    assert "No reply yet" in html

    invitation = other.invitations.get()
    response = client.post("/en/meetings/", {"invitation": invitation.pk, "response": "maybe"})

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.MAYBE


def test_nobody_replies_for_someone_else(client, world, meeting):
    invitation = meeting.invitations.get(email="staff@vantaa.example")
    signed_in(client, world["people"]["member"])

    response = client.post("/en/meetings/", {"invitation": invitation.pk, "response": "no"})

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.response == ""


def test_an_invitee_replies_on_the_meeting_page(client, world, meeting):
    signed_in(client, world["people"]["unit_staff"])

    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "Your reply" in page
    assert "Invitations and replies" not in page  # only for the organiser
    response = client.post(f"/en/meetings/{meeting.pk}/", {"response": "no", "note": "Lomalla."})

    assert response.status_code == 302
    invitation = meeting.invitations.get(email="staff@vantaa.example")
    assert (invitation.response, invitation.note) == ("no", "Lomalla.")


def test_coordinators_see_links_to_schedule_and_plan(client, world):
    signed_in(client, world["people"]["coordinator"])

    html = client.get("/en/meetings/").content.decode()

    assert reverse("meeting_new") in html
    assert reverse("meeting_planner") in html


# --- After the meeting -------------------------------------------------------------------------


@pytest.fixture
def past_meeting(world, network, languages):
    meeting = services.meeting_schedule(
        meeting=Meeting(
            title="Menneet",
            network=network,
            welfare_area=world["area"],
            start=timezone.now() - timedelta(hours=2),
            duration_minutes=60,
            address="Asematie 1",
        ),
        by=world["people"]["coordinator"],
        languages=[languages["en"]],
    )
    meeting.invitations.filter(email="member@owning.example").update(response="yes")
    return meeting


def test_attendance_and_minutes_after_the_meeting(client, world, past_meeting):
    signed_in(client, world["people"]["coordinator"])
    member = past_meeting.invitations.get(email="member@owning.example")
    staff = past_meeting.invitations.get(email="staff@vantaa.example")

    page = client.get(f"/en/meetings/{past_meeting.pk}/after/").content.decode()
    # Ticked beforehand from the replies; the hint names the meeting's language.
    assert re.search(rf'value="{member.pk}"[^>]*checked', page)
    assert not re.search(rf'value="{staff.pk}"[^>]*checked', page)
    assert "Write them in the meeting's language (English)" in page

    response = client.post(
        f"/en/meetings/{past_meeting.pk}/after/",
        {"attended": [staff.pk], "minutes": "Kävimme läpi syksyn tapahtumat."},
        follow=True,
    )

    past_meeting.refresh_from_db()
    assert past_meeting.attendance_confirmed_at is not None
    assert past_meeting.minutes == "Kävimme läpi syksyn tapahtumat."
    assert selectors.attendance_count(past_meeting) == 1
    html = response.content.decode()
    assert "1 person took part (confirmed by the host)." in html
    assert "Kävimme läpi syksyn tapahtumat." in html
    # Once confirmed, the checklist shows the confirmation, not the replies.
    page = client.get(f"/en/meetings/{past_meeting.pk}/after/").content.decode()
    assert re.search(rf'value="{staff.pk}"[^>]*checked', page)
    assert not re.search(rf'value="{member.pk}"[^>]*checked', page)


def test_minutes_with_an_identity_code_are_refused(client, world, past_meeting):
    signed_in(client, world["people"]["coordinator"])

    response = client.post(
        f"/en/meetings/{past_meeting.pk}/after/",
        {"attended": [], "minutes": "Asiakas 131052-308T kävi."},
    )

    assert response.status_code == 200
    assert "Remove the personal identity code." in response.content.decode()
    past_meeting.refresh_from_db()
    assert past_meeting.minutes == ""
    assert past_meeting.attendance_confirmed_at is None


def test_attendance_waits_until_the_meeting_has_begun(client, world, meeting):
    signed_in(client, world["people"]["coordinator"])

    response = client.get(f"/en/meetings/{meeting.pk}/after/")
    client.post(f"/en/meetings/{meeting.pk}/after/", {"attended": [], "minutes": "x"})

    assert "once the meeting has begun" in response.content.decode()
    assert "<textarea" not in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.attendance_confirmed_at is None


# --- Series --------------------------------------------------------------------------------


@pytest.fixture
def series(world, network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return schedule_test_series(
            network, by=world["people"]["coordinator"], rrule="FREQ=MONTHLY;BYDAY=1TU"
        )


def test_the_series_page_says_the_rule_in_words_and_lists_the_next_meetings(client, world, series):
    signed_in(client, world["people"]["coordinator"])

    html = client.get(f"/en/meetings/series/{series.pk}/").content.decode()

    assert "The first Tuesday of the month 16:30\u201317:00 (Finnish time)" in html
    assert "FREQ=" not in html  # never the rule itself
    upcoming = series.occurrences.order_by("start")[:12]
    for occurrence in upcoming:
        assert reverse("meeting_edit", args=[occurrence.pk]) in html
        assert reverse("meeting_cancel", args=[occurrence.pk]) in html
    assert "7 days before, 1 day before" in html


def test_changing_the_series_time_moves_the_coming_meetings_and_adds_guests(
    client, world, series, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    signed_in(client, world["people"]["coordinator"])
    page = client.get(f"/en/meetings/series/{series.pk}/edit/").content.decode()
    assert 'value="16:30"' in page
    data = {
        "kind": series.kind,
        "title": series.title,
        "host": "",
        "start_time": "17:00",
        "duration_minutes": "30",
        "outside_office_hours": "auto",
        "format": "on_site",
        "address": series.address,
        "reminder_offsets": ["4320"],
        "guests": "new.guest@example.org",
        "guest_language": "sv",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/meetings/series/{series.pk}/edit/", data)

    assert response.status_code == 302
    series.refresh_from_db()
    assert series.start_time == time(17, 0)
    assert series.reminder_offsets == [4320]
    for occurrence in series.occurrences.all():
        assert local(occurrence.start).time() == time(17, 0)
        assert occurrence.status == Meeting.Status.SCHEDULED
        assert occurrence.invitations.filter(email="new.guest@example.org").exists()
    sent = series.occurrences.order_by("start").first()
    if sent.invite_at <= timezone.now():  # the first meeting's invitations were out
        subjects = {m.to[0]: m.subject for m in mail.outbox}
        assert subjects["member@owning.example"].startswith("Changed:")
        assert subjects["new.guest@example.org"].startswith("Invitation:")
        assert sent.invitations.get(email="new.guest@example.org").language == "sv"


def test_removing_a_guest_withdraws_the_invitations_not_sent_yet(client, world, series):
    services_guest = Guest.objects.create(series=series, email="gone@example.org")
    for occurrence in series.occurrences.all():
        services.meeting_invitations_sync(meeting=occurrence)
    signed_in(client, world["people"]["coordinator"])
    data = {
        "kind": series.kind,
        "title": series.title,
        "start_time": "16:30",
        "duration_minutes": "30",
        "outside_office_hours": "auto",
        "format": "on_site",
        "address": series.address,
        "guests": "",
        "guest_language": "fi",
    }

    client.post(f"/en/meetings/series/{series.pk}/edit/", data)

    assert not Guest.objects.filter(pk=services_guest.pk).exists()
    left = Invitation.objects.filter(meeting__series=series, email="gone@example.org")
    assert all(invitation.sent_sequence is not None for invitation in left)


# --- The planner ---------------------------------------------------------------------------


def _row(html: str, name: str) -> str:
    match = re.search(rf'<th scope="row">\s*{re.escape(name)}\b.*?</tr>', html, re.S)
    assert match, name
    return match.group(0)


def test_the_planner_marks_a_unit_without_meetups_as_due(client, world, network):
    quiet_unit = ServiceUnitFactory(welfare_area=world["area"], name="Perhekeskus Hiljainen")
    host = OrganizationFactory(welfare_area=world["area"], name="Isäntäyhdistys ry")
    services.meeting_schedule(
        meeting=Meeting(
            kind=MeetingKind.MEETUP,
            title="Aamukahvit",
            welfare_area=world["area"],
            host_organization=host,
            start=timezone.now() - timedelta(days=3),
            address="Kahvila",
        ),
        by=world["people"]["coordinator"],
    )
    # The owning NGO's representative is invited to next week's meetup.
    services.meeting_schedule(
        meeting=Meeting(
            kind=MeetingKind.MEETUP,
            title="Ensi viikko",
            network=network,
            welfare_area=world["area"],
            start=in_days(7),
            address="Kahvila",
        ),
        by=world["people"]["coordinator"],
    )
    signed_in(client, world["people"]["coordinator"])

    html = client.get("/en/meetings/planner/").content.decode()

    quiet = _row(html, "Perhekeskus Hiljainen")
    meetup_cell = quiet.split("<td>")[1]
    assert "Due" in meetup_cell
    assert f"host=unit:{quiet_unit.pk}" in meetup_cell  # a link to schedule one
    hosted = _row(html, "Isäntäyhdistys ry").split("<td>")[1]
    assert "Due" not in hosted
    with translation.override("en"):
        assert date_format(local(timezone.now() - timedelta(days=3)), "SHORT_DATE_FORMAT") in hosted
    invited = _row(html, world["organization"].name).split("<td>")[1]
    assert "Due" not in invited
    # A yearly event nobody has had is due for everyone.
    assert "Due" in _row(html, "Isäntäyhdistys ry").split("<td>")[4]
    # Not another area's units.
    assert "koto-tampere" not in html


def test_the_planner_lists_who_met_this_month(client, world):
    host = OrganizationFactory(welfare_area=world["area"], name="Kuukauden yhdistys ry")
    now = local(timezone.now())
    start = now - timedelta(hours=1) if now.day > 1 or now.hour > 1 else now + timedelta(hours=1)
    services.meeting_schedule(
        meeting=Meeting(
            kind=MeetingKind.MEETUP,
            title="Tämän kuun tapaaminen",
            welfare_area=world["area"],
            host_organization=host,
            start=start,
            address="Kahvila",
        ),
        by=world["people"]["coordinator"],
    )
    signed_in(client, world["people"]["coordinator"])

    html = client.get("/en/meetings/planner/").content.decode()

    section = html[html.index('id="month-heading"') :]
    assert "Kuukauden yhdistys ry" in section
    assert section.index("Kuukauden yhdistys ry") < section.index("No meetup in the month")
    last_month = (now.date().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    earlier = client.get(f"/en/meetings/planner/?month={last_month}").content.decode()
    section = earlier[earlier.index('id="month-heading"') :]
    assert section.index("Kuukauden yhdistys ry") > section.index("No meetup in the month")


# --- Who may see what -----------------------------------------------------------------------


def test_another_areas_coordinator_gets_nothing(client, world, meeting, series):
    signed_in(client, world["people"]["other_coordinator"])

    assert client.get(f"/en/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/en/meetings/{meeting.pk}/edit/").status_code == 404
    assert client.post(f"/en/meetings/{meeting.pk}/cancel/").status_code == 404
    assert client.get(f"/en/meetings/{meeting.pk}/after/").status_code == 404
    assert client.get(f"/en/meetings/series/{series.pk}/").status_code == 404
    assert client.post(f"/en/meetings/series/{series.pk}/edit/", {}).status_code == 404
    planner = client.get("/en/meetings/planner/").content.decode()
    assert world["unit"].name not in planner
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_an_invitee_sees_the_meeting_but_cannot_change_it(client, world, meeting):
    signed_in(client, world["people"]["member"])

    assert client.get(f"/en/meetings/{meeting.pk}/").status_code == 200
    assert client.get(f"/en/meetings/{meeting.pk}/edit/").status_code == 403
    assert client.post(f"/en/meetings/{meeting.pk}/cancel/").status_code == 403


def test_a_signed_out_visitor_is_asked_to_sign_in_for_a_meeting(client, meeting):
    response = client.get(f"/en/meetings/{meeting.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_public_meeting_is_open_to_everyone(client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(public=True)

    html = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    assert "Kuukausitapaaminen" in html
    assert "Invitations and replies" not in html


# --- Queries -----------------------------------------------------------------------------


def queries_for(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_my_meetings_queries_do_not_grow_with_meetings(client, world, network, languages):
    coordinator = world["people"]["coordinator"]
    NetworkMembershipFactory(network=network, representatives=[coordinator])

    def schedule(days):
        services.meeting_schedule(
            meeting=Meeting(
                title=f"T{days}", network=network, welfare_area=world["area"],
                start=in_days(days), address="A",
            ),
            by=coordinator, languages=[languages["en"]],
        )  # fmt: skip

    schedule(2)
    signed_in(client, coordinator)
    few = queries_for(client, "/en/meetings/")
    for days in range(3, 13):
        schedule(days)

    assert queries_for(client, "/en/meetings/") == few


def test_planner_queries_do_not_grow_with_units_ngos_and_meetings(client, world, network):
    signed_in(client, world["people"]["coordinator"])
    few = queries_for(client, "/en/meetings/planner/")
    for n in range(5):
        unit = ServiceUnitFactory(welfare_area=world["area"])
        ngo = OrganizationFactory(welfare_area=world["area"])
        services.meeting_schedule(
            meeting=Meeting(
                kind=MeetingKind.JOINT_MEETING, title=f"J{n}", welfare_area=world["area"],
                host_unit=unit, start=timezone.now() - timedelta(days=20 + n), address="A",
            ),
            by=world["people"]["coordinator"],
        )  # fmt: skip
        NetworkMembershipFactory(network=network, organization=ngo)

    assert queries_for(client, "/en/meetings/planner/") == few


def test_series_page_queries_do_not_grow_with_replies(client, world, series):
    signed_in(client, world["people"]["coordinator"])
    url = f"/en/meetings/series/{series.pk}/"
    few = queries_for(client, url)
    Invitation.objects.filter(meeting__series=series).update(response="yes")

    assert queries_for(client, url) == few


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


# --- Every meeting URL for every persona (rows proposed for tests/test_permission_matrix.py) -


@pytest.fixture
def matrix_objects(world, network):
    """A meeting next week hosted by the owning NGO, one held yesterday, and a series:
    all of the network of the coordinator's area (owning NGO and KOTO unit as members)."""
    coordinator = world["people"]["coordinator"]

    def schedule(start, title):
        return services.meeting_schedule(
            meeting=Meeting(
                title=title, network=network, welfare_area=world["area"],
                host_organization=world["organization"], start=start, address="A",
            ),
            by=coordinator,
        )  # fmt: skip

    return {
        "meeting": schedule(in_days(7), "Tuleva"),
        "past_meeting": schedule(timezone.now() - timedelta(hours=3), "Mennyt"),
        "series": schedule_test_series(network, by=coordinator),
    }


PERSONAS = [
    "anonymous", "member", "other_member", "unit_staff", "other_unit_staff", "coordinator",
    "other_coordinator",
]  # fmt: skip
MEETING_MATRIX = [
    ("my_meetings", "get", None, ["login", 200, 200, 200, 200, 200, 200]),
    ("meeting_new", "get", None, ["login", 403, 403, 403, 403, 200, 200]),
    ("meeting_planner", "get", None, ["login", 403, 403, 403, 403, 200, 200]),
    ("meeting_detail", "get", "meeting", ["login", 200, 404, 200, 404, 200, 404]),
    ("meeting_detail", "post", "meeting", ["login", "done", 404, "done", 404, 403, 404]),
    ("meeting_edit", "get", "meeting", ["login", 403, 404, 403, 404, 200, 404]),
    ("meeting_cancel", "get", "meeting", ["login", 403, 404, 403, 404, 200, 404]),
    ("meeting_cancel", "post", "meeting", ["login", 403, 404, 403, 404, "done", 404]),
    ("meeting_after", "get", "past_meeting", ["login", 200, 404, 403, 404, 200, 404]),
    ("series_detail", "get", "series", ["login", 403, 404, 403, 404, 200, 404]),
    ("series_edit", "get", "series", ["login", 403, 404, 403, 404, 200, 404]),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("url_name", "method", "obj", "expected"),
    MEETING_MATRIX,
    ids=[f"{row[0]}-{row[1]}" for row in MEETING_MATRIX],
)
def test_meeting_urls_for_each_persona(
    client, world, matrix_objects, url_name, method, obj, expected, persona
):
    if persona != "anonymous":
        client.force_login(world["people"][persona])
    args = [matrix_objects[obj].pk] if obj else []
    data = {"response": "yes"} if url_name == "meeting_detail" else {}

    response = getattr(client, method)(reverse(url_name, args=args), data)

    wanted = expected[PERSONAS.index(persona)]
    if wanted == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif wanted == "done":
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == wanted


def test_saving_the_edit_form_unchanged_sends_nothing(
    client, world, past_meeting, django_capture_on_commit_callbacks
):
    # The meeting began at a time with seconds; the form shows whole minutes.
    mail.outbox.clear()
    signed_in(client, world["people"]["coordinator"])
    start = local(past_meeting.start)
    data = {
        "title": past_meeting.title,
        "date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "duration_minutes": past_meeting.duration_minutes,
        "outside_office_hours": "auto",
        "format": "on_site",
        "address": past_meeting.address,
        "languages": [language.pk for language in past_meeting.languages.all()],
    }

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/meetings/{past_meeting.pk}/edit/", data)

    past_meeting.refresh_from_db()
    assert past_meeting.sequence == 0
    assert past_meeting.status == Meeting.Status.SCHEDULED


def test_the_planner_selector_runs_five_queries(world, network, django_assert_num_queries):
    from networks.selectors.meetings import area_plans
    from organizations.models import WelfareArea

    services.meeting_schedule(
        meeting=Meeting(
            title="M", network=network, welfare_area=world["area"], host_unit=world["unit"],
            start=timezone.now() - timedelta(days=2), address="A",
        ),
        by=world["people"]["coordinator"],
    )  # fmt: skip
    areas = WelfareArea.objects.filter(pk=world["area"].pk)
    month = local(timezone.now()).date().replace(day=1)

    # 1 the areas, 2 their units, 3 their active NGOs, 4 the meetings each hosted
    # (aggregated by kind), 5 the invitations of their representatives (aggregated).
    with django_assert_num_queries(5):
        plans = area_plans(areas, month=month)

    unit_row = next(row for row in plans[0].rows if row.member == world["unit"])
    assert unit_row.meetup.last is not None


def test_my_invitations_runs_two_queries(world, meeting, django_assert_num_queries):
    from networks.selectors.meetings import my_invitations

    # 1 the invitations with their meetings, networks and hosts, 2 the meetings' languages.
    with django_assert_num_queries(2):
        invitations = my_invitations(world["people"]["member"])
        titles = [
            (i.meeting.title, [str(lang) for lang in i.meeting.languages.all()])
            for i in invitations
        ]

    assert titles == [("Kuukausitapaaminen", ["English"])]

"""The meeting pages after scheduling: changes and cancellations reaching the invitees'
mail, replies, attendance and minutes after the meeting, and changing a series."""

# The tests take the fixtures imported from meeting_page_helpers as arguments.
# ruff: noqa: F811

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from networks import selectors, services
from networks.models import MEETING_TIME_ZONE, Guest, Invitation, Meeting
from tests.networks.meeting_page_helpers import (  # noqa: F401 - fixtures
    in_days,
    languages,
    local,
    meeting,
    network,
    series,
    signed_in,
)

pytestmark = pytest.mark.django_db


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

# ruff: noqa: RUF001 (en dashes in times, as in 17-19)
"""Cancelling a meeting says how many people are really invited and who is told, takes a
reason that goes into the cancellation mail, and cancelled and moved meetings say so in
words on every page that lists them. A series is shown in words, never as its rule."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from networks import selectors, services
from networks.models import CANCELLATION_REASON_MAX, Meeting, MeetingKind
from tests.factories import NetworkFactory, NetworkMembershipFactory, schedule_test_series

pytestmark = pytest.mark.django_db

IDENTITY_CODE = "131052-308T"  # a valid test henkilötunnus


def in_days(days: int, at: time = time(17, 0)) -> datetime:
    day = (timezone.localtime() + timedelta(days=days)).date()
    return selectors.local_to_aware(datetime.combine(day, at))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def network(world):
    network = NetworkFactory(welfare_area=world["area"], slug="vantaa-network")
    NetworkMembershipFactory(
        network=network,
        organization=world["organization"],
        representatives=[world["people"]["member"]],
    )
    NetworkMembershipFactory(
        network=network,
        organization=None,
        service_unit=world["unit"],
        representatives=[world["people"]["unit_staff"]],
    )
    return network


def schedule(world, network, *, days=5, invite_days_ahead=None) -> Meeting:
    meeting = Meeting(
        kind=MeetingKind.NETWORK_MEETING,
        title="Verkostotapaaminen",
        network=network,
        welfare_area=world["area"],
        start=in_days(days),
        duration_minutes=60,
        address="Asematie 1, Vantaa",
        public=True,
    )
    if invite_days_ahead is not None:
        meeting.invite_at = timezone.now() + timedelta(days=invite_days_ahead)
    return services.meeting_schedule(meeting=meeting, by=world["people"]["coordinator"])


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world["people"]["coordinator"])
    return client


# --- How many are invited ------------------------------------------------------------------


def test_the_cancel_page_counts_everyone_invited_when_all_have_the_invitation(
    coordinator_client, world, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(world, network)

    html = coordinator_client.get(f"/en/meetings/{meeting.pk}/cancel/").content.decode()

    assert "All 2 people invited get a cancellation by e-mail" in text_of(html)


def test_invitations_not_yet_sent_are_counted_and_not_sent(
    coordinator_client, world, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(world, network, days=40, invite_days_ahead=12)
    assert meeting.invitations.count() == 2
    assert not mail.outbox

    html = text_of(coordinator_client.get(f"/fi/meetings/{meeting.pk}/cancel/").content.decode())
    assert "2 henkilöä on kutsuttu, mutta kutsuja ei ole vielä lähetetty" in html

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"/fi/meetings/{meeting.pk}/cancel/", {"reason": ""})
    assert not mail.outbox  # the invitations never go out


def test_some_have_the_invitation_and_some_do_not(
    coordinator_client, world, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(world, network)
    meeting.invitations.filter(email="staff@vantaa.example").update(sent_sequence=None)

    html = text_of(coordinator_client.get(f"/en/meetings/{meeting.pk}/cancel/").content.decode())

    assert "2 people are invited." in html
    assert "The 1 who has received the invitation gets a cancellation by e-mail" in html
    assert "The other invitation is not sent." in html


# --- The reason ------------------------------------------------------------------------------


def test_the_reason_goes_into_the_cancellation_mail_and_onto_the_meeting_page(
    coordinator_client, client, world, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(world, network)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            f"/en/meetings/{meeting.pk}/cancel/",
            {"reason": "Vetäjä on sairastunut. Tavataan ensi kuussa."},
        )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert meeting.cancellation_reason == "Vetäjä on sairastunut. Tavataan ensi kuussa."
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert set(bodies) == {"member@owning.example", "staff@vantaa.example"}
    for body in bodies.values():
        assert "Syy: Vetäjä on sairastunut. Tavataan ensi kuussa." in body  # in Finnish
    client.force_login(world["people"]["member"])
    page = text_of(client.get(f"/sv/meetings/{meeting.pk}/").content.decode())
    assert translation_of("sv", "Cancelled") in page
    assert "Orsak: Vetäjä on sairastunut. Tavataan ensi kuussa." in page


def translation_of(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def test_a_cancellation_without_a_reason_has_no_reason_line(
    coordinator_client, world, network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule(world, network)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"/en/meetings/{meeting.pk}/cancel/", {"reason": ""})

    assert mail.outbox
    assert all("Syy:" not in message.body for message in mail.outbox)


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        (f"Asiakas {IDENTITY_CODE} ei pääse.", "Remove the personal identity code"),
        ("x" * (CANCELLATION_REASON_MAX + 5), "The text is 5 characters too long"),
    ],
)
def test_a_bad_reason_is_refused_and_kept(coordinator_client, world, network, reason, message):
    meeting = schedule(world, network)

    response = coordinator_client.post(f"/en/meetings/{meeting.pk}/cancel/", {"reason": reason})

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'href="#id_reason"' in html
    assert reason in html
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


# --- Cancelled and moved, in words -----------------------------------------------------------


@pytest.fixture
def cancelled_and_moved(world, network):
    coordinator = world["people"]["coordinator"]
    cancelled = schedule(world, network, days=6)
    services.meeting_cancel(meeting=cancelled, by=coordinator, reason="")
    moved = schedule(world, network, days=7)
    services.meeting_change(
        meeting=moved, by=coordinator, changes={"start": in_days(8, time(18, 30))}
    )
    return cancelled, moved


def status_labels(html: str) -> list[str]:
    return [
        text_of(label).strip()
        for label in re.findall(
            r'<span class="hds-status-label[^"]*meeting-status">(.*?)</span>', html
        )
    ]


@pytest.mark.parametrize(
    ("lang", "cancelled_label", "moved_prefix"),
    [("fi", "Peruttu", "Siirretty: uusi aika"), ("en", "Cancelled", "Moved: new time")],
)
def test_cancelled_and_moved_meetings_say_so_where_they_are_listed(
    client, world, network, cancelled_and_moved, lang, cancelled_label, moved_prefix
):
    cancelled, moved = cancelled_and_moved
    client.force_login(world["people"]["member"])
    pages = [
        client.get(f"/{lang}/meetings/").content.decode(),  # my meetings
        client.get(f"/{lang}/networks/{network.slug}/").content.decode(),  # the network page
    ]

    for html in pages:
        labels = status_labels(html)
        assert cancelled_label in labels
        assert any(label.startswith(moved_prefix) for label in labels)
    moved_page = status_labels(client.get(f"/{lang}/meetings/{moved.pk}/").content.decode())
    assert moved_page[0].startswith(moved_prefix)
    assert "18" in moved_page[0]
    cancelled_page = client.get(f"/{lang}/meetings/{cancelled.pk}/").content.decode()
    assert cancelled_label in status_labels(cancelled_page)


def test_a_series_page_lists_cancelled_and_moved_occurrences_in_words(client, world, network):
    coordinator = world["people"]["coordinator"]
    series = schedule_test_series(network, by=coordinator, rrule="FREQ=MONTHLY;BYDAY=1TU")
    first, second = series.occurrences.order_by("start")[:2]
    services.meeting_cancel(meeting=first, by=coordinator)
    services.meeting_change(
        meeting=second, by=coordinator, changes={"start": second.start + timedelta(hours=1)}
    )
    client.force_login(coordinator)

    html = client.get(f"/fi/meetings/series/{series.pk}/").content.decode()

    labels = status_labels(html)
    assert "Peruttu" in labels
    assert any(label.startswith("Siirretty: uusi aika") for label in labels)
    assert "Kuukauden ensimmäinen tiistai klo 16.30–17" in text_of(html)
    assert "FREQ=" not in html


def test_the_series_edit_page_says_the_rhythm_in_words(client, world, network):
    coordinator = world["people"]["coordinator"]
    series = schedule_test_series(
        network, by=coordinator, rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=2TH"
    )
    client.force_login(coordinator)

    html = text_of(client.get(f"/sv/meetings/series/{series.pk}/edit/").content.decode())

    assert "Den andra torsdagen i månaden, var 3:e månad kl. 16.30–17" in html
    assert "FREQ=" not in html

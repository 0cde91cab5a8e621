"""Series and their occurrences, who is invited and when, changes and cancellations
(networks.services, with the outbox run eagerly on commit)."""

from datetime import UTC, date, datetime, time, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from networks import services, tasks
from networks.models import (
    MEETING_TIME_ZONE,
    Guest,
    Invitation,
    Meeting,
    MeetingFormat,
    MeetingSeries,
)
from tests.factories import NetworkMembershipFactory, UserFactory, schedule_test_series
from tests.networks.meeting_helpers import (
    ONLINE_URL,
    event_of,
    mails_about,
    mails_to,
    network_with_representatives,
    reply_path,
    schedule_single,
    upcoming_start,
)

pytestmark = pytest.mark.django_db

FIRST_TUESDAY = "FREQ=MONTHLY;BYDAY=1TU"


def first_tuesday_series(people, *, starts_on: date) -> MeetingSeries:
    series = MeetingSeries(
        title="Kuukausitapaaminen",
        network=people.network,
        welfare_area=people.area,
        rrule=FIRST_TUESDAY,
        starts_on=starts_on,
        start_time=time(16, 30),
        format=MeetingFormat.ONLINE,
        online_url=ONLINE_URL,
    )
    return services.series_schedule(series=series, by=people.coordinator)


# --- series -----------------------------------------------------------------------------


def test_first_tuesday_at_1630_stays_1630_in_winter_and_summer():
    people = network_with_representatives(("fi",))
    # Far enough ahead that scheduling stores nothing yet; then a year from a fixed "now".
    series = first_tuesday_series(people, starts_on=date(2040, 1, 1))
    assert not series.occurrences.exists()

    services.series_extend(series=series, now=datetime(2039, 12, 31, 12, 0, tzinfo=UTC))

    occurrences = list(series.occurrences.order_by("start"))
    # 3 January 2040 to 1 January 2041: the horizon is a little over a year.
    assert len(occurrences) == 13
    for meeting in occurrences:
        local = meeting.start.astimezone(MEETING_TIME_ZONE)
        assert (local.weekday(), local.day <= 7) == (1, True), local
        assert local.time() == time(16, 30), local
        assert meeting.recurrence_id == meeting.start
    starts = {m.start.astimezone(MEETING_TIME_ZONE).date(): m.start for m in occurrences}
    # Winter (EET, UTC+2) and summer (EEST, UTC+3): the same wall-clock time, different
    # instants.
    assert starts[date(2040, 1, 3)] == datetime(2040, 1, 3, 14, 30, tzinfo=UTC)
    assert starts[date(2040, 7, 3)] == datetime(2040, 7, 3, 13, 30, tzinfo=UTC)
    assert starts[date(2040, 11, 6)] == datetime(2040, 11, 6, 14, 30, tzinfo=UTC)


def test_a_new_series_stores_about_a_year_of_occurrences():
    people = network_with_representatives(("fi",))

    series = schedule_test_series(
        people.network, by=people.coordinator, days_ahead=3, rrule=FIRST_TUESDAY
    )

    occurrences = series.occurrences.order_by("start")
    # A first Tuesday every month up to the horizon (370 days): 11 to 13 of them, by the
    # day the test runs on, and no month missing at the end.
    assert 11 <= occurrences.count() <= 13
    assert occurrences.last().start > timezone.now() + timedelta(days=370 - 35)
    assert occurrences.last().start < timezone.now() + timedelta(days=371)


def test_extending_a_series_adds_only_the_missing_occurrences():
    people = network_with_representatives(("fi",))
    # (Not plain FREQ=MONTHLY: from the 31st it skips the shorter months.)
    series = schedule_test_series(
        people.network, by=people.coordinator, days_ahead=3, rrule=FIRST_TUESDAY
    )
    before = set(series.occurrences.values_list("recurrence_id", flat=True))

    assert services.series_extend(series=series) == []
    assert services.series_extend(series=series) == []
    later = services.series_extend(series=series, now=timezone.now() + timedelta(days=62))

    after = list(series.occurrences.values_list("recurrence_id", flat=True))
    assert len(after) == len(set(after))
    assert before < set(after)
    assert {m.recurrence_id for m in later} == set(after) - before
    assert 1 <= len(later) <= 3
    # Each new occurrence has its invitations (and reminders) like the first ones.
    for meeting in later:
        assert meeting.invitations.count() == 1
        assert Invitation.objects.get(meeting=meeting).reminders.count() == 2


def test_a_moved_occurrence_is_not_made_again_when_the_series_is_extended():
    people = network_with_representatives(("fi",))
    series = schedule_test_series(people.network, by=people.coordinator, days_ahead=3)
    first = series.occurrences.order_by("start").first()
    services.meeting_change(
        meeting=first, by=people.coordinator, changes={"start": first.start + timedelta(days=1)}
    )
    count = series.occurrences.count()

    services.series_extend(series=series)

    assert series.occurrences.count() == count


def test_a_bad_rule_is_refused_before_anything_is_saved():
    people = network_with_representatives(("fi",))
    series = MeetingSeries(
        title="Rikki",
        network=people.network,
        welfare_area=people.area,
        rrule="FREQ=SOMETIMES",
        starts_on=date(2040, 1, 1),
        start_time=time(16, 30),
    )

    with pytest.raises(services.RecurrenceError):
        services.series_schedule(series=series, by=people.coordinator)

    assert not MeetingSeries.objects.exists()


# --- who is invited, and when -----------------------------------------------------------


def test_only_occurrences_whose_invitation_time_has_come_are_mailed(
    django_capture_on_commit_callbacks,
):
    people = network_with_representatives()
    with django_capture_on_commit_callbacks(execute=True):
        series = schedule_test_series(people.network, by=people.coordinator, days_ahead=10)
    first, second, *_ = series.occurrences.order_by("start")

    assert len(mail.outbox) == 3
    assert len(mails_about(first)) == 3
    assert not Invitation.objects.filter(sent_at__isnull=False).exclude(meeting=first).exists()
    assert second.invite_at == second.start - timedelta(days=series.invite_days_before)

    # The periodic scan sends the next one when its time comes, and nothing else early.
    mail.outbox.clear()
    with mock.patch("django.utils.timezone.now", return_value=second.invite_at + timedelta(1)):
        tasks.dispatch_outbox()

    assert len(mails_about(second)) == 3
    invited = Invitation.objects.filter(sent_sequence__isnull=False)
    assert set(invited.values_list("meeting", flat=True)) == {first.pk, second.pk}


def test_each_representative_gets_one_invitation_in_their_language(
    django_capture_on_commit_callbacks,
):
    people = network_with_representatives()
    fi_rep = people.representative("fi")
    # The Finnish representative also represents a second member, and is a guest too.
    NetworkMembershipFactory(network=people.network, representatives=[fi_rep])
    meeting = Meeting(
        title="Verkostotapaaminen",
        network=people.network,
        welfare_area=people.area,
        start=upcoming_start(),
        format=MeetingFormat.ONLINE,
        online_url=ONLINE_URL,
    )
    guest = Guest(email=fi_rep.email.upper(), language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_schedule(meeting=meeting, by=people.coordinator, guests=[guest])

    assert meeting.invitations.count() == 3
    assert len(mail.outbox) == 3
    for user in people.representatives:
        [message] = mails_to(user.email)
        assert reply_path(message).startswith(f"/{user.preferred_language}/meetings/reply/")
        assert meeting.invitations.get(user=user).language == user.preferred_language


def test_a_guest_without_an_account_is_invited_in_the_guests_language(
    django_capture_on_commit_callbacks,
):
    people = network_with_representatives(("fi",))
    meeting = Meeting(
        title="Ryhmävierailu",
        network=people.network,
        welfare_area=people.area,
        start=upcoming_start(),
        format=MeetingFormat.ONLINE,
        online_url=ONLINE_URL,
    )
    guest = Guest(email="vieras@example.org", name="Vieras", language="sv")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_schedule(meeting=meeting, by=people.coordinator, guests=[guest])

    [message] = mails_to("vieras@example.org")
    assert reply_path(message).startswith("/sv/")


def test_inactive_representatives_are_not_invited(django_capture_on_commit_callbacks):
    people = network_with_representatives(("fi", "en"))
    gone = people.representative("en")
    gone.is_active = False
    gone.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_single(people)

    assert list(meeting.invitations.values_list("email", flat=True)) == [
        people.representative("fi").email
    ]
    assert not mails_to(gone.email)


def test_a_new_representative_is_invited_to_the_upcoming_meetings(
    django_capture_on_commit_callbacks,
):
    people = network_with_representatives(("fi",))
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_single(people)
    past = Meeting.objects.create(
        title="Mennyt",
        network=people.network,
        welfare_area=people.area,
        start=timezone.now() - timedelta(days=3),
    )
    newcomer = UserFactory(email="uusi@example.org", preferred_language="en")
    membership = people.network.memberships.first()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.network_representatives_set(
            membership=membership,
            by=people.coordinator,
            representatives=[people.representative("fi"), newcomer],
        )

    assert [m.to for m in mail.outbox] == [["uusi@example.org"]]
    assert meeting.invitations.filter(user=newcomer).exists()
    assert not past.invitations.exists()


# --- changes ------------------------------------------------------------------------------


def test_moving_a_meeting_mails_everyone_an_update_with_the_same_uid(
    django_capture_on_commit_callbacks,
):
    people = network_with_representatives()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_single(people)
    first_uid = {str(event_of(m)["UID"]) for m in mail.outbox}
    mail.outbox.clear()
    new_start = meeting.start + timedelta(days=1, hours=1)

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.meeting_change(
            meeting=meeting, by=people.coordinator, changes={"start": new_start}
        )

    assert moved.sequence == 1
    assert moved.status == Meeting.Status.MOVED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in people.representatives)
    assert first_uid == {meeting.uid} == {str(event_of(m)["UID"]) for m in mail.outbox}
    for message in mail.outbox:
        event = event_of(message)
        assert event.decoded("dtstart") == new_start
        assert event["SEQUENCE"] == 1
    assert set(meeting.invitations.values_list("sent_sequence", flat=True)) == {1}


def test_changing_nothing_sends_nothing(django_capture_on_commit_callbacks):
    people = network_with_representatives(("fi",))
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_single(people)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        same = services.meeting_change(
            meeting=meeting, by=people.coordinator, changes={"start": meeting.start}
        )

    assert same.sequence == 0
    assert mail.outbox == []


def test_changing_only_the_agenda_does_not_mail_anyone(django_capture_on_commit_callbacks):
    """The agenda is not in NOTIFY_FIELDS: it is often edited many times before a meeting,
    and each edit would be an e-mail to every invitee. The next mail (a reminder, or an
    update for a real change) carries it."""
    people = network_with_representatives(("fi",))
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_single(people)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        changed = services.meeting_change(
            meeting=meeting, by=people.coordinator, changes={"agenda": "1. Esittelyt\n2. Kahvi"}
        )

    assert changed.agenda == "1. Esittelyt\n2. Kahvi"
    assert changed.sequence == 0
    assert mail.outbox == []


def test_a_new_link_for_an_online_meeting_is_mailed(django_capture_on_commit_callbacks):
    people = network_with_representatives(("fi",))
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_single(people)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_change(
            meeting=meeting,
            by=people.coordinator,
            changes={"online_url": "https://meet.example.org/new"},
        )

    [message] = mail.outbox
    assert "https://meet.example.org/new" in message.body
    assert event_of(message)["SEQUENCE"] == 1


def test_a_new_time_for_the_whole_series_keeps_each_occurrence_scheduled(
    django_capture_on_commit_callbacks,
):
    people = network_with_representatives(("fi",))
    series = schedule_test_series(people.network, by=people.coordinator, days_ahead=40)

    services.series_update(
        series=series, by=people.coordinator, changes={"start_time": time(17, 0)}
    )

    for meeting in series.occurrences.all():
        assert meeting.local_start.time() == time(17, 0)
        assert meeting.status == Meeting.Status.SCHEDULED
        assert meeting.sequence == 1
        for reminder in Invitation.objects.get(meeting=meeting).reminders.all():
            assert reminder.due_at == meeting.start - timedelta(minutes=reminder.offset_minutes)


def test_a_series_change_that_fails_part_way_changes_nothing():
    """series_update is one transaction: a failure on a later occurrence leaves the
    series and the occurrences already changed as they were."""
    from networks.services import meetings as meeting_services

    people = network_with_representatives(("fi",))
    series = schedule_test_series(people.network, by=people.coordinator, days_ahead=40)
    assert series.occurrences.count() > 1
    before = {m.pk: (m.start, m.sequence) for m in series.occurrences.all()}
    real_change = meeting_services.meeting_change
    calls = []

    def fail_on_the_second(**kwargs):
        calls.append(kwargs["meeting"].pk)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real_change(**kwargs)

    with (
        mock.patch.object(meeting_services, "meeting_change", fail_on_the_second),
        pytest.raises(RuntimeError),
    ):
        services.series_update(
            series=series, by=people.coordinator, changes={"start_time": time(17, 0)}
        )

    series.refresh_from_db()
    assert series.start_time != time(17, 0)
    assert {m.pk: (m.start, m.sequence) for m in series.occurrences.all()} == before


# --- cancellation ---------------------------------------------------------------------------


def test_cancelling_mails_everyone_who_was_invited_a_cancel(django_capture_on_commit_callbacks):
    people = network_with_representatives()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = schedule_single(people)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.meeting_cancel(meeting=meeting, by=people.coordinator)

    assert cancelled.status == Meeting.Status.CANCELLED
    assert cancelled.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in people.representatives)
    for message in mail.outbox:
        event = event_of(message)
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 1
        assert str(event["UID"]) == meeting.uid

    # Cancelling again changes nothing and sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.meeting_cancel(meeting=meeting, by=people.coordinator)
    assert again.sequence == 1
    assert mail.outbox == []


def test_a_cancelled_occurrence_never_invited_is_never_mailed(django_capture_on_commit_callbacks):
    people = network_with_representatives(("fi", "en"))
    with django_capture_on_commit_callbacks(execute=True):
        series = schedule_test_series(people.network, by=people.coordinator, days_ahead=10)
    second = series.occurrences.order_by("start")[1]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=second, by=people.coordinator)
    with mock.patch("django.utils.timezone.now", return_value=second.invite_at + timedelta(1)):
        tasks.dispatch_outbox()

    assert mails_about(second) == []
    assert not second.invitations.filter(sent_at__isnull=False).exists()


def test_an_occurrence_moved_into_the_invitation_window_is_invited_at_once(
    django_capture_on_commit_callbacks,
):
    people = network_with_representatives(("fi",))
    with django_capture_on_commit_callbacks(execute=True):
        series = schedule_test_series(people.network, by=people.coordinator, days_ahead=10)
    third = series.occurrences.order_by("start")[2]
    assert third.invite_at > timezone.now()
    mail.outbox.clear()
    new_start = upcoming_start(days_ahead=12)

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.meeting_change(
            meeting=third, by=people.coordinator, changes={"start": new_start}
        )

    assert moved.invite_at == new_start - timedelta(days=series.invite_days_before)
    assert len(mails_about(moved)) == 1


def test_an_occurrence_not_yet_invited_keeps_its_lead_time_when_moved_later():
    people = network_with_representatives(("fi",))
    series = schedule_test_series(people.network, by=people.coordinator, days_ahead=10)
    second = series.occurrences.order_by("start")[1]

    moved = services.meeting_change(
        meeting=second, by=people.coordinator, changes={"start": second.start + timedelta(days=14)}
    )

    assert moved.invite_at == moved.start - timedelta(days=series.invite_days_before)


@pytest.mark.parametrize(
    ("local", "minutes", "outside"),
    [
        (datetime(2040, 1, 3, 16, 30, tzinfo=MEETING_TIME_ZONE), 30, True),  # Tuesday after four
        (
            datetime(2040, 7, 3, 16, 30, tzinfo=MEETING_TIME_ZONE),
            30,
            True,
        ),  # the same in summer time
        (datetime(2040, 1, 3, 10, 0, tzinfo=MEETING_TIME_ZONE), 120, False),
        (datetime(2040, 1, 3, 14, 0, tzinfo=MEETING_TIME_ZONE), 120, False),  # ends at four
        (datetime(2040, 1, 3, 7, 30, tzinfo=MEETING_TIME_ZONE), 60, True),
        (datetime(2040, 1, 7, 11, 0, tzinfo=MEETING_TIME_ZONE), 60, True),  # Saturday
    ],
)
def test_outside_office_hours_is_worked_out_in_helsinki_time(local, minutes, outside):
    meeting = Meeting(start=local, duration_minutes=minutes)

    assert meeting.outside_office_hours is outside
    meeting.outside_office_hours_override = not outside
    assert meeting.outside_office_hours is not outside

"""seed_demo's networks and meetings (networks/demo/): there, invented, the same after
a second run, and no e-mail to anyone, neither while seeding nor at the outbox's next
scan."""

from io import StringIO

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from networks import outbox, tasks
from networks.models import BoardPost, Invitation, Meeting, MeetingKind, Network, Reminder

pytestmark = pytest.mark.django_db

SIGN_INS = {"coordinator@demo.example", "ngo.admin@demo.example", "unit.worker@demo.example"}
REGIONAL = "demo-itaisen-alueen-monikulttuurinen-verkosto"
DEMO_NETWORKS = (REGIONAL, "demo-mielenterveys-ja-paihdeverkosto", "demo-jarjestoneuvottelukunta")


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("seed_demo", stdout=StringIO())
    return callbacks


def demo_networks():
    return Network.objects.filter(slug__in=DEMO_NETWORKS)


def demo_meetings():
    return Meeting.objects.filter(network__in=demo_networks())


def test_seeding_sends_no_mail(seeded):
    assert mail.outbox == []
    assert seeded == [], "seed_demo queued work after commit (the outbox would mail)"


def test_the_outbox_has_nothing_due_after_seeding(seeded):
    now = timezone.now()
    assert not outbox.invitations_due(now).exists()
    assert not outbox.reminders_due(now).exists()
    assert not outbox.minutes_due(now).exists()

    tasks.dispatch_outbox()

    assert mail.outbox == []


def test_three_networks_in_three_languages_marked_as_demo(seeded):
    networks = demo_networks()

    assert networks.count() == 3
    assert set(networks.values_list("kind", flat=True)) == {
        "regional",
        "thematic",
        "advisory_board",
    }
    assert set(networks.values_list("welfare_area__code", flat=True)) == {"vantaa-kerava"}
    for network in networks:
        for language in ("fi", "sv", "en"):
            assert getattr(network, f"name_{language}").startswith("Demo: ")
            assert getattr(network, f"purpose_{language}")
        assert network.slug.startswith("demo-")
        assert network.coordinators.filter(email="coordinator@demo.example").exists()
    assert networks.get(kind="thematic").theme.slug == "mental-health"


def test_members_are_demo_ngos_and_units_with_invented_representatives(seeded):
    from networks.models import NetworkMembership

    memberships = NetworkMembership.objects.filter(network__in=demo_networks())
    assert memberships.filter(organization__isnull=False).count() >= 8
    assert memberships.filter(service_unit__isnull=False).count() >= 3
    for membership in memberships.select_related("organization", "service_unit"):
        assert membership.member.slug.startswith("demo-")
        assert membership.member.welfare_area.code == "vantaa-kerava"
    representatives = {
        email for email in memberships.values_list("representatives__email", flat=True) if email
    }
    assert {"ngo.admin@demo.example", "unit.worker@demo.example"} <= representatives
    assert all(email.endswith(("@demo.example", ".demo.example")) for email in representatives)


def test_the_invented_representatives_cannot_sign_in(seeded):
    from django.contrib.auth import get_user_model

    others = get_user_model().objects.filter(email__endswith="@members.demo.example")
    assert others.count() >= 4
    assert not any(user.has_usable_password() for user in others)
    # Only the two the demo referrals need, to send from the second unit and to answer for
    # the second NGO (referrals/demo/referrals.yaml): no sign-in reaches them either way.
    held = set(others.filter(memberships__isnull=False).values_list("email", "memberships__role"))
    assert held == {
        ("mikko@members.demo.example", "unit_staff"),
        ("hodan@members.demo.example", "ngo_referral_handler"),
    }


def test_the_meeting_rhythm_is_there(seeded):
    from networks.models import MeetingSeries

    meetups = MeetingSeries.objects.get(network__in=demo_networks(), kind=MeetingKind.MEETUP)
    assert meetups.rrule == "FREQ=MONTHLY;BYDAY=1TU"
    assert meetups.format in ("online", "hybrid")
    assert set(meetups.languages.values_list("code", flat=True)) == {"fi", "en"}
    for meeting in meetups.occurrences.all():
        assert f"{meeting.local_start:%a %H:%M}" == "Tue 16:30"
        assert meeting.local_start.day <= 7
        assert meeting.outside_office_hours
    meetings = demo_meetings()
    kinds = set(meetings.values_list("kind", flat=True))
    assert set(MeetingKind.values) <= kinds
    joint = MeetingSeries.objects.get(network__in=demo_networks(), kind=MeetingKind.JOINT_MEETING)
    assert "INTERVAL=3" in joint.rrule
    assert joint.duration_minutes == 120
    visit = meetings.filter(kind=MeetingKind.GROUP_VISIT, start__gt=timezone.now()).get()
    assert visit.host_organization.slug.startswith("demo-")
    assert visit.format == "on_site"
    now = timezone.now()
    upcoming_public = meetings.filter(public=True, start__gt=now).exclude(status="cancelled")
    assert upcoming_public.count() >= 3
    assert meetings.filter(public=False, start__gt=now).exists()


def test_past_meetings_have_minutes_and_attendance(seeded):
    held = demo_meetings().filter(start__lt=timezone.now()).exclude(status="cancelled")
    with_minutes = held.filter(minutes_filed_at__isnull=False)

    assert with_minutes.count() >= 4
    for meeting in with_minutes:
        assert meeting.minutes.startswith("Demo")
        assert meeting.attendance_confirmed_at is not None
        assert meeting.invitations.filter(attended=True).exists()
        assert not meeting.invitations.filter(sent_at__isnull=True).exists()
    # One is still waiting for its minutes; its organiser was asked already.
    waiting = held.filter(minutes_filed_at__isnull=True).get()
    assert waiting.minutes_reminder_sent_at is not None


def test_the_demo_sign_ins_see_meetings(seeded):
    from django.contrib.auth import get_user_model

    from networks.models import Meeting

    for email in SIGN_INS:
        user = get_user_model().objects.get(email=email)
        upcoming = Meeting.objects.visible_to(user).filter(start__gt=timezone.now())
        assert upcoming.filter(public=False).exists(), email
        assert Invitation.objects.filter(user=user, meeting__start__gt=timezone.now()).exists()


def test_invitations_already_due_are_stored_as_sent(seeded):
    now = timezone.now()
    invitations = Invitation.objects.filter(meeting__in=demo_meetings())

    due = invitations.filter(meeting__invite_at__lte=now)
    assert due.exists()
    assert not due.filter(sent_sequence__isnull=True).exists()
    later = invitations.filter(meeting__invite_at__gt=now)
    assert later.exists()
    assert not later.filter(sent_at__isnull=False).exists()
    assert not Reminder.objects.filter(
        invitation__in=invitations, due_at__lte=now, sent_at__isnull=True, skipped_at__isnull=True
    ).exists()
    # Replies, so that counts show.
    upcoming = invitations.filter(meeting__start__gt=now, meeting__invite_at__lte=now)
    assert upcoming.exclude(response="").exists()
    assert upcoming.filter(response="").exists()


def test_board_posts_carry_no_identity_code(seeded):
    from networks.models import contains_identity_code

    posts = BoardPost.objects.filter(network__in=demo_networks())

    assert posts.count() >= 4
    assert {"activity", "observation"} == set(posts.values_list("kind", flat=True))
    assert not any(contains_identity_code(body) for body in posts.values_list("body", flat=True))


def test_no_real_contact_details(seeded):
    for address, url in demo_meetings().values_list("address", "online_url"):
        assert not address or address.startswith("Demo: ")
        assert not url or url.startswith("https://meet.demo.example/")
    emails = Invitation.objects.filter(meeting__in=demo_meetings()).values_list("email", flat=True)
    assert all(email.endswith("demo.example") for email in emails)


def test_the_public_api_lists_demo_meetings(client, seeded):
    data = client.get("/api/v1/meetings/").json()

    assert data["count"] >= 3
    feed = client.get(f"/calendar/networks/{REGIONAL}.ics")
    assert icalendar.Calendar.from_ical(feed.content).walk("VEVENT")


def test_seeding_again_gives_the_same_data(django_capture_on_commit_callbacks):
    from networks.models import Guest, MeetingSeries, NetworkMembership

    def snapshot():
        return {
            "networks": list(demo_networks().values_list("slug", "name_fi", "purpose_en")),
            "memberships": sorted(
                NetworkMembership.objects.filter(network__in=demo_networks()).values_list(
                    "pk", "representatives__email"
                ),
                key=str,
            ),
            "series": list(MeetingSeries.objects.values_list("pk", "rrule", "starts_on")),
            "meetings": list(
                demo_meetings()
                .order_by("pk")
                .values_list("pk", "uid", "start", "status", "sequence", "minutes")
            ),
            "invitations": list(
                Invitation.objects.order_by("pk").values_list(
                    "pk", "email", "response", "sent_sequence", "attended"
                )
            ),
            "reminders": Reminder.objects.count(),
            "guests": Guest.objects.count(),
            "posts": list(BoardPost.objects.order_by("pk").values_list("pk", "body")),
        }

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    first = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())

    assert snapshot() == first
    assert mail.outbox == []


def test_network_names_are_in_each_language(seeded):
    from django.utils import translation

    network = demo_networks().get(kind="advisory_board")

    assert (network.name_fi, network.name_sv, network.name_en) == (
        "Demo: Järjestöneuvottelukunta",
        "Demo: Organisationsdelegationen",
        "Demo: NGO advisory board",
    )
    with translation.override("en"):
        assert network.name == "Demo: NGO advisory board"


def test_seeding_again_invites_a_missing_representative_quietly(
    seeded, django_capture_on_commit_callbacks
):
    upcoming = demo_meetings().filter(
        start__gt=timezone.now(), invite_at__lte=timezone.now(), status="scheduled"
    )
    lost = Invitation.objects.filter(meeting__in=upcoming, email="ngo.admin@demo.example")
    count = lost.count()
    assert count
    lost.delete()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())

    back = Invitation.objects.filter(meeting__in=upcoming, email="ngo.admin@demo.example")
    assert back.count() == count
    assert not back.filter(sent_sequence__isnull=True).exists()
    assert mail.outbox == []

"""NGOs' admins are reminded by e-mail before their profile turns stale and once more
after, each in their own language, and never twice for the same stage."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone, translation

from coact.models import OutboxMessage
from organizations.models import Organization, Role
from organizations.services.profiles import reminders_due, stale_profiles_remind
from organizations.tasks import remind_stale_profiles
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, sent_mail

pytestmark = pytest.mark.django_db

STALE = timedelta(days=Organization.STALE_AFTER_DAYS)
DAY = timedelta(days=1)


@pytest.fixture
def confirmed_at():
    return timezone.now() - timedelta(days=365)


@pytest.fixture
def organization(confirmed_at):
    organization = OrganizationFactory(name="Tuki ry", slug="tuki", last_confirmed_at=confirmed_at)
    admins = (("fi@tuki.example", "fi"), ("sv@tuki.example", "sv"), ("en@tuki.example", "en"))
    for email, language in admins:
        MembershipFactory(
            user=UserFactory(email=email, preferred_language=language),
            role=Role.NGO_ADMIN,
            organization=organization,
        )
    # Members who are not admins are not reminded.
    MembershipFactory(
        user=UserFactory(email="volunteer@tuki.example"),
        role=Role.NGO_MEMBER,
        organization=organization,
    )
    return organization


SOON = "Is the information of Tuki ry still current?"
NOW_STALE = "The profile of Tuki ry may be out of date"


def by_recipient() -> dict:
    return {message.to[0]: message for message in sent_mail()}


def test_one_reminder_before_and_one_after_turning_stale(organization, confirmed_at):
    assert stale_profiles_remind(now=confirmed_at + STALE - 15 * DAY) == 0

    # Within 14 days of turning stale: the first reminder, to each admin.
    assert stale_profiles_remind(now=confirmed_at + STALE - 14 * DAY) == 3
    assert set(by_recipient()) == {"fi@tuki.example", "sv@tuki.example", "en@tuki.example"}
    assert by_recipient()["en@tuki.example"].subject == SOON
    assert stale_profiles_remind(now=confirmed_at + STALE - 3 * DAY) == 0

    # Stale now: the second reminder, once.
    mail.outbox.clear()
    assert stale_profiles_remind(now=confirmed_at + STALE + DAY) == 3
    assert by_recipient()["en@tuki.example"].subject == NOW_STALE
    assert stale_profiles_remind(now=confirmed_at + STALE + 2 * DAY) == 0
    assert stale_profiles_remind(now=confirmed_at + STALE + 100 * DAY) == 0
    assert len(sent_mail()) == 3


def test_a_profile_found_already_stale_gets_only_the_second_reminder(organization, confirmed_at):
    assert stale_profiles_remind(now=confirmed_at + STALE + 30 * DAY) == 3

    assert by_recipient()["en@tuki.example"].subject == NOW_STALE
    assert stale_profiles_remind(now=confirmed_at + STALE + 31 * DAY) == 0


def test_the_first_reminder_says_when_the_profile_turns_stale(organization, confirmed_at):
    stale_profiles_remind(now=confirmed_at + STALE - 10 * DAY)

    body = by_recipient()["en@tuki.example"].body
    with translation.override("en"):
        from django.utils.formats import date_format

        stale_on = date_format(timezone.localtime(confirmed_at + STALE), "DATE_FORMAT")
    assert f"on {stale_on} the directory starts to show it as possibly out of date" in body
    assert "&amp;" not in body


def test_a_recently_confirmed_profile_is_not_reminded(organization):
    Organization.objects.filter(pk=organization.pk).update(
        last_confirmed_at=timezone.now() - timedelta(days=30)
    )

    assert remind_stale_profiles.delay().get() == 0
    assert sent_mail() == []


def test_confirming_starts_the_reminders_over(client, organization, confirmed_at):
    stale_profiles_remind(now=confirmed_at + STALE + DAY)
    assert len(sent_mail()) == 3
    organization.refresh_from_db()
    assert organization.stale_reminder_sent_at is not None

    from organizations.services.profiles import organization_confirm

    organization_confirm(organization=organization, by=None)
    organization.refresh_from_db()
    assert organization.stale_reminder_sent_at is None
    confirmed_again = organization.last_confirmed_at
    assert stale_profiles_remind(now=confirmed_again + 100 * DAY) == 0
    assert stale_profiles_remind(now=confirmed_again + STALE - 7 * DAY) == 3
    assert stale_profiles_remind(now=confirmed_again + STALE + DAY) == 3
    assert len(sent_mail()) == 9


def test_a_never_confirmed_profile_counts_from_when_it_was_added():
    now = timezone.now()
    new = OrganizationFactory(created_at=now - 10 * DAY, last_confirmed_at=None)
    old = OrganizationFactory(created_at=now - 400 * DAY, last_confirmed_at=None)
    pending = OrganizationFactory(
        created_at=now - 400 * DAY, last_confirmed_at=None, status=Organization.Status.PENDING
    )

    due = set(reminders_due(now))

    assert old in due
    assert new not in due
    assert pending not in due


def test_the_reminder_is_in_each_recipients_language(organization, confirmed_at):
    stale_profiles_remind(now=confirmed_at + STALE - 10 * DAY)

    finnish = by_recipient()["fi@tuki.example"]
    swedish = by_recipient()["sv@tuki.example"]
    # Links to the profile's edit page and the confirm action, in the recipient's language.
    assert f"{settings.SITE_URL}/fi/organizations/tuki/edit/" in finnish.body
    assert f"{settings.SITE_URL}/fi/organizations/tuki/confirm/" in finnish.body
    assert f"{settings.SITE_URL}/sv/organizations/tuki/confirm/" in swedish.body
    assert finnish.body.startswith("Hei,")
    assert swedish.body.startswith("Hej,")
    assert finnish.subject == "Ovatko järjestön Tuki ry tiedot yhä ajan tasalla?"
    assert swedish.subject == "Är uppgifterna om Tuki ry fortfarande aktuella?"


def test_running_the_task_twice_sends_nothing_more(organization):
    Organization.objects.filter(pk=organization.pk).update(
        last_confirmed_at=timezone.now() - STALE + 5 * DAY
    )

    assert remind_stale_profiles.delay().get() == 3
    assert remind_stale_profiles.delay().get() == 0
    assert len(sent_mail()) == 3


def test_a_failed_send_is_tried_again_after_its_back_off(organization, confirmed_at, settings):
    """The reminder is marked and its mail queued together; the mail server being away
    does not make the profile scan send it again, the outbox does, once."""
    now = confirmed_at + STALE + DAY
    settings.EMAIL_BACKEND = "tests.coact.test_delivery.RefusingBackend"
    assert stale_profiles_remind(now=now) == 3
    assert sent_mail() == []
    organization.refresh_from_db()
    assert organization.stale_reminder_sent_at == now
    assert stale_profiles_remind(now=now) == 0  # nothing queued twice

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.update(retry_at=timezone.now())  # the back-off has passed
    assert len(sent_mail()) == 3
    assert len(sent_mail()) == 3


def test_the_task_runs_every_day():
    from celery.schedules import crontab

    from coact.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["remind-stale-profiles"]
    assert entry["task"] == "organizations.tasks.remind_stale_profiles"
    assert entry["schedule"] == crontab(hour=9, minute=0)
    assert entry["task"] in app.tasks


@pytest.mark.django_db(transaction=True)
def test_a_profile_another_scheduler_holds_is_skipped(organization):
    """While another run has claimed the row (and is sending), this run passes it by
    instead of waiting for it or sending too."""
    Organization.objects.filter(pk=organization.pk).update(
        last_confirmed_at=timezone.now() - STALE - DAY
    )
    locked, release = threading.Event(), threading.Event()

    def other_scheduler():
        try:
            with transaction.atomic():
                Organization.objects.select_for_update().get(pk=organization.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_scheduler)
    thread.start()
    try:
        assert locked.wait(timeout=30)
        assert stale_profiles_remind() == 0
    finally:
        release.set()
        thread.join()

    assert sent_mail() == []
    assert stale_profiles_remind() == 3


def test_a_reminder_has_a_stable_message_id(organization, confirmed_at):
    stale_profiles_remind(now=confirmed_at + STALE - 10 * DAY)

    ids = [message.extra_headers["Message-ID"] for message in sent_mail()]
    assert all(message_id.startswith("<profile.stale.soon.") for message_id in ids)
    assert len(set(ids)) == len(ids)  # one per recipient

"""Shared set-up for the meeting pages tests: a network of the coordinator's area, a
single meeting five days ahead and a monthly series scheduled through the real services,
and the small helpers for times in Helsinki and signing in."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from networks import selectors, services
from networks.models import MEETING_TIME_ZONE, Meeting, MeetingKind, NetworkMembership
from organizations.models import Language
from tests.factories import NetworkFactory, NetworkMembershipFactory, schedule_test_series


def local(value: datetime) -> datetime:
    return timezone.localtime(value, MEETING_TIME_ZONE)


def in_days(days: int, at: time = time(17, 0)) -> datetime:
    day = (local(timezone.now()) + timedelta(days=days)).date()
    return selectors.local_to_aware(datetime.combine(day, at))


def signed_in(client, user):
    client.force_login(user)
    return client


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


@pytest.fixture
def series(world, network, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return schedule_test_series(
            network, by=world["people"]["coordinator"], rrule="FREQ=MONTHLY;BYDAY=1TU"
        )

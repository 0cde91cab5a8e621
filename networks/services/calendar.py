"""The personal calendar address: a bearer secret that lets a calendar program read a
person's meetings. Created, reset and turned off only here, each time with an audit event
that names the person and never holds the token."""

from __future__ import annotations

import secrets

from django.db import transaction

from coact.audit import audit_record
from coact.models import AuditEvent, User

from ..models import CalendarFeed


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _audit(*, action: str, feed: CalendarFeed, by: User) -> None:
    audit_record(action=action, actor=by, obj=feed, object_repr=by.email)


@transaction.atomic
def calendar_feed_create(*, user: User) -> CalendarFeed:
    """The person's calendar address; a new one when they have none (one they have
    already is kept: creating twice is not a reset)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user, defaults={"token": _new_token()})
    if created:
        _audit(action=AuditEvent.Action.CALENDAR_FEED_CREATED, feed=feed, by=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new address for the person; the old one stops working at once."""
    feed, created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": _new_token()}
    )
    Action = AuditEvent.Action
    _audit(
        action=Action.CALENDAR_FEED_CREATED if created else Action.CALENDAR_FEED_RESET,
        feed=feed,
        by=user,
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    """Turn the person's address off. False when they had none."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return False
    _audit(action=AuditEvent.Action.CALENDAR_FEED_REVOKED, feed=feed, by=user)
    feed.delete()
    return True

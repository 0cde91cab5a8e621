"""Changes the core app makes: heartbeats and a person's own profile."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .audit import Action, audit_record
from .models import Heartbeat, User

# What a person may change on their own profile page.
USER_PROFILE_FIELDS = ("name", "phone", "preferred_language")


def heartbeat_record(*, name: str) -> Heartbeat:
    """Record that `name` beat now. Safe to run concurrently and repeatedly."""
    now = timezone.now()
    beat, created = Heartbeat.objects.get_or_create(
        name=name, defaults={"last_seen_at": now, "beats": 1}
    )
    if not created:
        Heartbeat.objects.filter(pk=beat.pk).update(last_seen_at=now, beats=F("beats") + 1)
        beat.refresh_from_db()
    return beat


@transaction.atomic
def user_profile_update(*, user: User, data: dict) -> list[str]:
    """Save the person's own name, phone and language and write the audit event: the
    names of the changed fields, never their values (a phone number is personal data).
    Returns those names. The stored row is compared, not `user`, which a bound ModelForm
    has already changed in memory."""
    stored = User.objects.select_for_update().get(pk=user.pk)
    changed = [
        name for name in USER_PROFILE_FIELDS if name in data and getattr(stored, name) != data[name]
    ]
    for name in changed:
        setattr(user, name, data[name])
    if changed:
        user.save(update_fields=changed)
    audit_record(
        action=Action.PROFILE_CHANGED,
        actor=user,
        obj=user,
        object_repr=user.email,
        details={"fields": sorted(changed)},
    )
    return changed

"""Networks: creating and editing them, their members and representatives, and their
board."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from coact.audit import audit_record
from coact.models import AuditEvent, User
from coact.slugs import same_value

from ..models import (
    BoardPost,
    Invitation,
    Meeting,
    Network,
    NetworkMembership,
    Reminder,
)
from ..selectors.networks import network_slug
from .meetings import meeting_invitations_sync

# --- Networks --------------------------------------------------------------------------

# What the network form sets besides the coordinators. The name and purpose are kept in
# each language (modeltranslation); Finnish is required.
NETWORK_FIELDS = (
    "name_fi",
    "name_sv",
    "name_en",
    "purpose_fi",
    "purpose_sv",
    "purpose_en",
    "kind",
    "theme",
    "welfare_area",
)


@transaction.atomic
def network_create(*, by: User, data: dict) -> Network:
    network = Network(**{name: data[name] for name in NETWORK_FIELDS if name in data})
    network.slug = network_slug(data["name_fi"])
    network.save()
    coordinators = list(data.get("coordinators", ()))
    network.coordinators.set(coordinators)
    audit_record(
        action=AuditEvent.Action.NETWORK_CREATED,
        actor=by,
        obj=network,
        welfare_area_code=network.welfare_area.code,
        details={"coordinators": sorted(user.pk for user in coordinators)},
    )
    return network


@transaction.atomic
def network_update(*, network: Network, by: User, data: dict) -> list[str]:
    """Save what changed and write it to the audit log: the names of the changed fields,
    not their texts. Returns those names (nothing changed: nothing written)."""
    previous_area = network.welfare_area
    changed = [
        name
        for name in NETWORK_FIELDS
        if name in data and not same_value(getattr(network, name), data[name])
    ]
    for name in changed:
        setattr(network, name, data[name])
    if changed:
        network.save()
    if "coordinators" in data:
        coordinators = {user.pk for user in data["coordinators"]}
        if coordinators != set(network.coordinators.values_list("pk", flat=True)):
            network.coordinators.set(data["coordinators"])
            changed.append("coordinators")
    if changed:
        details = {"fields": changed}
        if "welfare_area" in changed:
            details["previous_welfare_area"] = previous_area.code
        audit_record(
            action=AuditEvent.Action.NETWORK_CHANGED,
            actor=by,
            obj=network,
            welfare_area_code=network.welfare_area.code,
            details=details,
        )
    return changed


@transaction.atomic
def network_member_add(
    *, network: Network, by: User, organization=None, service_unit=None, representatives=()
) -> NetworkMembership:
    try:
        with transaction.atomic():
            membership = NetworkMembership.objects.create(
                network=network, organization=organization, service_unit=service_unit
            )
    except IntegrityError:
        # Added a moment ago by a double submit or a colleague: the same member.
        return NetworkMembership.objects.get(
            network=network, organization=organization, service_unit=service_unit
        )
    if not representatives and service_unit is not None and service_unit.representative:
        # A unit that names no one is represented by its named network representative.
        representatives = [service_unit.representative]
    membership.representatives.set(representatives)
    audit_record(
        action=AuditEvent.Action.NETWORK_MEMBER_ADDED,
        actor=by,
        obj=membership,
        welfare_area_code=network.welfare_area.code,
    )
    transaction.on_commit(lambda: _invite_new_representatives(network.pk))
    return membership


@transaction.atomic
def network_representatives_set(
    *, membership: NetworkMembership, by: User, representatives
) -> None:
    kept = {user.pk for user in representatives}
    _withdraw_invitations(
        membership,
        [pk for pk in membership.representatives.values_list("pk", flat=True) if pk not in kept],
    )
    membership.representatives.set(representatives)
    audit_record(
        action=AuditEvent.Action.NETWORK_REPRESENTATIVES_CHANGED,
        actor=by,
        obj=membership,
        welfare_area_code=membership.network.welfare_area.code,
        details={"representatives": sorted(user.pk for user in representatives)},
    )
    network_id = membership.network_id
    transaction.on_commit(lambda: _invite_new_representatives(network_id))


def _withdraw_invitations(membership: NetworkMembership, user_ids) -> None:
    """Someone who no longer represents a member is not invited to the network's coming
    meetings: an invitation not yet sent is withdrawn, and for one already sent no
    reminders follow (the meeting stays in their calendar until they remove it)."""
    if not user_ids:
        return
    upcoming = Invitation.objects.filter(
        membership=membership, user_id__in=user_ids, meeting__start__gt=timezone.now()
    )
    upcoming.filter(sent_sequence__isnull=True).delete()
    Reminder.objects.filter(
        invitation__in=upcoming, sent_at__isnull=True, skipped_at__isnull=True
    ).update(skipped_at=timezone.now())


@transaction.atomic
def network_member_remove(*, membership: NetworkMembership, by: User) -> None:
    _withdraw_invitations(membership, list(membership.representatives.values_list("pk", flat=True)))
    audit_record(
        action=AuditEvent.Action.NETWORK_MEMBER_REMOVED,
        actor=by,
        obj=membership,
        welfare_area_code=membership.network.welfare_area.code,
    )
    membership.delete()


def _invite_new_representatives(network_id: int) -> None:
    """New representatives are invited to the network's upcoming meetings."""
    for meeting in Meeting.objects.filter(network_id=network_id, start__gt=timezone.now()).exclude(
        status=Meeting.Status.CANCELLED
    ):
        meeting_invitations_sync(meeting=meeting)


def board_post_create(
    *, network: Network, author: User, kind: str, body: str, expires_on=None
) -> BoardPost:
    post = BoardPost(network=network, author=author, kind=kind, body=body, expires_on=expires_on)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def board_post_remove(*, post: BoardPost, by: User) -> None:
    """The author takes a post down, or a network manager removes it. The log keeps who
    and when, not the text: a removed post should not live on in the audit log."""
    audit_record(
        action=AuditEvent.Action.BOARD_POST_REMOVED,
        actor=by,
        obj=post,
        object_repr="",
        welfare_area_code=post.network.welfare_area.code,
        details={"own_post": post.author_id == by.pk},
    )
    post.delete()

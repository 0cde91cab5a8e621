"""Everything that changes organisations, memberships and invitations. Each change is
written to the audit log; e-mail goes out through Celery after the transaction commits."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from coact.audit import Action, audit_record
from coact.models import User
from coact.slugs import free_slug

from .. import notifications
from ..access import forget_memberships
from ..models import Invitation, Membership, Organization, Role, ServiceUnit, WelfareArea

INVITATION_VALID_FOR = timedelta(days=14)
_INVITATION_SALT = "organizations.invitation"


class InvitationError(Exception):
    pass


def target_kwargs(target) -> dict:
    if isinstance(target, Organization):
        return {"organization": target}
    if isinstance(target, ServiceUnit):
        return {"service_unit": target}
    if isinstance(target, WelfareArea):
        return {"welfare_area": target}
    raise TypeError(f"not a membership target: {target!r}")


def _area_code(target) -> str:
    return target.code if isinstance(target, WelfareArea) else target.welfare_area.code


# --- Memberships --------------------------------------------------------------------------


def membership_add(*, user, role: str, target, by: User | None = None) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, role=role, **target_kwargs(target), defaults={"created_by": by}
    )
    if created:
        audit_record(
            action=Action.MEMBERSHIP_ADDED,
            actor=by,
            obj=membership,
            welfare_area_code=_area_code(target),
            details={"user": user.email, "role": role},
        )
        forget_memberships(user)
    return membership


def membership_remove(*, membership: Membership, by: User) -> None:
    audit_record(
        action=Action.MEMBERSHIP_REMOVED,
        actor=by,
        obj=membership,
        welfare_area_code=_area_code(membership.target),
        details={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()
    forget_memberships(membership.user)


# --- Invitations --------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=_INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    try:
        pk = signing.loads(token, salt=_INVITATION_SALT)
    except signing.BadSignature:
        return None
    return (
        Invitation.objects.select_related("organization", "service_unit", "welfare_area")
        .filter(pk=pk)
        .first()
    )


@transaction.atomic
def invitation_create(
    *, by: User, email: str, role: str, target, language: str, name: str = ""
) -> Invitation:
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        name=name,
        role=role,
        language=language,
        invited_by=by,
        expires_at=timezone.now() + INVITATION_VALID_FOR,
        **target_kwargs(target),
    )
    audit_record(
        action=Action.INVITATION_SENT,
        actor=by,
        obj=invitation,
        welfare_area_code=_area_code(target),
        details={"email": invitation.email, "role": role},
    )
    notifications.invitation_email(invitation_id=invitation.pk)
    return invitation


def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationError("only a pending invitation can be revoked")
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status"])
    audit_record(
        action=Action.INVITATION_REVOKED,
        actor=by,
        obj=invitation,
        welfare_area_code=_area_code(invitation.target),
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user=None, name: str = "", password: str = ""):
    """Use the invitation: create the account when there is none (the link proves the
    address, so it is verified) and add the membership. Returns the user."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise InvitationError("the invitation has expired or was already used")
    if user is None:
        user = get_user_model().objects.create_user(
            email=invitation.email,
            password=password,
            name=name or invitation.name,
            preferred_language=invitation.language,
        )
    elif user.email.lower() != invitation.email:
        raise InvitationError("the invitation was sent to another address")
    EmailAddress.objects.update_or_create(
        user=user, email=invitation.email, defaults={"verified": True, "primary": True}
    )
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "accepted_at", "accepted_by"])
    audit_record(
        action=Action.INVITATION_ACCEPTED,
        actor=user,
        obj=invitation,
        welfare_area_code=_area_code(invitation.target),
    )
    membership_add(
        user=user, role=invitation.role, target=invitation.target, by=invitation.invited_by
    )
    return user


# --- NGO applications -------------------------------------------------------------------


# Paths under /organizations/ that a slug must not shadow.
RESERVED_SLUGS = {"apply"}


def unique_slug(name: str) -> str:
    return free_slug(
        name, taken=Organization.objects.all(), reserved=RESERVED_SLUGS, fallback="ngo"
    )


# An address that has an account is told about an application made with it at most once
# in this time, so that the form cannot be used to flood someone's inbox.
OWNER_NOTICE_INTERVAL = timedelta(hours=1)


@transaction.atomic
def organization_apply(
    *,
    applicant_email: str,
    applicant_name: str,
    password: str,
    language: str,
    organization_name: str,
    welfare_area: WelfareArea,
    description: str,
) -> Organization | None:
    """A stranger applies for their NGO: an account (e-mail still to be verified), a
    pending organisation and an admin membership. Coordinators of the area are told.

    When the address already has an account, nothing is created and the application goes
    no further: the address's owner is told by e-mail (someone applied with it; sign in,
    or ignore the message), and the applicant sees the same page as anyone else, so the
    form does not tell a stranger which addresses have an account. Returns the pending
    organisation, or None for such an application."""
    email = applicant_email.strip().lower()
    owner = get_user_model().objects.filter(email__iexact=email).first()
    if owner is not None:
        make_password(password)  # the same work as a new account, so the time tells nothing
        _tell_owner_of_application(owner=owner, welfare_area=welfare_area)
        return None
    user = get_user_model().objects.create_user(
        email=email,
        password=password,
        name=applicant_name,
        preferred_language=language,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    organization = Organization.objects.create(
        name=organization_name,
        slug=unique_slug(organization_name),
        welfare_area=welfare_area,
        description=description,
        status=Organization.Status.PENDING,
        submitted_by=user,
    )
    audit_record(
        action=Action.APPLICATION_SUBMITTED,
        actor=user,
        obj=organization,
        welfare_area_code=welfare_area.code,
    )
    membership_add(user=user, role=Role.NGO_ADMIN, target=organization, by=user)
    notifications.application_received_emails(organization_id=organization.pk)
    return organization


def _tell_owner_of_application(*, owner, welfare_area: WelfareArea) -> None:
    key = "application-owner-notice:" + hashlib.sha256(owner.email.encode()).hexdigest()
    if not cache.add(key, 1, timeout=int(OWNER_NOTICE_INTERVAL.total_seconds())):
        return
    notifications.application_with_existing_account_email(
        user_id=owner.pk, welfare_area_id=welfare_area.pk
    )


@transaction.atomic
def _review(*, organization: Organization, by: User, status: str, reason: str = "") -> None:
    if organization.status != Organization.Status.PENDING:
        raise InvitationError("the application has already been decided")
    organization.status = status
    organization.reviewed_by = by
    organization.reviewed_at = timezone.now()
    organization.rejection_reason = reason
    organization.save(update_fields=["status", "reviewed_by", "reviewed_at", "rejection_reason"])
    audit_record(
        action=(
            Action.APPLICATION_APPROVED
            if status == Organization.Status.ACTIVE
            else Action.APPLICATION_REJECTED
        ),
        actor=by,
        obj=organization,
        welfare_area_code=organization.welfare_area.code,
    )
    notifications.application_decision_email(organization_id=organization.pk)


def application_approve(*, organization: Organization, by: User) -> None:
    _review(organization=organization, by=by, status=Organization.Status.ACTIVE)


def application_reject(*, organization: Organization, by: User, reason: str) -> None:
    _review(organization=organization, by=by, status=Organization.Status.REJECTED, reason=reason)

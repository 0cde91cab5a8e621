"""Roles and memberships: who acts for which NGO, unit or area, and invitations to join."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .areas import ServiceUnit, WelfareArea
from .directory import Organization


class Role(models.TextChoices):
    NGO_ADMIN = "ngo_admin", _("NGO admin")
    NGO_MEMBER = "ngo_member", _("NGO member")
    NGO_REFERRAL_HANDLER = "ngo_referral_handler", _("NGO referral handler")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    UNIT_LEAD = "unit_lead", _("Unit lead")
    COORDINATOR = "coordinator", _("Coordinator")


NGO_ROLES = (Role.NGO_ADMIN, Role.NGO_MEMBER, Role.NGO_REFERRAL_HANDLER)
UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_LEAD)
AREA_ROLES = (Role.COORDINATOR,)
# Who receives an NGO's referrals in the portal: its referral handlers, and its admins
# (who decide who handles them). The profile page asks it of the memberships before
# offering "Refer a client"; referrals.models.HANDLER_ROLES is this same tuple.
REFERRAL_HANDLER_ROLES = (Role.NGO_REFERRAL_HANDLER, Role.NGO_ADMIN)
# Roles that reach client data (referrals) and so must use two-factor authentication and
# have short sessions. An NGO's admin decides who handles its referrals and sees them.
CLIENT_DATA_ROLES = (
    Role.NGO_ADMIN,
    Role.NGO_REFERRAL_HANDLER,
    Role.UNIT_STAFF,
    Role.UNIT_LEAD,
    Role.COORDINATOR,
)

# Exactly one target, and the one that fits the role.
_TARGET_MATCHES_ROLE = (
    Q(
        role__in=NGO_ROLES,
        organization__isnull=False,
        service_unit__isnull=True,
        welfare_area__isnull=True,
    )
    | Q(
        role__in=UNIT_ROLES,
        organization__isnull=True,
        service_unit__isnull=False,
        welfare_area__isnull=True,
    )
    | Q(
        role__in=AREA_ROLES,
        organization__isnull=True,
        service_unit__isnull=True,
        welfare_area__isnull=False,
    )
)


class MembershipTargetQuerySet(models.QuerySet):
    def managed_by(self, user) -> MembershipTargetQuerySet:
        """Memberships or invitations whose target (an NGO, a unit, an area) the person
        manages: as the NGO's admin, the unit's lead, or the area's coordinator."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from ..access import coordinated_area_ids, organization_ids, unit_ids

        areas = coordinated_area_ids(user)
        return self.filter(
            Q(organization_id__in=organization_ids(user, roles=(Role.NGO_ADMIN,)))
            | Q(organization__welfare_area_id__in=areas)
            | Q(service_unit_id__in=unit_ids(user, roles=(Role.UNIT_LEAD,)))
            | Q(service_unit__welfare_area_id__in=areas)
            | Q(welfare_area_id__in=areas)
        )


class MembershipTarget(models.Model):
    """What a membership or an invitation is to: an NGO, a service unit or (for
    coordinators) a welfare area, with a role that fits it."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    service_unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    welfare_area = models.ForeignKey(
        WelfareArea,
        verbose_name=_("welfare area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def target(self) -> models.Model:
        return self.organization or self.service_unit or self.welfare_area

    @property
    def area(self) -> WelfareArea:
        if self.welfare_area_id:
            return self.welfare_area
        if self.organization_id:
            return self.organization.welfare_area
        return self.service_unit.welfare_area


class Membership(MembershipTarget):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__email", "role"]
        constraints = [
            models.CheckConstraint(
                condition=_TARGET_MATCHES_ROLE, name="membership_target_matches_role"
            ),
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=Q(organization__isnull=False),
                name="membership_unique_per_organization",
            ),
            models.UniqueConstraint(
                fields=["user", "service_unit", "role"],
                condition=Q(service_unit__isnull=False),
                name="membership_unique_per_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "welfare_area", "role"],
                condition=Q(welfare_area__isnull=False),
                name="membership_unique_per_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.target}"


class Invitation(MembershipTarget):
    """A single-use, expiring invitation to join the portal in a role."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")

    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language of the invitation"), max_length=2, choices=settings.LANGUAGES, default="fi"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=_TARGET_MATCHES_ROLE, name="invitation_target_matches_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.target}"

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()

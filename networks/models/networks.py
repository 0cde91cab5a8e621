"""Networks, their members with named representatives, and their board."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, ServiceUnit, Theme, WelfareArea

from .rules import PURPOSE_MAX, validate_no_identity_code


class NetworkQuerySet(models.QuerySet):
    def visible_to(self, user) -> NetworkQuerySet:
        """Networks, their purpose and members are public; the board is not."""
        return self

    def managed_by(self, user) -> NetworkQuerySet:
        """Networks the person manages: as its coordinator or the area's coordinator."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from organizations.access import coordinated_area_ids

        from ..access import network_ids_coordinated

        return self.filter(
            Q(welfare_area_id__in=coordinated_area_ids(user))
            | Q(pk__in=network_ids_coordinated(user))
        )

    def participated_in_by(self, user) -> NetworkQuerySet:
        """Networks where the person represents a member or belongs to a member NGO or unit."""
        if not user.is_authenticated:
            return self.none()
        from organizations.access import organization_ids, unit_ids

        return self.filter(
            pk__in=Network.objects.filter(
                Q(memberships__representatives=user)
                | Q(memberships__organization_id__in=organization_ids(user))
                | Q(memberships__service_unit_id__in=unit_ids(user))
            ).values("pk")
        )


class Network(models.Model):
    """A thematic or regional network, or an NGO advisory board (järjestöneuvottelukunta)."""

    class Kind(models.TextChoices):
        THEMATIC = "thematic", _("Thematic network")
        REGIONAL = "regional", _("Regional network")
        ADVISORY_BOARD = "advisory_board", _("NGO advisory board")

    name = models.CharField(_("name"), max_length=200)
    name_fi: str
    name_sv: str
    name_en: str
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    purpose = models.TextField(
        _("purpose"),
        blank=True,
        max_length=PURPOSE_MAX,
        validators=[MaxLengthValidator(PURPOSE_MAX)],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.THEMATIC)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL
    )
    welfare_area = models.ForeignKey(
        WelfareArea,
        verbose_name=_("welfare area"),
        on_delete=models.PROTECT,
        related_name="networks",
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_networks",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    """An NGO or a service unit in a network, with its named representatives (Co-Act step
    9): they are the people invited to the network's meetings."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    service_unit = models.ForeignKey(
        ServiceUnit,
        verbose_name=_("service unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representatives"),
        blank=True,
        related_name="network_representations",
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, service_unit__isnull=True)
                | Q(organization__isnull=True, service_unit__isnull=False),
                name="network_member_is_one_ngo_or_unit",
            ),
            models.UniqueConstraint(
                fields=["network", "organization"], name="network_member_ngo_once"
            ),
            models.UniqueConstraint(
                fields=["network", "service_unit"], name="network_member_unit_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.member)

    @property
    def member(self) -> Organization | ServiceUnit:
        return self.organization or self.service_unit


class BoardPost(models.Model):
    """A post on a network's shared board: a current activity or a general observation.
    Never client data: a text with a personal identity code is refused."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Current activity")
        OBSERVATION = "observation", _("General observation")

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ACTIVITY)
    body = models.TextField(
        _("text"),
        max_length=2000,
        validators=[MaxLengthValidator(2000), validate_no_identity_code],
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    expires_on = models.DateField(_("show until"), null=True, blank=True)

    class Meta:
        verbose_name = _("board post")
        verbose_name_plural = _("board posts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.body[:60]

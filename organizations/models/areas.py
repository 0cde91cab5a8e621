"""Welfare areas and their service units."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .limits import INSTRUCTIONS_MAX, _limited


class WelfareAreaQuerySet(models.QuerySet):
    def coordinated_by(self, user) -> WelfareAreaQuerySet:
        """The areas this person coordinates; a platform admin, every area."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from ..access import coordinated_area_ids

        return self.filter(pk__in=coordinated_area_ids(user))


class WelfareArea(models.Model):
    """A wellbeing services county (hyvinvointialue), or Helsinki. Loaded from
    data/welfare_areas.csv in a data migration."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # modeltranslation adds name_fi, name_sv, name_en.
    name_fi: str
    name_sv: str
    name_en: str

    objects = WelfareAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("welfare area")
        verbose_name_plural = _("welfare areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ServiceUnit(models.Model):
    """A unit of the welfare area that works with NGOs (a KOTO team, a family centre...)."""

    class Kind(models.TextChoices):
        KOTO = "koto", _("Integration services (KOTO)")
        FAMILY_CENTRE = "family_centre", _("Family centre")
        CHILD_WELFARE = "child_welfare", _("Child welfare")
        ADULT_SOCIAL_WORK = "adult_social_work", _("Adult social work")
        YOUTH_SERVICES = "youth_services", _("Youth services")
        DISABILITY_SERVICES = "disability_services", _("Disability services")
        OTHER = "other", _("Other")

    welfare_area = models.ForeignKey(
        WelfareArea, verbose_name=_("welfare area"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("name"), max_length=200)
    name_fi: str
    name_sv: str
    name_en: str
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    contact_email = models.EmailField(_("contact e-mail for NGOs"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_hours = models.CharField(_("when to contact"), max_length=200, blank=True)
    contact_description = models.TextField(
        _("what NGOs can ask us about"), blank=True, **_limited(INSTRUCTIONS_MAX)
    )
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("network representative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

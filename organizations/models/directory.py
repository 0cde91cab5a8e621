# ruff: noqa: RUF001, RUF002 (en dashes in times, as in 17-19)
"""The directory: NGOs, what they offer, where and when."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coact.recurrence import describe as describe_rule
from coact.recurrence import validate_rrule

from .areas import WelfareArea
from .limits import (
    ACCESSIBILITY_MAX,
    ACTIVITY_DESCRIPTION_MAX,
    INSTRUCTIONS_MAX,
    LONG_DESCRIPTION_MAX,
    OTHER_LANGUAGE_TEXT_MAX,
    REASON_MAX,
    SHORT_DESCRIPTION_MAX,
    _limited,
)


def validate_business_id(value: str) -> None:
    """A Finnish business ID (Y-tunnus), 1234567-8, with its check digit. The message
    says which of the three is wrong: the length, the characters or the check digit."""
    from stdnum.exceptions import InvalidChecksum, InvalidLength
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.fi import ytunnus

    try:
        ytunnus.validate(value)
    except InvalidChecksum as error:
        raise ValidationError(
            _("%(value)s: the check digit does not match. Check the business ID on ytj.fi."),
            code="business_id_checksum",
            params={"value": value[:20]},
        ) from error
    except InvalidLength as error:
        raise ValidationError(
            _(
                "%(value)s: a business ID has seven digits, a hyphen and a check digit, "
                "for example 1234567-8."
            ),
            code="business_id_length",
            params={"value": value[:20]},
        ) from error
    except StdnumError as error:
        raise ValidationError(
            _("%(value)s: a business ID has only digits and one hyphen, for example 1234567-8."),
            code="business_id_format",
            params={"value": value[:20]},
        ) from error


class Language(models.Model):
    """A language an NGO serves in: ISO 639-1 where one exists, else ISO 639-3."""

    code = models.CharField(_("code"), max_length=3, unique=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        from ..languages import language_name

        return language_name(self.code, get_language() or "fi")


class Taxonomy(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_fi: str
    name_sv: str
    name_en: str
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class Theme(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class TargetGroup(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class OrganizationQuerySet(models.QuerySet):
    """Who may see which NGO: the one place that says it (see organizations/rules.py)."""

    def public(self) -> OrganizationQuerySet:
        """NGOs anyone may see: approved and active (the directory, the API, HSDS)."""
        return self.filter(status=Organization.Status.ACTIVE)

    def visible_to(self, user) -> OrganizationQuerySet:
        """The public NGOs, plus the person's own and those of the areas they coordinate."""
        if user.is_authenticated and user.is_superuser:
            return self
        visible = models.Q(status=Organization.Status.ACTIVE)
        if user.is_authenticated:
            from ..access import coordinated_area_ids, organization_ids

            visible |= models.Q(pk__in=organization_ids(user)) | models.Q(
                welfare_area_id__in=coordinated_area_ids(user)
            )
        return self.filter(visible)

    def editable_by(self, user) -> OrganizationQuerySet:
        """NGOs whose profile the person may change: as its admin or the area's coordinator."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from ..access import coordinated_area_ids, organization_ids
        from .people import Role

        return self.filter(
            models.Q(pk__in=organization_ids(user, roles=(Role.NGO_ADMIN,)))
            | models.Q(welfare_area_id__in=coordinated_area_ids(user))
        )

    def with_referral_handlers(self) -> OrganizationQuerySet:
        """Each NGO with `has_referral_handlers`: someone active who receives its referrals
        in the portal (REFERRAL_HANDLER_ROLES). "Refer a client" needs that and
        `accepts_referrals`; the referral itself is refused without them."""
        from .people import REFERRAL_HANDLER_ROLES, Membership

        handlers = Membership.objects.filter(
            organization=models.OuterRef("pk"),
            role__in=REFERRAL_HANDLER_ROLES,
            user__is_active=True,
        )
        return self.annotate(has_referral_handlers=models.Exists(handlers))

    def applications_for(self, user) -> OrganizationQuerySet:
        """Pending NGO applications the person may review (a coordinator of the area)."""
        pending = self.filter(status=Organization.Status.PENDING)
        if not user.is_authenticated:
            return pending.none()
        if user.is_superuser:
            return pending
        from ..access import coordinated_area_ids

        return pending.filter(welfare_area_id__in=coordinated_area_ids(user))


class Organization(models.Model):
    """An NGO (järjestö), a registered association, a foundation or an unregistered group."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")

    class LegalForm(models.TextChoices):
        ASSOCIATION = "association", _("Registered association (ry)")
        FOUNDATION = "foundation", _("Foundation")
        UNREGISTERED = "unregistered", _("Unregistered group")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    welfare_area = models.ForeignKey(
        WelfareArea,
        verbose_name=_("welfare area"),
        on_delete=models.PROTECT,
        related_name="organizations",
        help_text=_("The area whose coordinators approve and verify the organisation."),
    )
    description = models.TextField(
        _("short description"), blank=True, **_limited(SHORT_DESCRIPTION_MAX)
    )
    long_description = models.TextField(
        _("long description"), blank=True, **_limited(LONG_DESCRIPTION_MAX)
    )
    # modeltranslation adds description_fi/_sv/_en and long_description_fi/_sv/_en.
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.ASSOCIATION
    )
    business_id = models.CharField(
        _("business ID (Y-tunnus)"), max_length=9, blank=True, validators=[validate_business_id]
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages served"), blank=True, related_name="organizations"
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="organizations"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="organizations"
    )
    areas = models.ManyToManyField(
        WelfareArea, verbose_name=_("areas served"), blank=True, related_name="served_by"
    )
    municipalities = models.CharField(_("municipalities served"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    lahella_url = models.URLField(_("profile on lahella.fi"), blank=True)
    kotoutumisentukena_url = models.URLField(_("profile on kotoutumisentukena.fi"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    hours_description = models.CharField(_("opening hours in words"), max_length=300, blank=True)
    outside_office_hours = models.BooleanField(
        _("open evenings or weekends"),
        default=False,
        help_text=_("Set from the opening hours: open before 8, after 16 or at weekends."),
    )
    escort_volunteers = models.BooleanField(_("volunteers can escort a client"), default=False)
    interpreting_volunteers = models.BooleanField(_("volunteers can interpret"), default=False)
    online_services = models.BooleanField(_("offers services online"), default=False)
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=False)
    referral_instructions = models.TextField(
        _("how to refer a client"), blank=True, **_limited(INSTRUCTIONS_MAX)
    )
    last_confirmed_at = models.DateTimeField(
        _("information confirmed current"), null=True, blank=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    stale_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Text search on PostgreSQL: one vector a language, kept by organizations.search.
    search_fi = SearchVectorField(null=True, editable=False)
    search_sv = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    rejection_reason = models.TextField(
        _("reason for rejection"), blank=True, **_limited(REASON_MAX)
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    STALE_AFTER_DAYS = 183

    @property
    def is_stale(self) -> bool:
        from datetime import timedelta

        from django.utils import timezone

        if self.last_confirmed_at is None:
            return True
        return self.last_confirmed_at < timezone.now() - timedelta(days=self.STALE_AFTER_DAYS)


class OrganizationText(models.Model):
    """A short description in another language the NGO serves (Somali, Arabic, Dari...)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="other_texts"
    )
    language = models.ForeignKey(Language, verbose_name=_("language"), on_delete=models.PROTECT)
    text = models.TextField(_("text"), **_limited(OTHER_LANGUAGE_TEXT_MAX))

    class Meta:
        verbose_name = _("description in another language")
        verbose_name_plural = _("descriptions in other languages")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "language"], name="one_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.language.code})"


class Location(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postcode"), max_length=10)
    municipality = models.CharField(_("municipality"), max_length=100)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility = models.TextField(_("accessibility"), blank=True, **_limited(ACCESSIBILITY_MAX))

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["municipality", "street_address"]

    def __str__(self) -> str:
        return self.name or f"{self.street_address}, {self.municipality}"


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}\u2013{self.closes:%H:%M}"

    @property
    def is_outside_office_hours(self) -> bool:
        from datetime import time

        return self.weekday >= 5 or self.opens < time(8) or self.closes > time(16)


class Activity(models.Model):
    """What an NGO offers: a group, counselling, peer support, a course, escort..."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        COUNSELLING = "counselling", _("Counselling")
        PEER_SUPPORT = "peer_support", _("Peer support")
        COURSE = "course", _("Course")
        ESCORT = "escort", _("Escort")
        EVENT_SERIES = "event_series", _("Event series")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="activities"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, **_limited(ACTIVITY_DESCRIPTION_MAX)
    )
    # modeltranslation adds name_fi/_sv/_en and description_fi/_sv/_en.
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GROUP)
    languages = models.ManyToManyField(Language, verbose_name=_("languages"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    # The rhythm as an RFC 5545 RRULE, written and read only by coact.recurrence: people
    # choose weekdays and how often, and see the rule in words.
    recurrence = models.CharField(
        _("repeats"), max_length=200, blank=True, validators=[validate_rrule]
    )
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    schedule_description = models.CharField(
        _("more about the times"),
        max_length=200,
        blank=True,
        help_text=_("For example: not in July, or registration by Monday."),
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), null=True, blank=True, on_delete=models.SET_NULL
    )
    online = models.BooleanField(_("online"), default=False)
    free_of_charge = models.BooleanField(_("free of charge"), default=True)
    cost_description = models.CharField(_("cost"), max_length=200, blank=True)
    registration_required = models.BooleanField(_("registration needed"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError(
                {
                    "end_time": _(
                        "The end time must be after the start time, for example 17:00–19:00."
                    )
                }
            )

    @property
    def schedule_in_words(self) -> str:
        """ "Joka tiistai klo 17–19" in the reader's language; "" without a rhythm."""
        if not self.recurrence:
            return ""
        return describe_rule(self.recurrence, start=self.start_time, end=self.end_time) or str(
            _("Repeats regularly")
        )

import uuid
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(DjangoUserManager):
    """Users sign in with their e-mail address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person using the portal. The e-mail address is the login name."""

    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.FINNISH,
        help_text=_("E-mails and notifications to you are sent in this language."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class Heartbeat(models.Model):
    """The last time a periodic task ran: proof that the scheduler and a worker are alive."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    last_seen_at = models.DateTimeField(_("last seen at"))
    beats = models.PositiveBigIntegerField(_("beats"), default=0)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return self.name


class DeliveryState(models.Model):
    """How far a row of an outbox has come (coact.delivery): handed to a worker
    (queued_at), being sent by one until claimed_until, tried `attempts` times, waiting
    until retry_at after a temporary failure, or refused for good (failed_at). The last
    failure is kept as its SMTP code or error class, never the server's text, which may
    name the recipient."""

    queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveIntegerField(default=0, editable=False)
    retry_at = models.DateTimeField(null=True, blank=True, editable=False)
    failed_at = models.DateTimeField(null=True, blank=True, editable=False)
    failure = models.CharField(max_length=100, blank=True, editable=False)

    class Meta:
        abstract = True


class OutboxMessage(DeliveryState):
    """One rendered e-mail waiting to leave, or sent (coact.mail.queue_mail): stored in
    the transaction of the change that caused it, delivered by a worker."""

    key = models.CharField(max_length=200, unique=True)
    message_id = models.CharField(max_length=250)
    from_email = models.CharField(max_length=320, blank=True)
    to = models.EmailField()
    subject = models.CharField(max_length=998)
    body = models.TextField()
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict)
    # [{"filename": ..., "content": ..., "mimetype": ...}], text only.
    attachments = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_unsent",
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.key


class AppendOnlyError(Exception):
    """The audit log is never changed or deleted by the application."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events are append-only")

    def delete(self):
        raise AppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    """One thing that happened: who, what, to which object, when (UTC), from where.

    Rows are only ever inserted; on PostgreSQL a trigger refuses UPDATE and DELETE too.
    `object_repr` and `details` never hold client data: client records are named by id.
    """

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_OUT = "sign_out", _("Signed out")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        SESSION_EXPIRED = "session_expired", _("Session expired")
        MFA_ADDED = "mfa_added", _("Two-factor authentication added")
        MFA_REMOVED = "mfa_removed", _("Two-factor authentication removed")
        MFA_RESET = "mfa_reset", _("Recovery codes regenerated")
        PERMISSION_DENIED = "permission_denied", _("Permission denied")
        MEMBERSHIP_ADDED = "membership_added", _("Membership added")
        MEMBERSHIP_REMOVED = "membership_removed", _("Membership removed")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
        APPLICATION_SUBMITTED = "application_submitted", _("NGO application submitted")
        APPLICATION_APPROVED = "application_approved", _("NGO application approved")
        APPLICATION_REJECTED = "application_rejected", _("NGO application rejected")
        PROFILE_CHANGED = "profile_changed", _("Profile changed")
        AUDIT_EXPORTED = "audit_exported", _("Audit log exported")
        CLIENT_DATA_VIEWED = "client_data_viewed", _("Client data viewed")
        CLIENT_DATA_CHANGED = "client_data_changed", _("Client data changed")
        CLIENT_DATA_EXPORTED = "client_data_exported", _("Client data exported")
        NETWORK_CREATED = "network_created", _("Network created")
        NETWORK_CHANGED = "network_changed", _("Network changed")
        NETWORK_MEMBER_ADDED = "network_member_added", _("Network member added")
        NETWORK_MEMBER_REMOVED = "network_member_removed", _("Network member removed")
        NETWORK_REPRESENTATIVES_CHANGED = (
            "network_representatives_changed",
            _("Network representatives changed"),
        )
        BOARD_POST_REMOVED = "board_post_removed", _("Board post removed")
        MEETING_SCHEDULED = "meeting_scheduled", _("Meeting scheduled")
        MEETING_CHANGED = "meeting_changed", _("Meeting changed")
        MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
        ATTENDANCE_CONFIRMED = "attendance_confirmed", _("Attendance confirmed")
        MINUTES_FILED = "minutes_filed", _("Minutes filed")
        CALENDAR_FEED_CREATED = "calendar_feed_created", _("Calendar address created")
        CALENDAR_FEED_RESET = "calendar_feed_reset", _("Calendar address reset")
        CALENDAR_FEED_REVOKED = "calendar_feed_revoked", _("Calendar address turned off")
        DIRECTORY_IMPORTED = "directory_imported", _("Directory imported (HSDS)")

    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # No database constraint: the row outlives the account it names.
    actor = models.ForeignKey(
        User,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_email = models.CharField(_("actor's e-mail"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    welfare_area_code = models.CharField(_("welfare area"), max_length=50, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events are append-only")


class GeneratedFile(models.Model):
    """A file a worker makes for the person who asked for it (coact.files): the PDF of
    an anonymous referral sheet, later the reports. `kind` names the app's function that
    turns `parameters` (ids and language codes, never personal data) into the template's
    context; the file itself is kept in `content` until it is cleared away."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=50)
    language = models.CharField(_("language"), max_length=10)
    template = models.CharField(_("template"), max_length=200)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    content = models.BinaryField(_("content"), blank=True, default=b"", editable=False)
    content_type = models.CharField(_("content type"), max_length=100, default="application/pdf")
    filename = models.CharField(_("file name"), max_length=200)

    class Meta:
        verbose_name = _("generated file")
        verbose_name_plural = _("generated files")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    SLOW_AFTER = timedelta(minutes=1)

    @property
    def is_pending(self) -> bool:
        return self.ready_at is None and self.failed_at is None

    @property
    def is_slow(self) -> bool:
        """Pending for longer than a file takes when the workers keep up."""
        return self.is_pending and self.created_at < timezone.now() - self.SLOW_AFTER

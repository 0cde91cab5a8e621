import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone

from organizations.models import Membership, Organization, Role, ServiceUnit, WelfareArea

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = settings.AUTH_USER_MODEL
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    preferred_language = "fi"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class WelfareAreaFactory(factory.django.DjangoModelFactory):
    """Areas come from a data migration; transactional tests flush them, so get or create."""

    class Meta:
        model = WelfareArea
        django_get_or_create = ["code"]

    code = "vantaa-kerava"
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())
    name_fi = factory.LazyAttribute(lambda o: o.name)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Yhdistys {n} ry")
    slug = factory.Sequence(lambda n: f"yhdistys-{n}")
    welfare_area = factory.SubFactory(WelfareAreaFactory)
    status = Organization.Status.ACTIVE


class ServiceUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceUnit

    name = factory.Sequence(lambda n: f"KOTO-tiimi {n}")
    name_fi = factory.LazyAttribute(lambda o: o.name)
    slug = factory.Sequence(lambda n: f"koto-{n}")
    welfare_area = factory.SubFactory(WelfareAreaFactory)
    kind = ServiceUnit.Kind.KOTO


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.NGO_MEMBER
    organization = factory.SubFactory(OrganizationFactory)


TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def with_totp(user, secret: str = TOTP_SECRET):
    """Give the user an authenticator app, as allauth stores it (secret encrypted)."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    return user


def totp_code(secret: str = TOTP_SECRET, offset: int = 0) -> str:
    """The authenticator app's current code. Near the end of a 30-second window it waits
    for the next one, so the code is still valid when the test submits it (the portal
    accepts no neighbouring window, which keeps a used code from working twice)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if 30 - time.time() % 30 < 2:
        time.sleep(30 - time.time() % 30 + 0.05)
    counter = int(time.time()) // 30 + offset
    return format_hotp_value(hotp_value(secret, counter))


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organizations.Location"

    organization = factory.SubFactory(OrganizationFactory)
    street_address = factory.Sequence(lambda n: f"Testikatu {n + 1}")
    postal_code = "01300"
    municipality = "Vantaa"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "organizations.Activity"

    organization = factory.SubFactory(OrganizationFactory)
    name_fi = factory.Sequence(lambda n: f"Toiminta {n}")
    kind = "group"


class GeneratedFileFactory(factory.django.DjangoModelFactory):
    """A PDF a worker has made (coact.files), ready for the person who asked."""

    class Meta:
        model = "coact.GeneratedFile"

    requested_by = factory.SubFactory(UserFactory)
    kind = "referral_sheet"
    template = "referrals/sheet_pdf.html"
    language = "fi"
    filename = "sheet.pdf"
    content = b"%PDF-1.7"
    ready_at = factory.LazyFunction(timezone.now)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "networks.Network"

    name = factory.Sequence(lambda n: f"Verkosto {n}")
    name_fi = factory.LazyAttribute(lambda o: o.name)
    slug = factory.Sequence(lambda n: f"verkosto-{n}")
    welfare_area = factory.SubFactory(WelfareAreaFactory)


class NetworkMembershipFactory(factory.django.DjangoModelFactory):
    """An NGO in a network; pass representatives=[user, ...] to name them."""

    class Meta:
        model = "networks.NetworkMembership"
        skip_postgeneration_save = True

    network = factory.SubFactory(NetworkFactory)
    organization = factory.SubFactory(
        OrganizationFactory, welfare_area=factory.SelfAttribute("..network.welfare_area")
    )

    @factory.post_generation
    def representatives(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.representatives.set(extracted)


def schedule_test_series(network, *, by, days_ahead=10, at=None, rrule="FREQ=MONTHLY", **fields):
    """A monthly series of the network, first meeting `days_ahead` days from now at `at`
    (Helsinki time), through the real scheduling service."""
    import datetime as dt

    from django.utils import timezone

    from networks import services
    from networks.models import MeetingSeries

    starts_on = (timezone.localtime() + dt.timedelta(days=days_ahead)).date()
    series = MeetingSeries(
        title=fields.pop("title", "Kuukausitapaaminen"),
        network=network,
        welfare_area=network.welfare_area,
        rrule=rrule,
        starts_on=starts_on,
        start_time=at or dt.time(16, 30),
        address=fields.pop("address", "Asematie 1, Vantaa"),
        **fields,
    )
    return services.series_schedule(series=series, by=by)


def deliver_queued_mail() -> int:
    """What a worker does with the outbox (coact.tasks.deliver_mail): send every queued
    message that is due. Tests whose transaction never commits call it in place of the
    on-commit hand-out."""
    from django.utils import timezone

    from coact.delivery import deliver, to_queue
    from coact.mail import OUTBOX, outbox_due

    now = timezone.now()
    return deliver(OUTBOX, list(outbox_due(now).filter(to_queue(now)).values_list("pk", flat=True)))


def sent_mail() -> list:
    """django.core.mail.outbox once the queued mail has been delivered."""
    from django.core import mail

    deliver_queued_mail()
    return mail.outbox


def sent_mail_to(address: str) -> list:
    """The delivered messages addressed to `address` alone."""
    return [message for message in sent_mail() if message.to == [address]]


def forget_sent_mail() -> None:
    """Deliver what is queued and forget it: what is sent next stands alone."""
    from django.core import mail

    deliver_queued_mail()
    mail.outbox.clear()

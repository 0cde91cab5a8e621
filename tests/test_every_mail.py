"""Every kind of mail the portal sends, in Finnish, Swedish and English, produced by the
code that really sends it (services, the meeting outbox, the periodic reminders, allauth's
own flows through the pages): no Python in it, the subject in the mail's language, and
every link in it opens on the portal at SITE_URL.

The portal's own mails are found in templates/email/ (every `<kind>_subject.txt`), and
allauth's are the ones our configuration sends, each with its text of our own in
templates/account/email/: a template added there without a producer here fails
test_every_mail_has_a_producer.
"""

from __future__ import annotations

import ast
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation.template import templatize

from networks import outbox, services
from networks.models import Meeting, MeetingFormat
from organizations import services as organization_services
from organizations.models import Language, Organization, Role
from organizations.services import profiles as services_selfservice
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    UserFactory,
    deliver_queued_mail,
    with_totp,
)
from tests.networks.meeting_helpers import ONLINE_URL, network_with_representatives
from tests.referrals.contact_mail_producers import (  # noqa: F401 (found by PRODUCERS)
    produce_contact_request_answered,
    produce_contact_request_closed,
    produce_contact_request_expired,
    produce_contact_request_received,
    produce_contact_request_withdrawn,
)
from tests.referrals.referral_mail_producers import (  # noqa: F401 (found by PRODUCERS)
    produce_referral_answered,
    produce_referral_expired,
    produce_referral_message,
    produce_referral_received,
    produce_referral_reminder,
    produce_referral_unanswered,
    produce_referral_withdrawn,
)

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[1]
LANGUAGES = ("fi", "sv", "en")
# Not the development default (port 8000) and not the test client's host: every link
# must be built from SITE_URL.
SITE_URL = "http://127.0.0.1:8710"
# The only link in a mail that is not the portal's: the meeting's own online link.
EXTERNAL_LINKS = {ONLINE_URL}
LINK = re.compile(r"https?://[^\s<>\"']+")
# What Python prints for things without text of their own, and a value that was None.
PYTHON = re.compile(r"<QuerySet|object at 0x|\bNone\b|<Language:|\[<|<bound method")

# Allauth's mails that our configuration sends (no open sign-up, e-mail verification
# by link, no notification mails: ACCOUNT_EMAIL_NOTIFICATIONS is off).
ALLAUTH_MAILS = {
    "email_confirmation",
    "email_confirmation_signup",
    "password_reset_key",
    "unknown_account",
}


def portal_mails() -> set[str]:
    return {
        path.name.removesuffix("_subject.txt")
        for path in (BASE_DIR / "templates" / "email").glob("*_subject.txt")
    }


def overridden_allauth_mails() -> set[str]:
    return {
        path.name.removesuffix("_subject.txt")
        for path in (BASE_DIR / "templates" / "account" / "email").glob("*_subject.txt")
    }


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what a service leaves for after the commit (the mail tasks) right away."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


# --- Producers: each makes one kind of mail the way the portal does, for a recipient who
# reads `language`, and returns the messages of that kind. ---------------------------------


def sent_to(address: str) -> list:
    deliver_queued_mail()
    return [message for message in mail.outbox if message.to == [address]]


def person(email: str, language: str, **fields):
    return UserFactory(email=email, preferred_language=language, name="Testi Henkilö", **fields)


def coordinator(language: str):
    from tests.factories import WelfareAreaFactory

    area = WelfareAreaFactory(code="vantaa-kerava")
    user = with_totp(person(f"coordinator-{language}@vantaa.example", language))
    MembershipFactory(user=user, role=Role.COORDINATOR, organization=None, welfare_area=area)
    return user


def apply_for_an_ngo(client: Client, language: str, email: str):
    """The public application form, as a stranger fills it in."""
    from tests.factories import WelfareAreaFactory

    area = WelfareAreaFactory(code="vantaa-kerava")
    response = client.post(
        f"/{language}/organizations/apply/",
        {
            "organization_name": "Naapuriapu ry",
            "welfare_area": area.pk,
            "description": "Autamme perheitä arjessa.",
            "applicant_name": "Hakija Henkilö",
            "email": email,
            "language": language,
            "password1": "kuusi-kissaa-ja-kaksi-koiraa",
            "password2": "kuusi-kissaa-ja-kaksi-koiraa",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def produce_invitation(language, client, on_commit):
    unit = ServiceUnitFactory()
    email = f"new-worker-{language}@vantaa.example"
    on_commit(
        organization_services.invitation_create,
        by=coordinator(language),
        email=email,
        role=Role.UNIT_STAFF,
        target=unit,
        language=language,
        name="Uusi Työntekijä",
    )
    return sent_to(email)


def produce_application_received(language, client, on_commit):
    recipient = coordinator(language)
    on_commit(apply_for_an_ngo, client, "fi", "applicant@naapuriapu.example")
    return sent_to(recipient.email)


def produce_email_confirmation_signup(language, client, on_commit):
    on_commit(apply_for_an_ngo, client, language, f"applicant-{language}@naapuriapu.example")
    return sent_to(f"applicant-{language}@naapuriapu.example")


def produce_application_decided(language, client, on_commit):
    by = coordinator(language)
    messages = []
    for decision in ("approve", "reject"):
        email = f"{decision}-{language}@naapuriapu.example"
        on_commit(apply_for_an_ngo, client, language, email)
        organization = Organization.objects.get(submitted_by__email=email)
        mail.outbox.clear()
        if decision == "approve":
            on_commit(organization_services.application_approve, organization=organization, by=by)
        else:
            on_commit(
                organization_services.application_reject,
                organization=organization,
                by=by,
                reason="Toiminta ei ole alueella.",
            )
        messages += sent_to(email)
    return messages


def produce_application_existing_account(language, client, on_commit):
    owner = person(f"owner-{language}@naapuriapu.example", language)
    on_commit(apply_for_an_ngo, client, "fi", owner.email)
    return sent_to(owner.email)


def _meeting(language, on_commit, *, start=None):
    people = network_with_representatives((language,))
    people.coordinator.preferred_language = language
    people.coordinator.save(update_fields=["preferred_language"])
    with_totp(people.coordinator)
    unit = ServiceUnitFactory(welfare_area=people.area, name_fi="Vantaan KOTO-tiimi")
    meeting = Meeting(
        title="Perheverkoston tapaaminen",
        network=people.network,
        welfare_area=people.area,
        start=start or timezone.now().replace(second=0, microsecond=0) + timedelta(days=10),
        duration_minutes=90,
        format=MeetingFormat.HYBRID,
        address="Asematie 1, 01300 Vantaa",
        online_url=ONLINE_URL,
        accessibility="Esteetön sisäänkäynti pihan puolelta.",
        agenda="Esittäytyminen ja kevään suunnitelmat.",
        host_unit=unit,
    )
    languages = [Language.objects.get_or_create(code=code)[0] for code in ("fi", "en")]
    on_commit(
        services.meeting_schedule, meeting=meeting, by=people.coordinator, languages=languages
    )
    return people, Meeting.objects.get(pk=meeting.pk), people.representative(language)


def produce_meeting_invitation(language, client, on_commit):
    *_, invitee = _meeting(language, on_commit)
    return sent_to(invitee.email)


def produce_meeting_updated(language, client, on_commit):
    people, meeting, invitee = _meeting(language, on_commit)
    mail.outbox.clear()
    on_commit(
        services.meeting_change,
        meeting=meeting,
        by=people.coordinator,
        changes={"start": meeting.start + timedelta(days=1)},
    )
    return sent_to(invitee.email)


def produce_meeting_cancelled(language, client, on_commit):
    people, meeting, invitee = _meeting(language, on_commit)
    mail.outbox.clear()
    on_commit(services.meeting_cancel, meeting=meeting, by=people.coordinator)
    return sent_to(invitee.email)


def produce_meeting_reminder(language, client, on_commit):
    _people, meeting, invitee = _meeting(language, on_commit)
    mail.outbox.clear()
    # The periodic scan a day before the meeting.
    now = meeting.start - timedelta(days=1) + timedelta(minutes=1)
    due = list(outbox.reminders_due(now).order_by("due_at").values_list("pk", flat=True))
    assert outbox.deliver_reminders(due, now=now) == 1
    return sent_to(invitee.email)


def produce_meeting_minutes_due(language, client, on_commit):
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(days=2)
    people, *_ = _meeting(language, on_commit, start=start)
    mail.outbox.clear()
    assert outbox.remind_minutes(now=timezone.now()) == 1
    return sent_to(people.coordinator.email)


def _ngo_with_admin(language, *, confirmed_days_ago: int):
    organization = OrganizationFactory(
        name="Kotoapu ry",
        last_confirmed_at=timezone.now() - timedelta(days=confirmed_days_ago),
    )
    admin = with_totp(person(f"admin-{language}@kotoapu.example", language))
    MembershipFactory(user=admin, role=Role.NGO_ADMIN, organization=organization)
    return admin


def produce_profile_stale_soon(language, client, on_commit):
    admin = _ngo_with_admin(language, confirmed_days_ago=Organization.STALE_AFTER_DAYS - 5)
    assert services_selfservice.stale_profiles_remind() == 1
    return sent_to(admin.email)


def produce_profile_stale(language, client, on_commit):
    admin = _ngo_with_admin(language, confirmed_days_ago=Organization.STALE_AFTER_DAYS + 5)
    assert services_selfservice.stale_profiles_remind() == 1
    return sent_to(admin.email)


def produce_email_confirmation(language, client, on_commit):
    """Signing in with an address that was never confirmed sends a new confirmation."""
    user = person(f"unconfirmed-{language}@example.org", language)
    EmailAddress.objects.filter(user=user).update(verified=False)
    client.post(f"/{language}/accounts/login/", {"login": user.email, "password": PASSWORD})
    return sent_to(user.email)


def produce_password_reset_key(language, client, on_commit):
    user = person(f"forgetful-{language}@example.org", language)
    response = client.post(f"/{language}/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    return sent_to(user.email)


def produce_unknown_account(language, client, on_commit):
    """No account to tell the language by: the mail is in the page's language."""
    email = f"stranger-{language}@example.org"
    response = client.post(f"/{language}/accounts/password/reset/", {"email": email})
    assert response.status_code == 302
    return sent_to(email)


PRODUCERS = {
    name.removeprefix("produce_"): function
    for name, function in globals().items()
    if name.startswith("produce_")
}


# --- The checks ----------------------------------------------------------------------------


def subject_patterns(kind: str, language: str) -> list[re.Pattern]:
    """The subject template's texts in `language`, from the catalogue, with each
    placeholder as "anything": the subject must be one of them."""
    name = f"account/email/{kind}_subject.txt" if kind in ALLAUTH_MAILS else None
    name = name or f"email/{kind}_subject.txt"
    source = Path(get_template(name).origin.name).read_text()
    msgids = [
        ast.literal_eval(literal)
        for literal in re.findall(r"gettext\((u'(?:[^'\\]|\\.)*')\)", templatize(source))
    ]
    assert msgids, f"{name} has no translated text"
    patterns = []
    with translation.override(language):
        for msgid in msgids:
            text = " ".join(translation.gettext(msgid).split())
            if language != "en":
                assert text != msgid, f"{name}: {msgid!r} has no {language} translation"
            fixed = [re.escape(part) for part in re.split(r"%\(\w+\)s", text)]
            patterns.append(re.compile(".+?".join(fixed)))
    return patterns


def login_path(language: str) -> str:
    with translation.override(language):
        return reverse("account_login")


def assert_link_opens(link: str, language: str, recipient: str) -> None:
    """The link is the portal's, at SITE_URL, in the mail's language, and opens: 200,
    or (a page for signed-in people) the sign-in page, and then 200 for the recipient
    once signed in."""
    if link in EXTERNAL_LINKS:
        return
    assert link.startswith(f"{SITE_URL}/"), f"{link} is not on SITE_URL"
    parts = urlsplit(link)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if path != "/":
        assert path.startswith(f"/{language}/"), f"{link} is not in {language}"
    anonymous = Client()
    response = anonymous.get(path, follow=True)
    assert response.status_code == 200, f"{link} gave {response.status_code}"
    if response.redirect_chain and response.request["PATH_INFO"] == login_path(language):
        user = EmailAddress.objects.filter(email__iexact=recipient).first()
        assert user is not None, f"{link} asks {recipient} to sign in, with no account"
        signed_in = Client()
        signed_in.force_login(user.user)
        response = signed_in.get(path, follow=True)
        assert response.status_code == 200, f"{link} gave {response.status_code} signed in"
        assert response.request["PATH_INFO"] != login_path(language)


def test_every_mail_has_a_producer():
    """A new mail template, or a new allauth text of ours, needs a producer here."""
    assert portal_mails() - set(PRODUCERS) == set()
    assert overridden_allauth_mails() - ALLAUTH_MAILS == set()
    # Each allauth mail we send has our own text (not allauth's "Hello from <host>!").
    assert ALLAUTH_MAILS - overridden_allauth_mails() == set()
    assert set(PRODUCERS) == portal_mails() | ALLAUTH_MAILS


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(portal_mails() | ALLAUTH_MAILS))
def test_the_mail_reads_well_and_its_links_open(kind, language, client, on_commit):
    producer = PRODUCERS.get(kind)
    assert producer is not None, f"no test produces the {kind!r} mail"
    mail.outbox.clear()

    messages = producer(language, client, on_commit)

    assert messages, f"{kind} was not sent"
    patterns = subject_patterns(kind, language)
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        assert not PYTHON.search(text), f"{kind} ({language}) shows Python:\n{text}"
        assert any(pattern.fullmatch(message.subject) for pattern in patterns), (
            f"{kind}: {message.subject!r} is not the {language} subject"
        )
        for link in [link.rstrip(".,;:)") for link in LINK.findall(message.body)]:
            assert_link_opens(link, language, message.to[0])


def test_the_links_follow_site_url_not_the_request(settings, client, on_commit):
    """Mail sent from a page (allauth's, the application's) uses SITE_URL as mail sent by
    a worker does, whatever host the request came in on."""
    settings.SITE_URL = "https://coact.example.fi"
    client.post(
        "/sv/accounts/password/reset/",
        {"email": person("someone@example.org", "sv").email},
        HTTP_HOST="internal-proxy:8000",
    )

    deliver_queued_mail()
    [message] = mail.outbox
    links = LINK.findall(message.body)
    assert all(link.startswith("https://coact.example.fi/") for link in links), links
    assert any(link.startswith("https://coact.example.fi/sv/accounts/password/reset/key/")
               for link in links)  # fmt: skip
    assert "internal-proxy" not in message.body


def test_allauth_mail_is_in_the_recipients_language_with_links_in_it(client):
    """A Finnish-speaking person who asks on the English page gets Finnish, and the link
    opens the Finnish page."""
    user = person("suomeksi@example.org", "fi")

    client.post("/en/accounts/password/reset/", {"email": user.email})

    deliver_queued_mail()
    [message] = mail.outbox
    assert message.subject == "Uusi salasana Co-Act-portaaliin"
    assert f"{SITE_URL}/fi/accounts/password/reset/key/" in message.body
    assert message.body.startswith("Hei,")

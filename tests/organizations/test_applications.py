"""A stranger applies for their NGO; a coordinator of the area approves or rejects it."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail

from coact.models import AuditEvent
from organizations.models import Membership, Organization, Role
from tests.factories import MembershipFactory, UserFactory, WelfareAreaFactory, with_totp

pytestmark = pytest.mark.django_db

PASSWORD = "Vahva salasana 2026!"


@pytest.fixture
def area():
    return WelfareAreaFactory(code="vantaa-kerava")


@pytest.fixture
def coordinator(area):
    user = with_totp(UserFactory(email="coord@vantaa.example", preferred_language="sv"))
    MembershipFactory(user=user, role=Role.COORDINATOR, organization=None, welfare_area=area)
    return user


def application(area, **overrides):
    data = {
        "organization_name": "Somaliperheiden tuki ry",
        "welfare_area": area.pk,
        "description": "Vertaisryhmiä somalinkielisille perheille.",
        "applicant_name": "Hodan Ali",
        "email": "hodan@tuki.example",
        "language": "en",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return {**data, **overrides}


def test_application_creates_a_pending_ngo_and_tells_the_coordinator(
    client, area, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/organizations/apply/", application(area))

    assert response["Location"] == "/en/organizations/apply/sent/"
    organization = Organization.objects.get()
    assert organization.status == Organization.Status.PENDING
    assert organization.submitted_by.email == "hodan@tuki.example"
    assert Membership.objects.filter(organization=organization, role=Role.NGO_ADMIN).exists()
    assert not EmailAddress.objects.get(email="hodan@tuki.example").verified
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"hodan@tuki.example", "coord@vantaa.example"}
    # The coordinator is told in their own language (Swedish), with a link to review.
    coordinator_mail = by_recipient["coord@vantaa.example"]
    assert coordinator_mail.subject == "Ny ansökan från en organisation: Somaliperheiden tuki ry"
    assert f"/sv/coordination/applications/{organization.pk}/" in coordinator_mail.body
    assert AuditEvent.objects.filter(action="application_submitted").count() == 1


def test_a_pending_ngo_is_not_in_public_view(client, area):
    client.post("/en/organizations/apply/", application(area))

    assert client.get(f"/en/organizations/{Organization.objects.get().slug}/").status_code == 404


def test_application_errors_keep_what_was_typed(client, area):
    response = client.post(
        "/en/organizations/apply/", application(area, password2="something else", email="")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The two passwords differ." in html
    assert "This field is required." in html
    assert 'value="Somaliperheiden tuki ry"' in html
    assert "Vertaisryhmiä somalinkielisille perheille." in html
    assert not Organization.objects.exists()


def _answer(client, data) -> tuple[str, str]:
    """Where the form sends the applicant, and the page they then see."""
    response = client.post("/en/organizations/apply/", data)
    return response["Location"], client.get(response["Location"]).content.decode()


def test_the_form_answers_the_same_whether_or_not_the_address_has_an_account(
    client, area, coordinator, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="hodan@tuki.example", preferred_language="fi")

    with django_capture_on_commit_callbacks(execute=True):
        with_account = _answer(client, application(area, email="Hodan@Tuki.example"))
        client.logout()
        without_account = _answer(client, application(area, email="new@tuki.example"))

    assert with_account == without_account
    assert with_account[0] == "/en/organizations/apply/sent/"
    # Only the new address's application went on: one pending NGO, one new account.
    assert list(Organization.objects.values_list("submitted_by__email", flat=True)) == [
        "new@tuki.example"
    ]
    assert not Membership.objects.filter(user=owner).exists()
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD) is False  # the applicant's password is not set
    by_recipient = {}
    for message in mail.outbox:
        by_recipient.setdefault(message.to[0], []).append(message)
    assert len(by_recipient["coord@vantaa.example"]) == 1  # told of the new one only


def test_the_owner_of_the_address_is_told_in_their_language(
    client, area, django_capture_on_commit_callbacks
):
    UserFactory(email="hodan@tuki.example", preferred_language="fi")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/organizations/apply/",
            application(area, organization_name="Soita heti 0700 123 456"),
        )

    [message] = mail.outbox
    assert message.to == ["hodan@tuki.example"]
    assert message.subject == "Järjestöhakemus Co-Act-portaaliin sähköpostiosoitteellasi"
    assert "osoitteella on jo tunnus" in message.body
    assert f"{settings.SITE_URL}/fi/accounts/login/" in message.body
    assert "/fi/accounts/password/reset/" in message.body
    # What a stranger typed is not passed on to the address's owner.
    assert "0700" not in message.body


def test_the_owner_is_told_once_an_hour_however_often_someone_applies(
    client, area, django_capture_on_commit_callbacks
):
    UserFactory(email="hodan@tuki.example")

    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(3):
            client.post("/en/organizations/apply/", application(area))

    assert len(mail.outbox) == 1


def test_line_breaks_in_the_names_are_folded_when_applying(
    client, area, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/organizations/apply/",
            application(
                area,
                organization_name="Tuki ry\r\nReview it here: http://evil.example\t",
                applicant_name="Hodan\nAli",
            ),
        )

    organization = Organization.objects.get()
    assert organization.name == "Tuki ry Review it here: http://evil.example"
    assert organization.submitted_by.name == "Hodan Ali"
    coordinator_mail = next(m for m in mail.outbox if m.to == ["coord@vantaa.example"])
    assert "\nReview it here" not in coordinator_mail.body


def _apply(client, area):
    client.post("/en/organizations/apply/", application(area))
    client.logout()
    mail.outbox.clear()
    return Organization.objects.get()


def test_coordinator_approves_and_the_applicant_is_told(
    client, area, coordinator, django_capture_on_commit_callbacks
):
    organization = _apply(client, area)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/coordination/applications/{organization.pk}/", {"decision": "approve"}
        )

    assert response["Location"] == "/en/coordination/"
    organization.refresh_from_db()
    assert organization.status == Organization.Status.ACTIVE
    assert organization.reviewed_by == coordinator
    [message] = mail.outbox
    assert message.to == ["hodan@tuki.example"]
    assert message.subject == "Somaliperheiden tuki ry is now in the Co-Act Portal"
    assert AuditEvent.objects.filter(action="application_approved", actor=coordinator).count() == 1


def test_coordinator_rejects_with_a_reason_the_applicant_receives(
    client, area, coordinator, django_capture_on_commit_callbacks
):
    organization = _apply(client, area)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/coordination/applications/{organization.pk}/",
            {"decision": "reject", "reason": "Please apply through the Helsinki portal."},
        )

    organization.refresh_from_db()
    assert organization.status == Organization.Status.REJECTED
    [message] = mail.outbox
    assert "Please apply through the Helsinki portal." in message.body
    assert AuditEvent.objects.filter(action="application_rejected").count() == 1


def test_rejection_needs_a_reason(client, area, coordinator):
    organization = _apply(client, area)
    client.force_login(coordinator)

    response = client.post(
        f"/en/coordination/applications/{organization.pk}/", {"decision": "reject"}
    )

    assert "This field is required." in response.content.decode()
    organization.refresh_from_db()
    assert organization.status == Organization.Status.PENDING


def test_coordinator_of_another_area_cannot_review(client, area):
    organization = _apply(client, area)
    stranger = with_totp(UserFactory())
    MembershipFactory(
        user=stranger, role=Role.COORDINATOR, organization=None,
        welfare_area=WelfareAreaFactory(code="pirkanmaa"),
    )  # fmt: skip
    client.force_login(stranger)

    response = client.post(
        f"/en/coordination/applications/{organization.pk}/", {"decision": "approve"}
    )

    assert response.status_code == 404
    organization.refresh_from_db()
    assert organization.status == Organization.Status.PENDING


def test_an_organisation_called_apply_does_not_shadow_the_form(client, area):
    client.post("/en/organizations/apply/", application(area, organization_name="Apply"))

    assert Organization.objects.get().slug == "apply-2"


def test_applications_from_one_address_are_rate_limited(client, area, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "2/m/ip"}
    for n in range(2):
        client.post("/en/organizations/apply/", application(area, email=f"a{n}@tuki.example"))

    response = client.post("/en/organizations/apply/", application(area, email="a9@tuki.example"))

    assert response.status_code == 429
    assert Organization.objects.count() == 2

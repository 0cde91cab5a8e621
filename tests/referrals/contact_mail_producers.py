"""The contact request mails for tests/test_every_mail.py, made the way the portal makes
them: each producer takes the reader's language and returns the messages of its kind."""

from __future__ import annotations

from datetime import timedelta

from organizations.models import Role
from referrals import services
from referrals.services.scans import expire_contact_requests_due
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    UserFactory,
    WelfareAreaFactory,
    forget_sent_mail,
    sent_mail_to,
    with_totp,
)
from tests.referrals.contact_helpers import request_client
from tests.referrals.helpers import consent_data


def _request_sent(language, on_commit):
    """A unit's worker and an NGO's handler who read `language`, and a request between
    them; the mail so far is delivered and forgotten."""
    area = WelfareAreaFactory(code="vantaa-kerava")
    unit = ServiceUnitFactory(welfare_area=area, name_fi="Vantaan KOTO-tiimi")
    organization = OrganizationFactory(welfare_area=area, name="Kotoapu ry")
    staff = with_totp(
        UserFactory(email=f"staff-{language}@vantaa.example", preferred_language=language)
    )
    MembershipFactory(user=staff, organization=None, service_unit=unit, role=Role.UNIT_STAFF)
    sender = with_totp(
        UserFactory(email=f"sender-{language}@kotoapu.example", preferred_language=language)
    )
    MembershipFactory(user=sender, organization=organization, role=Role.NGO_REFERRAL_HANDLER)
    request = on_commit(
        services.contact_request_send,
        organization=organization,
        unit=unit,
        by=sender,
        consent=consent_data(),
        client=request_client(),
    )
    return staff, sender, request


def produce_contact_request_received(language, client, on_commit):
    staff, _sender, _request = _request_sent(language, on_commit)
    return sent_mail_to(staff.email)


def produce_contact_request_answered(language, client, on_commit):
    staff, sender, request = _request_sent(language, on_commit)
    on_commit(services.contact_request_answer, request=request, by=staff, answer="Soitamme.")
    return sent_mail_to(sender.email)


def produce_contact_request_closed(language, client, on_commit):
    staff, sender, request = _request_sent(language, on_commit)
    on_commit(services.contact_request_answer, request=request, by=staff, answer="Soitamme.")
    forget_sent_mail()
    on_commit(services.contact_request_close, request=request, by=staff)
    return sent_mail_to(sender.email)


def produce_contact_request_withdrawn(language, client, on_commit):
    staff, sender, request = _request_sent(language, on_commit)
    forget_sent_mail()
    on_commit(services.contact_request_withdraw, request=request, by=sender, method="written")
    return sent_mail_to(staff.email)


def produce_contact_request_expired(language, client, on_commit):
    _staff, sender, request = _request_sent(language, on_commit)
    on_commit(expire_contact_requests_due, request.expire_at + timedelta(minutes=1))
    return sent_mail_to(sender.email)

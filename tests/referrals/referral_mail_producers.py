"""The referral mails for tests/test_every_mail.py, made the way the portal makes them:
each producer takes the reader's language and returns the messages of its kind."""

from __future__ import annotations

from datetime import timedelta

from organizations.models import Role
from referrals import services
from referrals.services.scans import escalate_due, expire_due, remind_due
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
from tests.referrals.helpers import client_data, consent_data


def _person(email: str, language: str, role: str, **target):
    person = with_totp(UserFactory(email=email, preferred_language=language))
    MembershipFactory(user=person, role=role, **{"organization": None, **target})
    return person


def _referral_sent(language, on_commit):
    """A unit's worker, an NGO's handler and the area's coordinator who read
    `language`, and a referral between the unit and the NGO."""
    area = WelfareAreaFactory(code="vantaa-kerava")
    unit = ServiceUnitFactory(welfare_area=area, name_fi="Vantaan KOTO-tiimi")
    organization = OrganizationFactory(
        welfare_area=area, name="Hiiraan tuki ry", accepts_referrals=True
    )
    people = {
        "worker": _person(
            f"worker-{language}@vantaa.example", language, Role.UNIT_STAFF, service_unit=unit
        ),
        "handler": _person(
            f"handler-{language}@hiiraan.example",
            language,
            Role.NGO_REFERRAL_HANDLER,
            organization=organization,
        ),
        "coordinator": _person(
            f"coord-{language}@vantaa.example", language, Role.COORDINATOR, welfare_area=area
        ),
    }
    referral = on_commit(
        services.referral_send,
        unit=unit,
        organization=organization,
        by=people["worker"],
        consent=consent_data(),
        client=client_data(),
    )
    return people, referral


def produce_referral_received(language, client, on_commit):
    people, _referral = _referral_sent(language, on_commit)
    return sent_mail_to(people["handler"].email)


def produce_referral_answered(language, client, on_commit):
    people, referral = _referral_sent(language, on_commit)
    on_commit(services.referral_accept, referral=referral, by=people["handler"])
    return sent_mail_to(people["worker"].email)


def produce_referral_withdrawn(language, client, on_commit):
    people, referral = _referral_sent(language, on_commit)
    forget_sent_mail()
    on_commit(
        services.referral_withdraw, referral=referral, by=people["worker"], method="verbal_phone"
    )
    return sent_mail_to(people["handler"].email)


def produce_referral_message(language, client, on_commit):
    people, referral = _referral_sent(language, on_commit)
    forget_sent_mail()
    on_commit(
        services.referral_message_post,
        referral=referral,
        by=people["worker"],
        text="Asiakas toivoo soittoa iltapäivällä.",
    )
    return sent_mail_to(people["handler"].email)


def produce_referral_reminder(language, client, on_commit):
    people, referral = _referral_sent(language, on_commit)
    forget_sent_mail()
    on_commit(remind_due, referral.remind_at + timedelta(minutes=1))
    return sent_mail_to(people["handler"].email)


def produce_referral_unanswered(language, client, on_commit):
    people, referral = _referral_sent(language, on_commit)
    on_commit(escalate_due, referral.escalate_at + timedelta(minutes=1))
    return sent_mail_to(people["coordinator"].email)


def produce_referral_expired(language, client, on_commit):
    people, referral = _referral_sent(language, on_commit)
    on_commit(expire_due, referral.expire_at + timedelta(minutes=1))
    return sent_mail_to(people["worker"].email)

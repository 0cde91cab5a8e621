"""What the tests of the receiving NGO's pages share: a referral world whose people have
set up two-factor authentication, referrals in a given state, and reading the pages."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from referrals import services
from referrals.models import Referral
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, with_totp
from tests.referrals.helpers import referral_world, send

INBOX = "/en/referrals/inbox/"
ACTIONS = ["referral_accept", "referral_decline", "referral_contact", "referral_meeting",
           "referral_close"]  # fmt: skip


def receiving_world() -> dict:
    world = referral_world()
    for person in ("handler", "worker", "coordinator"):
        with_totp(world[person])
    return world


def translated(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def text_of(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def sent_yesterday(world) -> Referral:
    referral = send(world)
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - timedelta(days=1))
    return Referral.objects.get(pk=referral.pk)


def accepted(world) -> Referral:
    referral = sent_yesterday(world)
    services.referral_accept(referral=referral, by=world["handler"])
    return Referral.objects.get(pk=referral.pk)


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def when(prefix: str, moment) -> dict:
    """The day and time fields of the form with this prefix, at this moment."""
    moment = timezone.localtime(moment)
    return {
        f"{prefix}-day": moment.strftime("%Y-%m-%d"),
        f"{prefix}-time": moment.strftime("%H:%M"),
    }


def answer_url(name: str, referral: Referral, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(name, args=[referral.pk])


def referral_to_another_ngo(world) -> Referral:
    organization = OrganizationFactory(welfare_area=world["area"], accepts_referrals=True)
    MembershipFactory(user=UserFactory(), organization=organization, role="ngo_referral_handler")
    return send({**world, "organization": organization})

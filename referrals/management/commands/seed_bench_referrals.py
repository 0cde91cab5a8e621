"""Bulk referral data for the inbox benchmark: `manage.py seed_bench_referrals --referrals 5000`.

One welfare area, one sending unit and one receiving NGO (slugs bench-referrals-*), a
referral handler with an authenticator (bench-handler@bench.example), and N referrals
to the NGO in a realistic mix of states and ages, each with its consent and invented,
encrypted client data, written with bulk_create. Earlier bench referrals are deleted
first. Refuses production settings."""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from coact.models import User
from organizations.models import Membership, Organization, Role, ServiceUnit, Theme, WelfareArea
from referrals.models import Consent, Referral, State
from referrals.services import deadlines

SLUG = "bench-referrals"
HANDLER = "bench-handler@bench.example"
# Open referrals are what an inbox shows first; most of a year's referrals have ended.
STATES = [
    (State.SENT, 8),
    (State.ACCEPTED, 6),
    (State.CONTACTED, 5),
    (State.MET, 5),
    (State.CLOSED, 60),
    (State.DECLINED, 8),
    (State.EXPIRED, 4),
    (State.WITHDRAWN, 4),
]
LANGUAGES = ["so", "ar", "fa", "ru", "uk", "en", "ti", "ku"]


class Command(BaseCommand):
    help = "Create N benchmark referrals to one NGO; never under production."

    def add_arguments(self, parser):
        parser.add_argument("--referrals", type=int, default=5000, metavar="N")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, referrals: int, seed: int, **options):
        if settings.COACT_ENVIRONMENT == "production":
            raise CommandError("seed_bench_referrals refuses to run under production settings.")
        rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
        with transaction.atomic():
            unit, organization, handler = self._world()
            Referral.objects.filter(organization=organization).delete()
            Consent.objects.filter(organization=organization).delete()
            self._referrals(referrals, unit, organization, handler, rng)
        # Fresh planner statistics: right after a bulk load autovacuum has not looked at
        # the tables yet, and the inbox's plans estimate one row where there are 5,000.
        tables = [
            Referral._meta.db_table,
            Consent._meta.db_table,
            Referral.themes.through._meta.db_table,
        ]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))
        self.stdout.write(f"{referrals} bench referrals to {organization.slug}")

    def _world(self):
        from allauth.mfa.models import Authenticator

        area, _ = WelfareArea.objects.get_or_create(code=SLUG, defaults={"name": "Bench referrals"})
        unit, _ = ServiceUnit.objects.get_or_create(
            slug=f"{SLUG}-unit", defaults={"name": "Bench KOTO", "welfare_area": area}
        )
        organization, _ = Organization.objects.get_or_create(
            slug=f"{SLUG}-ngo",
            defaults={
                "name": "Bench referrals ry",
                "welfare_area": area,
                "status": "active",
                "accepts_referrals": True,
            },
        )
        handler, created = User.objects.get_or_create(email=HANDLER, defaults={"name": "Bench"})
        if created:
            handler.set_unusable_password()
            handler.save()
        Membership.objects.get_or_create(
            user=handler, organization=organization, role=Role.NGO_REFERRAL_HANDLER
        )
        if not Authenticator.objects.filter(user=handler, type=Authenticator.Type.TOTP).exists():
            Authenticator.objects.create(
                user=handler, type=Authenticator.Type.TOTP, data={"secret": "bench"}
            )
        return unit, organization, handler

    def _referrals(self, count, unit, organization, handler, rng):
        now = timezone.now()
        states = [state for state, weight in STATES for _ in range(weight)]
        themes = list(Theme.objects.all())
        consents, rows = [], []
        for n in range(count):
            sent = now - timedelta(days=rng.uniform(0, 365), minutes=n)
            state = rng.choice(states)
            consents.append(
                Consent(
                    organization=organization,
                    purpose=f"Bench purpose {n}",
                    categories=["name", "phone", "reason"],
                    method="verbal_in_person",
                    language=rng.choice(LANGUAGES),
                    recorded_at=sent,
                    valid_until=(sent + timedelta(days=180)).date(),
                )
            )
            ended = state in (State.CLOSED, State.DECLINED, State.EXPIRED, State.WITHDRAWN)
            rows.append(
                Referral(
                    sending_unit=unit,
                    organization=organization,
                    state=state,
                    outcome="takes_part" if state == State.CLOSED else "",
                    client_languages=[rng.choice(LANGUAGES)],
                    interpreter_needed=rng.random() < 0.5,
                    client_name="" if state == State.WITHDRAWN else f"Bench client {n}",
                    client_phone="" if state == State.WITHDRAWN else f"+358 40 {n:07d}",
                    reason="" if state == State.WITHDRAWN else "Bench reason",
                    created_at=sent,
                    sent_at=sent,
                    responded_at=None if state == State.SENT else sent + timedelta(days=2),
                    ended_at=sent + timedelta(days=20) if ended else None,
                    erased_at=sent + timedelta(days=20) if state == State.WITHDRAWN else None,
                    **deadlines(sent),
                )
            )
        for consent, referral in zip(Consent.objects.bulk_create(consents), rows, strict=True):
            referral.consent = consent
        created = Referral.objects.bulk_create(rows, batch_size=1000)
        through = Referral.themes.through
        through.objects.bulk_create(
            [
                through(referral_id=referral.pk, theme_id=rng.choice(themes).pk)
                for referral in created
                if themes
            ],
            batch_size=2000,
        )

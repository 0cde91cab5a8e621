"""Load the demo data set: invented, marked as demo, safe to run again. It lives in the
top app that has demo data (referrals), so that it may load every layer's demo: the NGOs,
units and sign-ins (organizations/demo/), the networks and meetings (networks/demo/) and
the referrals (referrals/demo/)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from networks.demo.loader import load_demo_networks
from organizations.demo.loader import load_demo
from referrals.demo.loader import load_demo_referrals


class Command(BaseCommand):
    help = "Create or refresh the demo data set (never under production settings)."

    def handle(self, *args, **options):
        if settings.COACT_ENVIRONMENT == "production":
            raise CommandError(
                "seed_demo refuses to run under production settings: it creates demo "
                "accounts with a known password."
            )
        started = time.monotonic()
        try:
            with transaction.atomic():
                summary = load_demo()
                for user, created, role in summary.sign_ins.values():
                    verb = "Created" if created else "Refreshed"
                    self.stdout.write(f"{verb} demo user {user.email} ({role})")
                # No e-mail: see networks.demo.loader and referrals.demo.loader.
                networks = load_demo_networks(
                    sign_ins={key: user for key, (user, _, _) in summary.sign_ins.items()}
                )
                referrals = load_demo_referrals()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Demo data: {summary}.")
        self.stdout.write(f"Demo networks: {networks}.")
        self.stdout.write(f"Demo referrals: {referrals}.")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is in place ({time.monotonic() - started:.1f} s).")
        )

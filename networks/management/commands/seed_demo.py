"""Load the demo data set: invented, marked as demo, safe to run again."""

import time

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coact.models import User
from networks.demo_data import load_demo_networks
from organizations.demo_data import DEMO_ADMIN_ORGANIZATION, DEMO_WORKER_UNIT, load_demo
from organizations.models import Membership, Organization, Role, ServiceUnit, WelfareArea

AREA = "vantaa-kerava"
DEMO_USERS = [
    # email, name, language, role, target
    ("coordinator@demo.example", "Demo Coordinator", "fi", Role.COORDINATOR, "area"),
    ("ngo.admin@demo.example", "Demo NGO Admin", "en", Role.NGO_ADMIN, "organization"),
    ("unit.worker@demo.example", "Demo Unit Worker", "fi", Role.UNIT_STAFF, "unit"),
]


class Command(BaseCommand):
    help = "Create or refresh the demo data set (never under production settings)."

    def handle(self, *args, **options):
        if settings.COACT_ENVIRONMENT == "production":
            raise CommandError(
                "seed_demo refuses to run under production settings: it creates demo "
                "accounts with a known password."
            )
        started = time.monotonic()
        with transaction.atomic():
            users = {}
            for email, name, language, _role, _target in DEMO_USERS:
                user, created = User.objects.update_or_create(
                    email=email, defaults={"name": name, "preferred_language": language}
                )
                user.set_password(settings.DEMO_PASSWORD)
                user.save(update_fields=["password"])
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
                users[email] = (user, created)
            try:
                summary = load_demo(
                    coordinator=users["coordinator@demo.example"][0],
                    representative=users["unit.worker@demo.example"][0],
                )
            except LookupError as error:
                raise CommandError(str(error)) from error
            targets = {
                "area": {"welfare_area": WelfareArea.objects.get(code=AREA)},
                "organization": {
                    "organization": Organization.objects.get(slug=DEMO_ADMIN_ORGANIZATION)
                },
                "unit": {"service_unit": ServiceUnit.objects.get(slug=DEMO_WORKER_UNIT)},
            }
            for email, _name, _language, role, target in DEMO_USERS:
                user, created = users[email]
                Membership.objects.get_or_create(user=user, role=role, **targets[target])
                verb = "Created" if created else "Refreshed"
                self.stdout.write(f"{verb} demo user {email} ({role})")
            # No e-mail: see networks.demo_data.
            networks = load_demo_networks(
                coordinator=users["coordinator@demo.example"][0],
                ngo_admin=users["ngo.admin@demo.example"][0],
                unit_worker=users["unit.worker@demo.example"][0],
            )
        self.stdout.write(f"Demo data: {summary}.")
        self.stdout.write(f"Demo networks: {networks}.")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is in place ({time.monotonic() - started:.1f} s).")
        )

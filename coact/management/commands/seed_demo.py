"""Load the demo data set: invented, marked as demo, safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coact.models import User

DEMO_USERS = [
    {"email": "coordinator@demo.example", "name": "Demo Coordinator", "preferred_language": "fi"},
]


class Command(BaseCommand):
    help = "Create or refresh the demo data set (never under production settings)."

    def handle(self, *args, **options):
        if settings.COACT_ENVIRONMENT == "production":
            raise CommandError(
                "seed_demo refuses to run under production settings: it creates demo "
                "accounts with a known password."
            )
        with transaction.atomic():
            for spec in DEMO_USERS:
                user, created = User.objects.update_or_create(
                    email=spec["email"],
                    defaults={
                        "name": spec["name"],
                        "preferred_language": spec["preferred_language"],
                    },
                )
                user.set_password(settings.DEMO_PASSWORD)
                user.save(update_fields=["password"])
                verb = "Created" if created else "Refreshed"
                self.stdout.write(f"{verb} demo user {user.email}")
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))

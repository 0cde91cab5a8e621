"""Load the demo data set: invented, marked as demo, safe to run again."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coact.models import User
from organizations.models import Membership, Organization, Role, ServiceUnit, WelfareArea

AREA = "vantaa-kerava"
DEMO_ORGANIZATION = {
    "slug": "demo-monikulttuurinen-perheyhdistys",
    "name": "Demo: Monikulttuurinen perheyhdistys ry",
    "description": "Invented demo NGO: peer groups for families in Somali, Arabic and Finnish.",
}
DEMO_UNIT = {
    "slug": "demo-koto-vantaa",
    "name_fi": "Demo: KOTO-tiimi, Vantaa",
    "name_sv": "Demo: KOTO-teamet, Vanda",
    "name_en": "Demo: KOTO team, Vantaa",
    "kind": ServiceUnit.Kind.KOTO,
    "contact_email": "koto.demo@demo.example",
}
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
        with transaction.atomic():
            area = WelfareArea.objects.get(code=AREA)
            organization, _ = Organization.objects.update_or_create(
                slug=DEMO_ORGANIZATION["slug"],
                defaults={**DEMO_ORGANIZATION, "welfare_area": area, "status": "active"},
            )
            unit, _ = ServiceUnit.objects.update_or_create(
                slug=DEMO_UNIT["slug"],
                defaults={**DEMO_UNIT, "name": DEMO_UNIT["name_fi"], "welfare_area": area},
            )
            targets = {
                "area": {"welfare_area": area},
                "organization": {"organization": organization},
                "unit": {"service_unit": unit},
            }
            for email, name, language, role, target in DEMO_USERS:
                user, created = User.objects.update_or_create(
                    email=email, defaults={"name": name, "preferred_language": language}
                )
                user.set_password(settings.DEMO_PASSWORD)
                user.save(update_fields=["password"])
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
                Membership.objects.get_or_create(user=user, role=role, **targets[target])
                verb = "Created" if created else "Refreshed"
                self.stdout.write(f"{verb} demo user {email} ({role})")
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))

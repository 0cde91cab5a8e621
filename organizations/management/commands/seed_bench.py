"""Bulk benchmark data: `manage.py seed_bench --organizations 10000`.

NGOs with slugs bench-1 … bench-N, about four activities each, their languages, themes,
target groups, areas, opening hours and a location, all written with bulk_create
(through tables included) in batches, then the search vectors in one statement. Earlier
bench-* NGOs are deleted first. Refuses production settings."""

from __future__ import annotations

import random
import time
from datetime import time as clock
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from coact.recurrence import WEEKDAY_CODES
from organizations.demo.values import business_id, places
from organizations.models import (
    Activity,
    Language,
    Location,
    OpeningHours,
    Organization,
    OrganizationText,
    TargetGroup,
    Theme,
    WelfareArea,
)
from organizations.search import update_search_vectors

PREFIX = "bench-"

LANGUAGES = ["fi", "en", "sv", "so", "ar", "prs", "fa", "ru", "uk", "ku", "ti", "fr", "vi",
             "et", "es", "tr", "sq", "zh", "th", "am"]  # fmt: skip
# How often each language is served: Finnish and English most, then the large groups.
LANGUAGE_WEIGHTS = [30, 20, 6, 10, 12, 5, 5, 10, 8, 4, 3, 3, 3, 4, 2, 2, 2, 2, 1, 1]

TOWNS = [
    "Vantaan", "Keravan", "Helsingin", "Espoon", "Tampereen", "Turun", "Oulun", "Jyväskylän",
    "Kuopion", "Lahden", "Porin", "Joensuun", "Vaasan", "Seinäjoen", "Kotkan", "Hämeenlinnan",
    "Rovaniemen", "Kajaanin", "Mikkelin", "Lappeenrannan",
]  # fmt: skip
ADJECTIVES = ["", "", "", "Monikulttuurinen ", "Kansainvälinen ", "Yhteinen ", "Uusi ",
              "Avoin ", "Pohjoinen ", "Itäinen "]  # fmt: skip
# First parts of Finnish compound words, with the theme each suggests.
FIRST_PARTS = [
    ("Perhe", "families-and-children"), ("Lapsiperhe", "families-and-children"),
    ("Nuoriso", "youth"), ("Mielenterveys", "mental-health"), ("Hyvinvointi", "mental-health"),
    ("Vertais", "mental-health"), ("Päihde", "substance-use"), ("Nais", "women"),
    ("Seniori", "elderly"), ("Vammais", "disability"), ("Työllisyys", "employment"),
    ("Työ", "employment"), ("Kotoutumis", "employment"), ("Asumis", "housing"),
    ("Oikeusneuvonta", "residence-permits-and-legal-advice"), ("Kieli", "finnish-language"),
    ("Suomi", "finnish-language"), ("Liikunta", "leisure"), ("Kulttuuri", "leisure"),
]  # fmt: skip
SECOND_PARTS = ["yhdistys", "keskus", "verkosto", "talo", "tuki", "piiri", "kerho", "foorumi",
                "paja", "seura", "tupa", "silta"]  # fmt: skip
UNREGISTERED_SUFFIXES = ["ryhmä", "piiri", "kerho", "porukka"]

ACTIVITY_NAMES = [
    ("Vertaisryhmä", "Peer group", Activity.Kind.PEER_SUPPORT),
    ("Neuvonta", "Advice", Activity.Kind.COUNSELLING),
    ("Kielikahvila", "Language café", Activity.Kind.GROUP),
    ("Perhekerho", "Family club", Activity.Kind.GROUP),
    ("Nuorten ilta", "Youth evening", Activity.Kind.GROUP),
    ("Työnhakupaja", "Job-search workshop", Activity.Kind.COURSE),
    ("Saattoapu", "Escort help", Activity.Kind.ESCORT),
    ("Liikuntavuoro", "Sports session", Activity.Kind.GROUP),
    ("Infotilaisuus", "Information session", Activity.Kind.EVENT_SERIES),
    ("Keskusteluryhmä", "Conversation group", Activity.Kind.PEER_SUPPORT),
    ("Suomen kurssi", "Finnish course", Activity.Kind.COURSE),
    ("Naisten ilta", "Women's evening", Activity.Kind.GROUP),
]

# (weekday, opens, closes) patterns; the later ones reach evenings or weekends.
HOURS = [
    [(d, clock(9), clock(15)) for d in range(5)],
    [(d, clock(10), clock(14)) for d in (0, 2, 4)],
    [(d, clock(8), clock(16)) for d in range(4)],
    [(1, clock(9), clock(12)), (3, clock(12), clock(15))],
    [(d, clock(9), clock(15)) for d in range(5)] + [(5, clock(11), clock(14))],
    [(1, clock(17), clock(20)), (3, clock(17), clock(20))],
    [(2, clock(18), clock(20)), (6, clock(14), clock(17))],
    [(d, clock(12), clock(19)) for d in range(4)],
]


def outside_office_hours(rows) -> bool:
    return any(day >= 5 or opens < clock(8) or closes > clock(16) for day, opens, closes in rows)


def _pick(rng: random.Random, population, k, weights=None):
    """k distinct items."""
    if weights is None:
        return rng.sample(population, k)
    chosen: list = []
    while len(chosen) < k:
        item = rng.choices(population, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


class Command(BaseCommand):
    help = "Create N benchmark NGOs (slugs bench-*) with bulk inserts; never under production."

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=1000, metavar="N")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, organizations: int, batch_size: int, seed: int, **options):
        if settings.COACT_ENVIRONMENT == "production":
            raise CommandError(
                "seed_bench refuses to run under production settings: it deletes and "
                "creates bench-* organisations."
            )
        if organizations < 0 or batch_size < 1:
            raise CommandError("--organizations must be 0 or more and --batch-size 1 or more.")
        started = time.monotonic()
        rng = random.Random(seed)  # noqa: S311 (invented data, not secrets)
        with transaction.atomic():
            removed = self.delete_existing()
            lookups = self.lookups()
            ids: list[int] = []
            counts = dict.fromkeys(("activities", "links", "hours", "locations"), 0)
            for first in range(1, organizations + 1, batch_size):
                last = min(first + batch_size - 1, organizations)
                batch_ids, batch_counts = self.create_batch(rng, range(first, last + 1), lookups)
                ids += batch_ids
                for key, value in batch_counts.items():
                    counts[key] += value
        loaded = time.monotonic()
        update_search_vectors(ids)
        self.analyze()
        finished = time.monotonic()
        self.stdout.write(
            f"Removed {removed} earlier bench NGOs. Created {len(ids)} NGOs, "
            f"{counts['activities']} activities, {counts['links']} many-to-many rows, "
            f"{counts['hours']} opening hours and {counts['locations']} locations in "
            f"{loaded - started:.1f} s; search vectors and ANALYZE in {finished - loaded:.1f} s."
        )

    def analyze(self) -> None:
        """Fresh planner statistics for the loaded tables: right after a bulk load
        autovacuum may not have looked at them yet, and plans for the directory's joins
        and counts go badly wrong without them."""
        models = [Organization, Activity, OpeningHours, Location, OrganizationText]
        tables = [model._meta.db_table for model in models]
        for model in (Organization, Activity):
            tables += [
                field.remote_field.through._meta.db_table for field in model._meta.many_to_many
            ]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))

    # -- deleting ------------------------------------------------------------------------

    def delete_existing(self) -> int:
        """Delete bench-* NGOs with their rows. The big child tables go in plain DELETEs
        (no per-row signals or history); whatever else refers to them goes with the ORM."""
        bench = Organization.objects.filter(slug__startswith=PREFIX)
        count = bench.count()
        if not count:
            return 0
        activities = Activity.objects.filter(organization__slug__startswith=PREFIX)
        targets = [
            *(
                field.remote_field.through.objects.filter(activity__in=activities.values("pk"))
                for field in Activity._meta.many_to_many
            ),
            activities,
            *(
                field.remote_field.through.objects.filter(organization__in=bench.values("pk"))
                for field in Organization._meta.many_to_many
            ),
            OpeningHours.objects.filter(organization__slug__startswith=PREFIX),
            Location.objects.filter(organization__slug__startswith=PREFIX),
            OrganizationText.objects.filter(organization__slug__startswith=PREFIX),
        ]
        with connection.cursor() as cursor:
            for queryset in targets:
                meta = queryset.model._meta
                select, params = queryset.values("pk").query.sql_with_params()
                table = connection.ops.quote_name(meta.db_table)
                pk = connection.ops.quote_name(meta.pk.column)
                cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({select})", params)  # noqa: S608
        # Memberships, invitations and the like (few or none), then the NGOs themselves,
        # without a history row each.
        from django.test.utils import override_settings

        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            bench.delete()
        return count

    # -- creating ------------------------------------------------------------------------

    def lookups(self) -> dict:
        languages = []
        for code in LANGUAGES:
            language, _ = Language.objects.get_or_create(code=code)
            languages.append(language)
        lookups = {
            "languages": languages,
            "themes": {theme.slug: theme for theme in Theme.objects.all()},
            "target_groups": list(TargetGroup.objects.all()),
            "areas": list(WelfareArea.objects.order_by("code")),
            "places": list(places().values()),
            "now": timezone.now(),
        }
        if not lookups["themes"] or not lookups["target_groups"] or not lookups["areas"]:
            raise CommandError("Themes, target groups or welfare areas are missing: migrate first.")
        return lookups

    def create_batch(self, rng: random.Random, numbers: range, lookups: dict):
        languages = lookups["languages"]
        themes = lookups["themes"]
        theme_list = list(themes.values())
        target_groups = lookups["target_groups"]
        areas = lookups["areas"]
        now = lookups["now"]

        organizations, plans = [], []
        for n in numbers:
            area = areas[n % len(areas)]
            first, theme_slug = rng.choice(FIRST_PARTS)
            legal_form = rng.choices(
                [
                    Organization.LegalForm.ASSOCIATION,
                    Organization.LegalForm.UNREGISTERED,
                    Organization.LegalForm.FOUNDATION,
                ],
                [70, 22, 8],
            )[0]
            if legal_form == Organization.LegalForm.UNREGISTERED:
                name = f"{rng.choice(TOWNS)} {first.lower()}{rng.choice(UNREGISTERED_SUFFIXES)}"
                ytunnus = ""
            else:
                second = rng.choice(SECOND_PARTS)
                suffix = " sr" if legal_form == Organization.LegalForm.FOUNDATION else " ry"
                town = f"{rng.choice(TOWNS)} " if rng.random() < 0.7 else ""
                name = f"{town}{rng.choice(ADJECTIVES).lower()}{first.lower()}{second}{suffix}"
                name = name[0].upper() + name[1:]
                try:
                    ytunnus = business_id(f"{8000000 + n:07d}") if n % 2 else ""
                except ValueError:
                    ytunnus = ""
            org_themes = [themes[theme_slug]] + [
                t for t in _pick(rng, theme_list, rng.randint(0, 2)) if t.slug != theme_slug
            ]
            org_languages = [languages[0]] + [
                x
                for x in _pick(rng, languages, rng.randint(1, 4), LANGUAGE_WEIGHTS)
                if x is not languages[0]
            ]
            hours = rng.choice(HOURS)
            referrals = rng.random() < 0.4
            confirmed_days = rng.choice([None, *range(1, 400, 7)])
            theme_words_fi = ", ".join(t.name_fi.lower() for t in org_themes)
            theme_words_en = ", ".join(t.name_en.lower() for t in org_themes)
            organizations.append(
                Organization(
                    slug=f"{PREFIX}{n}",
                    name=name,
                    welfare_area=area,
                    status=Organization.Status.ACTIVE,
                    legal_form=legal_form,
                    business_id=ytunnus,
                    description_fi=f"Toimintaa ja tukea: {theme_words_fi}.",
                    description_sv="Verksamhet för invandrare." if n % 3 == 0 else "",
                    description_en=f"Activities: {theme_words_en}." if n % 4 else "",
                    long_description_fi=(
                        f"{name} järjestää ryhmiä ja neuvontaa. Aiheina {theme_words_fi}."
                        if n % 5 == 0
                        else ""
                    ),
                    municipalities=area.name_fi,
                    email=f"{PREFIX}{n}@bench.example",
                    outside_office_hours=outside_office_hours(hours),
                    escort_volunteers=rng.random() < 0.25,
                    interpreting_volunteers=rng.random() < 0.2,
                    online_services=rng.random() < 0.3,
                    accepts_referrals=referrals,
                    referral_instructions_fi="Lähete portaalissa." if referrals else "",
                    referral_instructions_sv="",
                    referral_instructions_en="Refer through the portal." if referrals else "",
                    long_description_sv="",
                    long_description_en="",
                    hours_description_fi="",
                    hours_description_sv="",
                    hours_description_en="",
                    last_confirmed_at=(
                        None if confirmed_days is None else now - timedelta(days=confirmed_days)
                    ),
                )
            )
            served = [area]
            if rng.random() < 0.3:
                served.append(areas[(n + rng.randint(1, len(areas) - 1)) % len(areas)])
            plans.append(
                {
                    "languages": org_languages,
                    "themes": org_themes,
                    "target_groups": _pick(rng, target_groups, rng.randint(1, 3)),
                    "areas": served,
                    "hours": hours,
                    "activities": 3 + n % 3,  # 3, 4 or 5: four on average
                }
            )
        Organization.objects.bulk_create(organizations)

        org_links = {name: [] for name in ("languages", "themes", "target_groups", "areas")}
        hours_rows, locations, activities, activity_plans = [], [], [], []
        for organization, plan in zip(organizations, plans, strict=True):
            for name, targets in org_links.items():
                through = getattr(Organization, name).through
                column = {"target_groups": "targetgroup", "areas": "welfarearea"}.get(
                    name, name.removesuffix("s")
                )
                targets.extend(
                    through(organization_id=organization.pk, **{f"{column}_id": target.pk})
                    for target in plan[name]
                )
            hours_rows.extend(
                OpeningHours(organization_id=organization.pk, weekday=d, opens=o, closes=c)
                for d, o, c in plan["hours"]
            )
            postal_code, municipality, latitude, longitude = rng.choice(lookups["places"])
            location = Location(
                organization_id=organization.pk,
                street_address=f"Penkkitie {rng.randint(1, 99)}",
                postal_code=postal_code,
                municipality=municipality,
                latitude=Decimal(f"{latitude + rng.uniform(-0.02, 0.02):.6f}"),
                longitude=Decimal(f"{longitude + rng.uniform(-0.04, 0.04):.6f}"),
            )
            locations.append(location)
            for _ in range(plan["activities"]):
                name_fi, name_en, kind = rng.choice(ACTIVITY_NAMES)
                day = rng.randrange(7)
                activities.append(
                    Activity(
                        organization_id=organization.pk,
                        kind=kind,
                        name_fi=name_fi,
                        name_en=name_en,
                        description_fi=f"{name_fi}: {plan['themes'][0].name_fi.lower()}.",
                        description_en=f"{name_en}: {plan['themes'][0].name_en.lower()}.",
                        name_sv="",
                        description_sv="",
                        schedule_description_fi="",
                        schedule_description_sv="",
                        schedule_description_en="",
                        recurrence=f"FREQ=WEEKLY;BYDAY={WEEKDAY_CODES[day]}" if day % 2 else "",
                        online=rng.random() < 0.1,
                        location=location,
                    )
                )
                activity_plans.append(plan)
        for name, rows in org_links.items():
            getattr(Organization, name).through.objects.bulk_create(rows)
        OpeningHours.objects.bulk_create(hours_rows)
        Location.objects.bulk_create(locations)
        Activity.objects.bulk_create(activities)

        activity_links = {"languages": [], "themes": []}
        for activity, plan in zip(activities, activity_plans, strict=True):
            links = {
                "languages": ("language_id", plan["languages"][: 1 + activity.pk % 2]),
                "themes": ("theme_id", plan["themes"][:1]),
            }
            for name, (column, targets) in links.items():
                through = getattr(Activity, name).through
                activity_links[name].extend(
                    through(activity_id=activity.pk, **{column: target.pk}) for target in targets
                )
        for name, rows in activity_links.items():
            getattr(Activity, name).through.objects.bulk_create(rows)

        counts = {
            "activities": len(activities),
            "links": sum(map(len, org_links.values())) + sum(map(len, activity_links.values())),
            "hours": len(hours_rows),
            "locations": len(locations),
        }
        return [organization.pk for organization in organizations], counts

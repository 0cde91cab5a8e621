"""Turn the demo data files beside this module into rows: the demo sign-ins and their
memberships (sign_ins.yaml), service units (service_units.yaml) and NGOs with their
activities, locations, opening hours and texts (organizations.yaml, places.yaml,
welcome.yaml). Everything invented and marked as demo; see organizations.yaml.

`load_demo()` creates or refreshes it all (by e-mail and slug) and replaces the NGOs'
many-to-many and child rows, so it is safe to run again."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ..models import (
    Activity,
    Language,
    Location,
    OpeningHours,
    Organization,
    OrganizationText,
    ServiceUnit,
    TargetGroup,
    Theme,
    WelfareArea,
)
from ..search import update_search_vectors
from .people import add_memberships, load_sign_ins
from .values import activity_times, business_id, describe_hours, location_fields, parse_hours
from .values import read as read_file


@dataclass
class Summary:
    organizations: int = 0
    created: int = 0
    activities: int = 0
    locations: int = 0
    opening_hours: int = 0
    texts: int = 0
    units: int = 0
    removed: int = 0
    new_organizations: list = field(default_factory=list, repr=False)
    # Key in sign_ins.yaml -> (user, created, role).
    sign_ins: dict = field(default_factory=dict, repr=False)

    def __str__(self) -> str:
        return (
            f"{self.organizations} demo NGOs ({self.created} new, {self.removed} removed), "
            f"{self.activities} activities, {self.locations} locations, "
            f"{self.opening_hours} opening hours, {self.texts} texts in other languages, "
            f"{self.units} service units"
        )


def organizations_data() -> list[dict]:
    return read_file("organizations.yaml")["organizations"]


def load_units(sign_ins: dict) -> dict[str, ServiceUnit]:
    areas = {area.code: area for area in WelfareArea.objects.all()}
    units = {}
    for spec in read_file("service_units.yaml"):
        representative = sign_ins.get(spec.get("representative"), (None,))[0]
        unit, _ = ServiceUnit.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "welfare_area": areas[spec["area"]],
                "kind": spec["kind"],
                **{f"name_{code}": spec["name"][code] for code in ("fi", "sv", "en")},
                "contact_email": spec["contact_email"],
                "contact_phone": spec["contact_phone"],
                "contact_hours": spec["contact_hours"],
                **{
                    f"contact_description_{code}": spec["contact_description"].get(code, "")
                    for code in ("fi", "sv", "en")
                },
                "representative": representative,
            },
        )
        units[unit.slug] = unit
    return units


def _organization_fields(ngo: dict, rows, areas, coordinator, now) -> dict:
    description = ngo["description"]
    referrals = ngo.get("referrals", {})
    days_ago = ngo.get("confirmed_days_ago", 30)
    confirmed = None if days_ago is None else now - timedelta(days_ago)
    verified = ngo.get("verified", True)
    verified_at = None
    if verified:
        # Verified when the profile was last confirmed, or a while ago when never confirmed.
        verified_at = min((confirmed or now - timedelta(days=90)) + timedelta(days=1), now)
    languages = ("fi", "sv", "en")
    return {
        "name": ngo["name"],
        "welfare_area": areas[ngo["area"]],
        "status": Organization.Status.ACTIVE,
        "legal_form": ngo["legal_form"],
        "business_id": business_id(ngo["business_id"]) if "business_id" in ngo else "",
        **{f"description_{code}": description.get(code, "") for code in languages},
        "long_description_fi": ngo.get("long_description_fi", ""),
        "long_description_sv": "",
        "long_description_en": "",
        "municipalities": ngo.get("municipalities", ""),
        "email": f"{ngo['slug'].removeprefix('demo-')}@demo.example",
        "phone": ngo.get("phone", ""),
        "website": f"https://{ngo['slug']}.demo.example/" if ngo.get("website") else "",
        **{f"hours_description_{code}": describe_hours(ngo["hours"], code) for code in languages},
        "outside_office_hours": any(
            OpeningHours(weekday=day, opens=opens, closes=closes).is_outside_office_hours
            for day, opens, closes in rows
        ),
        "escort_volunteers": ngo.get("escort_volunteers", False),
        "interpreting_volunteers": ngo.get("interpreting_volunteers", False),
        "online_services": ngo.get("online_services", False),
        "accepts_referrals": bool(referrals.get("fi")),
        **{f"referral_instructions_{code}": referrals.get(code, "") for code in languages},
        "last_confirmed_at": confirmed,
        "verified_by": coordinator if verified else None,
        "verified_at": verified_at,
        "rejection_reason": "",
    }


def load_organizations(coordinator=None, *, now=None) -> Summary:
    """Create or refresh every demo NGO by slug; replace their many-to-many and child
    rows. Demo NGOs (slug demo-…, name "Demo: …") no longer in the data are removed.
    Profile history is not written for the refresh (callers switch it off); `load_demo`
    records one "created" entry for each new NGO."""
    now = now or timezone.now()
    data = organizations_data()
    welcome = read_file("welcome.yaml")
    summary = Summary()
    areas = {area.code: area for area in WelfareArea.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    target_groups = {group.slug: group for group in TargetGroup.objects.all()}
    missing = {slug for ngo in data for slug in ngo["themes"]} - set(themes)
    if missing or not areas or not target_groups:
        raise LookupError(
            "Welfare areas, themes or target groups are missing: run manage.py migrate first."
        )
    codes = set()
    for ngo in data:
        codes.update(ngo["languages"], ngo.get("texts", ()))
        for activity in ngo["activities"]:
            codes.update(activity.get("languages", ()))
    languages = {}
    for code in sorted(codes):
        languages[code], _ = Language.objects.get_or_create(code=code)

    slugs = [ngo["slug"] for ngo in data]
    demo = Organization.objects.filter(slug__startswith="demo-", name__startswith="Demo: ")
    _, deleted = demo.exclude(slug__in=slugs).delete()
    summary.removed = deleted.get(Organization._meta.label, 0)

    existing = Organization.objects.in_bulk(slugs, field_name="slug")
    organizations = []
    for ngo in data:
        rows = parse_hours(ngo["hours"])
        organization = existing.get(ngo["slug"]) or Organization(slug=ngo["slug"])
        for name, value in _organization_fields(ngo, rows, areas, coordinator, now).items():
            setattr(organization, name, value)
        organization.save()
        summary.created += ngo["slug"] not in existing
        organizations.append((ngo, organization, rows))

    # Many-to-many and child rows: replaced wholesale, so that a re-run leaves exactly
    # the data, in a few bulk statements.
    ids = [organization.pk for _, organization, _ in organizations]
    for model in (Activity, Location, OpeningHours, OrganizationText):
        model.objects.filter(organization_id__in=ids).delete()
    links = {"languages": [], "themes": [], "target_groups": [], "areas": []}
    hours, texts, locations = [], [], {}
    for ngo, organization, rows in organizations:
        served = [ngo["area"], *(c for c in ngo.get("other_areas", ()) if c != ngo["area"])]
        for name, related, lookup, keys in (
            ("languages", "language", languages, ngo["languages"]),
            ("themes", "theme", themes, ngo["themes"]),
            ("target_groups", "targetgroup", target_groups, ngo["target_groups"]),
            ("areas", "welfarearea", areas, served),
        ):
            through = getattr(Organization, name).through
            links[name] += [
                through(organization=organization, **{related: lookup[k]}) for k in keys
            ]
        hours += [
            OpeningHours(organization=organization, weekday=day, opens=opens, closes=closes)
            for day, opens, closes in rows
        ]
        texts += [
            OrganizationText(organization=organization, language=languages[c], text=welcome[c])
            for c in ngo.get("texts", ())
        ]
        locations[ngo["slug"]] = [
            Location(organization=organization, **location_fields(location))
            for location in ngo.get("locations", ())
        ]
    for name, rows in links.items():
        through = getattr(Organization, name).through
        through.objects.filter(organization_id__in=ids).delete()
        through.objects.bulk_create(rows)
    OpeningHours.objects.bulk_create(hours)
    OrganizationText.objects.bulk_create(texts)
    Location.objects.bulk_create([row for rows in locations.values() for row in rows])

    activities, specs = [], []
    for ngo, organization, _rows in organizations:
        here = locations[ngo["slug"]]
        for spec in ngo["activities"]:
            start, end = activity_times(spec)
            # With a rhythm and its times, the portal says the times in words itself
            # ("Joka lauantai klo 11-14"); the words would only repeat it.
            when = {} if start else spec.get("when", {})
            online = spec.get("online", False)
            activities.append(
                Activity(
                    organization=organization,
                    kind=spec["kind"],
                    name_fi=spec["name"]["fi"],
                    name_en=spec["name"]["en"],
                    description_fi=spec["description"]["fi"],
                    description_en=spec["description"]["en"],
                    schedule_description_fi=when.get("fi", ""),
                    schedule_description_en=when.get("en", ""),
                    recurrence=spec.get("recurrence", ""),
                    start_time=start,
                    end_time=end,
                    location=None if online or not here else here[0],
                    online=online,
                    registration_required=spec.get("registration_required", False),
                )
            )
            specs.append((ngo, spec))
    Activity.objects.bulk_create(activities)
    activity_links = {"languages": [], "themes": [], "target_groups": []}
    for activity, (ngo, spec) in zip(activities, specs, strict=True):
        activity_links["languages"] += [
            Activity.languages.through(activity=activity, language=languages[c])
            for c in spec.get("languages") or ngo["languages"]
        ]
        activity_links["themes"] += [
            Activity.themes.through(activity=activity, theme=themes[s])
            for s in spec.get("themes") or ngo["themes"][:1]
        ]
        activity_links["target_groups"] += [
            Activity.target_groups.through(activity=activity, targetgroup=target_groups[s])
            for s in ngo["target_groups"]
        ]
    for name, rows in activity_links.items():
        getattr(Activity, name).through.objects.bulk_create(rows)

    summary.organizations = len(organizations)
    summary.activities = len(activities)
    summary.locations = sum(len(rows) for rows in locations.values())
    summary.opening_hours = len(hours)
    summary.texts = len(texts)
    summary.new_organizations = [o for ngo, o, _ in organizations if ngo["slug"] not in existing]
    return summary


@contextmanager
def _history_off():
    """django-simple-history's switch, for the bulk refresh of invented data."""
    from django.test.utils import override_settings

    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        yield


def load_demo() -> Summary:
    """Sign-ins, units and NGOs in one transaction, then the search vectors, then the
    sign-ins' memberships. LookupError when migrate has not run."""
    with transaction.atomic():
        sign_ins = load_sign_ins()
        with _history_off():
            units = load_units(sign_ins)
            summary = load_organizations(sign_ins["coordinator"][0])
        summary.units = len(units)
        summary.sign_ins = sign_ins
        Organization.history.bulk_history_create(
            summary.new_organizations, default_change_reason="seed_demo"
        )
        update_search_vectors(
            Organization.objects.filter(
                slug__in=[ngo["slug"] for ngo in organizations_data()]
            ).values_list("pk", flat=True)
        )
        add_memberships(sign_ins)
    return summary

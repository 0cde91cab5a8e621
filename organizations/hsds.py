"""The public NGO directory as Open Referral HSDS 3.0 (Human Services Data Specification).

Pure functions turn model instances into HSDS objects (plain dicts ready for JSON), in one
language a call with modeltranslation's fallback order (sv -> fi -> en); the selectors
fetch what those functions read with a fixed number of queries, however many rows.
`/api/hsds/` (organizations.hsds_views) serves them; `manage.py hsds_import` reads them
back. Only active organisations are exported, and nothing about people: no staff names
or e-mails, no contacts, no verifier, no assurer_email.

Ids are stable UUIDs: uuid5(NAMESPACE, "<kind>:<pk>"), e.g. "organization:12". Never
change NAMESPACE: the ids are published.

Where the models and HSDS 3.0 do not meet:
- organization.description is the short description (required by HSDS, "" when none);
  the long description has no HSDS field and is not exported.
- legal_status is the legal form's label in the response language.
- address.state_province is required by HSDS but Finnish addresses have none: "".
- schedule.freq allows only WEEKLY and MONTHLY: FREQ=DAILY without BYDAY becomes WEEKLY on
  every day; parts HSDS cannot hold (other frequencies, BYSETPOS, BYHOUR...) are left out
  of the structured fields and the whole rule is kept in schedule.notes as "RRULE:...".
- schedule.attending_type says "online", "in person" or "in person or online".
- Free activities get a cost option of amount 0 EUR; others one without an amount, with
  the cost text in amount_description and fees_description.
- Themes and target groups are taxonomy terms (taxonomies "coact-themes" and
  "coact-target-groups"), linked to services and organisations by attributes.
- The organisation's services and locations are nested in it, as in the reference's
  fully nested organization (compiled/organization.json adds "services").
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname, resolution_order

from .languages import language_name
from .models import Activity, Location, Organization, TargetGroup, Theme

HSDS_VERSION = "3.0"
# A fixed namespace for this project's HSDS ids (uuid5 of the URL namespace and
# "https://coact-portal/hsds", written out so that it can never drift).
NAMESPACE = uuid.UUID("8a2cee98-909e-5d24-bea4-a3e74089adb4")
THEME_TAXONOMY = "coact-themes"
TARGET_GROUP_TAXONOMY = "coact-target-groups"
BUSINESS_ID_TYPE = "Y-tunnus"
COUNTRY = "FI"
CURRENCY = "EUR"

# The vendored HSDS 3.0 schemas (tests/hsds_schemas/, with their licence) and the URL
# they are published under upstream, which their "$ref"s resolve against.
SCHEMA_DIR = Path(settings.BASE_DIR) / "tests" / "hsds_schemas"
SCHEMA_BASE_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI_URL = SCHEMA_BASE_URL + "openapi.json"
# No HSDS profile: the base specification.
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0/schema"

_HEAVY = ("search_fi", "search_sv", "search_en")


# --- ids -------------------------------------------------------------------------------


def hsds_uuid(kind: str, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *(str(part) for part in parts)])))


def organization_uuid(pk: int) -> str:
    return hsds_uuid("organization", pk)


def service_uuid(pk: int) -> str:
    return hsds_uuid("service", pk)


def location_uuid(pk: int) -> str:
    return hsds_uuid("location", pk)


def theme_uuid(pk: int) -> str:
    return hsds_uuid("theme", pk)


def target_group_uuid(pk: int) -> str:
    return hsds_uuid("target_group", pk)


def taxonomy_uuid(name: str) -> str:
    return hsds_uuid("taxonomy", name)


def parse_uuid(value: str) -> str | None:
    """The canonical text of a UUID, or None when `value` is not one."""
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError, AttributeError):
        return None


# --- text in a language ----------------------------------------------------------------


def localized(instance, field: str, language: str) -> tuple[str, str]:
    """(text, the language it is in): the field in `language`, else in modeltranslation's
    fallback order; ("", language) when no language has it."""
    for code in resolution_order(language):
        value = getattr(instance, build_localized_fieldname(field, code), None)
        if value:
            return value, code
    return "", language


def text(instance, field: str, language: str) -> str:
    return localized(instance, field, language)[0]


def _put(target: dict, key: str, value) -> None:
    """Optional HSDS fields are left out rather than sent empty (an empty e-mail or URL
    would not be one)."""
    if value not in (None, "", []):
        target[key] = value


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- schedules from RFC 5545 RRULEs ----------------------------------------------------

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_BYDAY = re.compile(r"^[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$")
_NUMBERS = re.compile(r"^[+-]?\d{1,3}(,[+-]?\d{1,3})*$")
_MAPPED = {
    "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYWEEKNO", "BYYEARDAY", "WKST",
}  # fmt: skip


_SCHEDULE_ORDER = (
    "dtstart", "freq", "interval", "byday", "bymonthday", "byweekno", "byyearday", "wkst",
    "count", "until",
)  # fmt: skip


def parse_rrule(rule: str) -> tuple[dict[str, str], str | None]:
    """The parts of an RRULE ("FREQ=WEEKLY;BYDAY=TU", with or without "RRULE:", maybe
    after a DTSTART line) and the DTSTART date (YYYY-MM-DD) if there is one."""
    parts: dict[str, str] = {}
    dtstart = None
    for line in (rule or "").replace(";DTSTART", "\nDTSTART").splitlines():
        line = line.strip()
        if line.upper().startswith("DTSTART"):
            dtstart = _rrule_date(line.rsplit(":", 1)[-1].rsplit("=", 1)[-1])
            continue
        if line.upper().startswith("RRULE:"):
            line = line[6:]
        for part in line.split(";"):
            key, sep, value = part.partition("=")
            if sep and key.strip():
                parts[key.strip().upper()] = value.strip().upper()
            elif part.strip():
                parts["?" + part.strip()] = ""  # not a NAME=VALUE part: cannot be mapped
    return parts, dtstart


def rrule_line(rule: str) -> str:
    """The RRULE itself, without "RRULE:" and without a DTSTART line."""
    for line in (rule or "").strip().splitlines():
        line = line.strip()
        if line.upper().startswith("RRULE:"):
            return line[6:]
        if line and not line.upper().startswith("DTSTART"):
            return line
    return ""


def _rrule_date(value: str) -> str | None:
    """'20251231' or '20251231T235959Z' -> '2025-12-31'."""
    match = re.match(r"^(\d{4})(\d{2})(\d{2})", value.strip())
    if not match:
        return None
    try:
        return date(*(int(group) for group in match.groups())).isoformat()
    except ValueError:
        return None


def _positive_int(value: str | None) -> int | None:
    if value and value.isdigit() and int(value) > 0:
        return int(value)
    return None


def rrule_to_schedule_fields(rule: str) -> tuple[dict, bool]:
    """The HSDS schedule fields an RRULE maps to, and whether all of it was mapped."""
    parts, dtstart = parse_rrule(rule)
    fields: dict = {}
    complete = True
    freq = parts.get("FREQ")
    byday = parts.get("BYDAY")
    if byday and all(_BYDAY.match(day) for day in byday.split(",")):
        fields["byday"] = byday
    elif byday:
        complete = False
    interval = _positive_int(parts.get("INTERVAL"))
    if freq in ("WEEKLY", "MONTHLY"):
        fields["freq"] = freq
        if interval:
            fields["interval"] = interval
    elif freq == "DAILY" and "byday" not in fields and interval in (None, 1):
        fields["freq"] = "WEEKLY"
        fields["byday"] = ",".join(_WEEKDAYS)
    elif freq:
        complete = False
    count = _positive_int(parts.get("COUNT"))
    if count:
        fields["count"] = count
    until = _rrule_date(parts.get("UNTIL", ""))
    if until:
        fields["until"] = until
    for key in ("BYMONTHDAY", "BYWEEKNO", "BYYEARDAY"):
        value = parts.get(key)
        if value and _NUMBERS.match(value):
            fields[key.lower()] = value
        elif value:
            complete = False
    if parts.get("WKST") in _WEEKDAYS:
        fields["wkst"] = parts["WKST"]
    if dtstart:
        fields["dtstart"] = dtstart
    if set(parts) - _MAPPED or (parts.get("COUNT") and not count):
        complete = False
    if parts.get("UNTIL") and not until:
        complete = False
    ordered = {key: fields[key] for key in _SCHEDULE_ORDER if key in fields}
    return ordered, complete


def schedule_fields_to_rrule(schedule: dict) -> str:
    """The RRULE an HSDS schedule describes ("" when it has no frequency). A rule kept
    whole in `notes` ("RRULE:...", as the export writes it) wins."""
    notes = (schedule.get("notes") or "").strip()
    if notes.upper().startswith("RRULE:"):
        return notes[6:].strip().splitlines()[0]
    freq = schedule.get("freq")
    if not freq:
        return ""
    parts = [f"FREQ={freq}"]
    if isinstance(schedule.get("interval"), int | float) and schedule["interval"] > 1:
        parts.append(f"INTERVAL={int(schedule['interval'])}")
    for key in ("byday", "bymonthday", "byweekno", "byyearday", "wkst"):
        if schedule.get(key):
            parts.append(f"{key.upper()}={str(schedule[key]).replace(' ', '').upper()}")
    if isinstance(schedule.get("count"), int | float) and schedule["count"] > 0:
        parts.append(f"COUNT={int(schedule['count'])}")
    elif schedule.get("until"):
        parts.append(f"UNTIL={str(schedule['until']).replace('-', '')[:8]}")
    return ";".join(parts)


# --- model instances -> HSDS objects ---------------------------------------------------


@dataclass(frozen=True)
class ExportContext:
    """What every mapping needs besides the instance: the language of the texts, and the
    site's absolute root ("https://host") for links (none when empty)."""

    language: str = "fi"
    base_url: str = ""


def legal_status(organization: Organization, language: str) -> str:
    with translation.override(language):
        return str(Organization.LegalForm(organization.legal_form).label)


def legal_form_from_status(value: str | None) -> str | None:
    """The legal form a legal_status names: its code, or its label in any language."""
    wanted = (value or "").strip().casefold()
    if not wanted:
        return None
    for choice in Organization.LegalForm:
        if wanted == choice.value:
            return choice.value
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                if wanted == str(choice.label).casefold():
                    return choice.value
    return None


def taxonomy_term_to_hsds(term: Theme | TargetGroup, ctx: ExportContext) -> dict:
    is_theme = isinstance(term, Theme)
    taxonomy = THEME_TAXONOMY if is_theme else TARGET_GROUP_TAXONOMY
    name, name_language = localized(term, "name", ctx.language)
    return {
        "id": theme_uuid(term.pk) if is_theme else target_group_uuid(term.pk),
        "code": term.slug,
        "name": name or term.slug,
        "description": name or term.slug,
        "taxonomy": taxonomy,
        "taxonomy_id": taxonomy_uuid(taxonomy),
        "language": name_language,
    }


def _attributes(
    entity: str, pk: int, link_id: str, themes: Iterable, groups: Iterable, ctx
) -> list[dict]:
    attributes = []
    for link_type, terms in (("theme", themes), ("target_group", groups)):
        for term in terms:
            hsds_term = taxonomy_term_to_hsds(term, ctx)
            attributes.append(
                {
                    "id": hsds_uuid("attribute", entity, pk, link_type, term.pk),
                    "link_id": link_id,
                    "link_type": link_type,
                    "link_entity": entity,
                    "taxonomy_term_id": hsds_term["id"],
                    "taxonomy_term": hsds_term,
                }
            )
    return attributes


def location_to_hsds(location: Location, ctx: ExportContext) -> dict:
    location_id = location_uuid(location.pk)
    data: dict = {"id": location_id, "location_type": "physical"}
    data["organization_id"] = organization_uuid(location.organization_id)
    _put(data, "name", location.name)
    if location.latitude is not None and location.longitude is not None:
        data["latitude"] = float(location.latitude)
        data["longitude"] = float(location.longitude)
    data["addresses"] = [
        {
            "id": hsds_uuid("address", location.pk),
            "location_id": location_id,
            "address_1": location.street_address,
            "city": location.municipality,
            "state_province": "",
            "postal_code": location.postal_code,
            "country": COUNTRY,
            "address_type": "physical",
        }
    ]
    if location.accessibility:
        data["accessibility"] = [
            {
                "id": hsds_uuid("accessibility", location.pk),
                "location_id": location_id,
                "description": location.accessibility,
            }
        ]
    return data


def _attending_type(activity: Activity) -> str:
    if activity.online and activity.location_id:
        return "in person or online"
    return "online" if activity.online else "in person" if activity.location_id else ""


def schedules_to_hsds(activity: Activity, ctx: ExportContext) -> list[dict]:
    description = text(activity, "schedule_description", ctx.language)
    attending = _attending_type(activity)
    if not (activity.recurrence or description or activity.online):
        return []
    schedule: dict = {"id": hsds_uuid("schedule", activity.pk)}
    schedule["service_id"] = service_uuid(activity.pk)
    if activity.recurrence:
        fields, complete = rrule_to_schedule_fields(activity.recurrence)
        schedule.update(fields)
        if not complete:
            schedule["notes"] = "RRULE:" + rrule_line(activity.recurrence)
    _put(schedule, "description", description)
    _put(schedule, "attending_type", attending)
    return [schedule]


def cost_options_to_hsds(activity: Activity, ctx: ExportContext) -> list[dict]:
    option: dict = {
        "id": hsds_uuid("cost_option", activity.pk),
        "service_id": service_uuid(activity.pk),
        "currency": CURRENCY,
    }
    if activity.free_of_charge:
        option["amount"] = 0
    _put(option, "amount_description", activity.cost_description)
    return [option]


def organization_summary_to_hsds(organization: Organization, ctx: ExportContext) -> dict:
    """The organisation's own fields, as nested in a service or listed on their own."""
    data = {
        "id": organization_uuid(organization.pk),
        "name": organization.name,
        "description": text(organization, "description", ctx.language),
    }
    _put(data, "email", organization.email)
    _put(data, "website", organization.website)
    data["legal_status"] = legal_status(organization, ctx.language)
    if organization.logo and ctx.base_url:
        data["logo"] = ctx.base_url + organization.logo.url
    return data


def service_to_hsds(
    activity: Activity,
    organization: Organization,
    ctx: ExportContext,
    *,
    with_organization: bool = True,
) -> dict:
    """An activity as a fully nested HSDS service. `organization` is the activity's own
    (passed in so that no query is needed)."""
    service_id = service_uuid(activity.pk)
    data: dict = {
        "id": service_id,
        "organization_id": organization_uuid(organization.pk),
        "name": text(activity, "name", ctx.language),
        "status": "active",
    }
    _put(data, "description", text(activity, "description", ctx.language))
    _put(data, "fees_description", activity.cost_description)
    groups = list(activity.target_groups.all())
    _put(
        data,
        "eligibility_description",
        ", ".join(text(group, "name", ctx.language) for group in groups),
    )
    if organization.last_confirmed_at:
        data["assured_date"] = timezone.localdate(organization.last_confirmed_at).isoformat()
    changed = max(activity.updated_at, organization.updated_at)
    data["last_modified"] = _timestamp(changed)
    data["schedules"] = schedules_to_hsds(activity, ctx)
    if activity.location_id:
        location = activity.location
        data["service_at_locations"] = [
            {
                "id": hsds_uuid("service_at_location", activity.pk),
                "service_id": service_id,
                "location_id": location_uuid(location.pk),
                "location": location_to_hsds(location, ctx),
            }
        ]
    else:
        data["service_at_locations"] = []
    data["languages"] = [
        {
            "id": hsds_uuid("language", "service", activity.pk, item.code),
            "service_id": service_id,
            "name": language_name(item.code, ctx.language),
            "code": item.code,
        }
        for item in activity.languages.all()
    ]
    if with_organization:
        data["organization"] = organization_summary_to_hsds(organization, ctx)
    data["cost_options"] = cost_options_to_hsds(activity, ctx)
    data["attributes"] = _attributes(
        "service", activity.pk, service_id, activity.themes.all(), groups, ctx
    )
    return data


def organization_to_hsds(organization: Organization, ctx: ExportContext) -> dict:
    """An organisation as a fully nested HSDS organization, with its services and
    locations."""
    organization_id = organization_uuid(organization.pk)
    data = organization_summary_to_hsds(organization, ctx)
    if organization.phone:
        data["phones"] = [
            {
                "id": hsds_uuid("phone", "organization", organization.pk),
                "organization_id": organization_id,
                "number": organization.phone,
            }
        ]
    data["organization_identifiers"] = (
        [
            {
                "id": hsds_uuid("organization_identifier", organization.pk, "y-tunnus"),
                "organization_id": organization_id,
                "identifier_type": BUSINESS_ID_TYPE,
                "identifier": organization.business_id,
            }
        ]
        if organization.business_id
        else []
    )
    data["attributes"] = _attributes(
        "organization",
        organization.pk,
        organization_id,
        organization.themes.all(),
        organization.target_groups.all(),
        ctx,
    )
    data["locations"] = [location_to_hsds(item, ctx) for item in organization.locations.all()]
    data["services"] = [
        service_to_hsds(activity, organization, ctx, with_organization=False)
        for activity in organization.activities.all()
    ]
    return data


# --- selectors -------------------------------------------------------------------------


def _activities() -> QuerySet[Activity]:
    return (
        Activity.objects.select_related("location")
        .prefetch_related("languages", "themes", "target_groups")
        .order_by("name", "pk")
    )


def organizations_for_export(modified_after: datetime | None = None) -> QuerySet[Organization]:
    """Active organisations with everything organization_to_hsds reads: nine queries for
    any page, counting included. `modified_after`: the organisation or one of its
    activities changed then or later."""
    queryset = Organization.objects.filter(status=Organization.Status.ACTIVE).defer(*_HEAVY)
    if modified_after is not None:
        changed_activity = Activity.objects.filter(
            organization=OuterRef("pk"), updated_at__gte=modified_after
        )
        queryset = queryset.filter(Q(updated_at__gte=modified_after) | Exists(changed_activity))
    return queryset.order_by("name", "pk").prefetch_related(
        "themes",
        "target_groups",
        Prefetch("locations", queryset=Location.objects.all()),
        Prefetch("activities", queryset=_activities()),
    )


def services_for_export(modified_after: datetime | None = None) -> QuerySet[Activity]:
    """Activities of active organisations, with what service_to_hsds reads.
    `modified_after`: the activity or its organisation changed then or later."""
    queryset = Activity.objects.filter(organization__status=Organization.Status.ACTIVE)
    if modified_after is not None:
        queryset = queryset.filter(
            Q(updated_at__gte=modified_after) | Q(organization__updated_at__gte=modified_after)
        )
    return (
        queryset.select_related("organization", "location")
        .defer(*(f"organization__{field}" for field in _HEAVY))
        .prefetch_related("languages", "themes", "target_groups")
        .order_by("organization__name", "organization_id", "name", "pk")
    )


def taxonomy_terms_for_export() -> list[Theme | TargetGroup]:
    """Every theme, then every target group: two queries."""
    return [*Theme.objects.all(), *TargetGroup.objects.all()]


def _pk_for(queryset: QuerySet, hsds_id: str, to_uuid) -> int | None:
    """The primary key whose derived UUID is `hsds_id`. uuid5 cannot be reversed, so this
    derives the UUID of every candidate id: one query over the ids only."""
    wanted = parse_uuid(hsds_id)
    if wanted is None:
        return None
    for pk in queryset.values_list("pk", flat=True).iterator():
        if to_uuid(pk) == wanted:
            return pk
    return None


def organization_for_export(hsds_id: str) -> Organization | None:
    active = Organization.objects.filter(status=Organization.Status.ACTIVE)
    pk = _pk_for(active, hsds_id, organization_uuid)
    return None if pk is None else organizations_for_export().filter(pk=pk).first()


def service_for_export(hsds_id: str) -> Activity | None:
    queryset = Activity.objects.filter(organization__status=Organization.Status.ACTIVE)
    pk = _pk_for(queryset, hsds_id, service_uuid)
    return None if pk is None else services_for_export().filter(pk=pk).first()


# --- the vendored JSON schemas ---------------------------------------------------------


@cache
def schema_registry():
    """Every vendored HSDS schema in a `referencing` registry under its upstream URL, so
    that "$ref": "attribute.json" resolves from disk and never over the network."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (SCHEMA_BASE_URL + path.name, Resource.from_contents(contents, DRAFT202012))
        )
    return Registry().with_resources(resources)


def schema_ref(name: str) -> dict:
    """A schema that is the vendored `name` ("organization", "service"...)."""
    return {"$ref": SCHEMA_BASE_URL + f"{name}.json"}


# The fully nested organization: the organization schema plus its services, as the
# reference's compiled/organization.json has it.
NESTED_ORGANIZATION_SCHEMA = {
    "allOf": [schema_ref("organization")],
    "properties": {"services": {"type": "array", "items": schema_ref("service")}},
}


def validator(schema: dict):
    """A draft 2020-12 validator (the dialect of the HSDS API reference) that resolves
    references from the vendored files and checks formats (uuid, email, uri...)."""
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(schema, registry=schema_registry(), format_checker=FormatChecker())

"""Reading Open Referral HSDS 3.0 organizations into the directory: each item checked
against the vendored schemas and the portal's rules, then written in a transaction of its
own (an item that fails is skipped whole). The service organizations.services.imports
runs it with a history user and reason and writes the audit event; `manage.py
hsds_import` is its command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from jsonschema.exceptions import best_match
from modeltranslation.utils import build_localized_fieldname

from organizations.languages import normalize_language_code
from organizations.models import (
    Activity,
    Language,
    Location,
    Organization,
    TargetGroup,
    Theme,
    WelfareArea,
)

from .export import legal_form_from_status
from .ids import TARGET_GROUP_TAXONOMY, THEME_TAXONOMY
from .schedules import schedule_fields_to_rrule
from .schemas import NESTED_ORGANIZATION_SCHEMA
from .schemas import validator as schema_validator

BUSINESS_ID_TYPES = {"y-tunnus", "fo-nummer", "business id"}
SKIPPED_SERVICE_STATUSES = {"inactive", "defunct"}


class ItemProblem(Exception):
    """Why an item cannot be imported as it is."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    invalid: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    organization_ids: list[int] = field(default_factory=list)


def slug_for(hsds_id: str) -> str:
    return "hsds-" + hsds_id.strip().lower()[:12]


def items_from(document) -> tuple[list, str | None]:
    """The organization objects of a list, a Page, or a single organization, and a note
    when the Page is one of several."""
    if isinstance(document, list):
        return document, None
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        note = None
        if document.get("last_page") is False:
            note = (
                f"this is page {document.get('page_number')} of {document.get('total_pages')}: "
                "only its organisations were read (ask for per_page=200 or the other pages)"
            )
        return document["contents"], note
    if isinstance(document, dict) and "id" in document and "name" in document:
        return [document], None
    raise ItemProblem(
        "expected a JSON list of HSDS organizations, a Page object with 'contents', "
        "or one organization"
    )


# --- HSDS -> field values ----------------------------------------------------------------


def schema_problem(item, validator=None) -> str | None:
    """The first schema error of an HSDS organization (nested services and locations
    included), as "path: message"; None when it is valid."""
    validator = validator or schema_validator(NESTED_ORGANIZATION_SCHEMA)
    errors = list(validator.iter_errors(item))
    if not errors:
        return None
    error = best_match(errors)
    where = "/".join(str(part) for part in error.absolute_path) or "(the object)"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {error.message}{more}"


def _terms(attributes: list[dict]) -> tuple[set[str], set[str]]:
    """The codes of the Co-Act themes and target groups the attributes link to."""
    themes, groups = set(), set()
    for attribute in attributes or []:
        term = attribute.get("taxonomy_term") or {}
        code = term.get("code")
        if not code:
            continue
        if term.get("taxonomy") == THEME_TAXONOMY:
            themes.add(code)
        elif term.get("taxonomy") == TARGET_GROUP_TAXONOMY:
            groups.add(code)
    return themes, groups


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.000001"))
    except InvalidOperation:
        return None


def location_fields(location: dict) -> dict:
    addresses = location.get("addresses") or []
    physical = [item for item in addresses if item.get("address_type") == "physical"]
    address = (physical or addresses or [None])[0]
    label = location.get("name") or location.get("id")
    if address is None:
        raise ItemProblem(f"location {label!r} has no address")
    street = ", ".join(
        part.strip() for part in (address.get("address_1"), address.get("address_2")) if part
    )
    return {
        "name": location.get("name") or "",
        "street_address": street,
        "postal_code": (address.get("postal_code") or "").strip(),
        "municipality": (address.get("city") or "").strip(),
        "latitude": _decimal(location.get("latitude")),
        "longitude": _decimal(location.get("longitude")),
        "accessibility": "\n\n".join(
            entry["description"]
            for entry in location.get("accessibility") or []
            if entry.get("description")
        ),
    }


def _is_free(service: dict) -> bool:
    options = service.get("cost_options") or []
    if not options:
        return True
    return any(option.get("amount") == 0 for option in options)


def _cost_description(service: dict) -> str:
    if service.get("fees_description"):
        return service["fees_description"]
    for option in service.get("cost_options") or []:
        if option.get("amount_description"):
            return option["amount_description"]
    return ""


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word to fit `limit` characters, with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "\u2026"


def _assured(services: list[dict]) -> datetime | None:
    dates = []
    for service in services:
        try:
            day = parse_date(service.get("assured_date") or "")
        except ValueError:
            day = None
        if day:
            dates.append(day)
    return timezone.make_aware(datetime.combine(max(dates), time.min)) if dates else None


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{key}: {' '.join(messages)}" for key, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


# --- writing ------------------------------------------------------------------------------


class Importer:
    def __init__(self, *, area: WelfareArea, language: str, by=None, reason: str = ""):
        self.area = area
        self.language = language
        # Every record it writes names who ran the import and why (django-simple-history).
        self.by = by
        self.reason = reason
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.groups = {group.slug: group for group in TargetGroup.objects.all()}
        self.validator = schema_validator(NESTED_ORGANIZATION_SCHEMA)
        self.notes: list[str] = []  # about the item being saved

    def _save(self, obj) -> None:
        obj._history_user = self.by
        obj._change_reason = self.reason
        obj.save()

    def _localized(self, name: str) -> str:
        return build_localized_fieldname(name, self.language)

    def run(self, items: list) -> ImportResult:
        result = ImportResult()
        for number, item in enumerate(items, start=1):
            label = f"item {number}"
            if isinstance(item, dict):
                label += f" (id {item.get('id')!r}, name {item.get('name')!r})"
            self.notes = []
            if isinstance(item, dict):
                problem = schema_problem(item, self.validator)
            else:
                problem = "not a JSON object"
            if problem is None:
                try:
                    with transaction.atomic(), translation.override(self.language):
                        organization, created = self.save_organization(item)
                except ItemProblem as error:
                    problem = str(error)
                except ValidationError as error:
                    problem = _messages(error)
                except DatabaseError as error:
                    problem = f"the database refused it: {error}"
                else:
                    result.notes.extend(f"{label}: {note}" for note in self.notes)
                    result.organization_ids.append(organization.pk)
                    if created:
                        result.created += 1
                    else:
                        result.updated += 1
                    continue
            result.invalid.append(f"{label}: {problem}")
        return result

    def save_organization(self, item: dict) -> tuple[Organization, bool]:
        slug = slug_for(item["id"])
        organization = Organization.objects.filter(slug=slug).first()
        created = organization is None
        if organization is None:
            organization = Organization(slug=slug, welfare_area=self.area)
        elif organization.welfare_area_id != self.area.pk:
            raise ItemProblem(
                f"already imported into the area {organization.welfare_area.code!r} "
                f"(slug {slug}); not moved"
            )
        organization.name = item["name"]
        # The short description holds 500 characters; a longer text is the long one.
        description = (item.get("description") or "").strip()
        short_limit = Organization._meta.get_field("description").max_length
        if len(description) > short_limit:
            setattr(organization, self._localized("long_description"), description)
            description = shorten(description, short_limit)
            self.notes.append("the description is long: kept whole as the long description")
        setattr(organization, self._localized("description"), description)
        organization.email = item.get("email") or ""
        organization.website = item.get("website") or ""
        organization.legal_form = legal_form_from_status(item.get("legal_status")) or (
            Organization.LegalForm.OTHER if created else organization.legal_form
        )
        identifiers = [
            entry["identifier"].strip()
            for entry in item.get("organization_identifiers") or []
            if (entry.get("identifier_type") or "").strip().casefold() in BUSINESS_ID_TYPES
        ]
        organization.business_id = identifiers[0] if identifiers else ""
        phones = item.get("phones") or []
        organization.phone = phones[0]["number"].strip() if phones else ""
        services = []
        for service in item.get("services") or []:
            if service.get("status") in SKIPPED_SERVICE_STATUSES:
                self.notes.append(f"service {service['name']!r} is {service['status']}: skipped")
            else:
                services.append(service)
        organization.last_confirmed_at = _assured(services) or organization.last_confirmed_at
        organization.status = Organization.Status.ACTIVE
        organization.full_clean()
        self._save(organization)

        themes, groups = _terms(item.get("attributes"))
        organization.themes.set([self.themes[code] for code in themes if code in self.themes])
        organization.target_groups.set(
            [self.groups[code] for code in groups if code in self.groups]
        )

        locations = self.save_locations(organization, item.get("locations") or [])
        languages: set[Language] = set()
        for service in services:
            activity = self.save_activity(organization, service, locations)
            languages.update(activity.languages.all())
        organization.languages.add(*languages)
        return organization, created

    def _fit(self, model, name: str, text: str) -> str:
        """Free text cut to the field's length, with a note."""
        limit = model._meta.get_field(name).max_length
        if len(text.strip()) > limit:
            self.notes.append(f"{name} shortened to {limit} characters: {text[:40]!r}...")
        return shorten(text, limit)

    def save_location(self, organization: Organization, data: dict) -> Location:
        values = location_fields(data)
        location = Location.objects.filter(
            organization=organization,
            street_address__iexact=values["street_address"],
            postal_code=values["postal_code"],
        ).first() or Location(organization=organization)
        for name, value in values.items():
            setattr(location, name, value)
        location.full_clean()
        self._save(location)
        return location

    def save_locations(self, organization: Organization, items: list[dict]) -> dict:
        """{HSDS location id: Location}; virtual locations are not places to keep."""
        saved = {}
        for data in items:
            if data.get("location_type") == "virtual":
                continue
            saved[data["id"]] = self.save_location(organization, data)
        return saved

    def save_activity(self, organization: Organization, service: dict, locations: dict):
        name_field = self._localized("name")
        activity = Activity.objects.filter(
            organization=organization, **{name_field: service["name"]}
        ).first() or Activity(organization=organization)
        setattr(activity, name_field, service["name"])
        setattr(activity, self._localized("description"), service.get("description") or "")
        schedule = (service.get("schedules") or [{}])[0]
        activity.recurrence = schedule_fields_to_rrule(schedule)
        setattr(
            activity,
            self._localized("schedule_description"),
            self._fit(Activity, "schedule_description", schedule.get("description") or ""),
        )
        attending = " ".join(
            (entry.get("attending_type") or "").casefold()
            for entry in service.get("schedules") or []
        )
        activity.online = "online" in attending
        activity.free_of_charge = _is_free(service)
        activity.cost_description = self._fit(
            Activity, "cost_description", _cost_description(service)
        )
        activity.location = None
        for link in service.get("service_at_locations") or []:
            location = locations.get(link.get("location_id"))
            nested = link.get("location")
            if location is None and nested and nested.get("location_type") != "virtual":
                location = self.save_location(organization, nested)
                locations[nested["id"]] = location
            if location is not None:
                activity.location = location
                break
        activity.full_clean()
        self._save(activity)

        codes = {
            normalize_language_code(entry.get("code") or "")
            for entry in service.get("languages") or []
        }
        activity.languages.set(
            [Language.objects.get_or_create(code=code)[0] for code in sorted(codes - {None})]
        )
        themes, groups = _terms(service.get("attributes"))
        activity.themes.set([self.themes[code] for code in themes if code in self.themes])
        activity.target_groups.set([self.groups[code] for code in groups if code in self.groups])
        return activity

"""Model instances to HSDS objects (plain dicts ready for JSON)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation

from coact.recurrence import rule_line

from ..languages import language_name
from ..models import Activity, Location, Organization, TargetGroup, Theme
from .ids import (
    BUSINESS_ID_TYPE,
    COUNTRY,
    CURRENCY,
    TARGET_GROUP_TAXONOMY,
    THEME_TAXONOMY,
    hsds_uuid,
    location_uuid,
    organization_uuid,
    service_uuid,
    target_group_uuid,
    taxonomy_uuid,
    theme_uuid,
)
from .schedules import _put, _timestamp, localized, rrule_to_schedule_fields, text

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
            schedule["notes"] = "RRULE:" + rule_line(activity.recurrence)
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

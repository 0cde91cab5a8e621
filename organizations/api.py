"""The directory's part of the JSON API (/api/v1/, see coact.api): the NGOs with the same
filters as the HTML directory, one NGO, and the service units. Public: only approved
NGOs (Organization.objects.public()); names and texts in the negotiated language."""

from typing import Annotated

from django.urls import reverse
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from coact.api.errors import RESPONSES, ApiError, invalid_parameters
from coact.api.languages import Localised
from coact.api.pagination import Pages

from . import selectors
from .directory_query import (
    FLAG_OFF,
    FLAG_ON,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    directory_query,
)
from .languages import language_name
from .models import Organization, WelfareArea

router = Router()

Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$")]
_FLAG = Field(
    "",
    description="1 (on) or 0 (off); another value is a 400.",
    json_schema_extra={"enum": sorted(FLAG_ON | FLAG_OFF)},
)


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


class Named(Schema):
    slug: str
    name: str


class Coded(Schema):
    code: str
    name: str


class OrganizationSummary(Schema):
    slug: str
    name: str
    description: str
    languages: list[Coded]
    themes: list[Named]
    target_groups: list[Named]
    areas: list[Coded]
    welfare_area: str
    accepts_referrals: bool
    outside_office_hours: bool
    escort_volunteers: bool
    interpreting_volunteers: bool
    online_services: bool
    last_confirmed_at: Timestamp | None
    verified: bool
    url: str
    api_url: str

    @staticmethod
    def resolve_languages(obj: Organization) -> list[dict]:
        language = translation.get_language()
        return [
            {"code": item.code, "name": language_name(item.code, language)}
            for item in obj.languages.all()
        ]

    @staticmethod
    def resolve_themes(obj: Organization) -> list[dict]:
        return [{"slug": theme.slug, "name": theme.name} for theme in obj.themes.all()]

    @staticmethod
    def resolve_target_groups(obj: Organization) -> list[dict]:
        return [{"slug": group.slug, "name": group.name} for group in obj.target_groups.all()]

    @staticmethod
    def resolve_areas(obj: Organization) -> list[dict]:
        return [{"code": area.code, "name": area.name} for area in obj.areas.all()]

    @staticmethod
    def resolve_welfare_area(obj: Organization) -> str:
        return obj.welfare_area.code

    @staticmethod
    def resolve_last_confirmed_at(obj: Organization) -> str | None:
        return obj.last_confirmed_at.isoformat() if obj.last_confirmed_at else None

    @staticmethod
    def resolve_verified(obj: Organization) -> bool:
        return obj.verified_at is not None

    @staticmethod
    def resolve_url(obj: Organization, context) -> str:
        return _absolute(context["request"], reverse("organization_detail", args=[obj.slug]))

    @staticmethod
    def resolve_api_url(obj: Organization, context) -> str:
        return _absolute(context["request"], reverse("api:api_organization", args=[obj.slug]))


class Hours(Schema):
    weekday: int
    opens: str
    closes: str


class ActivityOut(Schema):
    name: str
    description: str
    kind: str
    languages: list[str]
    recurrence: str | None
    schedule: str
    online: bool
    free_of_charge: bool


class LocationOut(Schema):
    street_address: str
    postal_code: str
    municipality: str
    latitude: float | None
    longitude: float | None


class OrganizationDetail(OrganizationSummary):
    long_description: str
    legal_form: str
    business_id: str | None
    email: str | None
    phone: str | None
    website: str | None
    referral_instructions: str
    opening_hours: list[Hours]
    activities: list[ActivityOut]
    locations: list[LocationOut]

    @staticmethod
    def resolve_business_id(obj: Organization) -> str | None:
        return obj.business_id or None

    @staticmethod
    def resolve_email(obj: Organization) -> str | None:
        return obj.email or None

    @staticmethod
    def resolve_phone(obj: Organization) -> str | None:
        return obj.phone or None

    @staticmethod
    def resolve_website(obj: Organization) -> str | None:
        return obj.website or None

    @staticmethod
    def resolve_opening_hours(obj: Organization) -> list[dict]:
        return [
            {
                "weekday": hours.weekday,
                "opens": hours.opens.strftime("%H:%M"),
                "closes": hours.closes.strftime("%H:%M"),
            }
            for hours in obj.opening_hours.all()
        ]

    @staticmethod
    def resolve_activities(obj: Organization) -> list[dict]:
        return [
            {
                "name": activity.name,
                "description": activity.description,
                "kind": activity.kind,
                "languages": [lang.code for lang in activity.languages.all()],
                "recurrence": activity.recurrence or None,
                "schedule": activity.schedule_description,
                "online": activity.online,
                "free_of_charge": activity.free_of_charge,
            }
            for activity in obj.activities.all()
        ]

    @staticmethod
    def resolve_locations(obj: Organization) -> list[dict]:
        def number(value) -> float | None:
            return float(value) if value is not None else None

        return [
            {
                "street_address": location.street_address,
                "postal_code": location.postal_code,
                "municipality": location.municipality,
                "latitude": number(location.latitude),
                "longitude": number(location.longitude),
            }
            for location in obj.locations.all()
        ]


class UnitOut(Schema):
    slug: str
    name: str
    kind: str
    welfare_area: str
    contact_email: str | None
    contact_phone: str | None
    contact_hours: str | None
    url: str

    @staticmethod
    def resolve_welfare_area(obj) -> str:
        return obj.welfare_area.code

    @staticmethod
    def resolve_contact_email(obj) -> str | None:
        return obj.contact_email or None

    @staticmethod
    def resolve_contact_phone(obj) -> str | None:
        return obj.contact_phone or None

    @staticmethod
    def resolve_contact_hours(obj) -> str | None:
        return obj.contact_hours or None

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context["request"], reverse("unit_detail", args=[obj.slug]))


class DirectoryParameters(Localised):
    q: str = Field(
        "",
        description=(
            f"Search text: every word must match. At most {MAX_QUERY_WORDS} words and "
            f"{MAX_QUERY_CHARS} characters; a longer text is a 400."
        ),
    )
    language: str = Field(
        "", description="A language the NGO serves in: an ISO 639-1 or 639-3 code."
    )
    theme: list[str] = Field([], description="Theme slugs; one that names no theme is a 400.")
    target_group: list[str] = Field(
        [], description="Target group slugs; one that names no target group is a 400."
    )
    area: str = Field(
        "", description="The code of a welfare area the NGO works in; an unknown one is a 400."
    )
    accepts_referrals: str = _FLAG
    outside_office_hours: str = _FLAG
    escort: str = _FLAG
    interpreting: str = _FLAG
    online: str = _FLAG


class UnitParameters(Localised):
    area: str = Field("", description="The code of a welfare area; an unknown one is a 400.")


@router.get(
    "/organizations/",
    response={200: list[OrganizationSummary], **RESPONSES},
    url_name="api_organizations",
    summary="The NGOs of the directory",
)
@paginate(Pages)
def organizations(request, filters: Query[DirectoryParameters]):
    """The directory's filters, checked: a value that names nothing, a search text past
    the limits or a page that is not a whole number from 1 up is a 400 naming each
    parameter and why; a page past the last is a 404."""
    asked = directory_query(request.GET)
    if errors := asked.errors():
        raise invalid_parameters(errors)
    result = selectors.organization_search(
        params=asked,
        page_number=asked.page or 1,
        page_size=Pages.page_size,
        prefetch=selectors.api_prefetch,
        with_facets=False,
    )
    if result.filterset.errors:
        raise ApiError(
            400, "invalid filters", {k: list(v) for k, v in result.filterset.errors.items()}
        )
    return result.page.paginator


@router.get(
    "/organizations/{slug:slug}/",
    response={200: OrganizationDetail, **RESPONSES},
    url_name="api_organization",
    summary="One NGO",
)
def organization(request, slug: Slug, options: Query[Localised]):
    """An approved NGO; any other slug is a 404."""
    return selectors.organization_detail(
        slug=slug,
        queryset=Organization.objects.public(),
        prefetch=selectors.api_detail_prefetch,
        related=("welfare_area",),
    )


@router.get(
    "/units/",
    response={200: list[UnitOut], **RESPONSES},
    url_name="api_units",
    summary="The welfare areas' service units",
)
@paginate(Pages)
def units(request, filters: Query[UnitParameters]):
    """The service units, by area and name; an unknown area is a 400."""
    area = filters.area.strip() or None
    if area and not WelfareArea.objects.filter(code=area).exists():
        raise invalid_parameters({"area": [f"no welfare area with the code {area!r}"]})
    return selectors.units_list(area_code=area)

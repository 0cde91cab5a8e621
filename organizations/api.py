"""The directory's JSON API (/api/v1/): the same filters as the HTML directory, public,
in the language asked for with ?lang= or Accept-Language."""

from __future__ import annotations

import json
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from . import selectors
from .directory_query import directory_query
from .languages import language_name
from .models import Organization, WelfareArea

API_PAGE_SIZE = 50
_LANGUAGES = {code for code, _name in settings.LANGUAGES}
OPENAPI = Path(__file__).resolve().parent / "openapi.json"


def _language(request) -> str | None:
    asked = request.GET.get("lang")
    if asked:
        return asked if asked in _LANGUAGES else None
    return translation.get_language_from_request(request, check_path=False)


def api_view(view):
    """JSON in the requested language; an unknown ?lang= is a 400 that says so."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = _language(request)
        if language is None:
            return JsonResponse(
                {"error": f"lang must be one of: {', '.join(sorted(_LANGUAGES))}"}, status=400
            )
        with translation.override(language):
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = JsonResponse({"error": "not found"}, status=404)
        response["Content-Language"] = language
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return require_GET(wrapper)


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def organization_summary(request, organization: Organization, language: str) -> dict:
    return {
        "slug": organization.slug,
        "name": organization.name,
        "description": organization.description,
        "languages": [
            {"code": item.code, "name": language_name(item.code, language)}
            for item in organization.languages.all()
        ],
        "themes": [{"slug": theme.slug, "name": theme.name} for theme in organization.themes.all()],
        "target_groups": [
            {"slug": group.slug, "name": group.name} for group in organization.target_groups.all()
        ],
        "areas": [{"code": area.code, "name": area.name} for area in organization.areas.all()],
        "welfare_area": organization.welfare_area.code,
        "accepts_referrals": organization.accepts_referrals,
        "outside_office_hours": organization.outside_office_hours,
        "escort_volunteers": organization.escort_volunteers,
        "interpreting_volunteers": organization.interpreting_volunteers,
        "online_services": organization.online_services,
        "last_confirmed_at": (
            organization.last_confirmed_at.isoformat() if organization.last_confirmed_at else None
        ),
        "verified": organization.verified_at is not None,
        "url": _absolute(request, reverse("organization_detail", args=[organization.slug])),
        "api_url": _absolute(request, reverse("api_organization", args=[organization.slug])),
    }


def _page_links(request, page) -> tuple[str | None, str | None]:
    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return _absolute(request, f"{request.path}?{query.urlencode()}")

    return (
        link(page.next_page_number()) if page.has_next() else None,
        link(page.previous_page_number()) if page.has_previous() else None,
    )


@api_view
def organizations(request):
    """The directory's filters, checked: any value that is not known, a search text past
    the limits or a page that is not a whole number from 1 up is a 400 naming each
    parameter and why."""
    language = translation.get_language()
    asked = directory_query(request.GET)
    errors = asked.errors()
    if errors:
        return JsonResponse({"error": "invalid parameters", "fields": errors}, status=400)
    page_number = asked.page or 1
    result = selectors.organization_search(
        params=asked, page_number=page_number, page_size=API_PAGE_SIZE
    )
    if result.filterset.errors:
        return JsonResponse(
            {"error": "invalid filters", "fields": result.filterset.errors}, status=400
        )
    page = result.page
    if page_number > max(page.paginator.num_pages, 1):
        return JsonResponse({"error": "no such page"}, status=404)
    next_url, previous_url = _page_links(request, page)
    return JsonResponse(
        {
            "count": page.paginator.count,
            "next": next_url,
            "previous": previous_url,
            "results": [organization_summary(request, item, language) for item in page],
        }
    )


@api_view
def organization(request, slug):
    language = translation.get_language()
    item = selectors.organization_detail(
        slug=slug, queryset=Organization.objects.public().select_related("welfare_area")
    )
    data = organization_summary(request, item, language)
    data.update(
        {
            "long_description": item.long_description,
            "legal_form": item.legal_form,
            "business_id": item.business_id or None,
            "email": item.email or None,
            "phone": item.phone or None,
            "website": item.website or None,
            "referral_instructions": item.referral_instructions,
            "opening_hours": [
                {
                    "weekday": hours.weekday,
                    "opens": hours.opens.strftime("%H:%M"),
                    "closes": hours.closes.strftime("%H:%M"),
                }
                for hours in item.opening_hours.all()
            ],
            "activities": [
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
                for activity in item.activities.all()
            ],
            "locations": [
                {
                    "street_address": location.street_address,
                    "postal_code": location.postal_code,
                    "municipality": location.municipality,
                    "latitude": float(location.latitude) if location.latitude is not None else None,
                    "longitude": float(location.longitude)
                    if location.longitude is not None
                    else None,
                }
                for location in item.locations.all()
            ],
        }
    )
    return JsonResponse(data)


@api_view
def units(request):
    area = request.GET.get("area", "").strip() or None
    if area and not WelfareArea.objects.filter(code=area).exists():
        return JsonResponse(
            {
                "error": "invalid parameters",
                "fields": {"area": [f"no welfare area with the code {area!r}"]},
            },
            status=400,
        )
    results = [
        {
            "slug": unit.slug,
            "name": unit.name,
            "kind": unit.kind,
            "welfare_area": unit.welfare_area.code,
            "contact_email": unit.contact_email or None,
            "contact_phone": unit.contact_phone or None,
            "contact_hours": unit.contact_hours or None,
            "url": _absolute(request, reverse("unit_detail", args=[unit.slug])),
        }
        for unit in selectors.units_list(area_code=area)
    ]
    return JsonResponse({"count": len(results), "next": None, "previous": None, "results": results})


def _float(value) -> float | None:
    return float(value) if value is not None else None


@require_GET
def openapi(request):
    return JsonResponse(json.loads(OPENAPI.read_text()))

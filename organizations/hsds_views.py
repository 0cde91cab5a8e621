"""/api/hsds/: the public NGO directory as Open Referral HSDS 3.0, following the paths,
query parameters and "Page" wrapper of the HSDS API reference (openapi.json).

Public and read-only. One language a request: ?lang=fi|sv|en, else the Accept-Language
header, else Finnish; texts missing in it fall back as modeltranslation does. Bad query
parameters are a 400 and unknown ids a 404, both JSON {"error": "..."}.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_safe

from . import hsds

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
DEFAULT_LANGUAGE = "fi"


class BadParameter(Exception):
    """A query parameter that cannot be used; the message says which and why."""


class NotFound(Exception):
    pass


@dataclass(frozen=True)
class Params:
    language: str
    page: int
    per_page: int
    modified_after: datetime | None


def _language(request) -> str:
    asked = request.GET.get("lang")
    if asked is not None:
        if asked not in LANGUAGES:
            raise BadParameter(f"lang must be one of {', '.join(LANGUAGES)} (got {asked!r})")
        return asked
    # Django's own Accept-Language negotiation (no cookie or URL prefix on the API).
    return translation.get_language_from_request(request, check_path=False) or DEFAULT_LANGUAGE


def _whole_number(request, name: str, default: int, low: int, high: int | None) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    limits = f"from {low} to {high}" if high else f"from {low} up"
    digits = raw.strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 9:
        raise BadParameter(f"{name} must be a whole number {limits} (got {raw!r})")
    value = int(digits)
    if value < low or (high is not None and value > high):
        raise BadParameter(f"{name} must be a whole number {limits} (got {value})")
    return value


def parse_modified_after(raw: str) -> datetime:
    """An ISO 8601 date-time (a time without a UTC offset is Finnish time) or a date
    (its start). A '+' of the offset that arrived as a space is put back."""
    value = raw.strip()
    value = re.sub(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$", r"\1+\2", value)
    problem = (
        "modified_after must be an ISO 8601 date-time such as 2025-01-31T12:00:00Z "
        f"(write + in an offset as %2B) or a date such as 2025-01-31 (got {raw!r})"
    )
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is None:
                raise BadParameter(problem)
            parsed = datetime.combine(day, time.min)
    except ValueError as error:
        raise BadParameter(problem) from error
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _params(request, *, paged: bool) -> Params:
    language = _language(request)
    if not paged:
        return Params(language, 1, DEFAULT_PER_PAGE, None)
    page = _whole_number(request, "page", 1, 1, None)
    per_page = _whole_number(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    raw = request.GET.get("modified_after")
    modified_after = parse_modified_after(raw) if raw is not None else None
    return Params(language, page, per_page, modified_after)


def _json(data: dict, *, status: int = 200, language: str | None = None) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    if language:
        response["Content-Language"] = language
    response["Access-Control-Allow-Origin"] = "*"
    return response


def hsds_endpoint(*, paged: bool = False) -> Callable:
    """Reads the query parameters into Params, turns BadParameter into a 400 and NotFound
    into a 404 (JSON both), and adds the response headers."""

    def decorate(view):
        @require_safe
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                params = _params(request, paged=paged)
                data = view(request, params, *args, **kwargs)
            except BadParameter as error:
                return _json({"error": str(error)}, status=400)
            except NotFound as error:
                return _json({"error": str(error)}, status=404)
            return _json(data, language=params.language)

        return wrapper

    return decorate


def _context(request, params: Params) -> hsds.ExportContext:
    return hsds.ExportContext(
        language=params.language, base_url=request.build_absolute_uri("/").rstrip("/")
    )


def page_of(items, total: int, params: Params, to_hsds: Callable) -> dict:
    """The HSDS API reference's Page: total_items, total_pages, page_number, size (the
    number of entities on this page), first_page, last_page, empty, then contents. A
    page past the last is empty, not an error."""
    total_pages = math.ceil(total / params.per_page)
    start = (params.page - 1) * params.per_page
    rows = items[start : start + params.per_page] if start < total else []
    contents = [to_hsds(item) for item in rows]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": params.page,
        "size": len(contents),
        "first_page": params.page == 1,
        "last_page": params.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


@hsds_endpoint()
def root(request, params: Params) -> dict:
    """The API's meta information (the reference's "/")."""

    def url(name: str) -> str:
        return request.build_absolute_uri(reverse(name))

    return {
        "version": hsds.HSDS_VERSION,
        "profile": hsds.PROFILE_URL,
        "openapi_url": hsds.OPENAPI_URL,
        "title": "Co-Act Portal: NGO directory (Open Referral HSDS 3.0)",
        "languages": list(LANGUAGES),
        "links": {
            "organizations": url("hsds_organizations"),
            "services": url("hsds_services"),
            "taxonomy_terms": url("hsds_taxonomy_terms"),
        },
    }


@hsds_endpoint(paged=True)
def services(request, params: Params) -> dict:
    queryset = hsds.services_for_export(params.modified_after)
    ctx = _context(request, params)
    return page_of(
        queryset,
        queryset.count(),
        params,
        lambda activity: hsds.service_to_hsds(activity, activity.organization, ctx),
    )


@hsds_endpoint()
def service(request, params: Params, hsds_id: str) -> dict:
    activity = hsds.service_for_export(hsds_id)
    if activity is None:
        raise NotFound(f"no service with id {hsds_id!r}")
    return hsds.service_to_hsds(activity, activity.organization, _context(request, params))


@hsds_endpoint(paged=True)
def organizations(request, params: Params) -> dict:
    queryset = hsds.organizations_for_export(params.modified_after)
    ctx = _context(request, params)
    return page_of(
        queryset,
        queryset.count(),
        params,
        lambda organization: hsds.organization_to_hsds(organization, ctx),
    )


@hsds_endpoint()
def organization(request, params: Params, hsds_id: str) -> dict:
    found = hsds.organization_for_export(hsds_id)
    if found is None:
        raise NotFound(f"no organization with id {hsds_id!r}")
    return hsds.organization_to_hsds(found, _context(request, params))


@hsds_endpoint(paged=True)
def taxonomy_terms(request, params: Params) -> dict:
    """Themes and target groups. Taxonomy terms have no modification time: a
    modified_after is checked but filters nothing (the reference has none here)."""
    terms: Sequence = hsds.taxonomy_terms_for_export()
    ctx = _context(request, params)
    return page_of(terms, len(terms), params, lambda term: hsds.taxonomy_term_to_hsds(term, ctx))

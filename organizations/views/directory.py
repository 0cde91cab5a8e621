"""The public NGO directory page (/<lang>/organizations/) and its caches."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from .. import selectors
from ..directory_query import MAX_QUERY_CHARS, MAX_QUERY_WORDS, DirectoryQuery, directory_query
from ..languages import language_name
from ..models import TargetGroup, Theme, WelfareArea
from ..search import directory_version

FLAGS = ("outside_office_hours", "accepts_referrals", "escort", "interpreting", "online")


def _cache_key(token: str, request) -> str:
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    return f"directory:{directory_version()}:{get_language()}:{int(bool(request.htmx))}:{digest}"


@require_safe
def directory(request):
    """The public NGO directory. With htmx, only the results are sent back, and the URL
    stays shareable; without JavaScript the filters submit as a plain form.

    The directory's one cache: the filters and results hold nothing personal, so they
    are rendered once per checked filter set, language and kind of request (full page or
    htmx) and kept in the page cache under the directory's version, which every change
    to an NGO moves on (search.directory_changed). Only the page around them (the header
    with the signed-in person's name) is rendered for each request. The key is the
    request's normal form (DirectoryQuery.cache_token): parameters nobody reads map to
    the same entry, and a page with a notice about a value that was not understood, a
    page number past the end or a search that found nothing is not cached at all."""
    asked = directory_query(request.GET)
    token = asked.cache_token()
    cache = selectors.page_cache()
    key = _cache_key(token, request) if token is not None else None
    body = cache.get(key) if key else None
    if body is None:
        template = (
            "organizations/directory_results.html"
            if request.htmx
            else "organizations/directory_body.html"
        )
        context = directory_context(request, asked)
        body = render_to_string(template, context, request=request)
        if key and context["result"].cacheable:
            cache.set(key, body)
    if request.htmx:
        return HttpResponse(body)
    return render(request, "organizations/directory.html", {"body": mark_safe(body)})  # noqa: S308 - rendered by our own template above


def directory_context(request, asked: DirectoryQuery | None = None) -> dict:
    asked = asked if asked is not None else directory_query(request.GET)
    result = selectors.organization_search(params=asked)
    query = asked.data.copy()
    query.pop("page", None)
    facets = facet_choices(result)
    return {
        "result": result,
        "filter": result.filterset,
        "page": result.page,
        "facets": facets,
        "query": query.urlencode(),
        "has_filters": asked.has_filters,
        "chosen_count": chosen_count(asked),
        "ignored": asked.ignored,
        "shortened": asked.shortened,
        "max_query_words": MAX_QUERY_WORDS,
        "max_query_chars": MAX_QUERY_CHARS,
        "flag_fields": [result.filterset.form[name] for name in FLAGS],
        "map_points": map_points(result.page),
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
    }


def chosen_count(asked: DirectoryQuery) -> int:
    """How many filters are on (the text search is not one): the "Filter (n)" button."""
    return sum(len(values) for key, values in asked.data.lists() if key not in ("q", "page"))


def map_points(page) -> list[dict]:
    return [
        {
            "name": organization.name,
            "url": reverse("organization_detail", args=[organization.slug]),
            "lat": float(location.latitude),
            "lon": float(location.longitude),
        }
        for organization in page
        for location in organization.locations.all()[:1]
    ]


def facet_choices(result) -> dict[str, list[dict]]:
    """Facet values with their names in the reader's language and whether chosen. A
    chosen value that no NGO has (a language nobody serves yet) is listed with 0, so the
    form still shows what was chosen."""
    params = result.filterset.data
    names = {
        "theme": {theme.slug: theme.name for theme in Theme.objects.all()},
        "target_group": {group.slug: group.name for group in TargetGroup.objects.all()},
        "area": {area.code: area.name for area in WelfareArea.objects.all()},
    }
    ui_language = get_language() or "fi"
    facets = {}
    for facet, rows in result.facets.items():
        chosen = set(params.getlist(facet))
        counts = {row["value"]: row["count"] for row in rows}
        values = list(counts) + sorted(chosen - set(counts))
        entries = []
        for value in values:
            if facet == "language":
                name = language_name(value, ui_language)
            else:
                name = names[facet].get(value, value)
            entries.append(
                {
                    "value": value,
                    "name": name,
                    "count": counts.get(value, 0),
                    "chosen": value in chosen,
                }
            )
        if facet == "language":
            entries.sort(key=lambda entry: (-entry["count"], entry["name"]))
        facets[facet] = entries
    return facets

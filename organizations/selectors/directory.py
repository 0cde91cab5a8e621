"""Everything the directory pages and the API read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import get_language

from .. import search
from ..directory_query import DirectoryQuery, directory_query
from ..filters import DirectoryFilter
from ..models import (
    Activity,
    Language,
    Location,
    Organization,
    ServiceUnit,
    TargetGroup,
    Theme,
    WelfareArea,
)

PAGE_SIZE = 20
_HEAVY = ("search_fi", "search_sv", "search_en")


def directory_base() -> QuerySet[Organization]:
    return Organization.objects.public().defer(*_HEAVY)


@dataclass
class DirectoryResult:
    filterset: DirectoryFilter
    page: Page
    facets: dict[str, list[dict]]
    query: str
    asked: DirectoryQuery
    wanted: int = 1  # the page number asked for

    @property
    def cacheable(self) -> bool:
        """Whether a page showing this result may be cached under the request's
        cache_token: the page shown is the one asked for (not the last page in place of
        page 10**20), and a text search found something (random words find nothing)."""
        shown = self.page.number == self.wanted
        return shown and not (self.query and self.page.paginator.count == 0)


def page_cache():
    """The directory's rendered results: bounded and evicted first (settings.CACHES
    ["pages"]); the directory's version stays in the default cache, never evicted. The
    view keeps the only cached copy (views.directory); nothing here is cached."""
    return caches["pages"]


def page_prefetch() -> list[Prefetch]:
    """What a directory page shows of each NGO: its languages, themes, areas and the
    locations on the map."""
    return [
        Prefetch("languages", queryset=Language.objects.all()),
        Prefetch("themes", queryset=Theme.objects.all()),
        Prefetch("areas", queryset=WelfareArea.objects.all()),
        Prefetch(
            "locations",
            queryset=Location.objects.exclude(latitude=None).exclude(longitude=None),
        ),
    ]


def api_prefetch() -> list[Prefetch]:
    """What the API's list shows of each NGO (no locations, but the target groups)."""
    return [
        Prefetch("languages", queryset=Language.objects.all()),
        Prefetch("themes", queryset=Theme.objects.all()),
        Prefetch("target_groups", queryset=TargetGroup.objects.all()),
        Prefetch("areas", queryset=WelfareArea.objects.all()),
    ]


def _searched(queryset: QuerySet, text: str, language: str) -> QuerySet:
    if not text:
        return queryset
    return search.search(directory_base().filter(pk__in=_distinct_ids(queryset)), text, language)


def _distinct_ids(queryset: QuerySet) -> QuerySet:
    """Filtering across many-to-many joins repeats rows; select by id instead."""
    return queryset.values("pk")


def organization_search(
    *,
    params: QueryDict | DirectoryQuery,
    page_number: int | None = None,
    page_size: int = PAGE_SIZE,
    prefetch: Callable[[], list[Prefetch]] | None = None,
    with_facets: bool = True,
) -> DirectoryResult:
    """The directory: filters, text search ranked by relevance, then freshness; facet
    counts for each filter under the other filters. A fixed number of queries.

    `params` is the request's query (checked here with directory_query: parameters and
    values that are not known are left out) or a DirectoryQuery checked already;
    `page_number` is the page wanted (by default the query's own, else the first);
    `prefetch` what the caller shows of each NGO (page_prefetch by default); without
    `with_facets` no facet is counted (the API shows none)."""
    language = get_language() or "fi"
    asked = params if isinstance(params, DirectoryQuery) else directory_query(params)
    filterset = DirectoryFilter(asked.data, queryset=directory_base())
    filtered = filterset.qs if filterset.is_valid() else directory_base().none()
    text = (filterset.form.cleaned_data.get("q") or "") if filterset.is_valid() else ""

    results = directory_base().filter(pk__in=_distinct_ids(filtered))
    if text:
        results = search.search(results, text, language)
        ordering = [F("relevance").desc(nulls_last=True)]
    else:
        ordering = []
    ordering += [F("last_confirmed_at").desc(nulls_last=True), "name"]
    results = (
        results.order_by(*ordering)
        .prefetch_related(*(page_prefetch() if prefetch is None else prefetch()))
        .select_related("welfare_area")
    )

    count = (
        directory_base().filter(pk__in=_distinct_ids(_searched(filtered, text, language))).count()
    )
    facets = _facets(filterset, text, language) if with_facets and filterset.is_valid() else {}
    paginator = Paginator(results, page_size)
    paginator.count = count  # counted on the ids above: no second COUNT over the joins
    wanted = page_number or asked.page or 1
    page = paginator.get_page(wanted)
    return DirectoryResult(
        filterset=filterset, page=page, facets=facets, query=text, asked=asked, wanted=wanted
    )


FACETS = {
    # facet: (through table of the many-to-many, the value's column on it)
    "language": (Organization.languages.through, "language__code"),
    "theme": (Organization.themes.through, "theme__slug"),
    "target_group": (Organization.target_groups.through, "targetgroup__slug"),
    "area": (Organization.areas.through, "welfarearea__code"),
}


def _filtered_without(filterset: DirectoryFilter, skip: str) -> QuerySet[Organization]:
    """The directory with every filter of this (validated) filterset but one."""
    queryset = directory_base()
    for name, value in filterset.form.cleaned_data.items():
        if name != skip:
            queryset = filterset.filters[name].filter(queryset, value)
    return queryset


def _facets(filterset: DirectoryFilter, text: str, language: str) -> dict[str, list[dict]]:
    """For each facet, how many NGOs each value would give with the other filters on:
    one grouped query over the many-to-many table a facet."""
    facets = {}
    for facet, (through, column) in FACETS.items():
        base = _filtered_without(filterset, facet)
        if text:
            base = search.search(
                directory_base().filter(pk__in=_distinct_ids(base)), text, language
            )
        rows = (
            through.objects.filter(organization_id__in=_distinct_ids(base))
            .values(value=F(column))
            # A through table holds each (NGO, value) pair once: no DISTINCT needed.
            .annotate(count=Count("organization_id"))
            .order_by("-count", "value")
        )
        facets[facet] = list(rows)
    return facets


# What both the profile page and the API's NGO show.
_DETAIL = ("languages", "themes", "target_groups", "areas", "opening_hours", "locations")


def profile_prefetch() -> list[str | Prefetch]:
    """What an NGO's profile page shows: everything, its texts in other languages too."""
    activities = Activity.objects.select_related("location").prefetch_related(
        "languages", "themes", "target_groups"
    )
    return [*_DETAIL, "other_texts__language", Prefetch("activities", queryset=activities)]


def api_detail_prefetch() -> list[str | Prefetch]:
    """What the API's NGO shows: no texts in other languages, and of the activities only
    their languages."""
    activities = Activity.objects.prefetch_related("languages")
    return [*_DETAIL, Prefetch("activities", queryset=activities)]


def organization_detail(
    *,
    slug: str,
    queryset: QuerySet[Organization],
    prefetch: Callable[[], list[str | Prefetch]] = profile_prefetch,
    related: tuple[str, ...] = ("welfare_area", "verified_by"),
) -> Organization:
    """One NGO of `queryset` (a scoped lookup: any other slug is a 404), with what the
    caller shows of it: `prefetch` (the profile page's by default) and `related`."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        queryset.defer(*_HEAVY).select_related(*related).prefetch_related(*prefetch()),
        slug=slug,
    )


def units_list(*, area_code: str | None = None) -> QuerySet[ServiceUnit]:
    units = ServiceUnit.objects.select_related("welfare_area").order_by(
        "welfare_area__code", "name"
    )
    if area_code:
        units = units.filter(welfare_area__code=area_code)
    return units


__all__ = [
    "DirectoryResult",
    "Q",
    "api_prefetch",
    "organization_detail",
    "organization_search",
    "page_prefetch",
    "units_list",
]

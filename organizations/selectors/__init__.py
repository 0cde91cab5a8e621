"""Reads for the pages: the directory and profiles (`directory`) and an NGO's own profile,
its checklist and history (`selfservice`)."""

from .directory import (
    FACET_CACHE_SECONDS,
    FACETS,
    PAGE_SIZE,
    DirectoryResult,
    api_prefetch,
    directory_base,
    organization_detail,
    organization_search,
    page_cache,
    page_prefetch,
    units_list,
)
from .selfservice import (
    HISTORY_LIMIT,
    ChecklistItem,
    HistoryEntry,
    field_label,
    organization_history,
    profile_checklist,
    profiles_needing_attention,
)

__all__ = [
    "FACETS",
    "FACET_CACHE_SECONDS",
    "HISTORY_LIMIT",
    "PAGE_SIZE",
    "ChecklistItem",
    "DirectoryResult",
    "HistoryEntry",
    "api_prefetch",
    "directory_base",
    "field_label",
    "organization_detail",
    "organization_history",
    "organization_search",
    "page_cache",
    "page_prefetch",
    "profile_checklist",
    "profiles_needing_attention",
    "units_list",
]

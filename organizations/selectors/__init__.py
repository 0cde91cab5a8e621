"""Reads for the pages: the directory and profiles (`directory`) and an NGO's own profile,
its checklist and history (`selfservice`)."""

from .directory import (
    FACETS,
    PAGE_SIZE,
    DirectoryResult,
    api_detail_prefetch,
    api_prefetch,
    directory_base,
    organization_detail,
    organization_search,
    page_cache,
    page_prefetch,
    profile_prefetch,
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
    "HISTORY_LIMIT",
    "PAGE_SIZE",
    "ChecklistItem",
    "DirectoryResult",
    "HistoryEntry",
    "api_detail_prefetch",
    "api_prefetch",
    "directory_base",
    "field_label",
    "organization_detail",
    "organization_history",
    "organization_search",
    "page_cache",
    "page_prefetch",
    "profile_checklist",
    "profile_prefetch",
    "profiles_needing_attention",
    "units_list",
]

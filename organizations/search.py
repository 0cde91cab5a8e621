"""Text search over the directory.

Each NGO keeps one stored tsvector a language (search_fi, search_sv, search_en;
GIN-indexed), built from its name (weight A), short description and themes (B) and long
description and activities (C); a query matches the reader's language or Finnish, and
trigram word similarity on the name catches typos and parts of Finnish compound words."""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest

CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}

_UPDATE_SQL = """
WITH texts AS (
    SELECT o.id,
        coalesce(string_agg(DISTINCT concat_ws(' ', a.name_fi, a.description_fi), ' '), '')
            AS act_fi,
        coalesce(string_agg(DISTINCT concat_ws(' ', a.name_sv, a.description_sv), ' '), '')
            AS act_sv,
        coalesce(string_agg(DISTINCT concat_ws(' ', a.name_en, a.description_en), ' '), '')
            AS act_en,
        coalesce((SELECT string_agg(concat_ws(' ', t.name_fi, t.name_sv, t.name_en), ' ')
                  FROM organizations_organization_themes ot
                  JOIN organizations_theme t ON t.id = ot.theme_id
                  WHERE ot.organization_id = o.id), '') AS themes
    FROM organizations_organization o
    LEFT JOIN organizations_activity a ON a.organization_id = o.id
    WHERE {where}
    GROUP BY o.id
)
UPDATE organizations_organization o SET
    search_fi = setweight(to_tsvector('finnish', o.name), 'A')
        || setweight(to_tsvector('finnish', concat_ws(' ', o.description_fi, t.themes)), 'B')
        || setweight(to_tsvector('finnish', concat_ws(' ', o.long_description_fi, t.act_fi)), 'C'),
    search_sv = setweight(to_tsvector('swedish', o.name), 'A')
        || setweight(to_tsvector('swedish', concat_ws(' ', o.description_sv, t.themes)), 'B')
        || setweight(to_tsvector('swedish', concat_ws(' ', o.long_description_sv, t.act_sv)), 'C'),
    search_en = setweight(to_tsvector('english', o.name), 'A')
        || setweight(to_tsvector('english', concat_ws(' ', o.description_en, t.themes)), 'B')
        || setweight(to_tsvector('english', concat_ws(' ', o.long_description_en, t.act_en)), 'C')
FROM texts t
WHERE o.id = t.id
"""


DIRECTORY_VERSION_KEY = "organizations:directory-version"


def _first_version() -> int:
    """The cached pages live in another cache ("pages") than this counter, so a counter
    that was lost (the default cache emptied) must not start again at a number whose
    pages are still kept: it starts from the clock instead."""
    return time.time_ns() // 1000


def directory_version() -> int:
    """Grows on every change to the directory; cached directory answers carry it."""
    version = cache.get(DIRECTORY_VERSION_KEY)
    if version is None:
        cache.add(DIRECTORY_VERSION_KEY, _first_version(), timeout=None)
        version = cache.get(DIRECTORY_VERSION_KEY, 1)
    return version


def directory_changed() -> None:
    try:
        cache.incr(DIRECTORY_VERSION_KEY)
    except ValueError:
        cache.add(DIRECTORY_VERSION_KEY, _first_version(), timeout=None)


def update_search_vectors(organization_ids: Iterable[int] | None = None) -> None:
    """Rebuild the stored search vectors of these NGOs (all when None). One statement,
    so it is cheap after bulk loads too. Every path that changes the directory calls
    this, so it also tells the cached facet counts to start afresh."""
    directory_changed()
    with connection.cursor() as cursor:
        if organization_ids is None:
            cursor.execute(_UPDATE_SQL.format(where="TRUE"))
        else:
            ids = list(organization_ids)
            if ids:
                cursor.execute(_UPDATE_SQL.format(where="o.id = ANY(%s)"), [ids])


def search(queryset: QuerySet, text: str, language: str) -> QuerySet:
    """Filter to NGOs matching `text` and annotate `relevance` (higher is better)."""
    text = text.strip()
    if not text:
        return queryset
    config = CONFIGS.get(language, "finnish")
    vector = f"search_{language if language in CONFIGS else 'fi'}"
    query = SearchQuery(text, config=config, search_type="websearch")
    finnish = SearchQuery(text, config="finnish", search_type="websearch")
    matches = Q(**{vector: query}) | Q(search_fi=finnish) | Q(name__trigram_word_similar=text)
    return queryset.filter(matches).annotate(
        relevance=Greatest(
            Coalesce(SearchRank(F(vector), query), Value(0.0)),
            Coalesce(SearchRank(F("search_fi"), finnish), Value(0.0)),
            TrigramWordSimilarity(text, "name"),
            output_field=FloatField(),
        )
    )

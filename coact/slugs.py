"""Addresses made from names and what counts as a change of a field's value."""

from django.db.models import QuerySet
from django.utils.text import slugify


def free_slug(name: str, *, taken: QuerySet, reserved=frozenset(), fallback: str) -> str:
    """An address from the name that no row of `taken` has and that is not reserved:
    "name", then "name-2", "name-3"... (`fallback` when the name gives no letters)."""
    base = slugify(name)[:90] or fallback
    slug, n = base, 2
    while slug in reserved or taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def same_value(old, new) -> bool:
    """Equal, counting an empty text and a missing one (NULL) as the same."""
    return old == new or (old in (None, "") and new in (None, ""))

"""Reads about networks."""

from __future__ import annotations

from django.utils.text import slugify

from ..models import Network

# /networks/new/ is the form: no network may take that address.
RESERVED_NETWORK_SLUGS = {"new"}


def network_slug(name: str) -> str:
    """An address from the Finnish name, unique; it stays when the name changes."""
    base = slugify(name)[:90] or "network"
    slug, n = base, 2
    while slug in RESERVED_NETWORK_SLUGS or Network.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug

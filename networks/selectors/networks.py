"""Reads about networks."""

from __future__ import annotations

from coact.slugs import free_slug

from ..models import Network

# /networks/new/ is the form: no network may take that address.
RESERVED_NETWORK_SLUGS = {"new"}


def network_slug(name: str) -> str:
    """An address from the Finnish name, unique; it stays when the name changes."""
    return free_slug(
        name, taken=Network.objects.all(), reserved=RESERVED_NETWORK_SLUGS, fallback="network"
    )

"""What a signed-in person holds in networks: the networks they coordinate, read once a
request and kept on the user object (like organizations.access for memberships)."""

from __future__ import annotations


def network_ids_coordinated(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_coact_networks", None)
    if cached is None:
        cached = set(user.coordinated_networks.values_list("pk", flat=True))
        user._coact_networks = cached
    return cached

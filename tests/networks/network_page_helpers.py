"""Shared set-up for the network pages tests: a thematic network of the area with the
owning NGO as a member, and the helpers for signing in and reading a page."""

import re

import pytest

from networks.models import Network
from tests.factories import NetworkFactory, NetworkMembershipFactory, UserFactory


@pytest.fixture
def network(world):
    """A thematic network of the area with the owning NGO as a member, its admin named as
    the representative."""
    network = NetworkFactory(
        welfare_area=world["area"],
        slug="perheverkosto",
        name="Perheiden verkosto",
        name_en="Network for families",
        purpose_fi="Perhekeskus ja järjestöt tapaavat.",
        kind=Network.Kind.THEMATIC,
    )
    coordinator = UserFactory(email="network.lead@vantaa.example", name="Aino Verkostonen")
    network.coordinators.add(coordinator)
    NetworkMembershipFactory(
        network=network,
        organization=world["organization"],
        representatives=[world["people"]["member"]],
    )
    return network


def signed_in(client, world, persona):
    client.force_login(world["people"][persona])
    return client


def detail(client, lang="en"):
    return client.get(f"/{lang}/networks/perheverkosto/")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())

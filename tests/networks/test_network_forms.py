"""Coordinators create and edit networks in the portal: name and purpose in Finnish
(required), Swedish and English, kind, theme, an area they coordinate and the people who
run it; every change is in the audit log."""

import pytest
from django.utils import translation

from coact.models import AuditEvent
from networks.models import Network
from networks.selectors import network_slug
from organizations.models import Role, Theme
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    UserFactory,
    WelfareAreaFactory,
    with_totp,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _finnish():
    """Networks made by the factories get their texts in Finnish (modeltranslation sets the
    active language's field), whatever language an earlier request left active."""
    with translation.override("fi"):
        yield


def form_data(world, **changes) -> dict:
    data = {
        "name_fi": "Nuorten verkosto",
        "name_sv": "Ungdomsnätverket",
        "name_en": "Youth network",
        "purpose_fi": "Nuorten kanssa työskentelevät järjestöt ja yksiköt.",
        "purpose_sv": "",
        "purpose_en": "NGOs and units that work with young people.",
        "kind": Network.Kind.THEMATIC,
        "theme": Theme.objects.get(slug="youth").pk,
        "welfare_area": world["area"].pk,
        "coordinators": [world["people"]["coordinator"].pk, world["people"]["unit_staff"].pk],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_coordinator_creates_a_network(client, world, reference_data):
    client.force_login(world["people"]["coordinator"])

    response = client.post("/en/networks/new/", form_data(world))

    network = Network.objects.get(slug="nuorten-verkosto")
    assert response["Location"] == "/en/networks/nuorten-verkosto/"
    assert (network.name_fi, network.name_sv, network.name_en) == (
        "Nuorten verkosto",
        "Ungdomsnätverket",
        "Youth network",
    )
    assert network.purpose_en == "NGOs and units that work with young people."
    assert network.welfare_area == world["area"]
    assert network.theme.slug == "youth"
    assert set(network.coordinators.all()) == {
        world["people"]["coordinator"],
        world["people"]["unit_staff"],
    }
    event = AuditEvent.objects.get(action=AuditEvent.Action.NETWORK_CREATED)
    assert event.object_id == str(network.pk)
    assert event.actor == world["people"]["coordinator"]
    assert event.welfare_area_code == "vantaa-kerava"
    page = client.get(response["Location"])
    assert "The network Youth network was created." in page.content.decode()
    with translation.override("sv"):
        assert Network.objects.get(pk=network.pk).name == "Ungdomsnätverket"


def test_the_form_offers_only_the_areas_the_coordinator_coordinates(client, world):
    client.force_login(world["people"]["coordinator"])

    html = client.get("/en/networks/new/").content.decode()

    assert f'value="{world["area"].pk}"' in html
    assert f'value="{world["other_area"].pk}"' not in html
    # The creator is ticked to run it; the area's people can be chosen.
    assert f'value="{world["people"]["coordinator"].pk}" id="id_coordinators_' in html
    assert "staff@vantaa.example" in html
    assert "staff@tampere.example" not in html


def test_another_areas_network_is_refused(client, world):
    client.force_login(world["people"]["coordinator"])

    response = client.post(
        "/en/networks/new/", form_data(world, welfare_area=world["other_area"].pk)
    )

    assert response.status_code == 400
    assert "Choose one of the welfare areas you coordinate." in response.content.decode()
    assert not Network.objects.exists()


def test_a_name_and_purpose_in_finnish_are_required_and_nothing_typed_is_lost(client, world):
    client.force_login(world["people"]["coordinator"])

    response = client.post(
        "/fi/networks/new/", form_data(world, name_fi="", purpose_fi="", name_en="Youth")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Anna verkostolle nimi suomeksi." in html
    assert "Kirjoita verkoston tarkoitus suomeksi." in html
    assert 'value="Youth"' in html
    assert "NGOs and units that work with young people." in html
    assert not Network.objects.exists()


def test_a_too_long_purpose_is_refused(client, world):
    client.force_login(world["people"]["coordinator"])

    response = client.post("/en/networks/new/", form_data(world, purpose_en="x" * 2001))

    assert response.status_code == 400
    assert "at most 2000 characters (it has 2001)" in response.content.decode()


def test_only_coordinators_may_create_networks(client, world):
    client.force_login(world["people"]["member"])

    assert client.get("/en/networks/new/").status_code == 403
    assert client.post("/en/networks/new/", form_data(world)).status_code == 403
    assert not Network.objects.exists()


def test_addresses_are_unique_and_new_is_kept_for_the_form(world):
    NetworkFactory(welfare_area=world["area"], slug="nuorten-verkosto")

    assert network_slug("Nuorten verkosto") == "nuorten-verkosto-2"
    assert network_slug("New") == "new-2"
    assert network_slug("Yhteistyö") == "yhteistyo"


def test_a_coordinator_edits_a_network_and_the_log_names_what_changed(client, world):
    network = NetworkFactory(welfare_area=world["area"], slug="perheverkosto", name="Perheet")
    network.purpose_fi = "Perheiden asiat."
    network.save()
    client.force_login(world["people"]["coordinator"])

    response = client.post(
        "/en/networks/perheverkosto/edit/",
        {
            "name_fi": "Perheet",
            "name_en": "Families",
            "purpose_fi": "Perheiden asiat.",
            "kind": network.kind,
            "welfare_area": world["area"].pk,
            "coordinators": [world["people"]["member"].pk],
        },
    )

    assert response["Location"] == "/en/networks/perheverkosto/"
    network.refresh_from_db()
    assert network.name_en == "Families"
    assert list(network.coordinators.all()) == [world["people"]["member"]]
    event = AuditEvent.objects.get(action=AuditEvent.Action.NETWORK_CHANGED)
    assert event.details == {"fields": ["name_en", "coordinators"]}
    assert "Families" not in str(event.details)  # names of fields, never their texts


def test_saving_without_changes_writes_nothing(client, world):
    network = NetworkFactory(welfare_area=world["area"], slug="perheverkosto", name="Perheet")
    network.purpose_fi = "Perheiden asiat."
    network.save()
    client.force_login(world["people"]["coordinator"])
    data = {
        "name_fi": "Perheet",
        "purpose_fi": "Perheiden asiat.",
        "kind": network.kind,
        "welfare_area": world["area"].pk,
    }

    response = client.post("/en/networks/perheverkosto/edit/", data, follow=True)

    assert "Nothing was changed." in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.NETWORK_CHANGED).exists()


def test_a_named_network_coordinator_edits_it_and_keeps_its_area(client, world):
    lead = with_totp(UserFactory(email="lead@ngo.example"))
    MembershipFactory(user=lead, role=Role.NGO_ADMIN, organization=world["organization"])
    network = NetworkFactory(welfare_area=world["area"], slug="perheverkosto", name="Perheet")
    network.purpose_fi = "Perheiden asiat."
    network.save()
    network.coordinators.add(lead)
    client.force_login(lead)

    form = client.get("/en/networks/perheverkosto/edit/").content.decode()
    response = client.post(
        "/en/networks/perheverkosto/edit/",
        {
            "name_fi": "Perheiden verkosto",
            "purpose_fi": "Perheiden asiat.",
            "kind": network.kind,
            "welfare_area": world["area"].pk,
            "coordinators": [lead.pk],
        },
    )

    assert f'value="{world["area"].pk}"' in form
    assert f'value="{world["other_area"].pk}"' not in form
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.name_fi == "Perheiden verkosto"


def test_links_to_the_forms_are_shown_to_those_who_may_use_them(client, world):
    NetworkFactory(welfare_area=world["area"], slug="perheverkosto")
    NetworkFactory(welfare_area=WelfareAreaFactory(code="pirkanmaa"), slug="tampere-verkosto")

    client.force_login(world["people"]["coordinator"])
    assert 'href="/en/networks/new/"' in client.get("/en/networks/").content.decode()
    assert (
        'href="/en/networks/perheverkosto/edit/"'
        in client.get("/en/networks/perheverkosto/").content.decode()
    )
    assert "/edit/" not in client.get("/en/networks/tampere-verkosto/").content.decode()

    client.force_login(world["people"]["member"])
    assert 'href="/en/networks/new/"' not in client.get("/en/networks/").content.decode()
    assert "/edit/" not in client.get("/en/networks/perheverkosto/").content.decode()

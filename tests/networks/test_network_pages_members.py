"""The area's coordinator adds NGOs and service units to a network, names their
representatives and removes members; nobody else may."""

# The tests take the network fixture imported from network_page_helpers as an argument.
# ruff: noqa: F811

import re

import pytest

from coact.models import AuditEvent
from networks.models import Invitation, NetworkMembership
from organizations.models import Membership, Role
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    UserFactory,
    WelfareAreaFactory,
    schedule_test_series,
)
from tests.networks.network_page_helpers import (  # noqa: F401 - a fixture
    detail,
    network,
    signed_in,
    text_of,
)

pytestmark = pytest.mark.django_db


# --- Members and representatives -----------------------------------------------------------


def test_the_coordinator_adds_an_ngo_with_its_representatives(client, world, network):
    other_ngo = OrganizationFactory(welfare_area=world["area"], name="Monikulttuurinen ry")
    helper = UserFactory(email="helper@monikulttuuri.example", name="Hodan Ali")
    MembershipFactory(user=helper, role=Role.NGO_MEMBER, organization=other_ngo)
    outsider = UserFactory(email="outsider@example.org", name="Ulla Ulkopuolinen")
    client = signed_in(client, world, "coordinator")
    url = "/en/networks/perheverkosto/members/"

    choose = text_of(client.get(url))
    assert "Monikulttuurinen ry" in choose
    assert world["application"].name not in choose  # not active
    assert f'value="ngo-{world["organization"].pk}"' not in choose  # a member already

    step = text_of(client.get(url, {"member": f"ngo-{other_ngo.pk}"}))
    assert "Hodan Ali (helper@monikulttuuri.example)" in step
    assert "Ulla Ulkopuolinen" not in step

    response = client.post(
        url, {"member": f"ngo-{other_ngo.pk}", "representatives": [helper.pk]}, follow=True
    )

    assert response.redirect_chain[-1][0] == url
    membership = NetworkMembership.objects.get(organization=other_ngo)
    assert list(membership.representatives.all()) == [helper]
    page = text_of(response)
    assert "Monikulttuurinen ry is now a member of the network." in page
    assert "<li>Hodan Ali</li>" in page
    assert AuditEvent.objects.filter(action=AuditEvent.Action.NETWORK_MEMBER_ADDED).exists()
    assert "representative: Hodan Ali" in text_of(detail(client))
    assert outsider not in membership.representatives.all()


def test_a_new_representative_is_invited_to_the_meetings_already_scheduled(
    client, world, network, django_capture_on_commit_callbacks
):
    schedule_test_series(network, by=world["people"]["coordinator"])
    staff = world["people"]["unit_staff"]
    client = signed_in(client, world, "coordinator")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/networks/perheverkosto/members/",
            {"member": f"unit-{world['unit'].pk}", "representatives": [staff.pk]},
        )

    assert Invitation.objects.filter(user=staff, meeting__network=network).exists()


def test_a_units_named_network_representative_is_ticked_to_start_with(client, world, network):
    unit = world["unit"]
    unit.representative = world["people"]["unit_staff"]
    unit.save()

    page = signed_in(client, world, "coordinator").get(
        "/en/networks/perheverkosto/members/", {"member": f"unit-{unit.pk}"}
    )

    assert re.search(rf'value="{unit.representative.pk}"[^>]*checked', page.content.decode())


def test_a_unit_without_people_can_be_added_without_representatives(client, world, network):
    unit = ServiceUnitFactory(welfare_area=world["area"], name="Perhekeskus Tikkurila")
    client = signed_in(client, world, "coordinator")

    step = text_of(client.get("/en/networks/perheverkosto/members/", {"member": f"unit-{unit.pk}"}))
    response = client.post("/en/networks/perheverkosto/members/", {"member": f"unit-{unit.pk}"})

    assert "No one from Perhekeskus Tikkurila has an account in the portal yet." in step
    assert response.status_code == 302
    assert NetworkMembership.objects.get(service_unit=unit).representatives.count() == 0


def test_a_representative_from_outside_the_ngo_is_refused(client, world, network):
    other_ngo = OrganizationFactory(welfare_area=world["area"])
    outsider = world["people"]["unit_staff"]

    response = signed_in(client, world, "coordinator").post(
        "/en/networks/perheverkosto/members/",
        {"member": f"ngo-{other_ngo.pk}", "representatives": [outsider.pk]},
    )

    assert response.status_code == 400
    assert "Choose the representatives from the people listed." in response.content.decode()
    assert not NetworkMembership.objects.filter(organization=other_ngo).exists()


def test_an_ngo_of_another_area_or_a_member_already_cannot_be_added(client, world, network):
    foreign = OrganizationFactory(welfare_area=world["other_area"])
    client = signed_in(client, world, "coordinator")

    for value in [f"ngo-{foreign.pk}", f"ngo-{world['organization'].pk}"]:
        response = client.post("/en/networks/perheverkosto/members/", {"member": value})

        assert response.status_code == 400
        assert "Choose an NGO or a service unit from the list." in text_of(response)
    assert network.memberships.count() == 1


def test_an_ngo_serving_the_area_from_elsewhere_can_be_added(client, world, network):
    serving = OrganizationFactory(welfare_area=world["other_area"], name="Valtakunnallinen ry")
    serving.areas.add(world["area"])

    page = text_of(
        signed_in(client, world, "coordinator").get("/en/networks/perheverkosto/members/")
    )

    assert "Valtakunnallinen ry" in page


@pytest.mark.parametrize(
    "persona", ["member", "other_member", "unit_staff", "other_unit_staff", "other_coordinator"]
)
def test_only_the_areas_coordinators_manage_members(client, world, network, persona):
    client = signed_in(client, world, persona)
    membership = network.memberships.get()
    other_ngo = OrganizationFactory(welfare_area=world["area"])

    assert client.get("/en/networks/perheverkosto/members/").status_code == 403
    assert client.post("/en/networks/perheverkosto/members/",
                       {"member": f"ngo-{other_ngo.pk}"}).status_code == 403  # fmt: skip
    edit = f"/en/networks/perheverkosto/members/{membership.pk}/"
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"remove": "1"}).status_code == 403
    assert network.memberships.count() == 1


def test_a_network_coordinator_from_another_area_manages_their_own_network(client, world, network):
    network.coordinators.add(world["people"]["other_coordinator"])

    response = signed_in(client, world, "other_coordinator").get(
        "/en/networks/perheverkosto/members/"
    )

    assert response.status_code == 200


def test_signed_out_people_are_sent_to_sign_in_to_manage(client, network):
    membership = network.memberships.get()

    for url in ["/en/networks/perheverkosto/members/",
                f"/en/networks/perheverkosto/members/{membership.pk}/"]:  # fmt: skip
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")


def test_the_coordinator_changes_the_representatives(client, world, network):
    membership = network.memberships.get()
    colleague = world["membership"].user
    url = f"/en/networks/perheverkosto/members/{membership.pk}/"
    client = signed_in(client, world, "coordinator")

    form = text_of(client.get(url))
    response = client.post(url, {"representatives": [colleague.pk]}, follow=True)

    assert f"({colleague.email})" in form
    assert response.redirect_chain[-1][0] == "/en/networks/perheverkosto/members/"
    assert list(membership.representatives.all()) == [colleague]
    assert f"The representatives of {world['organization'].name} were saved." in text_of(response)
    event = AuditEvent.objects.get(action=AuditEvent.Action.NETWORK_REPRESENTATIVES_CHANGED)
    assert event.details == {"representatives": [colleague.pk]}


def test_a_representative_who_left_the_ngo_can_still_be_taken_off(client, world, network):
    membership = network.memberships.get()
    member = world["people"]["member"]
    Membership.objects.filter(user=member).delete()
    url = f"/en/networks/perheverkosto/members/{membership.pk}/"
    client = signed_in(client, world, "coordinator")

    assert f"({member.email})" in text_of(client.get(url))
    client.post(url, {})

    assert membership.representatives.count() == 0


def test_the_coordinator_removes_a_member(client, world, network):
    membership = network.memberships.get()

    response = signed_in(client, world, "coordinator").post(
        f"/en/networks/perheverkosto/members/{membership.pk}/", {"remove": "1"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/en/networks/perheverkosto/members/"
    assert not network.memberships.exists()
    assert f"{world['organization'].name} was removed from the network." in text_of(response)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.NETWORK_MEMBER_REMOVED).exists()


def test_a_member_of_another_network_is_not_found(client, world, network):
    other = NetworkFactory(welfare_area=world["area"])
    foreign = NetworkMembershipFactory(network=other)

    response = signed_in(client, world, "coordinator").get(
        f"/en/networks/perheverkosto/members/{foreign.pk}/"
    )

    assert response.status_code == 404


def test_an_unknown_network_is_not_found(client):
    WelfareAreaFactory()
    assert client.get("/en/networks/no-such-network/").status_code == 404

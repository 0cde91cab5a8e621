"""'My work' (Oma työ), where each role lands after signing in: the panels the apps give
it (coact.my_work), and a bounded number of queries for each role."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from coact import my_work
from networks import services
from networks.models import Invitation
from organizations.models import Organization, Role
from referrals.services import contact_request_send
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    WelfareAreaFactory,
    schedule_test_series,
)
from tests.query_budget import SIGNED_IN
from tests.referrals.contact_helpers import request_client
from tests.referrals.helpers import consent_data

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's main content as text, with single spaces."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def panel(response, heading_id: str) -> str:
    """The HTML of the panel whose heading has this id."""
    html = response.content.decode()
    start = html.rindex("<section", 0, html.index(f'id="{heading_id}"'))
    return html[start : html.index("</section>", start)]


@pytest.fixture
def busy(world):
    """The world with something in every panel: NGOs in and out of the unit's area, some
    stale or unverified, a network of the NGO and the unit with a monthly series that the
    coordinator organises, one invitation answered yes."""
    area, people = world["area"], world["people"]
    now = timezone.now()
    Organization.objects.filter(pk=world["organization"].pk).update(
        last_confirmed_at=now - dt.timedelta(days=10), verified_at=now
    )
    OrganizationFactory(
        welfare_area=area, name="Vanha tieto ry", last_confirmed_at=now - dt.timedelta(days=400)
    )
    serving = OrganizationFactory(
        welfare_area=WelfareAreaFactory(code="helsinki"), name="Palvelee myös Vantaata ry"
    )
    serving.areas.add(area)
    OrganizationFactory(welfare_area=WelfareAreaFactory(code="pirkanmaa"), name="Tampereella ry")
    network = NetworkFactory(welfare_area=area, name="Perheiden verkosto", slug="perheverkosto")
    NetworkMembershipFactory(
        network=network, organization=world["organization"], representatives=[people["member"]]
    )
    NetworkMembershipFactory(
        network=network,
        organization=None,
        service_unit=world["unit"],
        representatives=[people["unit_staff"]],
    )
    schedule_test_series(network, by=people["coordinator"], title="Kuukausikahvit", days_ahead=3)
    first = Invitation.objects.filter(user=people["unit_staff"]).order_by("meeting__start").first()
    services.invitation_reply(invitation=first, response=Invitation.Response.YES)
    return {**world, "network": network, "first_invitation": first}


def test_both_apps_register_their_panels():
    names = [panel.name for panel in my_work.registered()]

    assert names == [
        "referrals.inbox",
        "referrals.sent",
        "organizations.area_directory",
        "organizations.own_profile",
        "organizations.profiles_to_check",
        "referrals.contact_requests",
        "networks.organised",
        "networks.meetings",
        "networks.networks",
    ]


def test_sign_in_leads_to_my_work(client, world):
    from django.conf import settings
    from django.shortcuts import resolve_url
    from django.utils import translation

    with translation.override("fi"):
        assert resolve_url(settings.LOGIN_REDIRECT_URL) == "/fi/me/"
    client.force_login(world["people"]["unit_staff"])

    response = client.get("/en/me/")

    assert response.status_code == 200
    assert "<h1>My work</h1>" in response.content.decode()


# --- A unit worker ------------------------------------------------------------------------


def test_a_unit_worker_sees_the_ngos_of_their_own_area_clearably(client, busy):
    client.force_login(busy["people"]["unit_staff"])

    response = client.get("/fi/me/")

    directory = panel(response, "work-area-heading")
    text = " ".join(re.sub(r"<[^>]+>", " ", directory).split())
    assert (
        "Näytetään vain oman hyvinvointialueesi järjestöt: Vantaan ja Keravan hyvinvointialue."
        in text
    )
    assert '<a href="/fi/organizations/">Näytä kaikki järjestöt</a>' in directory
    assert 'href="/fi/organizations/?area=vantaa-kerava"' in directory
    # Based in the area or serving it; not another area's, not an application.
    assert "Vanha tieto ry" in text
    assert "Palvelee myös Vantaata ry" in text
    assert busy["organization"].name in text
    assert "Tampereella ry" not in text
    assert busy["application"].name not in text
    assert "Näytä alueesi kaikki 4 järjestöä hakemistossa" in text
    # A search inside the area: a GET form to the directory that keeps the area.
    assert 'action="/fi/organizations/"' in directory
    assert '<input type="hidden" name="area" value="vantaa-kerava">' in directory


def test_a_unit_worker_sees_invitations_to_reply_with_the_buttons(client, busy):
    client.force_login(busy["people"]["unit_staff"])

    response = client.get("/en/me/")

    waiting = panel(response, "work-invitations-heading")
    unanswered = Invitation.objects.filter(user=busy["people"]["unit_staff"], response="")
    shown = unanswered.order_by("meeting__start")[:5]
    for invitation in shown:
        assert f'name="invitation" value="{invitation.pk}"' in waiting
    assert f'value="{busy["first_invitation"].pk}"' not in waiting  # answered already
    assert f"{unanswered.count()} invitations wait for your reply." in text_of(response)
    assert 'action="/en/meetings/"' in waiting
    assert "Meetings you are coming to" in waiting
    first = busy["first_invitation"].meeting
    assert f'href="/en/meetings/{first.pk}/"' in waiting.split("Meetings you are coming to")[1]


def test_the_reply_buttons_answer_the_invitation(client, busy):
    client.force_login(busy["people"]["unit_staff"])
    invitation = (
        Invitation.objects.filter(user=busy["people"]["unit_staff"], response="")
        .order_by("meeting__start")
        .first()
    )

    client.post("/en/meetings/", {"invitation": invitation.pk, "response": "maybe"})

    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.MAYBE
    assert (
        f'value="{invitation.pk}"'
        not in panel(client.get("/en/me/"), "work-invitations-heading").split(
            "Meetings you are coming to"
        )[0]
    )


# --- An NGO admin -----------------------------------------------------------------------


def test_an_ngo_admin_sees_what_the_profile_lacks_and_its_freshness(client, world):
    client.force_login(world["people"]["member"])

    response = client.get("/en/me/")

    profile = panel(response, "work-profile-heading")
    assert "The information has not been confirmed current yet." in profile
    assert "What the profile still lacks" in profile
    # The world's NGO has a location and an activity, but no descriptions or languages.
    assert 'href="/en/organizations/owning-ngo/edit/#id_description_fi"' in profile
    assert "The languages you serve in" in profile
    assert "A location" not in profile
    assert 'action="/en/organizations/owning-ngo/confirm/"' in profile


def test_the_ngo_admin_confirms_the_profile_with_one_click(client, world):
    client.force_login(world["people"]["member"])

    response = client.post("/en/organizations/owning-ngo/confirm/", {"next": "/en/me/"})

    assert response["Location"] == "/en/me/"
    world["organization"].refresh_from_db()
    assert world["organization"].last_confirmed_at is not None
    page = client.get("/en/me/")
    assert "Thank you. The information is marked current." in page.content.decode()
    assert "The information was last confirmed current on" in panel(page, "work-profile-heading")


def test_a_stale_profile_asks_to_be_confirmed(client, world):
    Organization.objects.filter(pk=world["organization"].pk).update(
        last_confirmed_at=timezone.now() - dt.timedelta(days=200)
    )
    client.force_login(world["people"]["member"])

    profile = panel(client.get("/en/me/"), "work-profile-heading")

    assert "Please confirm the information." in profile
    assert "The directory shows the profile as possibly out of date." in profile


def test_an_ngo_member_who_cannot_edit_gets_no_confirm_button(client, world):
    volunteer = world["membership"].user  # an NGO member of the owning NGO
    client.force_login(volunteer)

    profile = panel(client.get("/en/me/"), "work-profile-heading")

    assert "/confirm/" not in profile
    assert "What the profile still lacks" not in profile
    assert 'href="/en/organizations/owning-ngo/"' in profile


# --- A coordinator ----------------------------------------------------------------------


def test_a_coordinator_sees_the_profiles_to_check(client, busy):
    client.force_login(busy["people"]["coordinator"])

    response = client.get("/en/me/")

    check = panel(response, "work-check-heading")
    text = " ".join(re.sub(r"<[^>]+>", " ", check).split())
    assert "Vanha tieto ry" in text  # stale
    assert "other-ngo" in check  # never confirmed, never verified
    assert busy["organization"].name not in text  # confirmed and verified
    assert "Palvelee myös Vantaata ry" not in text  # another area's to check
    assert "1 NGO application waits for your decision" in text
    assert 'href="/en/coordination/freshness/"' in check


def test_a_coordinator_sees_the_meetings_they_organise_with_reply_counts(client, busy):
    client.force_login(busy["people"]["coordinator"])

    organised = panel(client.get("/en/me/"), "work-organised-heading")
    text = " ".join(re.sub(r"<[^>]+>", " ", organised).split())

    first = busy["first_invitation"].meeting
    assert f'href="/en/meetings/{first.pk}/"' in organised
    assert "1 coming" in text
    assert "1 no reply yet" in text
    assert 'href="/en/meetings/new/"' in organised


def test_a_coordinator_sees_the_networks_they_run_and_can_create_one(client, busy):
    client.force_login(busy["people"]["coordinator"])

    networks = panel(client.get("/en/me/"), "work-networks-heading")

    assert "Networks you run" in networks
    assert 'href="/en/networks/perheverkosto/"' in networks
    assert "2 members" in networks
    assert 'href="/en/networks/new/"' in networks


def test_people_who_take_part_see_their_networks_but_cannot_create_one(client, busy):
    client.force_login(busy["people"]["member"])

    networks = panel(client.get("/en/me/"), "work-networks-heading")

    assert "Your networks" in networks
    assert 'href="/en/networks/perheverkosto/"' in networks
    assert "/networks/new/" not in networks


def test_each_role_sees_only_its_own_panels(client, busy):
    headings = {}
    for persona in ("unit_staff", "member", "coordinator"):
        client.force_login(busy["people"][persona])
        html = client.get("/en/me/").content.decode()
        headings[persona] = re.findall(r'<h2 id="(work-[a-z]+)-heading"', html)

    assert headings == {
        "unit_staff": [
            "work-referrals",
            "work-area",
            "work-contact",
            "work-invitations",
            "work-networks",
        ],
        "member": ["work-profile", "work-contact", "work-invitations", "work-networks"],
        "coordinator": ["work-check", "work-organised", "work-invitations", "work-networks"],
    }


# --- Bounded queries ----------------------------------------------------------------------

# Around every signed-in page (tests/query_budget.py). Every role's meetings panels: the
# meetings the person organises with their reply counts, the person's invitations with
# their meetings, the meetings' languages.
COMMON = SIGNED_IN + 3


def more_of_everything(world, user, *, start: int) -> None:
    """More NGOs in the area, and more networks with the person as a representative, each
    with a monthly series of meetings."""
    for n in range(start, start + 3):
        OrganizationFactory(welfare_area=world["area"], name=f"Lisää {n} ry")
        network = NetworkFactory(welfare_area=world["area"], slug=f"lisaa-{n}")
        NetworkMembershipFactory(
            network=network, organization=world["organization"], representatives=[user]
        )
        schedule_test_series(network, by=world["people"]["coordinator"], days_ahead=4 + n)
    ServiceUnitFactory(welfare_area=world["area"])
    MembershipFactory(user=world["people"]["other_member"], role=Role.NGO_MEMBER)
    contact_request_send(
        organization=world["organization"],
        unit=world["unit"],
        by=world["people"]["member"],
        consent=consent_data(),
        client=request_client(),
    )


@pytest.mark.parametrize(
    ("persona", "panel_queries"),
    [
        # The unit's open referrals and those answered lately; the area's NGOs: how
        # many, the first ones, their languages; the unit's contact requests by state and
        # the oldest open ones; the networks the person takes part in; the person's model
        # permissions (2, for "may create a network?", which the rules answer no).
        ("unit_staff", 2 + 3 + 2 + 1 + 2),
        # The referrals to the NGO waiting for an answer (an admin handles them); the
        # profile's checklist: languages, themes, opening hours, locations, activities;
        # the NGO's contact requests by state and the oldest open ones; the networks the
        # person takes part in; the model permissions (2).
        ("member", 1 + 5 + 2 + 1 + 2),
        # How many profiles to check, the first ones, the applications waiting; the
        # networks the person coordinates by name (for the rules), the networks they run
        # with member counts.
        ("coordinator", 3 + 2),
    ],
)
def test_my_work_runs_a_fixed_number_of_queries(
    client, busy, django_assert_num_queries, persona, panel_queries
):
    user = busy["people"][persona]
    more_of_everything(busy, user, start=0)
    client.force_login(user)
    client.get("/en/me/")  # the first request after signing in stamps the session

    with django_assert_num_queries(COMMON + panel_queries):
        response = client.get("/en/me/")
    assert response.status_code == 200

    more_of_everything(busy, user, start=3)
    with django_assert_num_queries(COMMON + panel_queries):
        client.get("/en/me/")

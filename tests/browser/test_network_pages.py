"""The network pages pass axe-core in Finnish, Swedish and English: the list, a network's
page for anyone and for a member with the board, the coordinators' member pages, and the
board's form with an error, both with htmx and as a plain form."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from networks.models import BoardPost, Meeting
from networks.services import board_post_create
from tests.browser.test_people_pages_accessibility import (
    heading,
    open_page,
    sign_in,
    translated,
)
from tests.factories import NetworkFactory, NetworkMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]
IDENTITY_CODE = "131052-308T"  # a valid test henkilötunnus
IDENTITY_CODE_ERROR = (
    "Remove the personal identity code. The board is for general observations "
    "and activities, never for information about a client."
)


@pytest.fixture
def network(world):
    """A network of the area with the owning NGO and the unit as members, a public and an
    internal meeting, and two posts on the board."""
    network = NetworkFactory(
        welfare_area=world["area"],
        slug="perheverkosto",
        name="Perheiden verkosto",
        name_en="Network for families",
        purpose_fi="Perhekeskus ja järjestöt tapaavat joka kuukausi.",
    )
    network.coordinators.add(UserFactory(email="lead@vantaa.example", name="Aino Verkostonen"))
    NetworkMembershipFactory(
        network=network,
        organization=world["organization"],
        representatives=[world["people"]["member"]],
    )
    NetworkMembershipFactory(network=network, organization=None, service_unit=world["unit"])
    for title, public in [("Avoin kahvitilaisuus", True), ("Suunnittelukokous", False)]:
        Meeting.objects.create(
            title=title,
            network=network,
            welfare_area=network.welfare_area,
            start=timezone.now() + dt.timedelta(days=5),
            public=public,
            address="Asematie 1, Vantaa",
        )
    board_post_create(network=network, author=world["people"]["coordinator"], kind="observation",
                  body="Syksyn ryhmät täyttyvät nopeasti.")  # fmt: skip
    board_post_create(network=network, author=world["people"]["member"], kind="activity",
                  body="Läksykerho tiistaisin.",
                  expires_on=timezone.localdate() + dt.timedelta(days=30))  # fmt: skip
    return network


@pytest.mark.parametrize("lang", LANGUAGES)
def test_network_list(live_server, page, assert_accessible, network, lang):
    open_page(page, live_server, lang, "/networks/")

    assert heading(page) == translated(lang, "Networks")
    expect(
        page.get_by_role("link", name=network.name_en if lang == "en" else network.name_fi)
    ).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_network_list_with_an_unknown_area(live_server, page, assert_accessible, network, lang):
    open_page(page, live_server, lang, "/networks/?area=atlantis")

    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_network_page_for_anyone(live_server, page, assert_accessible, network, lang):
    open_page(page, live_server, lang, "/networks/perheverkosto/")

    expect(page.get_by_role("link", name="Avoin kahvitilaisuus")).to_be_visible()
    expect(page.get_by_text("Läksykerho tiistaisin.")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_network_page_for_a_member_with_the_board(
    live_server, page, assert_accessible, world, network, lang
):
    sign_in(page, live_server, world["people"]["member"])

    open_page(page, live_server, lang, "/networks/perheverkosto/")

    expect(page.get_by_role("heading", name=translated(lang, "Shared board"))).to_be_visible()
    expect(page.get_by_text("Läksykerho tiistaisin.")).to_be_visible()
    expect(page.get_by_role("link", name="Suunnittelukokous")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_board_form_with_an_error(live_server, page, assert_accessible, world, network, lang):
    """With JavaScript the post goes through htmx and only the board is swapped."""
    sign_in(page, live_server, world["people"]["member"])
    open_page(page, live_server, lang, "/networks/perheverkosto/")
    text = f"Asiakas {IDENTITY_CODE} tarvitsee tukea."

    page.locator("#id_body").fill(text)
    page.locator("#board-submit").click()

    expect(page.get_by_role("alert")).to_contain_text(translated(lang, IDENTITY_CODE_ERROR))
    expect(page.locator("#id_body")).to_have_value(text)
    expect(page.locator("#id_body")).to_have_attribute("aria-invalid", "true")
    assert page.url == f"{live_server.url}/{lang}/networks/perheverkosto/"  # no reload
    assert BoardPost.objects.count() == 2
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_board_form_with_an_error_as_a_plain_form(
    live_server, page, assert_accessible, world, network, lang
):
    """Without htmx (its script blocked) the form posts as a plain form and the whole page
    comes back with the error and the text as typed."""
    page.route("**/vendor/htmx/**", lambda route: route.abort())
    sign_in(page, live_server, world["people"]["member"])
    open_page(page, live_server, lang, "/networks/perheverkosto/")
    text = f"Hetu {IDENTITY_CODE}"

    page.locator("#id_body").fill(text)
    page.locator("#board-submit").click()

    page.wait_for_url(f"{live_server.url}/{lang}/networks/perheverkosto/board/")
    expect(page.get_by_role("alert")).to_contain_text(translated(lang, IDENTITY_CODE_ERROR))
    expect(page.locator("#id_body")).to_have_value(text)
    assert page.locator("html").get_attribute("lang") == lang
    assert BoardPost.objects.count() == 2
    assert_accessible(page)


def test_a_post_through_htmx_appears_and_is_announced(live_server, page, world, network):
    sign_in(page, live_server, world["people"]["member"])
    open_page(page, live_server, "en", "/networks/perheverkosto/")

    page.get_by_label("General observation").check()
    page.locator("#id_body").fill("Uusi ryhmä nuorille alkaa syyskuussa.")
    page.locator("#board-submit").click()

    expect(page.locator("#board-status")).to_contain_text("Your post is on the board.")
    expect(page.locator("#board-content li").first).to_contain_text("Uusi ryhmä nuorille")
    expect(page.locator("#id_body")).to_have_value("")
    assert page.evaluate("document.activeElement.id") == "board-submit"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_network_members_page(live_server, page, assert_accessible, world, network, lang):
    sign_in(page, live_server, world["people"]["coordinator"])

    open_page(page, live_server, lang, "/networks/perheverkosto/members/")

    assert heading(page) == translated(lang, "Members and representatives")
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_adding_a_member_step_by_step(live_server, page, assert_accessible, world, network, lang):
    sign_in(page, live_server, world["people"]["coordinator"])
    open_page(page, live_server, lang, "/networks/perheverkosto/members/")
    other_ngo = f"ngo-{world['people']['other_member'].memberships.get().organization_id}"

    page.locator("#id_member").select_option(other_ngo)
    page.get_by_role("button", name=translated(lang, "Next: choose the representatives")).click()

    checkbox = page.get_by_role("checkbox", name="admin@other.example", exact=False)
    expect(checkbox).to_be_visible()
    assert_accessible(page)
    checkbox.check()
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.get_by_role("status").first).to_be_visible()
    assert network.memberships.count() == 3


@pytest.mark.parametrize("lang", LANGUAGES)
def test_adding_a_member_with_an_error(live_server, page, assert_accessible, world, network, lang):
    sign_in(page, live_server, world["people"]["coordinator"])
    open_page(page, live_server, lang, "/networks/perheverkosto/members/")

    page.get_by_role("button", name=translated(lang, "Next: choose the representatives")).click()

    expect(page.get_by_role("alert")).to_be_visible()  # nothing was chosen
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_network_member_edit_page(live_server, page, assert_accessible, world, network, lang):
    sign_in(page, live_server, world["people"]["coordinator"])
    membership = network.memberships.get(organization=world["organization"])

    open_page(page, live_server, lang, f"/networks/perheverkosto/members/{membership.pk}/")

    assert heading(page) == world["organization"].name
    expect(page.get_by_role("checkbox", name="member@owning.example", exact=False)).to_be_checked()
    assert_accessible(page)

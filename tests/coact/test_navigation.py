"""The ways in: the header's menu for everyone and for each role, the current page marked
for screen readers, and the home page that leads with a search of the directory."""

import re

import pytest

pytestmark = pytest.mark.django_db


def menu(response) -> list[tuple[str, str, bool]]:
    """(href, text, is the current page) of every link in the main menu."""
    html = response.content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index("site-nav"))]
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
    return [(href, text.strip(), bool(current)) for href, current, text in links]


def test_signed_out_the_menu_has_the_public_lists_and_sign_in(client):
    response = client.get("/fi/networks/")

    assert menu(response) == [
        ("/fi/organizations/", "Järjestöt", False),
        ("/fi/units/", "Yksiköiden yhteyspisteet", False),
        ("/fi/networks/", "Verkostot", True),
        ("/fi/accounts/login/", "Kirjaudu sisään", False),
    ]
    assert '<summary class="site-menu__toggle">' in response.content.decode()


def test_the_directory_is_marked_current_with_a_query_too(client):
    response = client.get("/en/organizations/?q=somali")

    assert ("/en/organizations/", "NGOs", True) in menu(response)


def test_a_unit_worker_has_my_work_meetings_their_referrals_and_their_unit(client, world):
    client.force_login(world["people"]["unit_staff"])

    links = menu(client.get("/en/me/"))

    assert links == [
        ("/en/organizations/", "NGOs", False),
        ("/en/units/", "Units' contact points", False),
        ("/en/networks/", "Networks", False),
        ("/en/me/", "My work", True),
        ("/en/meetings/", "Meetings", False),
        ("/en/referrals/sent/", "Referrals", False),
        ("/en/units/koto-vantaa/", "My unit", False),
        ("/en/me/profile/", "Profile", False),
    ]


def test_an_ngo_admin_has_their_own_ngo(client, world):
    client.force_login(world["people"]["member"])

    links = menu(client.get("/sv/organizations/owning-ngo/"))

    assert ("/sv/me/", "Mitt arbete", False) in links
    assert ("/sv/organizations/owning-ngo/", "Min organisation", True) in links
    assert not any(href == "/sv/coordination/" for href, _text, _current in links)


def test_a_coordinator_has_coordination_and_the_audit_log(client, world):
    client.force_login(world["people"]["coordinator"])

    links = menu(client.get("/fi/coordination/"))

    assert ("/fi/me/", "Oma työ", False) in links
    assert ("/fi/coordination/", "Koordinointi", True) in links
    assert ("/fi/audit/", "Tarkastusloki", False) in links


def test_the_home_page_leads_with_a_search_of_the_directory(client):
    html = client.get("/fi/").content.decode()

    main = html[html.index("<main") :]
    form = main[main.index("<form") : main.index("</form>")]
    assert 'method="get"' in form
    assert 'action="/fi/organizations/"' in form
    assert re.search(r'<input type="search"\s+id="home-q"\s+name="q"', form)
    assert '<label id="home-search-label" for="home-q">Etsi järjestö</label>' in form
    # The search comes before anything else the page says about the portal.
    assert main.index("<form") < main.index('id="who-heading"')
    assert 'href="/fi/organizations/">Selaa kaikkia järjestöjä' in main
    assert 'href="/fi/units/">Hyvinvointialueen yksiköiden yhteyspisteet' in main


def test_the_home_page_search_finds_ngos(client, world):
    from organizations.models import Organization

    Organization.objects.filter(pk=world["organization"].pk).update(
        name="Somalialaisten perheiden yhdistys"
    )

    response = client.get("/fi/organizations/", {"q": "Somalialaisten"})

    assert "Somalialaisten perheiden yhdistys" in response.content.decode()

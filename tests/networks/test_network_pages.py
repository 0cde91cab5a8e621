"""The network pages as people use them: anyone reads the list and a network's public
profile; the people who take part see the representatives, every meeting and the shared
board, and post on it.

The coordinator's pages for members and representatives are in
test_network_pages_members.py."""

# The tests take the network fixture imported from network_page_helpers as an argument.
# ruff: noqa: F811

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from coact.models import AuditEvent
from networks.models import BoardPost, Meeting, Network
from networks.services import board_post_create
from tests.factories import NetworkFactory, NetworkMembershipFactory, UserFactory
from tests.networks.network_page_helpers import (  # noqa: F401 - a fixture
    detail,
    network,
    signed_in,
    text_of,
)

pytestmark = pytest.mark.django_db

IDENTITY_CODE = "131052-308T"  # a valid test henkilötunnus


def translated(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def meeting(network, *, title, public, status=Meeting.Status.SCHEDULED, days=5):
    start = timezone.now() + dt.timedelta(days=days)
    return Meeting.objects.create(
        title=title,
        network=network,
        welfare_area=network.welfare_area,
        start=start,
        public=public,
        status=status,
        address="Asematie 1, Vantaa",
    )


def statements(context) -> list[str]:
    """The queries, without the savepoints of ATOMIC_REQUESTS."""
    return [q["sql"] for q in context.captured_queries if "SAVEPOINT" not in q["sql"]]


# --- The list ----------------------------------------------------------------------------


def test_anyone_sees_the_networks_with_kind_area_theme_and_number_of_members(client, network):
    response = client.get("/en/networks/")

    assert response.status_code == 200
    page = text_of(response)
    assert "Network for families" in page
    assert "Thematic network" in page
    assert str(network.welfare_area) in page
    assert re.search(r"<dt>Members</dt> <dd> 1 </dd>", page)


def test_the_list_filters_by_area_and_kind(client, world, network):
    other_area = world["other_area"]
    NetworkFactory(welfare_area=other_area, name="Pirkanmaan neuvottelukunta", slug="pirkanmaa",
                   kind=Network.Kind.ADVISORY_BOARD)  # fmt: skip

    by_area = text_of(client.get("/fi/networks/", {"area": other_area.code}))
    by_kind = text_of(client.get("/fi/networks/", {"kind": "thematic"}))
    nothing = text_of(client.get("/fi/networks/", {"area": "vantaa-kerava", "kind": "regional"}))

    assert "Pirkanmaan neuvottelukunta" in by_area
    assert "Perheiden verkosto" not in by_area
    assert "Perheiden verkosto" in by_kind
    assert "Pirkanmaan neuvottelukunta" not in by_kind
    assert translated("fi", "No networks match these filters.") in nothing


def test_an_unknown_area_in_the_list_says_what_to_do_and_shows_every_network(client, network):
    response = client.get("/en/networks/", {"area": "atlantis"})

    assert response.status_code == 200
    page = text_of(response)
    assert "Choose a welfare area from the list." in page
    assert "Network for families" in page


def test_a_name_only_in_finnish_is_marked_as_finnish_in_the_swedish_list(client, network):
    page = text_of(client.get("/sv/networks/"))

    assert 'lang="fi">Perheiden verkosto</a>' in page


def test_the_list_runs_the_same_queries_however_many_networks(client, world, network):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/en/networks/").status_code == 200
        return len(statements(context))

    few = queries()
    for n in range(5):
        other = NetworkFactory(welfare_area=world["area"], slug=f"more-{n}")
        NetworkMembershipFactory(network=other)

    # 1: the networks with their area, theme and number of members; 2: the areas to filter by
    assert queries() == few == 2


# --- A network's page ----------------------------------------------------------------------


def test_anyone_sees_the_public_part_but_not_the_board_or_representatives(client, world, network):
    meeting(network, title="Avoin kahvitilaisuus", public=True)
    meeting(network, title="Sisäinen suunnittelu", public=False)
    meeting(network, title="Peruttu tapaaminen", public=True, status=Meeting.Status.CANCELLED)
    meeting(network, title="Mennyt tapaaminen", public=True, days=-3)
    board_post_create(
        network=network, author=world["people"]["member"], kind="activity", body="Läksykerho"
    )

    response = detail(client)

    assert response.status_code == 200
    page = text_of(response)
    assert "Network for families" in page
    assert 'lang="fi">Perhekeskus ja järjestöt tapaavat.' in page
    assert "This text is only in Finnish." in page
    assert "Aino Verkostonen" in page
    assert f'href="/en/organizations/{world["organization"].slug}/"' in page
    assert "Avoin kahvitilaisuus" in page
    assert "Sisäinen suunnittelu" not in page
    assert "Peruttu tapaaminen" not in page
    assert "Mennyt tapaaminen" not in page
    assert "http://testserver/calendar/networks/perheverkosto.ics" in page
    assert "Läksykerho" not in page
    assert world["people"]["member"].name not in page
    assert 'id="board"' not in page
    assert "/members/" not in page


def test_a_member_ngo_sees_representatives_every_meeting_and_the_board(client, world, network):
    meeting(network, title="Sisäinen suunnittelu", public=False)
    meeting(network, title="Peruttu tapaaminen", public=True, status=Meeting.Status.CANCELLED)
    board_post_create(network=network, author=world["people"]["coordinator"], kind="observation",
                  body="Syksyn ryhmät täyttyvät nopeasti.")  # fmt: skip

    page = text_of(detail(signed_in(client, world, "member")))

    assert f"representative: {world['people']['member'].name}" in page
    assert "Sisäinen suunnittelu" in page
    assert "Peruttu tapaaminen" in page
    assert "Cancelled" in page
    assert 'id="board"' in page
    assert "Syksyn ryhmät täyttyvät nopeasti." in page
    assert "General observation" in page
    assert world["people"]["coordinator"].name in page
    assert "/members/" not in page  # managing is for coordinators


def test_the_coordinator_of_the_area_gets_links_to_manage_and_to_schedule(client, world, network):
    page = text_of(detail(signed_in(client, world, "coordinator")))

    assert 'href="/en/networks/perheverkosto/members/"' in page
    assert 'href="/en/meetings/new/?network=perheverkosto"' in page


def test_the_page_runs_the_same_queries_however_many_members_and_posts(client, world, network):
    client = signed_in(client, world, "coordinator")
    detail(client)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert detail(client).status_code == 200
        return len(statements(context))

    few = queries()
    for n in range(4):
        person = UserFactory()
        NetworkMembershipFactory(network=network, representatives=[person])
        board_post_create(network=network, author=person, kind="activity", body=f"Ryhmä {n}")
        meeting(network, title=f"Tapaaminen {n}", public=bool(n % 2), days=n + 1)

    assert queries() == few


# --- The board -----------------------------------------------------------------------------


def test_a_member_ngo_admin_posts_on_the_board(client, world, network):
    client = signed_in(client, world, "member")

    response = client.post(
        "/en/networks/perheverkosto/board/",
        {"kind": "activity", "body": "Naisten ryhmä tiistaisin klo 17.", "expires_on": ""},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/en/networks/perheverkosto/#board"
    post = BoardPost.objects.get()
    assert (post.network, post.author) == (network, world["people"]["member"])
    page = text_of(response)
    assert "Your post is on the board." in page
    assert "Naisten ryhmä tiistaisin klo 17." in page


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_post_with_an_identity_code_is_refused_and_the_text_is_kept(client, world, network,
                                                                      lang):  # fmt: skip
    client = signed_in(client, world, "member")
    body = f"Asiakas {IDENTITY_CODE} tarvitsee tukihenkilön."
    expires = (timezone.localdate() + dt.timedelta(days=14)).isoformat()

    response = client.post(
        f"/{lang}/networks/perheverkosto/board/",
        {"kind": "observation", "body": body, "expires_on": expires},
    )

    assert response.status_code == 400
    assert not BoardPost.objects.exists()
    page = response.content.decode()
    error = translated(
        lang,
        "Remove the personal identity code. The board is for general observations "
        "and activities, never for information about a client.",
    )
    assert error.replace("'", "&#x27;") in page
    assert re.search(rf">\s*{re.escape(body)}</textarea>", page)
    assert f'value="{expires}"' in page
    assert re.search(r'value="observation"[^>]*checked', page)
    assert 'role="alert"' in page


def test_with_htmx_only_the_board_comes_back_with_the_new_post(client, world, network):
    client = signed_in(client, world, "member")

    response = client.post(
        "/en/networks/perheverkosto/board/",
        {"kind": "activity", "body": "Kerhomme on taas auki."},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert 'id="board-content"' in page
    assert "Kerhomme on taas auki." in page
    assert 'hx-swap-oob="innerHTML"' in page
    assert "Your post is on the board." in page
    assert "Kerhomme on taas auki.</textarea>" not in page  # an empty form for the next post


def test_with_htmx_a_refused_post_comes_back_in_the_board_with_its_error(client, world, network):
    client = signed_in(client, world, "member")

    response = client.post(
        "/en/networks/perheverkosto/board/",
        {"kind": "activity", "body": f"Hetu {IDENTITY_CODE}"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200  # htmx swaps in only successful responses
    page = response.content.decode()
    assert "<html" not in page
    assert "Remove the personal identity code." in page
    assert f"Hetu {IDENTITY_CODE}</textarea>" in page
    assert not BoardPost.objects.exists()


def test_a_show_until_date_in_the_past_is_refused(client, world, network):
    client = signed_in(client, world, "member")
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = client.post(
        "/en/networks/perheverkosto/board/",
        {"kind": "activity", "body": "Kevätjuhla", "expires_on": yesterday.isoformat()},
    )

    assert response.status_code == 400
    assert "Choose today or a later day, or leave the date empty." in response.content.decode()
    assert not BoardPost.objects.exists()


def test_expired_posts_are_not_shown(client, world, network):
    today = timezone.localdate()
    author = world["people"]["member"]
    board_post_create(network=network, author=author, kind="activity", body="Päättyi eilen")
    BoardPost.objects.update(expires_on=today - dt.timedelta(days=1))
    board_post_create(
        network=network, author=author, kind="activity", body="Viimeinen päivä", expires_on=today
    )
    board_post_create(network=network, author=author, kind="activity", body="Ei päättymispäivää")

    page = text_of(detail(signed_in(client, world, "member")))

    assert "Päättyi eilen" not in page
    assert "Viimeinen päivä" in page
    assert "Ei päättymispäivää" in page
    assert page.index("Ei päättymispäivää") < page.index("Viimeinen päivä")  # newest first


@pytest.mark.parametrize("persona", ["other_member", "unit_staff", "other_coordinator"])
def test_people_outside_the_network_cannot_post(client, world, network, persona):
    response = signed_in(client, world, persona).post(
        "/en/networks/perheverkosto/board/", {"kind": "activity", "body": "Hei"}
    )

    assert response.status_code == 403
    assert not BoardPost.objects.exists()


def test_signed_out_people_are_sent_to_sign_in_to_post(client, network):
    response = client.post("/en/networks/perheverkosto/board/", {"kind": "activity", "body": "Hei"})

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_the_author_removes_their_own_post(client, world, network):
    post = board_post_create(
        network=network, author=world["people"]["member"], kind="activity", body="Vanha"
    )

    response = signed_in(client, world, "member").post(
        f"/en/networks/perheverkosto/board/{post.pk}/delete/", follow=True
    )

    assert response.redirect_chain[-1][0] == "/en/networks/perheverkosto/#board"
    assert "The post was removed from the board." in text_of(response)
    assert not BoardPost.objects.exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.BOARD_POST_REMOVED)
    assert event.object_repr == ""  # the removed text does not live on in the log


def test_a_coordinator_removes_anyones_post(client, world, network):
    post = board_post_create(
        network=network, author=world["people"]["member"], kind="activity", body="Vanha"
    )

    response = signed_in(client, world, "coordinator").post(
        f"/en/networks/perheverkosto/board/{post.pk}/delete/"
    )

    assert response.status_code == 302
    assert not BoardPost.objects.exists()


def test_another_participant_cannot_remove_a_post_and_outsiders_do_not_find_it(
    client, world, network
):
    post = board_post_create(
        network=network, author=world["people"]["member"], kind="activity", body="Vanha"
    )
    colleague = world["membership"].user  # a member of the same NGO: sees the board
    url = f"/en/networks/perheverkosto/board/{post.pk}/delete/"

    client.force_login(colleague)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert signed_in(client, world, "other_member").post(url).status_code == 404
    assert BoardPost.objects.filter(pk=post.pk).exists()


def test_the_remove_button_shows_only_on_posts_one_may_remove(client, world, network):
    mine = board_post_create(
        network=network, author=world["people"]["member"], kind="activity", body="Oma"
    )
    theirs = board_post_create(
        network=network, author=world["people"]["coordinator"], kind="activity", body="Muiden"
    )

    page = text_of(detail(signed_in(client, world, "member")))

    assert f"/board/{mine.pk}/delete/" in page
    assert f"/board/{theirs.pk}/delete/" not in page

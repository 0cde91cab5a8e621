"""The ways into the inbox: the "My work" panel of an NGO's referral handlers (how many
wait for an answer, how long the oldest has waited, what is late) and the header's link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coact.workdays import working_days_between
from organizations.models import Organization
from referrals import services
from referrals.models import Referral
from tests.referrals.helpers import send
from tests.referrals.receiving_helpers import receiving_world

pytestmark = pytest.mark.django_db

MY_WORK = "/en/me/"


@pytest.fixture
def rworld(db):
    return receiving_world()


def panel_text(response) -> str | None:
    html = response.content.decode()
    if 'id="work-inbox-heading"' not in html:
        return None
    start = html.rindex("<section", 0, html.index('id="work-inbox-heading"'))
    section = html[start : html.index("</section>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_a_handler_sees_what_waits_for_an_answer_and_what_is_late(client, rworld):
    send(rworld)
    late, took = send(rworld), send(rworld)
    now = timezone.now()
    long_ago = now - timedelta(days=20)
    Referral.objects.filter(pk=late.pk).update(sent_at=long_ago, remind_at=now - timedelta(days=1))
    services.referral_accept(referral=took, by=rworld["handler"])
    client.force_login(rworld["handler"])

    text = panel_text(client.get(MY_WORK))

    assert "2 new referrals to Hiiraan tuki ry wait for your answer." in text
    age = working_days_between(long_ago, now)
    assert age >= 10
    assert f"The oldest was sent {age} working days ago." in text
    assert "1 is late: answer it today." in text
    assert "1 accepted referral is still open" in text
    assert 'href="/en/referrals/inbox/"' in client.get(MY_WORK).content.decode()


def test_with_nothing_waiting_the_panel_says_so(client, rworld):
    client.force_login(rworld["handler"])

    text = panel_text(client.get(MY_WORK))

    assert "No new referral to Hiiraan tuki ry waits for an answer." in text


def test_no_panel_for_an_ngo_that_receives_no_referrals_and_has_none_open(client, rworld):
    Organization.objects.filter(pk=rworld["organization"].pk).update(accepts_referrals=False)
    client.force_login(rworld["handler"])

    assert panel_text(client.get(MY_WORK)) is None


def test_an_ngo_that_stopped_receiving_still_shows_its_open_referrals(client, rworld):
    send(rworld)
    Organization.objects.filter(pk=rworld["organization"].pk).update(accepts_referrals=False)
    client.force_login(rworld["handler"])

    assert "1 new referral to Hiiraan tuki ry waits" in panel_text(client.get(MY_WORK))


@pytest.mark.parametrize("person", ["member", "worker", "coordinator"])
def test_no_panel_for_people_who_do_not_handle_referrals(client, rworld, person):
    send(rworld)
    client.force_login(rworld[person])

    assert panel_text(client.get(MY_WORK)) is None


def test_the_panel_runs_one_query_however_many_referrals(client, rworld):
    send(rworld)
    client.force_login(rworld["handler"])
    client.get(MY_WORK)  # the first request after signing in stamps the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(MY_WORK).status_code == 200
        return len(context.captured_queries)

    few = queries()
    for _ in range(10):
        services.referral_accept(referral=send(rworld), by=rworld["handler"])
    assert queries() == few


# --- The header -------------------------------------------------------------------------


def menu_links(response) -> list[tuple[str, str, bool]]:
    html = response.content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index("site-nav"))]
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
    return [(href, text.strip(), bool(current)) for href, current, text in links]


def test_a_handler_has_the_referrals_in_the_menu(client, rworld):
    client.force_login(rworld["handler"])

    assert ("/en/referrals/inbox/", "Referrals", False) in menu_links(client.get(MY_WORK))
    assert ("/en/referrals/inbox/", "Referrals", True) in menu_links(
        client.get("/en/referrals/inbox/")
    )


def test_unit_staff_have_their_sent_referrals_in_the_menu(client, rworld):
    client.force_login(rworld["worker"])

    assert ("/en/referrals/sent/", "Referrals", False) in menu_links(client.get(MY_WORK))
    assert ("/en/referrals/sent/", "Referrals", True) in menu_links(
        client.get("/en/referrals/sent/")
    )


@pytest.mark.parametrize("person", ["member", "coordinator"])
def test_others_have_no_inbox_in_the_menu(client, rworld, person):
    client.force_login(rworld[person])

    hrefs = [href for href, _text, _current in menu_links(client.get(MY_WORK))]

    assert "/en/referrals/inbox/" not in hrefs

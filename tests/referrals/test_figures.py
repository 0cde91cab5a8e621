"""The referral figures page (referrals/selectors/figures.py, referrals/views/figures.py):
counts for the person's scope and a period, small counts shown as "<5" and never worked
out from a total, medians only from five referrals or more, and nothing about a client."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.models import Role, Theme
from referrals.models import Referral, State
from referrals.selectors import Period, figure_scopes, referral_figures
from referrals.selectors.suppression import HIDDEN, SHOWN, SMALL
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    UserFactory,
    WelfareAreaFactory,
    with_totp,
)
from tests.referrals.figure_helpers import figure_tables, make_referrals
from tests.referrals.helpers import MARKERS, referral_world

pytestmark = pytest.mark.django_db

URL = "/en/referrals/figures/"
BY_STATE = "Referrals by state"
BY_OUTCOME = "Closed referrals by outcome"
BY_LANGUAGE = "Referrals by the client\N{RIGHT SINGLE QUOTATION MARK}s language"
BY_THEME = "Referrals by theme"


@pytest.fixture
def world():
    world = referral_world()
    for person in ("worker", "handler", "coordinator", "member"):
        with_totp(world[person])
    return world


def page(client, user, url=URL, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def tables(client, user, **params) -> dict:
    return figure_tables(page(client, user, **params))


# --- Who sees it ---------------------------------------------------------------------------


def test_signing_in_is_needed(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_ngo_member_who_handles_no_referrals_is_refused(client, world):
    client.force_login(world["member"])

    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("person", ["worker", "handler", "coordinator"])
def test_each_side_and_the_coordinator_see_the_same_referrals_counted(client, world, person):
    make_referrals(world, State.ACCEPTED, 6)

    shown = tables(client, world[person])

    assert shown[BY_STATE]["Accepted"] == "6"
    assert shown[BY_STATE]["All referrals"] == "6"


def test_a_unit_counts_only_what_it_sent_and_an_ngo_only_what_it_received(client, world):
    make_referrals(world, State.SENT, 5)
    elsewhere = {
        "unit": ServiceUnitFactory(welfare_area=world["area"]),
        "organization": OrganizationFactory(welfare_area=world["area"], accepts_referrals=True),
        "worker": with_totp(UserFactory()),
        "handler": with_totp(UserFactory()),
    }
    MembershipFactory(
        user=elsewhere["worker"],
        service_unit=elsewhere["unit"],
        organization=None,
        role=Role.UNIT_STAFF,
    )
    MembershipFactory(
        user=elsewhere["handler"],
        organization=elsewhere["organization"],
        role=Role.NGO_REFERRAL_HANDLER,
    )
    make_referrals(elsewhere, State.SENT, 7)

    assert tables(client, world["worker"])[BY_STATE]["All referrals"] == "5"
    assert tables(client, world["handler"])[BY_STATE]["All referrals"] == "5"
    assert tables(client, elsewhere["worker"])[BY_STATE]["All referrals"] == "7"
    # The coordinator of the area counts both.
    assert tables(client, world["coordinator"])[BY_STATE]["All referrals"] == "12"


def test_another_areas_coordinator_counts_none_of_them(client, world):
    make_referrals(world, State.SENT, 6)
    other = with_totp(UserFactory())
    area = WelfareAreaFactory(code="pirkanmaa")
    MembershipFactory(user=other, welfare_area=area, organization=None, role=Role.COORDINATOR)

    html = page(client, other)

    assert "No referrals were sent in this period." in html
    assert str(area) in html


def test_the_rule_and_the_scopes_agree_for_every_kind_of_person(world):
    admin = UserFactory(is_superuser=True)
    nobody = UserFactory()
    people = [world[name] for name in ("worker", "handler", "coordinator", "member")]

    for person in [*people, admin, nobody]:
        scopes = figure_scopes(person)
        assert person.has_perm("referrals.see_figures") == bool(scopes), person.email
    assert [scope.key for scope in figure_scopes(world["worker"])] == ["sent"]
    assert [scope.key for scope in figure_scopes(world["handler"])] == ["received"]
    assert [scope.key for scope in figure_scopes(world["coordinator"])] == ["area"]
    assert [(scope.key, scope.names) for scope in figure_scopes(admin)] == [("area", ())]


def test_a_platform_admin_counts_every_area(client, world):
    make_referrals(world, State.SENT, 5)
    admin = with_totp(UserFactory(is_superuser=True))

    html = page(client, admin)

    assert "Referrals to and from every welfare area" in html
    assert figure_tables(html)[BY_STATE]["All referrals"] == "5"


def test_a_person_with_several_roles_chooses_whose_referrals(client, world):
    MembershipFactory(
        user=world["worker"], welfare_area=world["area"], organization=None, role=Role.COORDINATOR
    )
    make_referrals(world, State.SENT, 5)

    html = page(client, world["worker"])

    assert '<select name="scope"' in html
    assert "Sent by KOTO-tiimi" in html
    assert f"To and from {world['area']}" in html
    area = figure_tables(page(client, world["worker"], scope="area"))
    assert area[BY_STATE]["All referrals"] == "5"


def test_the_first_figures_are_of_the_role_the_person_acts_in(client, world):
    coordinating = MembershipFactory(
        user=world["worker"], welfare_area=world["area"], organization=None, role=Role.COORDINATOR
    )
    client.force_login(world["worker"])
    client.post(reverse("switch_membership"), {"membership": coordinating.pk})

    html = page(client, world["worker"])

    assert '<h2 id="figures-heading">Referrals to and from your welfare area' in html
    assert f'<option value="area" selected>To and from {world["area"]}</option>' in html
    assert '<option value="sent">Sent by KOTO-tiimi</option>' in html


def test_the_coordinators_page_links_to_the_figures(client, world):
    client.force_login(world["coordinator"])

    html = client.get("/en/coordination/").content.decode()

    assert 'href="/en/referrals/figures/"' in html


def test_a_scope_the_person_does_not_hold_is_refused_with_an_error(client, world):
    html = page(client, world["worker"], scope="area")

    assert "Choose from the list whose referrals to count." in html
    assert figure_tables(html) == {}


# --- The counts ----------------------------------------------------------------------------


def test_the_figures_change_when_the_referrals_change(client, world):
    referrals = make_referrals(world, State.SENT, 10)
    before = tables(client, world["worker"])
    assert before[BY_STATE]["Sent, waiting for an answer"] == "10"
    assert before[BY_STATE]["Accepted"] == "0"

    from referrals import services

    for referral in referrals[:5]:
        services.referral_accept(referral=referral, by=world["handler"])
    services.referral_decline(referral=referrals[5], by=world["handler"], reason="other")
    after = tables(client, world["worker"])

    assert after[BY_STATE]["Accepted"] == "5"
    assert after[BY_STATE]["Declined"] == "<5"
    assert after[BY_STATE]["Sent, waiting for an answer"] == "<5"  # 4: the two protect each other
    assert after[BY_STATE]["All referrals"] == "10"


def test_counts_by_state_and_outcome(client, world):
    make_referrals(world, State.CLOSED, 6, outcome="takes_part")
    make_referrals(world, State.CLOSED, 5, outcome="not_reached")
    make_referrals(world, State.DECLINED, 5)
    make_referrals(world, State.WITHDRAWN, 5)

    shown = tables(client, world["coordinator"])

    assert shown[BY_STATE] | {} == {
        "State": "Number of referrals",
        "Sent, waiting for an answer": "0",
        "Accepted": "0",
        "Client contacted": "0",
        "First meeting held": "0",
        "Closed": "11",
        "Declined": "5",
        "Withdrawn": "5",
        "Expired, no answer": "0",
        "All referrals": "21",
    }
    assert shown[BY_OUTCOME] == {
        "Outcome": "Number of referrals",
        "Takes part in the activity": "6",
        "Could not be reached": "5",
        "The client declined": "0",
        "Needs not met here, referred elsewhere": "0",
        "Other": "0",
        "Closed referrals": "11",
    }


def test_total_12_of_9_and_3_shows_neither_the_3_nor_a_way_to_it(client, world):
    make_referrals(world, State.SENT, 9)
    make_referrals(world, State.ACCEPTED, 3)

    html = page(client, world["worker"])
    shown = figure_tables(html)[BY_STATE]

    assert shown["Accepted"] == "<5"
    assert shown["All referrals"] == "12"
    assert shown["Sent, waiting for an answer"] == "hidden"
    assert "fewer than 5" in html  # what a screen reader says for "<5"
    assert "cannot be worked out from the total" in html


def test_a_small_outcome_is_protected_in_the_outcome_table(client, world):
    make_referrals(world, State.CLOSED, 6, outcome="takes_part")
    make_referrals(world, State.CLOSED, 2, outcome="other")

    shown = tables(client, world["worker"])

    assert shown[BY_OUTCOME]["Other"] == "<5"
    assert shown[BY_OUTCOME]["Takes part in the activity"] == "hidden"
    assert shown[BY_OUTCOME]["Closed referrals"] == "8"
    assert shown[BY_STATE]["Closed"] == "8"


def test_counts_by_language_and_theme(client, world):
    default_theme, other_theme = Theme.objects.all()[:2]
    make_referrals(world, State.SENT, 5, client_languages=["so", "fi"])
    make_referrals(world, State.SENT, 2, client_languages=["ar"])
    Referral.objects.filter(client_languages=["so", "fi"]).first().themes.add(other_theme)

    shown = tables(client, world["worker"])

    assert shown[BY_LANGUAGE] == {
        "Language": "Number of referrals",
        "Finnish": "5",
        "Somali": "5",
        "Arabic": "<5",
    }
    assert shown[BY_THEME] == {
        "Theme": "Number of referrals",
        str(default_theme): "7",
        str(other_theme): "<5",
    }


@pytest.mark.parametrize(("lang", "name"), [("fi", "Arabia"), ("sv", "Arabiska"), ("en", "Arabic")])
def test_languages_are_named_in_the_readers_language(client, world, lang, name):
    make_referrals(world, State.SENT, 5, client_languages=["ar"])

    html = page(client, world["worker"], url=f"/{lang}/referrals/figures/")

    assert f'<th scope="row">{name}</th>' in html


def test_small_rows_are_not_ranked(client, world):
    make_referrals(world, State.SENT, 1, client_languages=["ar"])
    make_referrals(world, State.SENT, 4, client_languages=["uk"])
    make_referrals(world, State.SENT, 3, client_languages=["ru"])

    rows = list(tables(client, world["worker"])[BY_LANGUAGE])

    # In alphabetical order, not by the counts they hide.
    assert rows == ["Language", "Arabic", "Russian", "Ukrainian"]


# --- The period ----------------------------------------------------------------------------


def sent_days_ago(referrals, days):
    when = timezone.now() - timedelta(days=days)
    Referral.objects.filter(pk__in=[r.pk for r in referrals]).update(sent_at=when)


def test_the_default_period_is_the_last_twelve_months(client, world):
    sent_days_ago(make_referrals(world, State.SENT, 5), 300)
    sent_days_ago(make_referrals(world, State.SENT, 6), 400)

    html = page(client, world["worker"])

    assert figure_tables(html)[BY_STATE]["All referrals"] == "5"
    today = timezone.localdate()
    assert f'value="{today.isoformat()}"' in html


def test_a_chosen_period_counts_the_referrals_sent_in_it(client, world):
    sent_days_ago(make_referrals(world, State.SENT, 5), 400)
    sent_days_ago(make_referrals(world, State.SENT, 6), 10)
    today = timezone.localdate()
    start = (today - timedelta(days=401)).isoformat()
    end = (today - timedelta(days=399)).isoformat()

    shown = figure_tables(page(client, world["worker"], start=start, end=end))

    assert shown[BY_STATE]["All referrals"] == "5"


def test_a_period_that_ends_before_it_starts_is_refused(client, world):
    html = page(client, world["worker"], start="2025-03-01", end="2025-02-01")

    assert "The end of the period must be on or after its start." in html
    assert 'value="2025-03-01"' in html  # what was typed stays
    assert figure_tables(html) == {}


# --- The medians -------------------------------------------------------------------------


def answered_after(referrals, hours):
    for referral, hour in zip(referrals, hours, strict=True):
        Referral.objects.filter(pk=referral.pk).update(
            responded_at=referral.sent_at + timedelta(hours=hour),
            first_contact_at=referral.sent_at + timedelta(hours=2 * hour),
        )


def test_the_medians_are_computed_from_five_referrals_or_more(world):
    referrals = make_referrals(world, State.CONTACTED, 5)
    answered_after(referrals, [12, 24, 36, 48, 240])
    scope = figure_scopes(world["worker"])[0]
    period = Period.last_twelve_months(timezone.localdate())

    figures = referral_figures(user=world["worker"], scope=scope, period=period)

    assert figures.days_to_answer == pytest.approx(1.5)  # 36 hours
    assert figures.days_to_first_contact == pytest.approx(3.0)


def test_a_median_of_four_referrals_is_not_shown(client, world):
    referrals = make_referrals(world, State.ACCEPTED, 4)
    answered_after(referrals, [12, 24, 36, 48])
    make_referrals(world, State.SENT, 3)  # not answered: not in the median

    html = page(client, world["worker"])

    assert "Not shown: fewer than 5 of these referrals have been answered." in html
    assert "Not shown: fewer than 5 of these clients have been contacted." in html


def test_the_median_on_the_page_in_finnish(client, world):
    referrals = make_referrals(world, State.ACCEPTED, 5)
    answered_after(referrals, [12, 24, 36, 48, 60])

    html = page(client, world["worker"], url="/fi/referrals/figures/")

    assert "1,5" in html  # 36 hours, with a decimal comma


# --- No personal data ------------------------------------------------------------------------


def test_a_coordinator_sees_counts_and_nothing_about_a_client(client, world):
    make_referrals(world, State.ACCEPTED, 5)
    make_referrals(world, State.CLOSED, 2)

    html = page(client, world["coordinator"], url="/sv/referrals/figures/")

    for marker in MARKERS.values():
        assert marker not in html
    assert not re.search(r"/referrals/\d", html)  # no referral is linked
    assert "worker@unit.example" not in html
    for referral in Referral.objects.all():
        assert reverse("referral_detail", args=[referral.pk]) not in html


def test_the_form_carries_nothing_about_a_client(client, world):
    html = page(client, world["worker"])

    start = html.index('<form method="get"')
    form = html[start : html.index("</form>", start)]
    assert set(re.findall(r'name="(\w+)"', form)) == {"scope", "start", "end"}


def test_reading_the_figures_writes_no_client_data_audit_row(client, world):
    from coact.models import AuditEvent

    make_referrals(world, State.SENT, 5)
    before = AuditEvent.objects.filter(action__startswith="client_data").count()

    page(client, world["coordinator"])

    assert AuditEvent.objects.filter(action__startswith="client_data").count() == before


# --- Queries -------------------------------------------------------------------------------


def queries_for(client, user) -> int:
    client.force_login(user)
    client.get(URL)  # the first request of a session also writes session bookkeeping
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("person", ["worker", "handler", "coordinator"])
def test_the_page_runs_the_same_queries_however_many_referrals(client, world, person):
    make_referrals(world, State.SENT, 1, client_languages=["so"])
    few = queries_for(client, world[person])

    for state in (State.ACCEPTED, State.CLOSED, State.DECLINED, State.WITHDRAWN):
        make_referrals(world, state, 3, client_languages=["ar", "fi", "ru"])
    for referral in Referral.objects.all():
        referral.themes.set(Theme.objects.all()[:3])

    assert queries_for(client, world[person]) == few


def test_the_figures_take_four_queries(world, django_assert_num_queries):
    make_referrals(world, State.CLOSED, 6, client_languages=["so", "ar"])
    user = world["coordinator"]
    scopes = figure_scopes(user)  # reads the memberships, once a request
    period = Period.last_twelve_months(timezone.localdate())

    # 1 by state and outcome, 2 the medians, 3 by language, 4 by theme.
    with django_assert_num_queries(4):
        figures = referral_figures(user=user, scope=scopes[0], period=period)

    assert figures.total.status == SHOWN
    assert {row.cell.status for row in figures.states} <= {SHOWN, SMALL, HIDDEN}

"""The coordinators' meeting planner, who may see and change which meeting (also every
meeting URL for every persona), and the number of queries the meeting pages run."""

# The tests take the fixtures imported from meeting_page_helpers as arguments.
# ruff: noqa: F811

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from networks import services
from networks.models import Invitation, Meeting, MeetingKind
from tests.factories import (
    NetworkMembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    schedule_test_series,
)
from tests.networks.meeting_page_helpers import (  # noqa: F401 - fixtures
    in_days,
    languages,
    local,
    meeting,
    network,
    series,
    signed_in,
)

pytestmark = pytest.mark.django_db


# --- The planner ---------------------------------------------------------------------------


def _row(html: str, name: str) -> str:
    match = re.search(rf'<th scope="row">\s*{re.escape(name)}\b.*?</tr>', html, re.S)
    assert match, name
    return match.group(0)


def test_the_planner_marks_a_unit_without_meetups_as_due(client, world, network):
    quiet_unit = ServiceUnitFactory(welfare_area=world["area"], name="Perhekeskus Hiljainen")
    host = OrganizationFactory(welfare_area=world["area"], name="Isäntäyhdistys ry")
    services.meeting_schedule(
        meeting=Meeting(
            kind=MeetingKind.MEETUP,
            title="Aamukahvit",
            welfare_area=world["area"],
            host_organization=host,
            start=timezone.now() - timedelta(days=3),
            address="Kahvila",
        ),
        by=world["people"]["coordinator"],
    )
    # The owning NGO's representative is invited to next week's meetup.
    services.meeting_schedule(
        meeting=Meeting(
            kind=MeetingKind.MEETUP,
            title="Ensi viikko",
            network=network,
            welfare_area=world["area"],
            start=in_days(7),
            address="Kahvila",
        ),
        by=world["people"]["coordinator"],
    )
    signed_in(client, world["people"]["coordinator"])

    html = client.get("/en/meetings/planner/").content.decode()

    quiet = _row(html, "Perhekeskus Hiljainen")
    meetup_cell = quiet.split("<td>")[1]
    assert "Due" in meetup_cell
    assert f"host=unit:{quiet_unit.pk}" in meetup_cell  # a link to schedule one
    hosted = _row(html, "Isäntäyhdistys ry").split("<td>")[1]
    assert "Due" not in hosted
    with translation.override("en"):
        assert date_format(local(timezone.now() - timedelta(days=3)), "SHORT_DATE_FORMAT") in hosted
    invited = _row(html, world["organization"].name).split("<td>")[1]
    assert "Due" not in invited
    # A yearly event nobody has had is due for everyone.
    assert "Due" in _row(html, "Isäntäyhdistys ry").split("<td>")[4]
    # Not another area's units.
    assert "koto-tampere" not in html


def test_the_planner_lists_who_met_this_month(client, world):
    host = OrganizationFactory(welfare_area=world["area"], name="Kuukauden yhdistys ry")
    now = local(timezone.now())
    start = now - timedelta(hours=1) if now.day > 1 or now.hour > 1 else now + timedelta(hours=1)
    services.meeting_schedule(
        meeting=Meeting(
            kind=MeetingKind.MEETUP,
            title="Tämän kuun tapaaminen",
            welfare_area=world["area"],
            host_organization=host,
            start=start,
            address="Kahvila",
        ),
        by=world["people"]["coordinator"],
    )
    signed_in(client, world["people"]["coordinator"])

    html = client.get("/en/meetings/planner/").content.decode()

    section = html[html.index('id="month-heading"') :]
    assert "Kuukauden yhdistys ry" in section
    assert section.index("Kuukauden yhdistys ry") < section.index("No meetup in the month")
    last_month = (now.date().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    earlier = client.get(f"/en/meetings/planner/?month={last_month}").content.decode()
    section = earlier[earlier.index('id="month-heading"') :]
    assert section.index("Kuukauden yhdistys ry") > section.index("No meetup in the month")


# --- Who may see what -----------------------------------------------------------------------


def test_another_areas_coordinator_gets_nothing(client, world, meeting, series):
    signed_in(client, world["people"]["other_coordinator"])

    assert client.get(f"/en/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/en/meetings/{meeting.pk}/edit/").status_code == 404
    assert client.post(f"/en/meetings/{meeting.pk}/cancel/").status_code == 404
    assert client.get(f"/en/meetings/{meeting.pk}/after/").status_code == 404
    assert client.get(f"/en/meetings/series/{series.pk}/").status_code == 404
    assert client.post(f"/en/meetings/series/{series.pk}/edit/", {}).status_code == 404
    planner = client.get("/en/meetings/planner/").content.decode()
    assert world["unit"].name not in planner
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_an_invitee_sees_the_meeting_but_cannot_change_it(client, world, meeting):
    signed_in(client, world["people"]["member"])

    assert client.get(f"/en/meetings/{meeting.pk}/").status_code == 200
    assert client.get(f"/en/meetings/{meeting.pk}/edit/").status_code == 403
    assert client.post(f"/en/meetings/{meeting.pk}/cancel/").status_code == 403


def test_a_signed_out_visitor_is_asked_to_sign_in_for_a_meeting(client, meeting):
    response = client.get(f"/en/meetings/{meeting.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_public_meeting_is_open_to_everyone(client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(public=True)

    html = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    assert "Kuukausitapaaminen" in html
    assert "Invitations and replies" not in html


# --- Queries -----------------------------------------------------------------------------


def queries_for(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_my_meetings_queries_do_not_grow_with_meetings(client, world, network, languages):
    coordinator = world["people"]["coordinator"]
    NetworkMembershipFactory(network=network, representatives=[coordinator])

    def schedule(days):
        services.meeting_schedule(
            meeting=Meeting(
                title=f"T{days}", network=network, welfare_area=world["area"],
                start=in_days(days), address="A",
            ),
            by=coordinator, languages=[languages["en"]],
        )  # fmt: skip

    schedule(2)
    signed_in(client, coordinator)
    few = queries_for(client, "/en/meetings/")
    for days in range(3, 13):
        schedule(days)

    assert queries_for(client, "/en/meetings/") == few


def test_planner_queries_do_not_grow_with_units_ngos_and_meetings(client, world, network):
    signed_in(client, world["people"]["coordinator"])
    few = queries_for(client, "/en/meetings/planner/")
    for n in range(5):
        unit = ServiceUnitFactory(welfare_area=world["area"])
        ngo = OrganizationFactory(welfare_area=world["area"])
        services.meeting_schedule(
            meeting=Meeting(
                kind=MeetingKind.JOINT_MEETING, title=f"J{n}", welfare_area=world["area"],
                host_unit=unit, start=timezone.now() - timedelta(days=20 + n), address="A",
            ),
            by=world["people"]["coordinator"],
        )  # fmt: skip
        NetworkMembershipFactory(network=network, organization=ngo)

    assert queries_for(client, "/en/meetings/planner/") == few


def test_series_page_queries_do_not_grow_with_replies(client, world, series):
    signed_in(client, world["people"]["coordinator"])
    url = f"/en/meetings/series/{series.pk}/"
    few = queries_for(client, url)
    Invitation.objects.filter(meeting__series=series).update(response="yes")

    assert queries_for(client, url) == few


def test_the_planner_selector_runs_five_queries(world, network, django_assert_num_queries):
    from networks.selectors.meetings import area_plans
    from organizations.models import WelfareArea

    services.meeting_schedule(
        meeting=Meeting(
            title="M", network=network, welfare_area=world["area"], host_unit=world["unit"],
            start=timezone.now() - timedelta(days=2), address="A",
        ),
        by=world["people"]["coordinator"],
    )  # fmt: skip
    areas = WelfareArea.objects.filter(pk=world["area"].pk)
    month = local(timezone.now()).date().replace(day=1)

    # 1 the areas, 2 their units, 3 their active NGOs, 4 the meetings each hosted
    # (aggregated by kind), 5 the invitations of their representatives (aggregated).
    with django_assert_num_queries(5):
        plans = area_plans(areas, month=month)

    unit_row = next(row for row in plans[0].rows if row.member == world["unit"])
    assert unit_row.meetup.last is not None


def test_my_invitations_runs_two_queries(world, meeting, django_assert_num_queries):
    from networks.selectors.meetings import my_invitations

    # 1 the invitations with their meetings, networks and hosts, 2 the meetings' languages.
    with django_assert_num_queries(2):
        invitations = my_invitations(world["people"]["member"])
        titles = [
            (i.meeting.title, [str(lang) for lang in i.meeting.languages.all()])
            for i in invitations
        ]

    assert titles == [("Kuukausitapaaminen", ["English"])]


# --- Every meeting URL for every persona (rows proposed for tests/test_permission_matrix.py) -


@pytest.fixture
def matrix_objects(world, network):
    """A meeting next week hosted by the owning NGO, one held yesterday, and a series:
    all of the network of the coordinator's area (owning NGO and KOTO unit as members)."""
    coordinator = world["people"]["coordinator"]

    def schedule(start, title):
        return services.meeting_schedule(
            meeting=Meeting(
                title=title, network=network, welfare_area=world["area"],
                host_organization=world["organization"], start=start, address="A",
            ),
            by=coordinator,
        )  # fmt: skip

    return {
        "meeting": schedule(in_days(7), "Tuleva"),
        "past_meeting": schedule(timezone.now() - timedelta(hours=3), "Mennyt"),
        "series": schedule_test_series(network, by=coordinator),
    }


PERSONAS = [
    "anonymous", "member", "other_member", "unit_staff", "other_unit_staff", "coordinator",
    "other_coordinator",
]  # fmt: skip
MEETING_MATRIX = [
    ("my_meetings", "get", None, ["login", 200, 200, 200, 200, 200, 200]),
    ("meeting_new", "get", None, ["login", 403, 403, 403, 403, 200, 200]),
    ("meeting_planner", "get", None, ["login", 403, 403, 403, 403, 200, 200]),
    ("meeting_detail", "get", "meeting", ["login", 200, 404, 200, 404, 200, 404]),
    ("meeting_detail", "post", "meeting", ["login", "done", 404, "done", 404, 403, 404]),
    ("meeting_edit", "get", "meeting", ["login", 403, 404, 403, 404, 200, 404]),
    ("meeting_cancel", "get", "meeting", ["login", 403, 404, 403, 404, 200, 404]),
    ("meeting_cancel", "post", "meeting", ["login", 403, 404, 403, 404, "done", 404]),
    ("meeting_after", "get", "past_meeting", ["login", 200, 404, 403, 404, 200, 404]),
    ("series_detail", "get", "series", ["login", 403, 404, 403, 404, 200, 404]),
    ("series_edit", "get", "series", ["login", 403, 404, 403, 404, 200, 404]),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("url_name", "method", "obj", "expected"),
    MEETING_MATRIX,
    ids=[f"{row[0]}-{row[1]}" for row in MEETING_MATRIX],
)
def test_meeting_urls_for_each_persona(
    client, world, matrix_objects, url_name, method, obj, expected, persona
):
    if persona != "anonymous":
        client.force_login(world["people"][persona])
    args = [matrix_objects[obj].pk] if obj else []
    data = {"response": "yes"} if url_name == "meeting_detail" else {}

    response = getattr(client, method)(reverse(url_name, args=args), data)

    wanted = expected[PERSONAS.index(persona)]
    if wanted == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif wanted == "done":
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == wanted

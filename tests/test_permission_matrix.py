"""Every URL that names an object, for every kind of person, with the status they get.

"login" is a redirect to sign-in, "done" a redirect after a change that went through.
Adding a URL with a parameter to the project without adding it here fails
test_every_object_url_is_in_the_matrix.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from networks.services import rsvp_token
from organizations import hsds
from organizations.services import invitation_token

PERSONAS = [
    "anonymous",
    "member",
    "other_member",
    "unit_staff",
    "other_unit_staff",
    "coordinator",
    "other_coordinator",
]


def row(url_name, method, args, anonymous, member, other_member, unit_staff,
        other_unit_staff, coordinator, other_coordinator):  # fmt: skip
    expected = dict(zip(PERSONAS, [anonymous, member, other_member, unit_staff,
                                   other_unit_staff, coordinator, other_coordinator],
                        strict=True))  # fmt: skip
    return {"url_name": url_name, "method": method, "args": args, "expected": expected}


MATRIX = [
    row("organization_detail", "get", lambda w: [w["organization"].slug],
        200, 200, 200, 200, 200, 200, 200),
    row("organization_detail", "get", lambda w: [w["application"].slug],
        404, 404, 404, 404, 404, 200, 404),
    row("organization_members", "get", lambda w: [w["organization"].slug],
        "login", 200, 403, 403, 403, 200, 403),
    row("unit_detail", "get", lambda w: [w["unit"].slug],
        200, 200, 200, 200, 200, 200, 200),
    row("unit_members", "get", lambda w: [w["unit"].slug],
        "login", 403, 403, 403, 403, 200, 403),
    row("area_coordinators", "get", lambda w: [w["area"].code],
        "login", 403, 403, 403, 403, 200, 403),
    row("application_review", "get", lambda w: [w["application"].pk],
        "login", 404, 404, 404, 404, 200, 404),
    row("membership_remove", "post", lambda w: [w["membership"].pk],
        "login", "done", 404, 404, 404, "done", 404),
    row("invitation_revoke", "post", lambda w: [w["invitation"].pk],
        "login", "done", 404, 404, 404, "done", 404),
    row("api:api_organization", "get", lambda w: [w["organization"].slug],
        200, 200, 200, 200, 200, 200, 200),
    row("api:api_organization", "get", lambda w: [w["application"].slug],
        404, 404, 404, 404, 404, 404, 404),
    row("hsds_organization", "get", lambda w: [hsds.organization_uuid(w["organization"].pk)],
        200, 200, 200, 200, 200, 200, 200),
    row("hsds_organization", "get", lambda w: [hsds.organization_uuid(w["application"].pk)],
        404, 404, 404, 404, 404, 404, 404),
    row("hsds_service", "get", lambda w: [hsds.service_uuid(w["activity"].pk)],
        200, 200, 200, 200, 200, 200, 200),
    row("invitation_accept", "get", lambda w: [invitation_token(w["invitation"])],
        200, 403, 403, 403, 403, 403, 403),
    # The NGO's own profile: its admins and the area's coordinators (views.selfservice).
    row("organization_edit", "get", lambda w: [w["organization"].slug],
        "login", 200, 403, 403, 403, 200, 403),
    row("organization_edit", "get", lambda w: [w["application"].slug],
        "login", 404, 404, 404, 404, 200, 404),
    row("organization_activities", "get", lambda w: [w["organization"].slug],
        "login", 200, 403, 403, 403, 200, 403),
    row("activity_edit", "get", lambda w: [w["organization"].slug, w["activity"].pk],
        "login", 200, 403, 403, 403, 200, 403),
    row("activity_delete", "post", lambda w: [w["organization"].slug, w["activity"].pk],
        "login", "done", 403, 403, 403, "done", 403),
    row("organization_locations", "get", lambda w: [w["organization"].slug],
        "login", 200, 403, 403, 403, 200, 403),
    row("location_edit", "get", lambda w: [w["organization"].slug, w["location"].pk],
        "login", 200, 403, 403, 403, 200, 403),
    row("location_delete", "post", lambda w: [w["organization"].slug, w["location"].pk],
        "login", "done", 403, 403, 403, "done", 403),
    row("organization_confirm", "get", lambda w: [w["organization"].slug],
        "login", 200, 403, 403, 403, 200, 403),
    row("organization_confirm", "post", lambda w: [w["organization"].slug],
        "login", "done", 403, 403, 403, "done", 403),
    row("organization_verify", "post", lambda w: [w["organization"].slug],
        "login", 403, 403, 403, 403, "done", 403),
    row("organization_texts", "get", lambda w: [w["organization"].slug],
        "login", 200, 403, 403, 403, 200, 403),
    row("organization_history", "get", lambda w: [w["organization"].slug],
        "login", 200, 403, 403, 403, 200, 403),
    # Networks and meetings. The network has the owning NGO (its admin, "member", is the
    # representative) and the unit ("unit_staff"); the meeting is not public.
    row("meeting_reply", "get", lambda w: [rsvp_token(w["meeting_invitation"])],
        200, 200, 200, 200, 200, 200, 200),
    # The reply link's calendar file: the token is the permission, as for the reply.
    row("meeting_reply_ics", "get", lambda w: [rsvp_token(w["meeting_invitation"])],
        200, 200, 200, 200, 200, 200, 200),
    row("meeting_ics", "get", lambda w: [w["meeting"].pk],
        404, 200, 404, 200, 404, 200, 404),
    row("meeting_ics", "get", lambda w: [w["public_meeting"].pk],
        200, 200, 200, 200, 200, 200, 200),
    row("personal_feed", "get", lambda w: [w["calendar_feed"].token],
        200, 200, 200, 200, 200, 200, 200),
    row("network_feed", "get", lambda w: [w["network"].slug],
        200, 200, 200, 200, 200, 200, 200),
    row("network_detail", "get", lambda w: [w["network"].slug],
        200, 200, 200, 200, 200, 200, 200),
    # An empty post is a form error (400) for those who may post.
    row("network_board_post", "post", lambda w: [w["network"].slug],
        "login", 400, 403, 400, 403, 400, 403),
    row("network_board_delete", "post", lambda w: [w["network"].slug, w["board_post"].pk],
        "login", "done", 404, 403, 404, "done", 404),
    # Creating a network takes a coordinator of an area; editing one, its area's.
    row("network_new", "get", lambda w: [],
        "login", 403, 403, 403, 403, 200, 200),
    row("network_edit", "get", lambda w: [w["network"].slug],
        "login", 403, 403, 403, 403, 200, 403),
    # An empty form is a form error (400) for those who may edit.
    row("network_edit", "post", lambda w: [w["network"].slug],
        "login", 403, 403, 403, 403, 400, 403),
    row("network_members", "get", lambda w: [w["network"].slug],
        "login", 403, 403, 403, 403, 200, 403),
    row("network_member_edit", "get", lambda w: [w["network"].slug, w["network_membership"].pk],
        "login", 403, 403, 403, 403, 200, 403),
    row("network_member_edit", "post", lambda w: [w["network"].slug, w["network_membership"].pk],
        "login", 403, 403, 403, 403, "done", 403),
    row("meeting_detail", "get", lambda w: [w["meeting"].pk],
        "login", 200, 404, 200, 404, 200, 404),
    # A POST is the viewer's own reply (empty here: a form error); the coordinator is
    # not invited.
    row("meeting_detail", "post", lambda w: [w["meeting"].pk],
        "login", 400, 404, 400, 404, 403, 404),
    row("meeting_edit", "get", lambda w: [w["meeting"].pk],
        "login", 403, 404, 403, 404, 200, 404),
    row("meeting_cancel", "get", lambda w: [w["meeting"].pk],
        "login", 403, 404, 403, 404, 200, 404),
    row("meeting_cancel", "post", lambda w: [w["meeting"].pk],
        "login", 403, 404, 403, 404, "done", 404),
    # Attendance and minutes: the host NGO's people and the organiser's side.
    row("meeting_after", "get", lambda w: [w["past_meeting"].pk],
        "login", 200, 404, 403, 404, 200, 404),
    row("series_detail", "get", lambda w: [w["series"].pk],
        "login", 403, 403, 403, 403, 200, 403),
    row("series_edit", "get", lambda w: [w["series"].pk],
        "login", 403, 403, 403, 403, 200, 403),
]  # fmt: skip

CASES = [
    pytest.param(entry, persona, id=f"{entry['url_name']}-{i}-{persona}")
    for i, entry in enumerate(MATRIX)
    for persona in PERSONAS
]


@pytest.fixture
def matrix_world(world):
    """The world, with a network of the owning NGO and the unit, a private and a public
    meeting of it, a series, a board post and the NGO admin's calendar address. Made
    directly, without the services, so that no mail or audit rows appear."""
    import datetime as dt

    from django.utils import timezone

    from networks.models import (
        BoardPost,
        CalendarFeed,
        Invitation,
        Meeting,
        MeetingSeries,
        Network,
        NetworkMembership,
    )

    people = world["people"]
    network = Network.objects.create(
        name="Testiverkosto", slug="test-network", welfare_area=world["area"]
    )
    ngo = NetworkMembership.objects.create(network=network, organization=world["organization"])
    ngo.representatives.set([people["member"]])
    unit = NetworkMembership.objects.create(network=network, service_unit=world["unit"])
    unit.representatives.set([people["unit_staff"]])
    start = timezone.now() + dt.timedelta(days=10)
    details = {"network": network, "welfare_area": world["area"], "address": "Asematie 1"}
    series = MeetingSeries.objects.create(
        title="Sarja", rrule="FREQ=MONTHLY", starts_on=start.date(),
        start_time=dt.time(16, 30), organiser=people["coordinator"], **details,
    )  # fmt: skip
    meeting = Meeting.objects.create(
        title="Tapaaminen", start=start, series=series, recurrence_id=start,
        organiser=people["coordinator"], host_organization=world["organization"], **details,
    )  # fmt: skip
    past_meeting = Meeting.objects.create(
        title="Pidetty", start=timezone.now() - dt.timedelta(hours=3),
        organiser=people["coordinator"], host_organization=world["organization"], **details,
    )  # fmt: skip
    public_meeting = Meeting.objects.create(title="Avoin", start=start, public=True, **details)
    invitation = Invitation.objects.create(
        meeting=meeting, user=people["member"], email=people["member"].email, membership=ngo
    )
    Invitation.objects.create(
        meeting=meeting,
        user=people["unit_staff"],
        email=people["unit_staff"].email,
        membership=unit,
    )
    post = BoardPost.objects.create(network=network, author=people["member"], body="Kerhot alkavat")
    feed = CalendarFeed.objects.create(user=people["member"], token="feed-token-for-the-matrix")
    return {
        **world,
        "network": network,
        "network_membership": ngo,
        "series": series,
        "meeting": meeting,
        "public_meeting": public_meeting,
        "past_meeting": past_meeting,
        "meeting_invitation": invitation,
        "board_post": post,
        "calendar_feed": feed,
    }


@pytest.mark.parametrize(("entry", "persona"), CASES)
def test_permission_matrix(client, matrix_world, entry, persona):
    world = matrix_world
    if persona != "anonymous":
        client.force_login(world["people"][persona])
    url = reverse(entry["url_name"], args=entry["args"](world))

    response = getattr(client, entry["method"])(url)

    expected = entry["expected"][persona]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif expected == "done":
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


PROJECT_APPS = ("coact", "organizations", "referrals", "networks", "reports")


def _object_url_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _object_url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "")
            if module.split(".")[0] in PROJECT_APPS and pattern.pattern.converters:
                yield pattern.name


def test_every_object_url_is_in_the_matrix():
    in_matrix = {entry["url_name"] for entry in MATRIX}

    missing = set(_object_url_names(get_resolver().url_patterns)) - in_matrix

    assert missing == set(), "add these URLs to the permission matrix"


def test_denials_are_audited(client, world):
    from coact.models import AuditEvent

    client.force_login(world["people"]["other_member"])
    client.get(reverse("organization_members", args=[world["organization"].slug]))

    event = AuditEvent.objects.get(action=AuditEvent.Action.PERMISSION_DENIED)
    assert event.actor_email == "admin@other.example"
    assert event.details["path"].endswith("/organizations/owning-ngo/members/")

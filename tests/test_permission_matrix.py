"""Every URL that names an object, for every kind of person, with the status they get.

"login" is a redirect to sign-in, "done" a redirect after a change that went through.
Adding a URL with a parameter to the project without adding it here fails
test_every_object_url_is_in_the_matrix.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from networks.selectors import rsvp_token
from organizations import hsds
from organizations.services import invitation_token
from tests.factories import GeneratedFileFactory

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
        "login", 403, 404, 403, 404, 200, 404),
    row("series_edit", "get", lambda w: [w["series"].pk],
        "login", 403, 404, 403, 404, 200, 404),
    # The anonymous referral sheet holds public data only: anyone signed in; its PDF is a
    # file made for the person who asked ("unit_staff" asked for the matrix's file).
    row("referral_sheet", "get", lambda w: [w["organization"].slug],
        "login", 200, 200, 200, 200, 200, 200),
    row("referral_sheet", "get", lambda w: [w["application"].slug],
        "login", 404, 404, 404, 404, 404, 404),
    row("referral_sheet_pdf", "post", lambda w: [w["organization"].slug],
        "login", "done", "done", "done", "done", "done", "done"),
    *(row(name, "get", lambda w: [w["generated_file"].pk], "login", 404, 404, 200, 404, 404, 404)
      for name in ("generated_file", "generated_file_status", "generated_file_download")),
]  # fmt: skip

CASES = [
    pytest.param(entry, persona, id=f"{entry['url_name']}-{i}-{persona}")
    for i, entry in enumerate(MATRIX)
    for persona in PERSONAS
]


def _networks_and_meetings(*, area, organization, unit, organiser, representative, unit_person,
                           slug, feed_token):  # fmt: skip
    """A network of the NGO and the unit (each with its representative), a private and a
    public meeting of it, a past one, a series, a board post and the representative's
    calendar address. Made directly, without the services, so that no mail or audit rows
    appear."""
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

    network = Network.objects.create(name=f"Verkosto {slug}", slug=slug, welfare_area=area)
    ngo = NetworkMembership.objects.create(network=network, organization=organization)
    ngo.representatives.set([representative])
    unit_member = NetworkMembership.objects.create(network=network, service_unit=unit)
    unit_member.representatives.set([unit_person])
    start = timezone.now() + dt.timedelta(days=10)
    details = {"network": network, "welfare_area": area, "address": "Asematie 1"}
    series = MeetingSeries.objects.create(
        title="Sarja", rrule="FREQ=MONTHLY", starts_on=start.date(),
        start_time=dt.time(16, 30), organiser=organiser, **details,
    )  # fmt: skip
    meeting = Meeting.objects.create(
        title="Tapaaminen", start=start, series=series, recurrence_id=start,
        organiser=organiser, host_organization=organization, **details,
    )  # fmt: skip
    past_meeting = Meeting.objects.create(
        title="Pidetty", start=timezone.now() - dt.timedelta(hours=3),
        organiser=organiser, host_organization=organization, **details,
    )  # fmt: skip
    public_meeting = Meeting.objects.create(title="Avoin", start=start, public=True, **details)
    invitation = Invitation.objects.create(
        meeting=meeting, user=representative, email=representative.email, membership=ngo
    )
    Invitation.objects.create(
        meeting=meeting, user=unit_person, email=unit_person.email, membership=unit_member
    )
    post = BoardPost.objects.create(network=network, author=representative, body="Kerhot alkavat")
    feed = CalendarFeed.objects.create(user=representative, token=feed_token)
    return {
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


@pytest.fixture
def matrix_world(world):
    """The world, with a network of the owning NGO and the unit (the NGO admin, "member",
    and "unit_staff" represent them), organised by the area's coordinator."""
    people = world["people"]
    made = _networks_and_meetings(
        area=world["area"], organization=world["organization"], unit=world["unit"],
        organiser=people["coordinator"], representative=people["member"],
        unit_person=people["unit_staff"], slug="test-network",
        feed_token="feed-token-for-the-matrix",
    )  # fmt: skip
    asked = GeneratedFileFactory(requested_by=people["unit_staff"])  # a PDF "unit_staff" asked for
    return {**world, **made, "generated_file": asked}


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
    from tests.test_permission_matrix_referrals import REFERRAL_MATRIX

    in_matrix = {entry["url_name"] for entry in (*MATRIX, *REFERRAL_MATRIX)}

    missing = set(_object_url_names(get_resolver().url_patterns)) - in_matrix

    assert missing == set(), "add these URLs to the permission matrix"


def test_denials_are_audited(client, world):
    from coact.models import AuditEvent

    client.force_login(world["people"]["other_member"])
    client.get(reverse("organization_members", args=[world["organization"].slug]))

    event = AuditEvent.objects.get(action=AuditEvent.Action.PERMISSION_DENIED)
    assert event.actor_email == "admin@other.example"
    assert event.details["path"].endswith("/organizations/owning-ngo/members/")


# --- Foreign objects ---------------------------------------------------------------------
# Every URL that names an object, asked by every kind of person about an object of a third
# welfare area that none of them belongs to: an NGO, a unit, an application, memberships,
# an invitation, a network with its meetings, a series and a board post. Nothing may be
# read that is not public (404, or 403 where the object itself is public) and no POST may
# change a row. "login" is a redirect to sign-in (also for a POST: nothing changes).

SIGNED_IN = PERSONAS[1:]


def foreign(url_name, method, args, anonymous, signed_in):
    expected = {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, signed_in)}
    return {"url_name": url_name, "method": method, "args": args, "expected": expected}


FOREIGN = [
    # Public: the directory, the API, HSDS, a unit page and a network's page and feed.
    foreign("organization_detail", "get", lambda f: [f["organization"].slug], 200, 200),
    foreign("organization_detail", "get", lambda f: [f["application"].slug], 404, 404),
    foreign("organization_members", "get", lambda f: [f["organization"].slug], "login", 403),
    foreign("unit_detail", "get", lambda f: [f["unit"].slug], 200, 200),
    foreign("unit_members", "get", lambda f: [f["unit"].slug], "login", 403),
    foreign("area_coordinators", "get", lambda f: [f["area"].code], "login", 403),
    foreign("application_review", "get", lambda f: [f["application"].pk], "login", 404),
    foreign("application_review", "post", lambda f: [f["application"].pk], "login", 404),
    foreign("membership_remove", "post", lambda f: [f["membership"].pk], "login", 404),
    foreign("invitation_revoke", "post", lambda f: [f["invitation"].pk], "login", 404),
    foreign("api:api_organization", "get", lambda f: [f["organization"].slug], 200, 200),
    foreign("api:api_organization", "get", lambda f: [f["application"].slug], 404, 404),
    foreign("hsds_organization", "get",
            lambda f: [hsds.organization_uuid(f["organization"].pk)], 200, 200),
    foreign("hsds_organization", "get",
            lambda f: [hsds.organization_uuid(f["application"].pk)], 404, 404),
    foreign("hsds_service", "get", lambda f: [hsds.service_uuid(f["activity"].pk)], 200, 200),
    # The link in an invitation e-mail is the permission; a signed-in stranger is refused.
    foreign("invitation_accept", "get", lambda f: [invitation_token(f["invitation"])],
            200, 403),
    foreign("invitation_accept", "get", lambda f: ["not-a-token"], 404, 404),
    foreign("organization_edit", "get", lambda f: [f["organization"].slug], "login", 403),
    foreign("organization_edit", "post", lambda f: [f["organization"].slug], "login", 403),
    foreign("organization_edit", "get", lambda f: [f["application"].slug], "login", 404),
    foreign("organization_activities", "get", lambda f: [f["organization"].slug],
            "login", 403),
    foreign("activity_edit", "get", lambda f: [f["organization"].slug, f["activity"].pk],
            "login", 403),
    foreign("activity_edit", "post", lambda f: [f["organization"].slug, f["activity"].pk],
            "login", 403),
    foreign("activity_delete", "post", lambda f: [f["organization"].slug, f["activity"].pk],
            "login", 403),
    foreign("organization_locations", "get", lambda f: [f["organization"].slug],
            "login", 403),
    foreign("location_edit", "get", lambda f: [f["organization"].slug, f["location"].pk],
            "login", 403),
    foreign("location_delete", "post", lambda f: [f["organization"].slug, f["location"].pk],
            "login", 403),
    foreign("organization_confirm", "get", lambda f: [f["organization"].slug], "login", 403),
    foreign("organization_confirm", "post", lambda f: [f["organization"].slug], "login", 403),
    foreign("organization_verify", "post", lambda f: [f["organization"].slug], "login", 403),
    foreign("organization_texts", "get", lambda f: [f["organization"].slug], "login", 403),
    foreign("organization_history", "get", lambda f: [f["organization"].slug], "login", 403),
    # A reply link and a calendar address are bearer secrets; a made-up one finds nothing.
    foreign("meeting_reply", "get", lambda f: ["not-a-token"], 404, 404),
    foreign("meeting_reply", "post", lambda f: ["not-a-token"], 404, 404),
    foreign("meeting_reply_ics", "get", lambda f: ["not-a-token"], 404, 404),
    foreign("personal_feed", "get", lambda f: ["not-a-token"], 404, 404),
    foreign("meeting_ics", "get", lambda f: [f["meeting"].pk], 404, 404),
    foreign("meeting_ics", "get", lambda f: [f["public_meeting"].pk], 200, 200),
    foreign("network_feed", "get", lambda f: [f["network"].slug], 200, 200),
    foreign("network_detail", "get", lambda f: [f["network"].slug], 200, 200),
    foreign("network_board_post", "post", lambda f: [f["network"].slug], "login", 403),
    foreign("network_board_delete", "post", lambda f: [f["network"].slug, f["board_post"].pk],
            "login", 404),
    foreign("network_edit", "get", lambda f: [f["network"].slug], "login", 403),
    foreign("network_edit", "post", lambda f: [f["network"].slug], "login", 403),
    foreign("network_members", "get", lambda f: [f["network"].slug], "login", 403),
    foreign("network_member_edit", "get",
            lambda f: [f["network"].slug, f["network_membership"].pk], "login", 403),
    foreign("network_member_edit", "post",
            lambda f: [f["network"].slug, f["network_membership"].pk], "login", 403),
    foreign("meeting_detail", "get", lambda f: [f["meeting"].pk], "login", 404),
    foreign("meeting_detail", "post", lambda f: [f["meeting"].pk], "login", 404),
    foreign("meeting_edit", "get", lambda f: [f["meeting"].pk], "login", 404),
    foreign("meeting_edit", "post", lambda f: [f["meeting"].pk], "login", 404),
    foreign("meeting_cancel", "get", lambda f: [f["meeting"].pk], "login", 404),
    foreign("meeting_cancel", "post", lambda f: [f["meeting"].pk], "login", 404),
    foreign("meeting_after", "get", lambda f: [f["past_meeting"].pk], "login", 404),
    foreign("meeting_after", "post", lambda f: [f["past_meeting"].pk], "login", 404),
    foreign("series_detail", "get", lambda f: [f["series"].pk], "login", 404),
    foreign("series_edit", "get", lambda f: [f["series"].pk], "login", 404),
    foreign("series_edit", "post", lambda f: [f["series"].pk], "login", 404),
    foreign("referral_sheet", "get", lambda f: [f["organization"].slug], "login", 200),
    foreign("referral_sheet", "get", lambda f: [f["application"].slug], "login", 404),
    foreign("referral_sheet_pdf", "post", lambda f: [f["application"].slug], "login", 404),
    *(foreign(name, "get", lambda f: [f["generated_file"].pk], "login", 404)
      for name in ("generated_file", "generated_file_status", "generated_file_download")),
]  # fmt: skip


@pytest.fixture
def foreign_world(matrix_world):
    """The matrix world and, in a third welfare area, everything it has again, owned by
    people who are none of the personas."""
    from organizations.models import Activity, Location, Membership, Role
    from organizations.services import invitation_create
    from tests.factories import (
        MembershipFactory,
        OrganizationFactory,
        ServiceUnitFactory,
        UserFactory,
        WelfareAreaFactory,
    )

    area = WelfareAreaFactory(code="lappi")
    organization = OrganizationFactory(welfare_area=area, slug="foreign-ngo")
    unit = ServiceUnitFactory(welfare_area=area, slug="koto-rovaniemi")
    application = OrganizationFactory(welfare_area=area, slug="foreign-applicant",
                                      status="pending")  # fmt: skip
    admin = UserFactory(email="admin@foreign.example")
    MembershipFactory(user=admin, role=Role.NGO_ADMIN, organization=organization)
    staff = UserFactory(email="staff@rovaniemi.example")
    MembershipFactory(user=staff, role=Role.UNIT_STAFF, service_unit=unit, organization=None)
    coordinator = UserFactory(email="coord@lappi.example")
    MembershipFactory(user=coordinator, role=Role.COORDINATOR, welfare_area=area,
                      organization=None)  # fmt: skip
    colleague = Membership.objects.create(
        user=UserFactory(email="colleague@foreign.example"), role=Role.NGO_MEMBER,
        organization=organization,
    )  # fmt: skip
    invitation = invitation_create(
        by=admin, email="new@foreign.example", role=Role.NGO_MEMBER, target=organization,
        language="fi",
    )  # fmt: skip
    location = Location.objects.create(
        organization=organization, street_address="Koskikatu 1", postal_code="96100",
        municipality="Rovaniemi",
    )  # fmt: skip
    activity = Activity.objects.create(
        organization=organization, name_fi="Kahvila", location=location
    )
    made = _networks_and_meetings(
        area=area, organization=organization, unit=unit, organiser=coordinator,
        representative=admin, unit_person=staff, slug="foreign-network",
        feed_token="feed-token-of-a-stranger",
    )  # fmt: skip
    foreign_objects = {
        "area": area, "organization": organization, "unit": unit,
        "application": application, "membership": colleague, "invitation": invitation,
        "location": location, "activity": activity, **made,
        "generated_file": GeneratedFileFactory(requested_by=admin),
    }  # fmt: skip
    return {"people": matrix_world["people"], "foreign": foreign_objects}


def _rows_of_the_domain_apps() -> dict:
    """Every row of the apps' tables (not the audit log, which records the denials, nor
    the sessions): a POST that changed nothing leaves this the same."""
    from django.apps import apps

    snapshot = {}
    for label in ("organizations", "networks", "referrals", "reports"):
        for model in apps.get_app_config(label).get_models():
            snapshot[model._meta.label] = list(model.objects.order_by("pk").values())
    return snapshot


@pytest.mark.parametrize(
    "entry", [pytest.param(e, id=f"{e['url_name']}-{i}") for i, e in enumerate(FOREIGN)]
)
def test_a_foreign_object_is_neither_read_nor_changed(client, foreign_world, entry):
    url = reverse(entry["url_name"], args=entry["args"](foreign_world["foreign"]))
    before = _rows_of_the_domain_apps() if entry["method"] == "post" else None
    wrong = {}

    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(foreign_world["people"][persona])
        response = getattr(client, entry["method"])(url)
        expected = entry["expected"][persona]
        if expected == "login":
            ok = response.status_code == 302 and response["Location"].startswith(
                reverse("account_login")
            )
        else:
            ok = response.status_code == expected
        if not ok:
            wrong[persona] = (response.status_code, expected)

    assert wrong == {}
    if before is not None:
        assert _rows_of_the_domain_apps() == before


def test_every_object_url_has_a_foreign_object_in_the_matrix():
    from tests.test_permission_matrix_referrals import REFERRAL_FOREIGN

    in_matrix = {entry["url_name"] for entry in (*FOREIGN, *REFERRAL_FOREIGN)}

    missing = set(_object_url_names(get_resolver().url_patterns)) - in_matrix

    assert missing == set(), "add these URLs with a foreign object to the permission matrix"

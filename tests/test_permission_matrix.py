"""Every URL that names an object, for every kind of person, with the status they get.

"login" is a redirect to sign-in, "done" a redirect after a change that went through.
Adding a URL with a parameter to the project without adding it here fails
test_every_object_url_is_in_the_matrix.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
    row("api_organization", "get", lambda w: [w["organization"].slug],
        200, 200, 200, 200, 200, 200, 200),
    row("api_organization", "get", lambda w: [w["application"].slug],
        404, 404, 404, 404, 404, 404, 404),
    row("hsds_organization", "get", lambda w: [hsds.organization_uuid(w["organization"].pk)],
        200, 200, 200, 200, 200, 200, 200),
    row("hsds_organization", "get", lambda w: [hsds.organization_uuid(w["application"].pk)],
        404, 404, 404, 404, 404, 404, 404),
    row("hsds_service", "get", lambda w: [hsds.service_uuid(w["activity"].pk)],
        200, 200, 200, 200, 200, 200, 200),
    row("invitation_accept", "get", lambda w: [invitation_token(w["invitation"])],
        200, 403, 403, 403, 403, 403, 403),
    # The NGO's own profile: its admins and the area's coordinators (views_selfservice).
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
]  # fmt: skip

CASES = [
    pytest.param(entry, persona, id=f"{entry['url_name']}-{i}-{persona}")
    for i, entry in enumerate(MATRIX)
    for persona in PERSONAS
]


@pytest.mark.parametrize(("entry", "persona"), CASES)
def test_permission_matrix(client, world, entry, persona):
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

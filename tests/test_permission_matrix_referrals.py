"""The permission matrix (tests/test_permission_matrix.py) for the referral URLs: every
URL that names a referral, a contact request or the NGO or unit they go to, for every
kind of person, on their own objects and on a foreign area's. Only the sending unit's
staff and the receiving NGO's handlers (the NGO admin "member") ever reach a referral;
coordinators see figures, never a referral.

"login" is a redirect to sign-in, "done" a redirect after a change that went through.
An empty POST is a form error (400) for those who may do the thing."""

import pytest
from django.urls import reverse

from tests.test_permission_matrix import (  # noqa: F401 - fixtures
    PERSONAS,
    _rows_of_the_domain_apps,
    foreign,
    foreign_world,
    matrix_world,
    row,
)

REFERRAL_MATRIX = [
    row("referral_new", "get", lambda w: [w["organization"].slug],
        "login", 403, 403, 200, 200, 403, 403),
    # An NGO that is not approved is no NGO to refer to; the area's coordinator, who
    # reviews its application, sees it but may not refer.
    row("referral_new", "get", lambda w: [w["application"].slug],
        "login", 404, 404, 404, 404, 403, 404),
    row("referral_consent_text", "get", lambda w: [w["organization"].slug],
        "login", 200, 200, 200, 200, 200, 200),
    row("referral_detail", "get", lambda w: [w["referral"].pk],
        "login", 200, 404, 200, 404, 404, 404),
    row("referral_message", "post", lambda w: [w["referral"].pk],
        "login", 400, 404, 400, 404, 404, 404),
    row("referral_log", "get", lambda w: [w["referral"].pk],
        "login", 403, 404, 200, 404, 404, 404),
    row("referral_withdraw", "get", lambda w: [w["referral"].pk],
        "login", 403, 404, 200, 404, 404, 404),
    row("referral_accept", "post", lambda w: [w["referral"].pk],
        "login", "done", 404, 403, 404, 404, 404),
    row("referral_decline", "post", lambda w: [w["referral"].pk],
        "login", 400, 404, 403, 404, 404, 404),
    row("referral_contact", "post", lambda w: [w["referral"].pk],
        "login", 400, 404, 403, 404, 404, 404),
    row("referral_meeting", "post", lambda w: [w["referral"].pk],
        "login", 400, 404, 403, 404, 404, 404),
    row("referral_close", "post", lambda w: [w["referral"].pk],
        "login", 400, 404, 403, 404, 404, 404),
    # Contact requests the other way: the NGO's admin ("member") asks the unit.
    row("contact_request_new", "get", lambda w: [w["unit"].slug],
        "login", 200, 200, 403, 403, 403, 403),
    row("contact_request_detail", "get", lambda w: [w["contact_request"].pk],
        "login", 200, 404, 200, 404, 404, 404),
    row("contact_request_answer", "post", lambda w: [w["contact_request"].pk],
        "login", 403, 404, 400, 404, 404, 404),
    row("contact_request_close", "post", lambda w: [w["contact_request"].pk],
        "login", 403, 404, "done", 404, 404, 404),
    row("contact_request_withdraw", "get", lambda w: [w["contact_request"].pk],
        "login", 200, 404, 403, 404, 404, 404),
]  # fmt: skip

REFERRAL_FOREIGN = [
    foreign("referral_new", "get", lambda f: [f["application"].slug], "login", 404),
    foreign("referral_consent_text", "get", lambda f: [f["application"].slug], "login", 404),
    *(
        foreign(name, method, lambda f: [f["referral"].pk], "login", 404)
        for name, method in (
            ("referral_detail", "get"), ("referral_message", "post"), ("referral_log", "get"),
            ("referral_withdraw", "get"), ("referral_withdraw", "post"),
            ("referral_accept", "post"), ("referral_decline", "post"),
            ("referral_contact", "post"), ("referral_meeting", "post"),
            ("referral_close", "post"),
        )
    ),
    foreign("contact_request_new", "get", lambda f: ["no-such-unit"], "login", 404),
    *(
        foreign(name, method, lambda f: [f["contact_request"].pk], "login", 404)
        for name, method in (
            ("contact_request_detail", "get"), ("contact_request_answer", "post"),
            ("contact_request_close", "post"), ("contact_request_withdraw", "get"),
            ("contact_request_withdraw", "post"),
        )
    ),
]  # fmt: skip


def _contact_request(*, unit, organization, by):
    """A contact request from `organization` to `unit` with consent, through the service."""
    from datetime import timedelta

    from django.utils import timezone

    from referrals import services

    return services.contact_request_send(
        organization=organization,
        unit=unit,
        by=by,
        consent={
            "purpose": "Toimeentulotuki",
            "categories": ["name", "phone"],
            "method": "verbal_in_person",
            "language": "fi",
            "valid_until": timezone.localdate() + timedelta(days=30),
        },
        client={"client_name": "Testi", "client_phone": "+358 40 000 0000"},
    )


def _referral(*, unit, organization, by):
    """A referral sent from `unit` to `organization` with consent, through the service."""
    from datetime import timedelta

    from django.utils import timezone

    from referrals import services

    organization.accepts_referrals = True
    organization.save(update_fields=["accepts_referrals"])
    return services.referral_send(
        unit=unit,
        organization=organization,
        by=by,
        consent={
            "purpose": "Vertaistuki",
            "categories": ["name", "phone"],
            "method": "verbal_in_person",
            "language": "fi",
            "valid_until": timezone.localdate() + timedelta(days=30),
        },
        client={"client_name": "Testi", "client_phone": "+358 40 000 0000"},
    )


@pytest.fixture
def referral_world(matrix_world):  # noqa: F811 - the fixture imported above
    people = matrix_world["people"]
    referral = _referral(
        unit=matrix_world["unit"], organization=matrix_world["organization"],
        by=people["unit_staff"],
    )  # fmt: skip
    contact_request = _contact_request(
        unit=matrix_world["unit"], organization=matrix_world["organization"],
        by=people["member"],
    )  # fmt: skip
    return {**matrix_world, "referral": referral, "contact_request": contact_request}


@pytest.fixture
def foreign_referral_world(foreign_world):  # noqa: F811 - the fixture imported above
    from organizations.models import Membership, Role

    made = foreign_world["foreign"]
    staff = Membership.objects.filter(service_unit=made["unit"], role=Role.UNIT_STAFF).first()
    admin = Membership.objects.filter(organization=made["organization"], role=Role.NGO_ADMIN)
    referral = _referral(unit=made["unit"], organization=made["organization"], by=staff.user)
    contact_request = _contact_request(
        unit=made["unit"], organization=made["organization"], by=admin.first().user
    )
    return {
        **foreign_world,
        "foreign": {**made, "referral": referral, "contact_request": contact_request},
    }


CASES = [
    pytest.param(entry, persona, id=f"{entry['url_name']}-{i}-{persona}")
    for i, entry in enumerate(REFERRAL_MATRIX)
    for persona in PERSONAS
]


@pytest.mark.parametrize(("entry", "persona"), CASES)
def test_referral_permission_matrix(client, referral_world, entry, persona):
    world = referral_world
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


@pytest.mark.parametrize(
    "entry", [pytest.param(e, id=f"{e['url_name']}-{i}") for i, e in enumerate(REFERRAL_FOREIGN)]
)
def test_a_foreign_referral_is_neither_read_nor_changed(client, foreign_referral_world, entry):
    world = foreign_referral_world
    url = reverse(entry["url_name"], args=entry["args"](world["foreign"]))
    before = _rows_of_the_domain_apps() if entry["method"] == "post" else None
    wrong = {}

    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(world["people"][persona])
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

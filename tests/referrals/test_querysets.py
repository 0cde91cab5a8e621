"""Who sees which referral (DESIGN.md: only the sending unit's staff and the receiving
NGO's handlers ever see personal data; coordinators count; nobody else), for every role:
the scoped QuerySets the pages look referrals up through, and the rules of
referrals/rules.py, which must say the same (as tests/test_rules_match_querysets.py
checks for the other apps)."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from organizations.models import Role
from referrals import services
from referrals.models import Consent, ContactRequest, Referral, State
from tests.referrals.helpers import client_data, consent_data, referral_world
from tests.referrals.scenarios import draft, everyone, person
from tests.test_rules_match_querysets import _disagreements

pytestmark = pytest.mark.django_db


def sent(world, unit, organization, by):
    return services.referral_send(
        unit=unit, organization=organization, by=by, consent=consent_data(), client=client_data()
    )


def contact_request(organization, unit) -> ContactRequest:
    consent = Consent.objects.create(
        service_unit=unit,
        categories=["phone"],
        method="written",
        language="fi",
        valid_until=consent_data()["valid_until"],
    )
    return ContactRequest.objects.create(
        organization=organization, service_unit=unit, consent=consent, client_phone="040 1"
    )


@pytest.fixture
def scene():
    """Referrals between the two areas' units and NGOs, both ways, and a draft; contact
    requests likewise. Names: <from>_<to>, "here" the first area, "there" the other."""
    world = referral_world()
    people = everyone(world)
    people["anonymous"] = AnonymousUser()
    people["other_ngo_member"] = person(
        "member@other-ngo.example", Role.NGO_MEMBER, organization=world["other_organization"]
    )
    unit, other_unit = world["unit"], world["other_unit"]
    ngo, other_ngo = world["organization"], world["other_organization"]
    referrals = {
        "here_here": sent(world, unit, ngo, people["unit_staff"]),
        "here_here_closed": sent(world, unit, ngo, people["unit_lead"]),
        "here_there": sent(world, unit, other_ngo, people["unit_staff"]),
        "there_here": sent(world, other_unit, ngo, people["other_unit_staff"]),
        "there_there": sent(world, other_unit, other_ngo, people["other_unit_staff"]),
        "draft": draft(world),
    }
    services.referral_accept(referral=referrals["here_here_closed"], by=people["handler"])
    services.referral_close(
        referral=referrals["here_here_closed"], by=people["handler"], outcome="other"
    )
    requests = {
        "here_here": contact_request(ngo, unit),
        "here_there": contact_request(ngo, other_unit),
        "there_here": contact_request(other_ngo, unit),
        "there_there": contact_request(other_ngo, other_unit),
    }
    return {"world": world, "people": people, "referrals": referrals, "requests": requests}


ALL_SENT = {"here_here", "here_here_closed", "here_there", "there_here", "there_there"}
HERE_SIDE = {"here_here", "here_here_closed", "here_there"}
# What each role finds through each QuerySet method (names of the scene's referrals).
EXPECTED = {
    "unit_staff": {
        "visible_to": HERE_SIDE | {"draft"},
        "sent_from_units_of": HERE_SIDE | {"draft"},
        "received_by": set(),
        "in_areas_of": set(),
    },
    "other_unit_staff": {
        "visible_to": {"there_here", "there_there"},
        "sent_from_units_of": {"there_here", "there_there"},
        "received_by": set(),
        "in_areas_of": set(),
    },
    "handler": {
        "visible_to": {"here_here", "here_here_closed", "there_here"},
        "sent_from_units_of": set(),
        "received_by": {"here_here", "here_here_closed", "there_here"},
        "in_areas_of": set(),
    },
    "ngo_member": {"visible_to": set(), "sent_from_units_of": set(), "received_by": set()},
    "other_handler": {
        "visible_to": {"here_there", "there_there"},
        "received_by": {"here_there", "there_there"},
    },
    "coordinator": {
        "visible_to": set(),
        "sent_from_units_of": set(),
        "received_by": set(),
        "in_areas_of": {"here_here", "here_here_closed", "here_there", "there_here"},
    },
    "other_coordinator": {
        "visible_to": set(),
        "in_areas_of": {"here_there", "there_here", "there_there"},
    },
    "superuser": {
        "visible_to": set(),
        "sent_from_units_of": set(),
        "received_by": set(),
        "in_areas_of": ALL_SENT,
    },
    "anonymous": {
        "visible_to": set(),
        "sent_from_units_of": set(),
        "received_by": set(),
        "in_areas_of": set(),
    },
}
EXPECTED["unit_lead"] = EXPECTED["unit_staff"]
EXPECTED["ngo_admin"] = EXPECTED["handler"]
EXPECTED["other_ngo_member"] = EXPECTED["ngo_member"]
CASES = [
    (who, method, names) for who, methods in EXPECTED.items() for method, names in methods.items()
]


@pytest.mark.parametrize(("who", "method", "names"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_each_role_finds_exactly_its_referrals(scene, who, method, names):
    by_pk = {referral.pk: name for name, referral in scene["referrals"].items()}
    found = getattr(Referral.objects, method)(scene["people"][who])

    assert {by_pk[pk] for pk in found.values_list("pk", flat=True)} == names


def test_a_draft_is_the_units_own_until_it_is_sent(scene):
    """The NGO, its area's coordinator and a platform admin do not see a draft at all."""
    draft = scene["referrals"]["draft"]
    people = scene["people"]
    for who in ("handler", "ngo_admin", "coordinator", "other_coordinator", "superuser"):
        for method in ("visible_to", "received_by", "in_areas_of"):
            found = getattr(Referral.objects, method)(people[who])
            assert not found.filter(pk=draft.pk).exists(), (who, method)
    assert Referral.objects.visible_to(people["unit_staff"]).filter(pk=draft.pk).exists()


def test_personal_data_is_seen_by_the_two_sides_only(scene):
    """Who can open a referral with its personal data (visible_to): for each referral,
    exactly the staff of the sending unit and the handlers of the receiving NGO."""
    people = scene["people"]
    sides = {
        "here_here": {"unit_staff", "unit_lead", "handler", "ngo_admin"},
        "there_here": {"other_unit_staff", "handler", "ngo_admin"},
        "here_there": {"unit_staff", "unit_lead", "other_handler"},
        "there_there": {"other_unit_staff", "other_handler"},
    }
    for name, expected in sides.items():
        referral = scene["referrals"][name]
        seeing = {
            who
            for who, user in people.items()
            if Referral.objects.visible_to(user).filter(pk=referral.pk).exists()
        }
        assert seeing == expected, name


# --- Rules and QuerySets say the same ----------------------------------------------------


def rule_disagreements(users, checks):
    """As tests/test_rules_match_querysets.py, asking the rules themselves: Django's
    has_perm says yes to every question for an active superuser before any rule is
    asked, so for the platform admin the scoped lookup is what keeps the data out."""
    wrong = []
    for perm, objects, scoped in checks:
        for user in users:
            allowed = set(scoped(user).values_list("pk", flat=True))
            for obj in objects:
                if rules.has_perm(perm, user, obj) != (obj.pk in allowed):
                    wrong.append((getattr(user, "email", "anonymous"), perm, str(obj)))
    return wrong


def referral_checks():
    referrals = list(Referral.objects.all())
    return [
        ("referrals.view_referral", referrals, Referral.objects.visible_to),
        ("referrals.answer_referral", referrals, Referral.objects.received_by),
        ("referrals.withdraw_referral", referrals, Referral.objects.sent_from_units_of),
    ]


def contact_request_checks():
    requests = list(ContactRequest.objects.all())
    return [
        ("referrals.view_contact_request", requests, ContactRequest.objects.visible_to),
        ("referrals.answer_contact_request", requests, ContactRequest.objects.received_by),
        (
            "referrals.withdraw_contact_request",
            requests,
            ContactRequest.objects.sent_by_organizations_of,
        ),
    ]


def test_the_referral_rules_match_their_querysets(scene):
    users = list(scene["people"].values())
    assert Referral.objects.count() == 6

    assert rule_disagreements(users, referral_checks()) == []
    # Through Django's has_perm too, for everyone but the platform admin.
    ordinary = [u for u in users if not getattr(u, "is_superuser", False)]
    assert _disagreements(ordinary, referral_checks()) == []


def test_the_contact_request_rules_match_their_querysets(scene):
    users = list(scene["people"].values())
    ordinary = [u for u in users if not getattr(u, "is_superuser", False)]

    assert rule_disagreements(users, contact_request_checks()) == []
    assert _disagreements(ordinary, contact_request_checks()) == []


def test_a_platform_admin_reaches_no_referral_page(scene):
    """has_perm is True for a superuser (Django), but every page looks the referral up
    through visible_to first, which holds nothing for them: a 404, not the data."""
    root = scene["people"]["superuser"]
    referral = scene["referrals"]["here_here"]

    assert root.has_perm("referrals.view_referral", referral)
    assert not Referral.objects.visible_to(root).exists()
    assert not ContactRequest.objects.visible_to(root).exists()


CONTACT_EXPECTED = {
    # The sending NGO's people who hold client data, and the receiving unit's staff.
    "unit_staff": {"here_here", "there_here"},
    "unit_lead": {"here_here", "there_here"},
    "other_unit_staff": {"here_there", "there_there"},
    "handler": {"here_here", "here_there"},
    "ngo_admin": {"here_here", "here_there"},
    "other_handler": {"there_here", "there_there"},
    # An NGO member without a client-data role has no MFA: no client data for them.
    "ngo_member": set(),
    "other_ngo_member": set(),
    "coordinator": set(),
    "other_coordinator": set(),
    "superuser": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize(("who", "names"), CONTACT_EXPECTED.items(), ids=CONTACT_EXPECTED)
def test_each_role_sees_exactly_its_contact_requests(scene, who, names):
    by_pk = {request.pk: name for name, request in scene["requests"].items()}
    found = ContactRequest.objects.visible_to(scene["people"][who])

    assert {by_pk[pk] for pk in found.values_list("pk", flat=True)} == names


def test_coordinators_count_the_contact_requests_to_their_area(scene):
    by_pk = {request.pk: name for name, request in scene["requests"].items()}
    people = scene["people"]

    def counted(who):
        found = ContactRequest.objects.in_areas_of(people[who])
        return {by_pk[pk] for pk in found.values_list("pk", flat=True)}

    assert counted("coordinator") == {"here_here", "there_here"}
    assert counted("other_coordinator") == {"here_there", "there_there"}
    assert counted("superuser") == set(by_pk.values())
    assert counted("anonymous") == counted("handler") == set()


def test_the_page_permissions_follow_the_roles(scene):
    people = scene["people"]

    def holders(perm):
        return {who for who, user in people.items() if user.has_perm(perm)}

    units = {"unit_staff", "unit_lead", "other_unit_staff"}
    handlers = {"handler", "ngo_admin", "other_handler"}
    coordinators = {"coordinator", "other_coordinator", "superuser"}
    assert holders("referrals.send_referral") == units | {"superuser"}
    assert holders("referrals.see_inbox") == handlers | {"superuser"}
    assert holders("referrals.see_figures") == units | handlers | coordinators
    assert holders("referrals.send_contact_request") == handlers | {"superuser"}
    # And what the rules themselves say of the platform admin (Django says yes to all).
    root = people["superuser"]
    assert not rules.has_perm("referrals.send_referral", root)
    assert not rules.has_perm("referrals.see_inbox", root)
    assert rules.has_perm("referrals.see_figures", root)
    assert State.DRAFT not in Referral.objects.in_areas_of(root).values_list("state", flat=True)

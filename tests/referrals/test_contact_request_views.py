"""The contact request pages: the button on the unit's contact point, the form that keeps
everything typed through an error, the list without client data (a fixed number of
queries), the request for both sides (an audited read), the unit's answer and close, the
NGO's two-click withdrawal, and a 404 for every request of someone else."""

import re
from html import unescape

import pytest
from django.urls import reverse

from coact.models import AuditEvent
from organizations.models import Role
from referrals import services
from referrals.models import ContactRequest, ContactState
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    UserFactory,
    with_totp,
)
from tests.query_budget import MENU_PERMISSIONS, SIGNED_IN
from tests.referrals.contact_helpers import (
    ANSWER_MARKER,
    answered,
    request_form_data,
    send_request,
)
from tests.referrals.helpers import MARKERS, referral_world

pytestmark = pytest.mark.django_db

HETU = "131052-308T"


@pytest.fixture
def world():
    world = referral_world()
    for persona in ("worker", "handler", "coordinator"):
        with_totp(world[persona])
    # Staff of another unit and the admin of another NGO, in the same area.
    world["other_staff"] = with_totp(UserFactory(email="staff@other-unit.example"))
    MembershipFactory(
        user=world["other_staff"],
        organization=None,
        service_unit=ServiceUnitFactory(welfare_area=world["area"]),
        role=Role.UNIT_STAFF,
    )
    world["other_admin"] = with_totp(UserFactory(email="admin@other-ngo.example"))
    MembershipFactory(
        user=world["other_admin"],
        organization=OrganizationFactory(welfare_area=world["area"]),
        role=Role.NGO_ADMIN,
    )
    world["root"] = with_totp(UserFactory(email="root@coact.example", is_superuser=True))
    return world


def text_of(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", main).split()))


# --- The unit's contact point and the form ---------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("handler", True), ("member", False), ("worker", False), (None, False)],
)
def test_the_unit_page_offers_the_request_to_ngo_workers_with_a_client_data_role(
    client, world, persona, shown
):
    if persona:
        client.force_login(world[persona])

    html = client.get("/en/units/koto/").content.decode()

    assert ('href="/en/contact-requests/new/koto/"' in html) is shown
    assert ("Ask this unit to contact a client" in html) is shown


@pytest.mark.parametrize("persona", ["member", "worker", "root"])
def test_the_form_is_for_the_ngo_side_only(client, world, persona):
    client.force_login(world[persona])

    assert client.get("/en/contact-requests/new/koto/").status_code == 403
    assert (
        client.post("/en/contact-requests/new/koto/", request_form_data(world)).status_code == 403
    )
    assert not ContactRequest.objects.exists()


def test_the_form_needs_a_sign_in_and_an_existing_unit(client, world):
    response = client.get("/en/contact-requests/new/koto/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(world["handler"])
    assert client.get("/en/contact-requests/new/no-such-unit/").status_code == 404


def test_sending_from_the_form_opens_the_request(client, world):
    client.force_login(world["handler"])

    response = client.post("/en/contact-requests/new/koto/", request_form_data(world))

    request = ContactRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/contact-requests/{request.pk}/"
    assert (request.organization, request.service_unit) == (world["organization"], world["unit"])
    assert request.client_languages == ["so", "fi"]
    assert request.consent.interpreter_used is True
    page = client.get(response["Location"])
    assert "The contact request was sent to KOTO-tiimi." in text_of(page)


def test_an_error_keeps_everything_typed_and_saves_nothing(client, world):
    client.force_login(world["handler"])
    # The e-mail address was not agreed, and the reason holds an identity code.
    data = request_form_data(
        world, client_email="zyxmarker@client.example", reason=f"Hetu {HETU}, asunto"
    )

    response = client.post("/en/contact-requests/new/koto/", data)

    assert response.status_code == 400
    assert not ContactRequest.objects.exists()
    html = response.content.decode()
    assert "Fix 2 problems before you continue" in text_of(response)
    assert "personal identity code" in html
    for value in (MARKERS["client_name"], MARKERS["client_phone"], MARKERS["contact_times"],
                  "zyxmarker@client.example", f"Hetu {HETU}, asunto", "Asumisen tuki"):  # fmt: skip
        assert value in html
    assert re.search(r'value="verbal_in_person"[^>]*checked', html)
    assert re.search(r'value="so"[^>]*selected', html)


def test_a_unit_without_staff_in_the_portal_gets_no_form(client, world):
    ServiceUnitFactory(welfare_area=world["area"], slug="empty-unit", contact_phone="09 123 456")
    client.force_login(world["handler"])

    response = client.get("/en/contact-requests/new/empty-unit/")

    assert "This unit does not read contact requests in the portal yet." in text_of(response)
    assert "09 123 456" in text_of(response)
    assert '<form method="post" class="form"' not in response.content.decode()


# --- The list ------------------------------------------------------------------------------


def test_each_side_lists_its_own_requests_without_client_data(client, world):
    mine = answered(world)
    other = send_request(
        world,
        organization=world["other_admin"].memberships.get().organization,
        by=world["other_admin"],
    )

    client.force_login(world["handler"])
    sent = client.get("/en/contact-requests/")
    client.force_login(world["worker"])
    received = client.get("/en/contact-requests/")

    assert f'href="/en/contact-requests/{mine.pk}/"' in sent.content.decode()
    assert f'href="/en/contact-requests/{other.pk}/"' not in sent.content.decode()
    assert "Requests your organisation has sent" in text_of(sent)
    assert "Requests to your unit" in text_of(received)
    assert f'href="/en/contact-requests/{other.pk}/"' in received.content.decode()
    for page in (sent, received):
        for marker in [*MARKERS.values(), ANSWER_MARKER]:
            assert marker not in page.content.decode()
    assert "Answer by" in text_of(received)


def test_the_list_is_for_the_two_sides_only(client, world):
    for persona in ("member", "coordinator", "root"):
        client.force_login(world[persona])
        assert client.get("/en/contact-requests/").status_code == 403


def test_someone_on_both_sides_chooses_a_side(client, world):
    MembershipFactory(user=world["worker"], organization=world["organization"], role=Role.NGO_ADMIN)
    send_request(world)
    client.force_login(world["worker"])

    received = client.get("/en/contact-requests/")
    sent = client.get("/en/contact-requests/?side=sent")

    assert 'href="?side=sent"' in received.content.decode()
    assert '<a href="?side=received" aria-current="page">' in received.content.decode()
    assert '<a href="?side=sent" aria-current="page">' in sent.content.decode()


# Around the page (tests/query_budget.py); the list: the paginator's count, the page's
# rows with their organisation and unit.
LIST_QUERIES = SIGNED_IN + MENU_PERMISSIONS + 2


@pytest.mark.parametrize("persona", ["handler", "worker"])
def test_the_list_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries, persona):
    send_request(world)
    client.force_login(world[persona])
    client.get("/en/contact-requests/")  # the first request after signing in stamps the session

    with django_assert_num_queries(LIST_QUERIES):
        client.get("/en/contact-requests/")
    for _ in range(4):
        answered(world)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/en/contact-requests/")
    assert len(re.findall(r'href="/en/contact-requests/\d+/"', response.content.decode())) == 5


# --- The request ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["handler", "worker"])
def test_both_sides_read_the_request_and_each_read_is_audited(client, world, persona):
    request = answered(world)
    client.force_login(world[persona])

    text = text_of(client.get(f"/en/contact-requests/{request.pk}/"))

    for marker in (MARKERS["client_name"], MARKERS["reason"], ANSWER_MARKER):
        assert marker in text
    assert "Somali, Finnish" in text
    read = AuditEvent.objects.get(action=AuditEvent.Action.CLIENT_DATA_VIEWED)
    assert (read.actor, read.object_id, read.object_repr) == (world[persona], str(request.pk), "")


PAGES = [
    ("get", "contact_request_detail"),
    ("post", "contact_request_answer"),
    ("post", "contact_request_close"),
    ("get", "contact_request_withdraw"),
    ("post", "contact_request_withdraw"),
]


@pytest.mark.parametrize(("method", "url_name"), PAGES)
@pytest.mark.parametrize("persona", ["other_staff", "other_admin", "member", "coordinator", "root"])
def test_someone_elses_request_is_a_404_and_stays_as_it_was(
    client, world, method, url_name, persona
):
    request = send_request(world)
    client.force_login(world[persona])

    response = getattr(client, method)(
        reverse(url_name, args=[request.pk]), {"answer": "Hoidettu.", "method": "written"}
    )

    assert response.status_code == 404
    request = ContactRequest.objects.get(pk=request.pk)
    assert (request.state, request.client_name) == (ContactState.SENT, MARKERS["client_name"])
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CLIENT_DATA_VIEWED).exists()


def test_the_unit_answers_from_the_request_page(client, world):
    request = send_request(world)
    client.force_login(world["worker"])
    page = client.get(f"/en/contact-requests/{request.pk}/").content.decode()
    assert f'action="/en/contact-requests/{request.pk}/answer/"' in page

    response = client.post(f"/en/contact-requests/{request.pk}/answer/", {"answer": "Soitamme."})

    assert response["Location"] == f"/en/contact-requests/{request.pk}/"
    assert ContactRequest.objects.get(pk=request.pk).state == ContactState.ANSWERED
    page = client.get(response["Location"])
    assert "Your answer was sent." in text_of(page)
    assert f'action="/en/contact-requests/{request.pk}/close/"' in page.content.decode()


def test_a_refused_answer_comes_back_with_the_text(client, world):
    request = send_request(world)
    client.force_login(world["worker"])

    response = client.post(
        f"/en/contact-requests/{request.pk}/answer/", {"answer": f"Soitamme {HETU}"}
    )

    assert response.status_code == 400
    assert f"Soitamme {HETU}</textarea>" in response.content.decode()
    assert "personal identity code" in text_of(response)
    assert ContactRequest.objects.get(pk=request.pk).state == ContactState.SENT


def test_an_answer_twice_is_refused_with_a_message(client, world):
    request = answered(world)
    client.force_login(world["worker"])

    response = client.post(
        f"/en/contact-requests/{request.pk}/answer/", {"answer": "Toinen vastaus"}, follow=True
    )

    assert "Only a request that is waiting for an answer can be answered." in text_of(response)
    assert ContactRequest.objects.get(pk=request.pk).answer == ANSWER_MARKER


def test_the_ngo_may_not_answer_or_close(client, world):
    request = answered(world)
    client.force_login(world["handler"])

    assert (
        client.post(f"/en/contact-requests/{request.pk}/answer/", {"answer": "x"}).status_code
        == 403
    )
    assert client.post(f"/en/contact-requests/{request.pk}/close/").status_code == 403
    assert client.get(f"/en/contact-requests/{request.pk}/close/").status_code == 405


def test_the_unit_closes_the_request(client, world):
    request = answered(world)
    client.force_login(world["worker"])

    response = client.post(f"/en/contact-requests/{request.pk}/close/", follow=True)

    assert "The request is closed. The organisation was told." in text_of(response)
    assert ContactRequest.objects.get(pk=request.pk).state == ContactState.CLOSED


def test_the_withdrawal_takes_two_clicks_and_erases_the_client_data(client, world):
    request = answered(world)
    client.force_login(world["handler"])
    detail = client.get(f"/en/contact-requests/{request.pk}/").content.decode()
    link = f'href="/en/contact-requests/{request.pk}/withdraw/"'
    assert link in detail

    # The first click opens the page; the method is the consent's own, ready to send.
    viewed = AuditEvent.objects.filter(action=AuditEvent.Action.CLIENT_DATA_VIEWED)
    assert viewed.count() == 1
    page = client.get(f"/en/contact-requests/{request.pk}/withdraw/").content.decode()
    assert re.search(r'value="verbal_in_person"[^>]*checked', page)
    response = client.post(
        f"/en/contact-requests/{request.pk}/withdraw/", {"method": "verbal_in_person"}, follow=True
    )

    text = text_of(response)
    assert "The consent is withdrawn and the client's details are erased." in text
    assert "The client's details were erased on" in text
    assert MARKERS["client_name"] not in text
    assert ContactRequest.objects.get(pk=request.pk).state == ContactState.WITHDRAWN
    assert link not in response.content.decode()
    # Neither the withdrawal page nor the erased request is a read: nothing is shown.
    assert viewed.count() == 1


def test_the_unit_may_not_withdraw(client, world):
    request = send_request(world)
    client.force_login(world["worker"])

    assert client.get(f"/en/contact-requests/{request.pk}/withdraw/").status_code == 403
    response = client.post(f"/en/contact-requests/{request.pk}/withdraw/", {"method": "written"})
    assert response.status_code == 403
    assert ContactRequest.objects.get(pk=request.pk).client_name == MARKERS["client_name"]


def test_the_withdrawal_page_of_an_erased_request_says_so(client, world):
    request = send_request(world)
    services.contact_request_withdraw(request=request, by=world["handler"], method="written")
    client.force_login(world["handler"])

    response = client.get(f"/en/contact-requests/{request.pk}/withdraw/")

    assert "nothing to withdraw" in text_of(response)
    assert "<button" not in response.content.decode().split("<main")[1].split("</main>")[0]


# --- "My work" --------------------------------------------------------------------------------


def work_panel(response) -> str:
    html = response.content.decode()
    start = html.rindex("<section", 0, html.index('id="work-contact-heading"'))
    return unescape(
        " ".join(re.sub(r"<[^>]+>", " ", html[start : html.index("</section>", start)]).split())
    )


def test_the_unit_sees_what_waits_for_its_answer_on_my_work(client, world):
    waiting = send_request(world)
    answered(world)
    client.force_login(world["worker"])

    panel = work_panel(client.get("/en/me/"))

    assert "1 contact request waits for your unit's answer." in panel
    assert "1 answered request is still open" in panel
    assert f"No. {waiting.pk} from Hiiraan tuki ry" in panel
    for marker in MARKERS.values():
        assert marker not in panel


def test_the_ngo_sees_its_answered_requests_on_my_work(client, world):
    answered(world)
    client.force_login(world["handler"])

    panel = work_panel(client.get("/en/me/"))

    assert "A unit has answered 1 of your requests." in panel
    assert "Read the unit's answer" in panel


def test_the_rules_and_the_lookups_agree(world):
    from django.contrib.auth.models import AnonymousUser

    other_organization = world["other_admin"].memberships.get().organization
    requests = [
        send_request(world),
        send_request(world, organization=other_organization, by=world["other_admin"]),
    ]
    checks = [
        ("referrals.view_contact_request", ContactRequest.objects.visible_to),
        ("referrals.answer_contact_request", ContactRequest.objects.received_by),
        ("referrals.withdraw_contact_request", ContactRequest.objects.sent_by_organizations_of),
    ]
    # Not a superuser: Django grants them every permission, and the lookups (which the
    # pages use) still show them no client data (the 404 test above).
    people = [AnonymousUser()] + [
        world[p] for p in ("worker", "handler", "member", "coordinator", "other_staff",
                           "other_admin")
    ]  # fmt: skip

    wrong = [
        (getattr(user, "email", "anonymous"), perm, request.pk)
        for perm, scoped in checks
        for user in people
        for request in requests
        if user.has_perm(perm, request) != scoped(user).filter(pk=request.pk).exists()
    ]

    assert wrong == []
    # The NGO volunteer without a client-data role sees neither.
    assert not ContactRequest.objects.visible_to(world["member"]).exists()

"""Contact requests the other way (referrals.services.contact_requests): an NGO's worker
asks a unit to contact a client, with the client's consent; the unit answers and closes
it; a withdrawal erases the client's data at once. Every move of the table and every
refusal, the consent rules shared with referrals, and no client data in mail or audit."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone, translation

from coact.models import AuditEvent
from coact.workdays import add_working_days
from organizations.models import Organization, Role
from referrals import services
from referrals.models import Consent, ContactRequest, ContactState, EventKind
from referrals.services.contact_requests import CONTACT_MOVES, contact_transition
from referrals.services.scans import expire_contact_requests_due
from tests.factories import (
    MembershipFactory,
    ServiceUnitFactory,
    UserFactory,
    forget_sent_mail,
    sent_mail_to,
)
from tests.referrals.contact_helpers import ANSWER_MARKER, answered, request_client, send_request
from tests.referrals.helpers import MARKERS, client_data, consent_data, referral_world, send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The refusals are read in English here, whatever language an earlier test left on
    (the portal's default is Finnish)."""
    with translation.override("en"):
        yield

HETU = "131052-308T"  # a valid code (the tax administration's example)
ALL_MARKERS = [*MARKERS.values(), ANSWER_MARKER]


@pytest.fixture
def world():
    return referral_world()


def assert_no_client_data(texts) -> None:
    for text in texts:
        for marker in ALL_MARKERS:
            assert marker not in text


def in_finnish(msgid: str, number: int) -> str:
    """A subject as the unit's worker (who reads Finnish) gets it."""
    with translation.override("fi"):
        return translation.gettext(msgid) % {"number": number}


def raw_row(table: str, pk: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608
        names = [column.name for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


# --- Sending ---------------------------------------------------------------------------------


def test_sending_records_the_consent_for_the_unit_and_tells_the_unit(world):
    request = send_request(world)

    request = ContactRequest.objects.get(pk=request.pk)
    assert request.state == ContactState.SENT
    assert request.client_name == MARKERS["client_name"]
    assert request.sent_by == world["handler"]
    assert request.expire_at == add_working_days(request.created_at, 14)
    consent = request.consent
    assert (consent.service_unit, consent.organization) == (world["unit"], None)
    assert consent.recorded_by == world["handler"]
    event = request.events.get()
    assert (event.kind, event.to_state, event.actor) == ("sent", "sent", world["handler"])
    # The unit's staff are told, in their language, with a link and no client data.
    mail = sent_mail_to("worker@unit.example")
    assert len(mail) == 1
    assert mail[0].subject == in_finnish(
        "A contact request for your unit in Co-Act Portal (no. %(number)s)", request.pk
    )
    assert f"/fi/contact-requests/{request.pk}/" in mail[0].body
    assert_no_client_data([mail[0].subject, mail[0].body])
    assert sent_mail_to("handler@ngo.example") == []


def test_the_expiry_follows_the_setting(world, settings):
    settings.CONTACT_REQUEST_EXPIRE_WORKING_DAYS = 3

    request = send_request(world)

    assert request.expire_at == add_working_days(request.created_at, 3)


def test_the_client_data_is_encrypted_at_rest(world):
    request = send_request(world)

    row = raw_row("referrals_contactrequest", request.pk)
    assert row["client_name"].startswith("fernet:")
    assert_no_client_data(str(value) for value in row.values())


@pytest.mark.parametrize("persona", ["member", "worker", "coordinator"])
def test_only_an_ngo_role_with_client_data_may_send(world, persona):
    # An NGO member (a volunteer, without two-factor authentication), the unit's own
    # staff and the coordinator are refused.
    with pytest.raises(PermissionDenied):
        send_request(world, by=world[persona])

    assert not ContactRequest.objects.exists()
    assert not Consent.objects.exists()


def test_a_handler_cannot_send_on_behalf_of_another_ngo(world):
    other = UserFactory()
    MembershipFactory(user=other, role=Role.NGO_ADMIN)

    with pytest.raises(PermissionDenied):
        send_request(world, by=other)


def test_an_ngo_waiting_for_approval_cannot_send(world):
    Organization.objects.filter(pk=world["organization"].pk).update(status="pending")
    world["organization"].refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        send_request(world)

    assert refused.value.code == "pending"


def test_a_unit_without_staff_in_the_portal_is_refused(world):
    empty = ServiceUnitFactory(welfare_area=world["area"])

    with pytest.raises(ValidationError) as refused:
        send_request(world, unit=empty)

    assert refused.value.code == "closed"
    assert not ContactRequest.objects.exists()


# --- The consent rules, shared with referrals ------------------------------------------------


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


def _both_senders(world, *, consent, client):
    """The same consent and client data through a contact request and a referral."""
    return {
        "contact request": _errors(lambda: send_request(world, consent=consent, client=client)),
        "referral": _errors(lambda: send(world, consent=consent, client=client)),
    }


def test_fields_of_categories_not_ticked_are_refused_field_by_field(world):
    consent = consent_data(categories=["phone"])

    errors = _both_senders(world, consent=consent, client=client_data())

    for sender, found in errors.items():
        assert set(found) == {
            "client_name", "client_email", "contact_times", "reason", "client_languages",
            "interpreter_needed",
        }, sender  # fmt: skip
        assert found["reason"] == [
            "The client did not agree to share this: leave it empty, or tick it above."
        ]
    assert not ContactRequest.objects.exists()


def test_only_the_ticked_categories_pass(world):
    consent = consent_data(categories=["phone", "reason"])
    client = request_client(
        client_name="", client_email="", contact_times="", client_languages=[],
        interpreter_needed=False,
    )  # fmt: skip

    request = send_request(world, consent=consent, client=client)

    assert request.client_phone == MARKERS["client_phone"]
    assert request.client_languages == []


def test_no_category_ticked_and_an_old_consent_are_refused_together(world):
    consent = consent_data(categories=[], valid_until=timezone.localdate() - timedelta(days=1))

    errors = _both_senders(world, consent=consent, client=client_data())

    for found in errors.values():
        assert found == {
            "categories": ["Tick at least one kind of information the client agreed to share."],
            "valid_until": ["The consent must be valid today or later."],
        }


def test_a_way_to_reach_the_client_is_needed(world):
    client = request_client(client_phone="", client_email="")

    errors = _errors(lambda: send_request(world, client=client))

    assert errors == {
        "client_phone": [
            "Give a phone number or an e-mail address, so that the unit can reach the client."
        ]
    }


@pytest.mark.parametrize("field", ["client_name", "contact_times", "reason"])
def test_a_personal_identity_code_in_free_text_is_refused(world, field):
    client = request_client(**{field: f"Asiakas {HETU} tarvitsee apua"})

    errors = _errors(lambda: send_request(world, client=client))

    assert list(errors) == [field]
    assert "personal identity code" in errors[field][0]
    assert HETU not in errors[field][0]
    assert not ContactRequest.objects.exists()
    assert not Consent.objects.exists()


def test_a_personal_identity_code_in_the_purpose_is_refused(world):
    consent = consent_data(purpose=f"Asumisen tuki, hetu {HETU.lower()}")

    assert list(_errors(lambda: send_request(world, consent=consent))) == ["purpose"]


# --- The unit answers and closes -------------------------------------------------------------


def test_the_unit_answers_and_the_sender_is_told(world):
    request = answered(world)

    request = ContactRequest.objects.get(pk=request.pk)
    assert request.state == ContactState.ANSWERED
    assert request.answered_at is not None
    assert request.answer == ANSWER_MARKER
    event = request.events.get(kind=EventKind.ANSWERED)
    assert (event.from_state, event.to_state, event.actor) == ("sent", "answered", world["worker"])
    mail = sent_mail_to("handler@ngo.example")
    assert [m.subject for m in mail] == [f"Contact request no. {request.pk} has an answer"]
    assert_no_client_data([mail[0].body])
    assert raw_row("referrals_contactrequest", request.pk)["answer"].startswith("fernet:")


def test_the_sender_is_told_even_after_leaving_the_ngo(world):
    request = send_request(world)
    world["handler"].memberships.all().delete()
    admin = UserFactory(email="admin@ngo.example")
    MembershipFactory(user=admin, organization=world["organization"], role=Role.NGO_ADMIN)

    services.contact_request_answer(request=request, by=world["worker"], answer="Soitamme.")

    assert len(sent_mail_to("admin@ngo.example")) == 1
    assert sent_mail_to("handler@ngo.example") == []


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("   ", "Write the answer first."),
        ("x" * 2001, "An answer can be at most 2000 characters."),
        (f"Soitamme, hetu {HETU}", None),
    ],
)
def test_an_empty_long_or_identifying_answer_is_refused(world, answer, message):
    request = send_request(world)

    errors = _errors(
        lambda: services.contact_request_answer(request=request, by=world["worker"], answer=answer)
    )

    assert list(errors) == ["answer"]
    if message:
        assert errors["answer"] == [message]
    assert ContactRequest.objects.get(pk=request.pk).state == ContactState.SENT


@pytest.mark.parametrize("persona", ["handler", "member", "coordinator"])
def test_only_the_unit_answers_and_closes(world, persona):
    request = answered(world)

    with pytest.raises(PermissionDenied):
        services.contact_request_answer(request=request, by=world[persona], answer="Hoidettu.")
    with pytest.raises(PermissionDenied):
        services.contact_request_close(request=request, by=world[persona])


def test_another_unit_cannot_answer(world):
    request = send_request(world)
    stranger = UserFactory()
    MembershipFactory(
        user=stranger, organization=None, service_unit=ServiceUnitFactory(), role=Role.UNIT_STAFF
    )

    with pytest.raises(PermissionDenied):
        services.contact_request_answer(request=request, by=stranger, answer="Hoidettu.")


def test_the_unit_closes_an_answered_request_and_the_sender_is_told(world):
    request = answered(world)

    services.contact_request_close(request=request, by=world["worker"])

    request = ContactRequest.objects.get(pk=request.pk)
    assert request.state == ContactState.CLOSED
    assert request.ended_at is not None
    assert request.erased_at is None  # erased REFERRAL_ERASE_AFTER_DAYS later
    subjects = [m.subject for m in sent_mail_to("handler@ngo.example")]
    assert f"Contact request no. {request.pk} is closed" in subjects


def test_a_request_is_answered_before_it_is_closed(world):
    request = send_request(world)

    with pytest.raises(services.TransitionRefused) as refused:
        services.contact_request_close(request=request, by=world["worker"])

    assert "Answer it first" in refused.value.message


# --- Withdrawal ------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["sent", "answered", "closed", "expired"])
def test_withdrawal_erases_the_client_data_at_once_and_tells_the_unit(world, state):
    request = answered(world) if state != "sent" else send_request(world)
    if state == "closed":
        services.contact_request_close(request=request, by=world["worker"])
    if state == "expired":
        ContactRequest.objects.filter(pk=request.pk).update(state="expired")
    forget_sent_mail()

    services.contact_request_withdraw(request=request, by=world["handler"], method="verbal_phone")

    row = raw_row("referrals_contactrequest", request.pk)
    for column in ("client_name", "client_phone", "client_email", "contact_times", "reason",
                   "answer"):  # fmt: skip
        assert row[column] == ""
    assert row["state"] == "withdrawn"
    assert row["erased_at"] is not None
    consent = raw_row("referrals_consent", request.consent_id)
    assert consent["purpose"] == ""
    assert consent["withdrawal_method"] == "verbal_phone"
    assert consent["withdrawn_by_id"] == world["handler"].pk
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["withdrawn", "erased"]
    mail = sent_mail_to("worker@unit.example")
    assert [m.subject for m in mail] == [
        in_finnish("Contact request no. %(number)s was withdrawn", request.pk)
    ]
    assert_no_client_data([mail[0].body])


def test_only_the_sending_ngo_withdraws(world):
    request = send_request(world)

    for persona in ("worker", "member", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.contact_request_withdraw(request=request, by=world[persona], method="written")
    assert ContactRequest.objects.get(pk=request.pk).client_name == MARKERS["client_name"]


def test_a_withdrawal_needs_its_method_and_happens_once(world):
    request = send_request(world)
    errors = _errors(
        lambda: services.contact_request_withdraw(request=request, by=world["handler"], method="")
    )
    assert list(errors) == ["method"]

    services.contact_request_withdraw(request=request, by=world["handler"], method="written")
    with pytest.raises(services.TransitionRefused):
        services.contact_request_withdraw(request=request, by=world["handler"], method="written")


def test_nothing_to_withdraw_after_the_erasure(world):
    request = answered(world)
    services.contact_request_close(request=request, by=world["worker"])
    long_ago = timezone.now() - timedelta(days=31)
    ContactRequest.objects.filter(pk=request.pk).update(ended_at=long_ago)
    services.erase_due()

    with pytest.raises(services.TransitionRefused) as refused:
        services.contact_request_withdraw(request=request, by=world["handler"], method="written")

    assert "erased already" in refused.value.message
    assert ContactRequest.objects.get(pk=request.pk).state == ContactState.CLOSED


# --- Expiry ----------------------------------------------------------------------------------


def test_an_unanswered_request_expires_and_the_ngo_is_told(world):
    waiting = send_request(world)
    in_time = answered(world)
    forget_sent_mail()

    assert expire_contact_requests_due(waiting.expire_at - timedelta(minutes=1)) == 0
    assert expire_contact_requests_due(waiting.expire_at + timedelta(minutes=1)) == 1

    waiting = ContactRequest.objects.get(pk=waiting.pk)
    assert waiting.state == ContactState.EXPIRED
    assert waiting.ended_at is not None
    event = waiting.events.get(kind=EventKind.EXPIRED)
    assert (event.from_state, event.actor) == ("sent", None)
    assert ContactRequest.objects.get(pk=in_time.pk).state == ContactState.ANSWERED
    subjects = [m.subject for m in sent_mail_to("handler@ngo.example")]
    assert subjects == [f"Contact request no. {waiting.pk} expired without an answer"]


# --- The whole table ------------------------------------------------------------------------

_ALLOWED = {
    ("answer", "sent"), ("close", "answered"), ("withdraw", "sent"), ("withdraw", "answered"),
    ("withdraw", "closed"), ("withdraw", "expired"), ("expire", "sent"),
}  # fmt: skip


@pytest.mark.parametrize("action", list(CONTACT_MOVES))
@pytest.mark.parametrize("state", ContactState.values)
def test_every_move_of_the_table_is_allowed_or_refused(world, action, state):
    request = send_request(world)
    ContactRequest.objects.filter(pk=request.pk).update(state=state)
    request.refresh_from_db()

    if (action, state) in _ALLOWED:
        event = contact_transition(request, action, by=world["worker"])
        assert (event.from_state, event.to_state) == (state, CONTACT_MOVES[action].target)
        assert ContactRequest.objects.get(pk=request.pk).state == CONTACT_MOVES[action].target
    else:
        with pytest.raises(services.TransitionRefused) as refused:
            contact_transition(request, action, by=world["worker"])
        assert refused.value.message == CONTACT_MOVES[action].refused
        assert ContactRequest.objects.get(pk=request.pk).state == state


# --- The audit log --------------------------------------------------------------------------


def test_every_change_and_read_is_audited_by_id_without_client_data(world):
    request = answered(world)
    services.contact_request_personal_data_read(request=request, by=world["handler"])
    services.contact_request_close(request=request, by=world["worker"])
    services.contact_request_withdraw(request=request, by=world["handler"], method="written")

    events = AuditEvent.objects.filter(object_type="referrals.contactrequest").order_by("pk")
    assert list(events.values_list("details__what", flat=True)) == [
        "sent", "answered", "detail", "closed", "withdrawn", "erased",
    ]  # fmt: skip
    assert set(events.values_list("object_id", flat=True)) == {str(request.pk)}
    assert set(events.values_list("object_repr", flat=True)) == {""}
    viewed = events.get(action=AuditEvent.Action.CLIENT_DATA_VIEWED)
    assert (viewed.actor, viewed.welfare_area_code) == (world["handler"], "vantaa-kerava")
    assert_no_client_data(str(row) for row in AuditEvent.objects.values())

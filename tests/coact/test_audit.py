"""The audit log: one row per event, append-only, scoped for coordinators, exported as CSV."""

import csv
import io

import pytest
from django.db import connection, transaction
from django.urls import reverse

from coact.models import AppendOnlyError, AuditEvent
from organizations.models import Role
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
    WelfareAreaFactory,
    with_totp,
)

pytestmark = pytest.mark.django_db


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_sign_in_writes_one_row_with_ip_and_request_id(client):
    user = UserFactory(email="volunteer@example.org")

    client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})

    [event] = events("sign_in")
    assert event.actor == user
    assert event.ip_address == "127.0.0.1"
    assert len(event.request_id) == 32


def test_sign_out_writes_one_row(client):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("account_logout"))

    [event] = events("sign_out")
    assert event.actor == user


def test_failed_sign_in_names_the_account_but_not_the_password(client):
    user = UserFactory(email="target@example.org")

    client.post("/en/accounts/login/", {"login": user.email, "password": "guess-1234"})

    [event] = events("sign_in_failed")
    assert event.actor is None
    assert (event.object_type, event.object_id) == ("coact.user", str(user.pk))
    assert "guess-1234" not in str(event.details) + event.object_repr


def test_failed_sign_in_for_an_unknown_address_keeps_the_address(client):
    client.post("/en/accounts/login/", {"login": "nobody@example.org", "password": "x" * 10})

    [event] = events("sign_in_failed")
    assert event.details == {"email": "nobody@example.org"}


def test_adding_and_removing_an_authenticator_is_audited(
    client, django_capture_on_commit_callbacks
):
    from tests.factories import totp_code

    user = UserFactory()
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]

    # allauth signals the change once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    added = events("mfa_added")
    assert {event.details["type"] for event in added} == {"totp", "recovery_codes"}
    assert {event.actor for event in added} == {user}

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_generate_recovery_codes"))
    assert len(events("mfa_reset")) == 1

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_deactivate_totp"))
    # Turning off the app also drops its recovery codes.
    removed = {event.details["type"] for event in events("mfa_removed")}
    assert removed == {"totp", "recovery_codes"}


def test_profile_change_is_audited_without_the_values(client):
    user = UserFactory()
    client.force_login(user)

    client.post(
        "/en/me/profile/", {"name": "Aino", "phone": "+358 40 123 4567", "preferred_language": "sv"}
    )

    [event] = events("profile_changed")
    assert event.details == {"fields": ["name", "phone", "preferred_language"]}
    assert "+358" not in str(event.details)


def test_a_profile_saved_unchanged_names_no_fields(client):
    user = UserFactory(name="Aino", phone="", preferred_language="fi")
    client.force_login(user)

    client.post("/en/me/profile/", {"name": "Aino", "phone": "", "preferred_language": "fi"})
    client.post(
        "/en/me/profile/", {"name": "Aino Virtanen", "phone": "", "preferred_language": "fi"}
    )

    saved = AuditEvent.objects.filter(action="profile_changed").order_by("pk")
    assert [event.details for event in saved] == [{"fields": []}, {"fields": ["name"]}]
    user.refresh_from_db()
    assert user.name == "Aino Virtanen"


def test_audit_rows_cannot_be_changed_or_deleted():
    event = AuditEvent.objects.create(action="sign_in")

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="sign_out")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_database_refuses_to_rewrite_audit_rows():
    from django.db.utils import DatabaseError

    event = AuditEvent.objects.create(action="sign_in")

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE coact_auditevent SET action = 'x' WHERE id = %s", [event.pk])


def _coordinator(code):
    user = with_totp(UserFactory(email=f"coord@{code}.example"))
    MembershipFactory(
        user=user,
        role=Role.COORDINATOR,
        organization=None,
        welfare_area=WelfareAreaFactory(code=code),
    )
    return user


def test_coordinator_sees_the_events_of_their_area_only(client):
    coordinator = _coordinator("vantaa-kerava")
    _coordinator("pirkanmaa")
    here = MembershipFactory(
        organization=OrganizationFactory(welfare_area=WelfareAreaFactory(code="vantaa-kerava"))
    ).user
    there = MembershipFactory(
        organization=OrganizationFactory(welfare_area=WelfareAreaFactory(code="pirkanmaa"))
    ).user
    AuditEvent.objects.create(action="sign_in", actor=here, actor_email=here.email)
    AuditEvent.objects.create(action="sign_in", actor=there, actor_email=there.email)
    client.force_login(coordinator)

    response = client.get("/en/audit/", {"action": "sign_in"})

    shown = {event.actor_email for event in response.context["page"]}
    assert here.email in shown
    assert there.email not in shown


def test_people_who_are_not_coordinators_cannot_read_the_audit_log(client):
    client.force_login(MembershipFactory(role=Role.NGO_ADMIN).user)

    assert client.get("/en/audit/").status_code in {302, 403}
    client.force_login(with_totp(MembershipFactory(role=Role.NGO_ADMIN).user))
    assert client.get("/en/audit/").status_code == 403


def test_audit_log_exports_filtered_csv_and_records_the_export(client):
    coordinator = _coordinator("vantaa-kerava")
    AuditEvent.objects.create(action="sign_in", actor=coordinator, actor_email="=HYPERLINK(1)")
    AuditEvent.objects.create(action="sign_out", actor=coordinator, actor_email=coordinator.email)
    client.force_login(coordinator)

    response = client.get("/en/audit/export.csv", {"action": "sign_in", "actor": "hyperlink"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["occurred_at_utc", "actor_email", "action"]
    assert [row[2] for row in rows[1:]] == ["sign_in"]
    assert rows[1][1] == "'=HYPERLINK(1)"  # a spreadsheet must not run it
    [export] = events("audit_exported")
    assert export.details == {"filters": {"action": "sign_in", "actor": "hyperlink"}}

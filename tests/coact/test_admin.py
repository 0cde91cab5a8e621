"""The platform admin reaches every model of the directory and the meetings through the
Django admin."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from tests.factories import (
    NetworkMembershipFactory,
    OrganizationFactory,
    UserFactory,
    schedule_test_series,
    with_totp,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "organizations_organization",
    "organizations_serviceunit",
    "organizations_activity",
    "organizations_membership",
    "organizations_invitation",
    "organizations_welfarearea",
    "networks_network",
    "networks_meetingseries",
    "networks_meeting",
    "networks_boardpost",
]


@pytest.fixture
def admin_client(client):
    client.force_login(
        with_totp(UserFactory(email="root@example.org", is_superuser=True, is_staff=True))
    )
    return client


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_and_adds(admin_client, model):
    assert admin_client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:{model}_add")).status_code == 200


def test_admin_opens_an_ngo_and_a_meeting_with_its_invitations(admin_client):
    organization = OrganizationFactory(name="Admin-testi ry")
    membership = NetworkMembershipFactory(representatives=[UserFactory(email="rep@example.org")])
    series = schedule_test_series(membership.network, by=UserFactory())
    meeting = series.occurrences.first()

    page = admin_client.get(
        reverse("admin:organizations_organization_change", args=[organization.pk])
    )
    assert "Admin-testi ry" in page.content.decode()
    page = admin_client.get(reverse("admin:networks_meeting_change", args=[meeting.pk]))
    assert "rep@example.org" in page.content.decode()


def test_the_admin_cannot_change_a_meetings_time_or_status_behind_the_invitees_back(
    admin_client,
):
    membership = NetworkMembershipFactory(representatives=[UserFactory(email="rep@example.org")])
    series = schedule_test_series(membership.network, by=UserFactory())
    meeting = series.occurrences.first()
    url = reverse("admin:networks_meeting_change", args=[meeting.pk])

    page = admin_client.get(url)
    form = page.context["adminform"].form
    for name in ("start", "duration_minutes", "status", "address", "online_url", "title"):
        assert name not in form.fields
    # They are shown, not offered: the admin's form has no field to post them in.
    assert "adminform" in page.context
    readonly = {
        line.field["name"]
        for fieldset in page.context["adminform"]
        for row in fieldset
        for line in row
        if line.is_readonly
    }
    assert {"start", "duration_minutes", "status", "sequence"} <= readonly


def test_the_admin_cannot_change_a_series_rule_or_time(admin_client):
    membership = NetworkMembershipFactory()
    series = schedule_test_series(membership.network, by=UserFactory())

    page = admin_client.get(reverse("admin:networks_meetingseries_change", args=[series.pk]))

    form = page.context["adminform"].form
    for name in ("rrule", "starts_on", "start_time", "duration_minutes", "address"):
        assert name not in form.fields
    # A new series can still be entered with them.
    add = admin_client.get(reverse("admin:networks_meetingseries_add")).context["adminform"].form
    assert {"rrule", "starts_on", "start_time"} <= set(add.fields)


# --- The outbox ---------------------------------------------------------------------------


def _queued(to: str):
    from coact.mail import queue_mail

    return queue_mail(
        template="application_received",
        to=to,
        language="en",
        context={"organization": {"name": "Tuki ry"}, "url": "x"},
    )


def test_the_admin_shows_what_mail_waits_and_what_was_refused(admin_client):
    from django.utils import timezone

    waiting = _queued("waiting@example.org")
    refused = _queued("refused@example.org")
    refused.__class__.objects.filter(pk=refused.pk).update(
        failed_at=timezone.now(), failure="550", attempts=1
    )
    url = reverse("admin:coact_outboxmessage_changelist")

    everything = admin_client.get(url).content.decode()
    failed_only = admin_client.get(url, {"state": "failed"}).content.decode()

    assert waiting.to in everything
    assert refused.to in everything
    assert refused.to in failed_only
    assert waiting.to not in failed_only
    assert admin_client.get(reverse("admin:coact_outboxmessage_add")).status_code == 403
    change = admin_client.get(reverse("admin:coact_outboxmessage_change", args=[waiting.pk]))
    assert change.status_code == 200
    assert 'name="subject"' not in change.content.decode()  # read-only


def test_a_refused_message_tried_again_is_delivered_once(admin_client, mailoutbox):
    from django.utils import timezone

    from coact.models import OutboxMessage
    from tests.factories import deliver_queued_mail

    refused = _queued("fixed@example.org")
    sent = _queued("sent@example.org")
    deliver_queued_mail()
    OutboxMessage.objects.filter(pk=refused.pk).update(
        sent_at=None, failed_at=timezone.now(), failure="550", attempts=1
    )
    mailoutbox.clear()

    with override("en"):
        changelist = reverse("admin:coact_outboxmessage_changelist")
    response = admin_client.post(
        changelist,
        {"action": "try_again", "_selected_action": [refused.pk, sent.pk]},
        follow=True,
    )
    deliver_queued_mail()

    assert "1 message will be tried again" in response.content.decode()
    assert [message.to for message in mailoutbox] == [["fixed@example.org"]]
    refused.refresh_from_db()
    assert refused.sent_at is not None
    assert refused.failed_at is None

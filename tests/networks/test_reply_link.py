"""The reply link in an invitation (networks.views.meeting_reply): works without signing
in, changes nothing until the form is sent, and opens only its own invitation."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from networks import selectors, services
from networks.models import Invitation
from tests.networks.meeting_helpers import network_with_representatives, schedule_single

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    people = network_with_representatives(("fi", "en"))
    meeting = schedule_single(people)
    return meeting.invitations.get(user=people.representative("en"))


def reply_link(invitation, language="en") -> str:
    with translation.override(language):
        return reverse("meeting_reply", args=[selectors.rsvp_token(invitation)])


def test_opening_the_link_shows_a_form_and_records_nothing(client, invitation):
    response = client.get(reply_link(invitation) + "?answer=yes")

    assert response.status_code == 200
    assert response.templates[0].name == "networks/reply.html"
    assert 'name="response"' in response.text
    assert invitation.meeting.title in response.text
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.NONE
    assert invitation.responded_at is None
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("answer", ["yes", "no", "maybe"])
def test_sending_the_form_records_the_reply_without_signing_in(client, invitation, answer):
    link = reply_link(invitation)

    response = client.post(link, {"response": answer, "note": "Tulen tulkin kanssa"})

    assert response.status_code == 302
    assert response["Location"] == link
    invitation.refresh_from_db()
    assert invitation.response == answer
    assert invitation.note == "Tulen tulkin kanssa"
    assert invitation.responded_at is not None
    # The page shows the reply, and the person can change it.
    again = client.get(link)
    assert again.status_code == 200
    assert f'value="{answer}"' in again.text


def test_a_reply_can_be_changed(client, invitation):
    link = reply_link(invitation)
    client.post(link, {"response": "no"})

    client.post(link, {"response": "yes", "note": ""})

    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.YES
    assert invitation.reminders.filter(skipped_at__isnull=False).count() == 0


def test_a_form_without_an_answer_records_nothing(client, invitation):
    response = client.post(reply_link(invitation), {"response": "", "note": "?"})

    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.NONE
    assert invitation.note == ""


def test_a_tampered_link_is_not_found(client, invitation):
    token = selectors.rsvp_token(invitation)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    response = client.get(reverse("meeting_reply", args=[tampered]))
    posted = client.post(reverse("meeting_reply", args=[tampered]), {"response": "no"})

    assert response.status_code == 404
    assert response.templates[0].name == "networks/reply_invalid.html"
    assert posted.status_code == 404
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.NONE


def test_a_token_signed_for_another_purpose_does_not_open_an_invitation(client, invitation):
    """The salt makes the token single-purpose: the same id signed by any other part of
    the portal (or unsalted) opens nothing."""
    for token in (signing.dumps(invitation.pk), signing.dumps(invitation.pk, salt="calendar")):
        response = client.post(reverse("meeting_reply", args=[token]), {"response": "no"})
        assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.NONE


def test_a_link_answers_only_its_own_invitation(client, invitation):
    other = invitation.meeting.invitations.exclude(pk=invitation.pk).get()

    client.post(reply_link(invitation), {"response": "no"})

    other.refresh_from_db()
    assert other.response == Invitation.Response.NONE
    assert selectors.invitation_for_token(selectors.rsvp_token(other)) == other
    assert selectors.invitation_for_token(selectors.rsvp_token(invitation)) == invitation


def test_the_link_of_a_past_meeting_has_expired(client):
    people = network_with_representatives(("fi",))
    meeting = schedule_single(people, start=timezone.now() - timedelta(days=1))
    invitation = meeting.invitations.get()

    response = client.get(reply_link(invitation, "fi"))
    posted = client.post(reply_link(invitation, "fi"), {"response": "yes"})

    assert response.status_code == 410
    assert response.templates[0].name == "networks/reply_invalid.html"
    assert response.context["expired"] is True
    assert posted.status_code == 410
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.NONE


def test_replying_to_a_cancelled_meeting_is_refused(client, invitation):
    services.meeting_cancel(meeting=invitation.meeting, by=invitation.meeting.organiser)
    link = reply_link(invitation)

    page = client.get(link)
    posted = client.post(link, {"response": "yes"})

    assert page.status_code == 200
    assert 'name="response"' not in page.text
    assert posted.status_code == 410
    assert posted.context["cancelled"] is True
    invitation.refresh_from_db()
    assert invitation.response == Invitation.Response.NONE


def test_the_link_in_the_email_opens_the_form_in_the_recipients_language(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.networks.meeting_helpers import reply_url

    people = network_with_representatives(("sv",))
    with django_capture_on_commit_callbacks(execute=True):
        schedule_single(people)
    [message] = mail.outbox

    response = client.get(reply_url(message))

    assert response.status_code == 200
    assert '<html lang="sv"' in response.text
    client.post(reply_url(message), {"response": "yes"})
    assert Invitation.objects.get().response == Invitation.Response.YES

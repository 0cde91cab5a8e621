"""The answer forms: what comes back when an answer is refused (the message, the typed
values, what can be done now, no client data), and the include that the referral's page
shows them with."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from referrals import services
from referrals.models import Referral, State
from referrals.selectors.detail import timeline
from tests.referrals.helpers import MARKERS, client_data, send
from tests.referrals.receiving_helpers import (
    accepted,
    answer_url,
    receiving_world,
    text_of,
    translated,
    when,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rworld(db):
    return receiving_world()


def test_a_refused_answer_shows_what_can_be_done_now(client, rworld):
    referral = accepted(rworld)  # a colleague accepted it a moment ago
    client.force_login(rworld["handler"])

    response = client.post(answer_url("referral_accept", referral))

    html = response.content.decode()
    assert f'action="/en/referrals/{referral.pk}/contact/"' in html
    assert f'action="/en/referrals/{referral.pk}/close/"' in html
    assert f'action="/en/referrals/{referral.pk}/accept/"' not in html


def test_a_decline_without_a_reason_comes_back_with_the_note_kept(client, rworld):
    referral = send(rworld)
    client.force_login(rworld["handler"])

    response = client.post(
        answer_url("referral_decline", referral, "fi"), {"decline-note": "Ryhmä on täynnä"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert translated("fi", "Choose a reason from the list.") in html
    assert re.search(
        r"<textarea[^>]*name=\"decline-note\"[^>]*>\s*Ryhmä on täynnä</textarea>", html
    )
    assert 'href="#id_decline-reason"' in html  # the summary leads to the field
    assert Referral.objects.get(pk=referral.pk).state == State.SENT


def test_an_identity_code_in_the_note_is_refused_and_kept_for_correcting(client, rworld):
    referral = accepted(rworld)
    client.force_login(rworld["handler"])

    response = client.post(
        answer_url("referral_close", referral),
        {"close-outcome": "other", "close-note": "Asiakas 131052-308T muutti"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This text contains a Finnish personal identity code (henkilötunnus)." in html
    assert "Asiakas 131052-308T muutti" in html
    assert "checked" in re.search(r'<input[^>]*value="other"[^>]*>', html).group(0)
    assert Referral.objects.get(pk=referral.pk).state == State.ACCEPTED


def test_a_contact_in_the_future_or_before_sending_is_refused(client, rworld):
    referral = accepted(rworld)
    client.force_login(rworld["handler"])
    url = answer_url("referral_contact", referral)

    future = client.post(
        url,
        {
            "contact-reached": "yes",
            **when("contact", timezone.now() + timedelta(days=1)),
        },
    )
    before = client.post(
        url,
        {
            "contact-reached": "yes",
            **when("contact", referral.sent_at - timedelta(days=1)),
        },
    )
    missing = client.post(url, {"contact-day": "", "contact-time": ""})

    assert "This is in the future" in text_of(future)
    assert "This is before the referral was sent" in text_of(before)
    assert "Choose whether you reached the client." in text_of(missing)
    assert "Give the day." in text_of(missing)
    assert Referral.objects.get(pk=referral.pk).state == State.ACCEPTED


def test_a_contact_and_a_meeting_in_the_minute_of_accepting_come_after_it(client, rworld):
    # The forms give the minute only: recorded right after accepting, in the same
    # minute, the steps must not go before the acceptance on the timeline.
    referral = accepted(rworld)
    accepted_at = referral.events.get(kind="accepted").occurred_at
    client.force_login(rworld["handler"])

    client.post(
        answer_url("referral_contact", referral),
        {"contact-reached": "yes", **when("contact", accepted_at)},
    )
    client.post(answer_url("referral_meeting", referral), when("meet", accepted_at))

    with translation.override("en"):
        steps = [entry.what for entry in timeline(Referral.objects.get(pk=referral.pk))]
    assert steps == ["Sent", "Accepted", "Reached the client", "First meeting held"]
    referral.refresh_from_db()
    assert referral.first_contact_at == accepted_at


def test_the_answer_pages_show_no_client_data(client, rworld):
    referral = send(rworld, client=client_data())
    client.force_login(rworld["handler"])

    response = client.post(answer_url("referral_decline", referral), {})

    html = response.content.decode()
    for marker in MARKERS.values():
        assert marker not in html


# --- The include on the referral's page -------------------------------------------------


def render_actions(referral: Referral, *, is_handler: bool = True) -> str:
    referral = Referral.objects.get(pk=referral.pk)
    with translation.override("en"):
        return render_to_string(
            "referrals/includes/handler_actions.html",
            {
                "referral": referral,
                "is_handler": is_handler,
                "handler_actions": services.actions_for(referral, "handler"),
            },
            request=RequestFactory().get("/"),
        )


def form_actions(html: str) -> list[str]:
    return re.findall(r'<form method="post"\s+action="/en/referrals/\d+/(\w+)/"', html)


def test_a_referral_waiting_for_an_answer_can_be_accepted_or_declined(rworld):
    referral = send(rworld)

    html = render_actions(referral)

    assert form_actions(html) == ["accept", "decline"]
    assert "Accept the referral" in html
    assert "Decline the referral" in html
    for value in ("no_capacity", "not_our_field", "language", "area", "other"):
        assert f'name="decline-reason" value="{value}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_an_accepted_referral_offers_the_try_the_meeting_and_the_outcome(rworld):
    referral = accepted(rworld)

    html = render_actions(referral)

    assert form_actions(html) == ["contact", "meeting", "close"]
    assert 'name="contact-reached" value="yes"' in html
    assert 'name="contact-reached" value="no"' in html
    today = timezone.localdate().isoformat()
    assert f'name="contact-day" value="{today}"' in html
    assert f'name="meet-day" value="{today}"' in html
    for value in ("takes_part", "not_reached", "client_declined", "referred_elsewhere", "other"):
        assert f'name="close-outcome" value="{value}"' in html
    # Every field's id is unique on the page.
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_after_contact_the_meeting_and_then_only_the_outcome_are_left(rworld):
    referral = accepted(rworld)
    services.referral_contact_attempt(referral=referral, by=rworld["handler"], reached=True)
    assert form_actions(render_actions(referral)) == ["meeting", "close"]

    services.referral_meeting_record(referral=referral, by=rworld["handler"])
    assert form_actions(render_actions(referral)) == ["close"]


def test_nothing_is_offered_on_an_ended_referral_or_to_the_sender(rworld):
    referral = accepted(rworld)
    assert render_actions(referral, is_handler=False).strip() == ""

    services.referral_close(referral=referral, by=rworld["handler"], outcome="takes_part")
    assert Referral.objects.get(pk=referral.pk).state == State.CLOSED
    assert render_actions(referral).strip() == ""

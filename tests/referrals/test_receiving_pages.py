"""The receiving NGO's pages: the referral inbox (what is due, no client data, a fixed
number of queries, handlers only, behind two-factor authentication) and the answers (each
through the service, refused by the transition table with a translated message), with
who may use them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from referrals import services
from referrals.models import EventKind, Referral, ReferralEvent, State
from tests.factories import MembershipFactory, UserFactory, with_totp
from tests.query_budget import MENU_PERMISSIONS, SIGNED_IN
from tests.referrals.helpers import MARKERS, referral_world, send
from tests.referrals.receiving_helpers import (
    ACTIONS,
    INBOX,
    accepted,
    answer_url,
    flash,
    receiving_world,
    referral_to_another_ngo,
    sent_yesterday,
    text_of,
    translated,
    when,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rworld(db):
    return receiving_world()


# --- The inbox ---------------------------------------------------------------------------


def test_the_inbox_lists_open_referrals_without_client_data(client, rworld):
    referral = send(rworld)
    client.force_login(rworld["handler"])

    response = client.get(INBOX)

    assert response.status_code == 200
    html = response.content.decode()
    for marker in MARKERS.values():
        assert marker not in html
    text = text_of(response)
    assert f"Referral {referral.pk}" in text
    assert f'href="/en/referrals/{referral.pk}/"' in html
    assert "KOTO-tiimi" in text
    assert "Somali, Finnish" in text
    assert "An interpreter" in text
    assert "Sent, waiting for an answer" in text
    assert "1 referral waits for your answer." in text
    assert "Open (1)" in text
    assert "Ended (0)" in text


def test_what_is_due_is_shown_for_each_state(client, rworld):
    waiting, late, took, reached, met = (send(rworld) for _ in range(5))
    now = timezone.now()
    Referral.objects.filter(pk=late.pk).update(
        sent_at=now - timedelta(days=8), remind_at=now - timedelta(days=1)
    )
    handler = rworld["handler"]
    for referral in (took, reached, met):
        services.referral_accept(referral=referral, by=handler)
    services.referral_contact_attempt(referral=reached, by=handler, reached=True)
    services.referral_meeting_record(referral=met, by=handler)
    client.force_login(handler)

    text = text_of(client.get(INBOX))

    waiting = Referral.objects.get(pk=waiting.pk)
    answer_by = timezone.localtime(waiting.remind_at).date() - timedelta(days=1)
    assert f"Answer by {date_format(answer_by, 'SHORT_DATE_FORMAT')}." in text
    late = Referral.objects.get(pk=late.pk)
    last_day = timezone.localtime(late.expire_at).date() - timedelta(days=1)
    assert (
        "Late: answer now. Without an answer by "
        f"{date_format(last_day, 'SHORT_DATE_FORMAT')}, the referral expires."
    ) in text
    assert "1 of them is late: answer it today." in text
    assert "Try to reach the client, and record it." in text
    assert "Record the first meeting." in text
    assert "Close the referral with an outcome." in text
    # Waiting for an answer first, the oldest (the late one) first; then those in progress.
    numbers = [int(n) for n in re.findall(r"Referral (\d+)", text)]
    assert numbers == [late.pk, waiting.pk, took.pk, reached.pk, met.pk]


def test_the_age_is_counted_in_working_days(client, rworld):
    referral = send(rworld)
    # A Friday to the Tuesday after: Monday and Tuesday are working days.
    friday = timezone.make_aware(timezone.datetime(2025, 11, 28, 10, 0))
    Referral.objects.filter(pk=referral.pk).update(sent_at=friday)
    from referrals.selectors.inbox import inbox_page

    page = inbox_page(
        Referral.objects.filter(pk=referral.pk),
        ended=False,
        count=1,
        page_number=1,
        now=friday + timedelta(days=4),
    )

    assert page.object_list[0].age == 2


def test_ended_referrals_are_in_a_list_of_their_own(client, rworld):
    still_open = send(rworld)
    declined = send(rworld)
    services.referral_decline(referral=declined, by=rworld["handler"], reason="no_capacity")
    client.force_login(rworld["handler"])

    open_text = text_of(client.get(INBOX))
    ended_text = text_of(client.get(INBOX + "?show=ended"))

    assert f"Referral {still_open.pk}" in open_text
    assert f"Referral {declined.pk}" not in open_text
    assert f"Referral {declined.pk}" in ended_text
    assert f"Referral {still_open.pk}" not in ended_text
    assert "Declined: No room at the moment" in ended_text
    assert "Ended (1)" in ended_text


def test_the_inbox_is_paginated(client, rworld, monkeypatch):
    from referrals.selectors import inbox

    for _ in range(3):
        send(rworld)
    client.force_login(rworld["handler"])
    monkeypatch.setattr(inbox, "PER_PAGE", 2)

    first = text_of(client.get(INBOX))
    second = text_of(client.get(INBOX + "?page=2"))

    assert len(re.findall(r"Referral \d+", first)) == 2
    assert len(re.findall(r"Referral \d+", second)) == 1
    assert "Page 1 of 2" in first


@pytest.mark.parametrize("person", ["member", "worker", "coordinator"])
def test_only_handlers_have_an_inbox(client, rworld, person):
    client.force_login(rworld[person])

    assert client.get(INBOX).status_code == 403


def test_signed_out_the_inbox_asks_to_sign_in(client):
    response = client.get(INBOX)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_handler_without_two_factor_is_sent_to_set_it_up_first(client):
    world = referral_world()  # the handler has no authenticator app
    client.force_login(world["handler"])

    response = client.get(INBOX)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    with_totp(world["handler"])
    assert client.get(INBOX).status_code == 200


def test_an_ngo_admin_handles_referrals_too_and_sees_only_their_own_ngo(client, rworld):
    mine = send(rworld)
    other = referral_to_another_ngo(rworld)
    admin = with_totp(UserFactory(email="admin@ngo.example"))
    MembershipFactory(user=admin, organization=rworld["organization"], role="ngo_admin")
    client.force_login(admin)

    text = text_of(client.get(INBOX))

    assert f"Referral {mine.pk}" in text
    assert f"Referral {other.pk}" not in text


COMMON = SIGNED_IN + MENU_PERMISSIONS
# The inbox: the counts (open, ended, waiting, late, the oldest), the page of referrals
# with their units and NGOs, the page's themes.
INBOX_QUERIES = 3


def test_the_inbox_runs_a_fixed_number_of_queries(client, rworld, django_assert_num_queries):
    handler = rworld["handler"]
    send(rworld)
    services.referral_decline(referral=send(rworld), by=handler, reason="other")
    client.force_login(handler)
    client.get(INBOX)  # the first request after signing in stamps the session

    for url in (INBOX, INBOX + "?show=ended"):
        with django_assert_num_queries(COMMON + INBOX_QUERIES):
            assert client.get(url).status_code == 200

    for n in range(30):
        referral = send(rworld)
        if n % 3 == 0:
            services.referral_accept(referral=referral, by=handler)
        elif n % 3 == 1:
            services.referral_decline(referral=referral, by=handler, reason="other")
    for url in (INBOX, INBOX + "?show=ended"):
        with django_assert_num_queries(COMMON + INBOX_QUERIES):
            response = client.get(url)
        assert len(re.findall(r"Referral \d+", text_of(response))) > 1


# --- The answers -------------------------------------------------------------------------


def test_accepting_goes_back_to_the_referral_with_a_message(client, rworld):
    referral = send(rworld)
    client.force_login(rworld["handler"])

    response = client.post(answer_url("referral_accept", referral))

    assert response.status_code == 302
    assert response["Location"] == f"/en/referrals/{referral.pk}/"
    assert flash(response) == ["You accepted the referral. Next, try to reach the client."]
    referral.refresh_from_db()
    assert referral.state == State.ACCEPTED
    assert referral.responded_at is not None


def test_declining_records_the_reason_and_the_note(client, rworld):
    referral = send(rworld)
    client.force_login(rworld["handler"])

    response = client.post(
        answer_url("referral_decline", referral),
        {"decline-reason": "language", "decline-note": "Ei somalinkielistä ohjaajaa nyt."},
    )

    assert response.status_code == 302
    assert flash(response) == ["You declined the referral. The unit that sent it is told why."]
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.state == State.DECLINED
    assert referral.decline_reason == "language"
    assert referral.decline_note == "Ei somalinkielistä ohjaajaa nyt."


def test_a_try_that_did_not_reach_the_client_stays_accepted(client, rworld):
    referral = accepted(rworld)
    client.force_login(rworld["handler"])
    moment = timezone.now() - timedelta(hours=2)

    response = client.post(
        answer_url("referral_contact", referral),
        {"contact-reached": "no", **when("contact", moment)},
    )

    assert response.status_code == 302
    assert flash(response) == [
        "Saved: you tried to reach the client. Try again, and save each try."
    ]
    referral.refresh_from_db()
    assert referral.state == State.ACCEPTED
    attempt = ReferralEvent.objects.get(referral=referral, kind=EventKind.CONTACT_ATTEMPT)
    assert timezone.localtime(attempt.occurred_at).strftime("%Y-%m-%d %H:%M") == (
        timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    )


def test_reaching_the_client_records_the_first_contact_at_the_time_given(client, rworld):
    referral = accepted(rworld)
    client.force_login(rworld["handler"])
    moment = timezone.now() - timedelta(minutes=30)

    response = client.post(
        answer_url("referral_contact", referral),
        {"contact-reached": "yes", **when("contact", moment)},
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.CONTACTED
    assert abs(referral.first_contact_at - moment) < timedelta(minutes=1)


def test_the_first_meeting_is_recorded(client, rworld):
    referral = accepted(rworld)
    client.force_login(rworld["handler"])
    moment = timezone.now() - timedelta(minutes=5)

    response = client.post(answer_url("referral_meeting", referral), when("meet", moment))

    assert response.status_code == 302
    assert flash(response) == [
        "Saved: the first meeting was held. Close the referral when you know the outcome."
    ]
    referral.refresh_from_db()
    assert referral.state == State.MET
    assert abs(referral.met_at - moment) < timedelta(minutes=1)


def test_closing_records_the_outcome(client, rworld):
    referral = accepted(rworld)
    client.force_login(rworld["handler"])

    response = client.post(
        answer_url("referral_close", referral),
        {"close-outcome": "takes_part", "close-note": "Tulee tiistain ryhmään."},
    )

    assert response.status_code == 302
    assert flash(response) == ["The referral is closed. The unit that sent it sees the outcome."]
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.state == State.CLOSED
    assert referral.outcome == "takes_part"
    assert referral.outcome_note == "Tulee tiistain ryhmään."


# What each answer is refused with, from a state the transition table does not allow.
REFUSED = [
    ("referral_accept", {}, "Only a referral that is waiting for an answer can be accepted."),
    (
        "referral_decline",
        {"decline-reason": "other", "decline-note": "Kirjoitettu teksti"},
        "Only a referral that is waiting for an answer can be declined.",
    ),
    (
        "referral_contact",
        {"contact-reached": "yes"},
        "Contact can be recorded only for an accepted referral that has no contact yet.",
    ),
    (
        "referral_contact",
        {"contact-reached": "no"},
        "Tries to reach the client are recorded for an accepted referral only.",
    ),
    (
        "referral_meeting",
        {},
        "A first meeting can be recorded only once, for an accepted referral.",
    ),
    (
        "referral_close",
        {"close-outcome": "other", "close-note": "Kirjoitettu teksti"},
        "Only an accepted referral that is still open can be closed with an outcome.",
    ),
]


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize(("url_name", "data", "message"), REFUSED)
def test_the_transition_table_refuses_with_a_translated_message(
    client, rworld, lang, url_name, data, message
):
    referral = sent_yesterday(rworld)
    # Accepting and declining are refused once answered; the others before accepting,
    # and the contact and meeting once the referral has ended.
    if url_name in ("referral_accept", "referral_decline"):
        services.referral_accept(referral=referral, by=rworld["handler"])
    elif url_name in ("referral_contact", "referral_meeting"):
        services.referral_decline(referral=referral, by=rworld["handler"], reason="other")
    referral = Referral.objects.get(pk=referral.pk)
    before = referral.state
    client.force_login(rworld["handler"])
    prefix = {"referral_contact": "contact", "referral_meeting": "meet"}.get(url_name)
    if prefix:
        data = {**data, **when(prefix, timezone.now() - timedelta(minutes=1))}

    response = client.post(answer_url(url_name, referral, lang), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert translated(lang, message) in html
    assert 'class="hds-error-summary"' in html
    assert f"/{lang}/referrals/{referral.pk}/" in html  # the way back
    assert Referral.objects.get(pk=referral.pk).state == before


# --- Who may answer ----------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ACTIONS)
def test_the_sender_sees_the_referral_but_may_not_answer_it(client, rworld, url_name):
    referral = send(rworld)
    client.force_login(rworld["worker"])

    response = client.post(answer_url(url_name, referral))

    assert response.status_code == 403
    assert Referral.objects.get(pk=referral.pk).state == State.SENT


@pytest.mark.parametrize("url_name", ACTIONS)
def test_an_ngo_member_who_is_no_handler_finds_no_referral(client, rworld, url_name):
    referral = send(rworld)
    client.force_login(rworld["member"])

    assert client.post(answer_url(url_name, referral)).status_code == 404


@pytest.mark.parametrize("url_name", ACTIONS)
def test_another_ngos_handler_finds_no_referral(client, rworld, url_name):
    referral = referral_to_another_ngo(rworld)
    client.force_login(rworld["handler"])

    assert client.post(answer_url(url_name, referral)).status_code == 404


@pytest.mark.parametrize("url_name", ACTIONS)
def test_answers_are_posts_only(client, rworld, url_name):
    referral = send(rworld)
    client.force_login(rworld["handler"])

    assert client.get(answer_url(url_name, referral)).status_code == 405

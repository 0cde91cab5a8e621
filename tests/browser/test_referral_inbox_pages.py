"""The receiving NGO's pages pass axe-core in Finnish, Swedish and English: the referral
inbox, and the answer forms on the page that an answer comes back to when it is refused
(accept and decline while a referral waits for an answer; the try to reach the client,
the first meeting and the outcome once accepted).

Screenshots of each page at 1280 and 375 px go to $SCREENSHOT_DIR when set."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from referrals import services
from referrals.models import Referral
from tests.browser.screens import screenshots
from tests.browser.test_people_pages_accessibility import (
    heading,
    open_page,
    sign_in,
    translated,
)
from tests.referrals.helpers import send
from tests.referrals.receiving_helpers import receiving_world

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]


@pytest.fixture
def inbox_world(db):
    """Referrals in each open state, one of them late, and one declined."""
    world = receiving_world()
    handler = world["handler"]
    now = timezone.now()
    late = send(world)
    Referral.objects.filter(pk=late.pk).update(
        sent_at=now - timedelta(days=9), remind_at=now - timedelta(days=2)
    )
    send(world)
    accepted = send(world)
    Referral.objects.filter(pk=accepted.pk).update(sent_at=now - timedelta(days=3))
    services.referral_accept(referral=accepted, by=handler)
    contacted = send(world)
    services.referral_accept(referral=contacted, by=handler)
    services.referral_contact_attempt(referral=contacted, by=handler, reached=True)
    services.referral_decline(referral=send(world), by=handler, reason="language")
    return {**world, "accepted": accepted, "waiting": late}


def post_from_page(page, path: str, data: dict) -> None:
    """Send a form to `path` as the page's own forms do (with its CSRF token), and wait
    for the page it leads to. The referral's own page, where these forms are, is built
    elsewhere; the page an answer comes back to has the same forms."""
    with page.expect_navigation():
        page.evaluate(
            """([path, data]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = path;
                const token = document.querySelector("input[name=csrfmiddlewaretoken]");
                const fields = {...data, csrfmiddlewaretoken: token.value};
                for (const [name, value] of Object.entries(fields)) {
                    const input = document.createElement("input");
                    input.type = "hidden";
                    input.name = name;
                    input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [path, data],
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_inbox(live_server, page, assert_accessible, inbox_world, lang):
    sign_in(page, live_server, inbox_world["handler"])

    open_page(page, live_server, lang, "/referrals/inbox/")

    assert heading(page) == translated(lang, "Referrals to your organisation")
    expect(page.locator(".inbox-item")).to_have_count(4)
    expect(page.locator(".inbox-due.work-status--warning")).to_have_count(1)
    assert_accessible(page)
    screenshots(page, f"inbox-{lang}")

    page.get_by_role("link", name=translated(lang, "Ended (%(count)s)") % {"count": 1}).click()
    expect(page.locator(".inbox-item")).to_have_count(1)
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_accept_and_decline_on_the_answer_page(
    live_server, page, assert_accessible, inbox_world, lang
):
    referral = inbox_world["waiting"]
    sign_in(page, live_server, inbox_world["handler"])
    open_page(page, live_server, lang, "/referrals/inbox/")

    post_from_page(
        page, f"/{lang}/referrals/{referral.pk}/decline/", {"decline-note": "Ryhmä on täynnä"}
    )

    assert heading(page) == translated(lang, "The answer was not saved")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(translated(lang, "Choose a reason from the list."))
    expect(page.locator("textarea[name='decline-note']")).to_have_value("Ryhmä on täynnä")
    expect(page.get_by_role("button", name=translated(lang, "Accept the referral"))).to_be_visible()
    assert_accessible(page)
    screenshots(page, f"answer-error-sent-{lang}")

    # The summary's link leads to the reasons; choosing one and sending declines it.
    summary.get_by_role("link").click()
    expect(page.locator("input[name='decline-reason']").first).to_be_focused()
    page.get_by_label(translated(lang, "Other reason")).check()
    page.get_by_role("button", name=translated(lang, "Decline the referral")).click()
    page.wait_for_url(f"{live_server.url}/{lang}/referrals/{referral.pk}/")
    assert Referral.objects.get(pk=referral.pk).decline_reason == "other"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contact_meeting_and_outcome_on_the_answer_page(
    live_server, page, assert_accessible, inbox_world, lang
):
    referral = inbox_world["accepted"]
    sign_in(page, live_server, inbox_world["handler"])
    open_page(page, live_server, lang, "/referrals/inbox/")

    post_from_page(page, f"/{lang}/referrals/{referral.pk}/close/", {"close-note": "Kesken"})

    assert heading(page) == translated(lang, "The answer was not saved")
    expect(page.get_by_role("alert")).to_contain_text(
        translated(lang, "Choose the outcome from the list.")
    )
    for label in ("Save the try", "The first meeting was held", "Close the referral"):
        expect(page.get_by_role("button", name=translated(lang, label))).to_be_visible()
    assert_accessible(page)
    screenshots(page, f"answer-error-accepted-{lang}")

    # A try that did not reach the client, from the same page, with the keyboard.
    page.get_by_label(translated(lang, "No, we could not reach the client")).check()
    page.get_by_role("button", name=translated(lang, "Save the try")).press("Enter")
    page.wait_for_url(f"{live_server.url}/{lang}/referrals/{referral.pk}/")
    assert referral.events.filter(kind="contact_attempt").count() == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_my_work_panel_leads_to_the_inbox(
    live_server, page, assert_accessible, inbox_world, lang
):
    sign_in(page, live_server, inbox_world["handler"])
    open_page(page, live_server, lang, "/me/")

    panel = page.locator("section", has=page.locator("#work-inbox-heading"))
    expect(panel.locator(".work-status--warning")).to_be_visible()  # one is late
    assert_accessible(page)
    screenshots(page, f"my-work-{lang}")

    panel.get_by_role("link", name=translated(lang, "Open the referrals")).click()
    page.wait_for_url(f"{live_server.url}/{lang}/referrals/inbox/")
    assert heading(page) == translated(lang, "Referrals to your organisation")

"""Forms that volunteers can fill, in a real browser, in Finnish, Swedish and English, with
axe-core on every page: the activity's times chosen with the keyboard, the error summary
that takes the focus and whose links focus the fields, the counter of a long text, and
the cancel page with its reason and the label a cancelled meeting then carries."""

# ruff: noqa: RUF001 (en dashes in times, as in 17-19)

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from networks import services
from networks.models import Meeting, MeetingKind
from organizations.models import Activity, Organization
from tests.browser.test_people_pages_accessibility import (
    heading,
    open_page,
    sign_in,
    translated,
)
from tests.factories import NetworkFactory, NetworkMembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]
EVERY_OTHER_TUESDAY = {
    "fi": "Joka toinen tiistai klo 17–19",
    "sv": "Varannan tisdag kl. 17–19",
    "en": "Every other Tuesday 17:00–19:00",
}


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


# --- The activity's times, with the keyboard ----------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_activitys_times_are_chosen_with_the_keyboard(
    live_server, page, assert_accessible, world, lang
):
    sign_in(page, live_server, world["people"]["member"])
    open_page(page, live_server, lang, "/organizations/owning-ngo/activities/")
    assert_accessible(page)
    position = page.locator("[data-recurrence-position]")
    expect(position).to_be_hidden()  # only for "once a month"

    page.locator("#id_name_fi").fill("Läksykerho")
    page.locator("#id_schedule_0_0").focus()  # "No regular times", chosen at first
    page.keyboard.press("ArrowDown")  # every week
    page.keyboard.press("ArrowDown")  # every other week
    page.keyboard.press("ArrowDown")  # once a month: the week of the month appears
    expect(position).to_be_visible()
    page.keyboard.press("ArrowUp")  # back to every other week
    expect(position).to_be_hidden()
    expect(page.locator("#id_schedule_0_2")).to_be_checked()
    page.keyboard.press("Tab")  # Monday
    page.keyboard.press("Tab")  # Tuesday
    assert focused(page) == "id_schedule_1_1"
    page.keyboard.press("Space")
    page.locator("#id_schedule_3").press_sequentially("1700")
    page.locator("#id_schedule_4").press_sequentially("1900")
    page.get_by_role("button", name=translated(lang, "Add the activity")).press("Enter")

    expect(page.get_by_role("status")).to_be_visible()
    activity = Activity.objects.get(name_fi="Läksykerho")
    assert activity.recurrence == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    expect(page.locator("main table")).to_contain_text(EVERY_OTHER_TUESDAY[lang])
    assert "FREQ" not in page.content()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wrong_times_are_explained_and_the_choices_kept(
    live_server, page, assert_accessible, world, lang
):
    sign_in(page, live_server, world["people"]["member"])
    activity = world["activity"]
    open_page(page, live_server, lang, f"/organizations/owning-ngo/activities/{activity.pk}/edit/")

    page.locator("#id_schedule_0_3").check()  # once a month, but no week of the month
    page.locator("#id_schedule_1_4").check()  # Friday
    page.locator("#id_schedule_3").fill("19:00")
    page.locator("#id_schedule_4").fill("17:00")
    page.locator("main form button[type=submit]").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(
        translated(lang, "The end time must be after the start time, for example 17:00–19:00.")
    )
    expect(summary).to_contain_text(
        translated(lang, "Choose the week of the month, for example the first.")
    )
    expect(page.locator("#id_schedule_0_3")).to_be_checked()
    expect(page.locator("#id_schedule_1_4")).to_be_checked()
    expect(page.locator("#id_schedule_3")).to_have_value("19:00")
    expect(page.locator("[data-recurrence-position]")).to_be_visible()
    assert_accessible(page)


# --- The error summary ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_error_summary_takes_the_focus_and_its_links_focus_the_fields(
    live_server, page, assert_accessible, world, lang
):
    Organization.objects.filter(slug="owning-ngo").update(description_fi="Autamme perheitä.")
    sign_in(page, live_server, world["people"]["member"])
    open_page(page, live_server, lang, "/organizations/owning-ngo/edit/")

    page.locator("#id_business_id").fill("1234567-8")
    page.locator("#id_description_fi").fill("")
    page.locator("#id_description_sv").fill("Vi hjälper familjer.")
    page.locator("main form button[type=submit]").first.click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()  # announced: role="alert", and the focus is there
    assert summary.get_attribute("role") == "alert"
    box = summary.bounding_box()
    assert box["y"] < page.locator("#id_business_id").bounding_box()["y"]  # at the top
    expect(summary).to_contain_text("1234567-8")
    links = summary.locator("a")
    expect(links).to_have_count(2)
    links.nth(0).click()
    assert focused(page) == "id_business_id"
    summary.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page) == "id_description_fi"
    described = page.locator("#id_description_fi").get_attribute("aria-describedby")
    assert "id_description_fi_error" in described.split()
    expect(page.locator("#id_description_sv")).to_have_value("Vi hjälper familjer.")
    assert_accessible(page)


def test_without_javascript_the_summary_is_at_the_top_and_its_links_jump(
    live_server, browser, world
):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, live_server, world["people"]["member"])
        open_page(page, live_server, "en", "/organizations/owning-ngo/edit/")
        page.locator("#id_business_id").fill("123")
        page.locator("main form button[type=submit]").first.click()

        summary = page.locator(".hds-error-summary")
        expect(summary).to_be_visible()
        link = summary.locator('a[href="#id_business_id"]')
        expect(link).to_contain_text("a business ID has seven digits")
        link.click()
        assert page.url.endswith("#id_business_id")
    finally:
        context.close()


# --- The counter of a long text -----------------------------------------------------------


COUNTER = {"fi": "{} / 500 merkkiä", "sv": "{} / 500 tecken", "en": "{} / 500 characters"}
OVER = {
    "fi": "510 / 500 merkkiä – 10 liikaa",
    "sv": "510 / 500 tecken – 10 för många",
    "en": "510 / 500 characters: 10 too many",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_long_text_counts_its_characters_and_keeps_what_is_typed(
    live_server, page, assert_accessible, world, lang
):
    sign_in(page, live_server, world["people"]["member"])
    open_page(page, live_server, lang, "/organizations/owning-ngo/edit/")
    area = page.locator("#id_description_sv")
    counter = page.locator("#id_description_sv_counter")
    expect(counter).to_have_text(COUNTER[lang].format(0))
    assert area.get_attribute("maxlength") is None
    assert "id_description_sv_counter" in area.get_attribute("aria-describedby")

    area.press_sequentially("Hej!")

    expect(counter).to_have_text(COUNTER[lang].format(4))
    # Announced politely once the typing pauses, not at each key press.
    announcement = page.locator("#char-counter-announcement")
    assert announcement.get_attribute("aria-live") == "polite"
    expect(announcement).to_have_text(COUNTER[lang].format(4))

    area.fill("x" * 510)
    expect(counter).to_have_text(OVER[lang])
    expect(counter).to_have_class("hds-text-input__helper-text char-counter char-counter--over")
    assert len(area.input_value()) == 510  # nothing cut off
    assert_accessible(page)


def test_a_text_area_of_any_form_gets_a_counter(live_server, page, world):
    """A form that does not render its own counter (the application form) still gets one,
    and its text area no longer cuts a pasted text short."""
    open_page(page, live_server, "fi", "/organizations/apply/")
    area = page.locator("#id_description")

    expect(page.locator("#id_description_counter")).to_have_text("0 / 2 000 merkkiä")
    assert area.get_attribute("maxlength") is None
    area.fill("y" * 2100)
    expect(page.locator("#id_description_counter")).to_have_text(
        "2 100 / 2 000 merkkiä – 100 liikaa"
    )


# --- Cancelling a meeting -------------------------------------------------------------------


@pytest.fixture
def meeting(world):
    people = world["people"]
    network = NetworkFactory(welfare_area=world["area"], slug="vantaa-network")
    NetworkMembershipFactory(
        network=network, organization=world["organization"], representatives=[people["member"]]
    )
    NetworkMembershipFactory(
        network=network,
        organization=None,
        service_unit=world["unit"],
        representatives=[people["unit_staff"]],
    )
    start = (timezone.localtime() + timedelta(days=6)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    meeting = services.meeting_schedule(
        meeting=Meeting(
            kind=MeetingKind.MEETUP,
            title="Kuukausitapaaminen",
            network=network,
            welfare_area=world["area"],
            start=start,
            duration_minutes=30,
            address="Asematie 1, Vantaa",
        ),
        by=people["coordinator"],
    )
    meeting.invitations.update(sent_sequence=meeting.sequence, sent_at=timezone.now())
    return meeting


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_cancel_page_counts_the_invited_and_takes_a_reason(
    live_server, page, assert_accessible, world, meeting, lang
):
    sign_in(page, live_server, world["people"]["coordinator"])
    open_page(page, live_server, lang, f"/meetings/{meeting.pk}/cancel/")

    assert heading(page) == translated(lang, "Cancel the meeting")
    counts = {
        "fi": "Kaikki 2 kutsuttua saavat peruutuksesta tiedon sähköpostilla",
        "sv": "Alla 2 inbjudna får ett meddelande per e-post",
        "en": "All 2 people invited get a cancellation by e-mail",
    }
    expect(page.locator("#cancel-invitees")).to_contain_text(counts[lang])
    assert_accessible(page)

    page.get_by_label(translated(lang, "Reason (optional)")).fill("Vetäjä on sairastunut.")
    page.get_by_role("button", name=translated(lang, "Cancel the meeting")).click()

    page.wait_for_url(f"{live_server.url}/{lang}/meetings/{meeting.pk}/")
    label = page.locator(".meeting-status")
    expect(label).to_have_text(translated(lang, "Cancelled"))
    expect(page.locator("main")).to_contain_text("Vetäjä on sairastunut.")
    meeting.refresh_from_db()
    assert meeting.cancellation_reason == "Vetäjä on sairastunut."
    assert_accessible(page)

"""The contact request pages pass axe-core in Finnish, Swedish and English, walked as the
two sides use them: the NGO's worker asks from the unit's contact point (an error first,
everything kept), reads the request and the list; the unit's worker sees it on "My
work", answers (an error first) and closes it; the NGO records the client's withdrawal
in two clicks and the details are gone. Screenshots go to $SCREENSHOT_DIR when set."""

import pytest
from playwright.sync_api import expect

from referrals.models import ContactRequest, ContactState
from tests.browser.screens import screenshots
from tests.browser.test_people_pages_accessibility import heading, open_page, sign_in, translated
from tests.factories import with_totp
from tests.referrals.contact_helpers import ANSWER_MARKER, answered, send_request
from tests.referrals.helpers import MARKERS, referral_world

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]
HETU = "131052-308T"


@pytest.fixture
def world():
    world = referral_world()
    for persona in ("worker", "handler"):
        with_totp(world[persona])
    world["unit"].contact_email = "koto@vantaa.example"
    world["unit"].contact_phone = "09 8392 0000"
    world["unit"].save()
    return world


def submit(page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_ngo_asks_the_unit_to_contact_a_client(
    live_server, page, assert_accessible, world, lang
):
    sign_in(page, live_server, world["handler"])
    open_page(page, live_server, lang, "/units/koto/")
    assert_accessible(page)
    screenshots(page, f"contact-unit-page-{lang}")

    page.get_by_role("link", name=translated(lang, "Ask this unit to contact a client")).click()
    assert heading(page) == translated(lang, "Ask the unit to contact a client")
    assert_accessible(page)
    screenshots(page, f"contact-new-{lang}")

    # The e-mail address without its category, and an identity code in the reason.
    for category in ("name", "phone", "languages", "reason"):
        page.locator(f"input[name=categories][value={category}]").check()
    page.locator("#id_purpose").fill("Asumisen tuki")
    page.locator("input[name=method][value=verbal_phone]").check()
    page.locator("#id_language").select_option("so")
    page.locator("#id_client_name").fill(MARKERS["client_name"])
    page.locator("#id_client_phone").fill(MARKERS["client_phone"])
    page.locator("#id_client_email").fill(MARKERS["client_email"])
    page.locator("input[name=client_languages][value=so]").check()
    page.locator("#id_reason").fill(f"Hetu {HETU}, asunto")
    submit(page, translated(lang, "Send the contact request"))

    expect(page.get_by_role("alert")).to_be_visible()
    assert page.locator("#id_client_name").input_value() == MARKERS["client_name"]
    assert page.locator("#id_reason").input_value() == f"Hetu {HETU}, asunto"
    assert page.locator("#id_language").input_value() == "so"
    assert not ContactRequest.objects.exists()
    assert_accessible(page)
    screenshots(page, f"contact-new-errors-{lang}")

    page.locator("#id_client_email").fill("")
    page.locator("#id_reason").fill(MARKERS["reason"])
    submit(page, translated(lang, "Send the contact request"))

    request = ContactRequest.objects.get()
    page.wait_for_url(f"{live_server.url}/{lang}/contact-requests/{request.pk}/")
    expect(page.get_by_text(MARKERS["reason"])).to_be_visible()
    assert_accessible(page)
    screenshots(page, f"contact-detail-ngo-{lang}")

    open_page(page, live_server, lang, "/contact-requests/")
    assert heading(page) == translated(lang, "Contact requests")
    assert MARKERS["client_name"] not in page.content()
    assert_accessible(page)
    screenshots(page, f"contact-list-ngo-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_unit_answers_and_closes(live_server, page, assert_accessible, world, lang):
    request = send_request(world)
    sign_in(page, live_server, world["worker"])
    open_page(page, live_server, lang, "/me/")
    assert_accessible(page)
    screenshots(page, f"contact-my-work-unit-{lang}")

    page.locator(f'a[href="/{lang}/contact-requests/{request.pk}/"]').first.click()
    page.wait_for_url(f"{live_server.url}/{lang}/contact-requests/{request.pk}/")
    assert_accessible(page)
    screenshots(page, f"contact-detail-unit-{lang}")

    page.locator("#id_answer").fill(f"Soitamme {HETU}")
    submit(page, translated(lang, "Send the answer"))
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.locator("#id_answer").input_value() == f"Soitamme {HETU}"
    assert_accessible(page)

    page.locator("#id_answer").fill(ANSWER_MARKER)
    submit(page, translated(lang, "Send the answer"))
    expect(page.get_by_text(ANSWER_MARKER)).to_be_visible()
    assert_accessible(page)
    screenshots(page, f"contact-detail-answered-{lang}")

    submit(page, translated(lang, "Close the request"))
    assert ContactRequest.objects.get(pk=request.pk).state == ContactState.CLOSED
    assert_accessible(page)

    open_page(page, live_server, lang, "/contact-requests/")
    assert_accessible(page)
    screenshots(page, f"contact-list-unit-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_ngo_records_a_withdrawal_in_two_clicks(
    live_server, page, assert_accessible, world, lang
):
    request = answered(world)
    sign_in(page, live_server, world["handler"])
    open_page(page, live_server, lang, "/me/")
    assert_accessible(page)
    screenshots(page, f"contact-my-work-ngo-{lang}")

    page.locator(f'a[href="/{lang}/contact-requests/{request.pk}/"]').first.click()
    page.wait_for_url(f"{live_server.url}/{lang}/contact-requests/{request.pk}/")
    assert_accessible(page)

    label = translated(lang, "The client withdrew the consent: erase the details")
    page.get_by_role("link", name=label).click()
    assert heading(page) == translated(lang, "The client withdrew the consent")
    assert_accessible(page)
    screenshots(page, f"contact-withdraw-{lang}")

    submit(page, translated(lang, "Withdraw and erase the client's details"))

    page.wait_for_url(f"{live_server.url}/{lang}/contact-requests/{request.pk}/")
    assert MARKERS["client_name"] not in page.content()
    assert ContactRequest.objects.get(pk=request.pk).client_name == ""
    done = "The consent is withdrawn and the client's details are erased. The unit was told."
    expect(page.get_by_text(translated(lang, done))).to_be_visible()
    assert_accessible(page)
    screenshots(page, f"contact-detail-withdrawn-{lang}")

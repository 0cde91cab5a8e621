"""Every page of the sending unit passes axe-core in Finnish, Swedish and English: the
profile's "Refer a client", the referral form (empty and with errors), the consent text
(also beside an NGO's own text, right to left for Arabic), the unit's sent referrals, a
referral's page for the sender and the NGO, after withdrawal, the withdrawal itself, the
log of who saw the data and the "My work" panel. And a worker sends a referral with the
keyboard alone."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from organizations.models import Activity, Language, OrganizationText
from referrals import services
from referrals.models import Referral, State
from tests.browser.test_people_pages_accessibility import heading, open_page, sign_in, translated
from tests.referrals.helpers import MARKERS, send
from tests.referrals.sending_helpers import sending_world

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["fi", "sv", "en"]
# Screenshots to look at, as a worker would (not compared: axe and the assertions test).
SHOTS = Path(tempfile.gettempdir()) / "shots" / "send"


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def sending(reference_data):
    world = sending_world()
    organization = world["organization"]
    organization.referral_instructions_fi = "Kerro asiakkaan kieli ja paras soittoaika."
    organization.save()
    activity = Activity.objects.create(
        organization=organization, name_fi="Naisten vertaisryhmä", name_en="Women's peer group"
    )
    for code, text in (("so", "Ku soo dhowow Hiiraan."), ("ar", "أهلا وسهلا بكم في هيران")):
        OrganizationText.objects.create(
            organization=organization,
            language=Language.objects.get_or_create(code=code)[0],
            text=text,
        )
    referral = send(world, activity=activity)
    services.referral_message_post(
        referral=referral, by=world["handler"], text="Soitamme huomenna klo 17."
    )
    withdrawn = send(world)
    services.referral_withdraw(referral=withdrawn, by=world["worker"], method="verbal_phone")
    return {**world, "activity": activity, "referral": referral, "withdrawn": withdrawn}


def slug(sending) -> str:
    return sending["organization"].slug


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_profile_offers_refer_a_client(live_server, page, assert_accessible, sending, lang):
    sign_in(page, live_server, sending["worker"])
    open_page(page, live_server, lang, f"/organizations/{slug(sending)}/")

    expect(
        page.get_by_role("link", name=translated(lang, "Refer a client"), exact=True)
    ).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_referral_form(live_server, page, assert_accessible, sending, lang):
    sign_in(page, live_server, sending["worker"])
    open_page(page, live_server, lang, f"/referrals/new/{slug(sending)}/")

    assert heading(page) == translated(lang, "Refer a client")
    assert_accessible(page)
    shoot(page, f"form-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_referral_form_with_errors(live_server, page, assert_accessible, sending, lang):
    sign_in(page, live_server, sending["worker"])
    open_page(page, live_server, lang, f"/referrals/new/{slug(sending)}/")
    page.locator("#id_client_phone").fill("040 123 4567")

    page.get_by_role("button", name=translated(lang, "Send the referral")).click()

    expect(page.locator(".hds-error-summary")).to_be_visible()
    expect(page.locator("#id_client_phone")).to_have_value("040 123 4567")
    assert page.locator("[aria-invalid=true]").count() > 0
    assert_accessible(page)
    shoot(page, f"form-errors-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_consent_text(live_server, page, assert_accessible, sending, lang):
    sign_in(page, live_server, sending["worker"])
    open_page(page, live_server, lang, f"/referrals/consent-text/{slug(sending)}/?lang={lang}")

    assert heading(page) == translated(lang, "Consent to pass on my information")
    assert_accessible(page)
    shoot(page, f"consent-{lang}")
    # On paper: the text alone, without the portal's header, menu, buttons or footer.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("button", name=translated(lang, "Print"))).to_be_hidden()
    expect(page.locator("#consent-heading")).to_be_visible()
    shoot(page, f"consent-print-{lang}")


@pytest.mark.parametrize("other", ["so", "ar"])
def test_the_consent_text_beside_the_ngos_own_text(
    live_server, page, assert_accessible, sending, other
):
    sign_in(page, live_server, sending["worker"])
    open_page(page, live_server, "fi", f"/referrals/consent-text/{slug(sending)}/")

    page.locator(f'.language-picker a[hreflang="{other}"]').click()

    section = page.locator(f'section[lang="{other}"]')
    expect(section).to_be_visible()
    assert section.get_attribute("dir") == ("rtl" if other == "ar" else "ltr")
    assert_accessible(page)
    shoot(page, f"consent-fi-{other}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sent_list(live_server, page, assert_accessible, sending, lang):
    sign_in(page, live_server, sending["worker"])
    open_page(page, live_server, lang, "/referrals/sent/")

    expect(page.locator(f'a[href$="/referrals/{sending["referral"].pk}/"]')).to_be_visible()
    assert MARKERS["client_name"] not in page.content()
    assert_accessible(page)
    shoot(page, f"sent-{lang}")
    page.get_by_role("link", name=translated(lang, "Ended")).click()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("who", ["worker", "handler"])
def test_the_referral_page(live_server, page, assert_accessible, sending, lang, who):
    sign_in(page, live_server, sending[who])
    open_page(page, live_server, lang, f"/referrals/{sending['referral'].pk}/")

    expect(page.get_by_text(MARKERS["client_phone"])).to_be_visible()
    expect(page.get_by_text("Soitamme huomenna klo 17.")).to_be_visible()
    assert_accessible(page)
    shoot(page, f"detail-{who}-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_withdrawn_referral_page(live_server, page, assert_accessible, sending, lang):
    sign_in(page, live_server, sending["worker"])
    open_page(page, live_server, lang, f"/referrals/{sending['withdrawn'].pk}/")

    expect(page.locator(".erased-notice")).to_be_visible()
    assert MARKERS["client_phone"] not in page.content()
    assert_accessible(page)
    shoot(page, f"detail-erased-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_withdrawal_in_two_clicks(live_server, page, assert_accessible, sending, lang):
    sign_in(page, live_server, sending["worker"])
    referral = sending["referral"]
    open_page(page, live_server, lang, f"/referrals/{referral.pk}/")

    page.get_by_role("link", name=translated(lang, "The client withdrew the consent")).click()
    assert heading(page) == translated(lang, "The client withdrew the consent")
    assert_accessible(page)
    page.get_by_role(
        "button", name=translated(lang, "Record the withdrawal and erase the data")
    ).click()

    expect(page.locator(".erased-notice")).to_be_visible()
    assert Referral.objects.get(pk=referral.pk).state == State.WITHDRAWN
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_log_of_who_saw_the_data(live_server, page, assert_accessible, sending, lang):
    sign_in(page, live_server, sending["worker"])
    open_page(page, live_server, lang, f"/referrals/{sending['referral'].pk}/log/")

    expect(page.get_by_text(sending["worker"].email).first).to_be_visible()
    assert_accessible(page)
    shoot(page, f"log-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_my_work_panel(live_server, page, assert_accessible, sending, lang):
    sign_in(page, live_server, sending["worker"])
    open_page(page, live_server, lang, "/me/")

    expect(page.locator("#work-referrals-heading")).to_be_visible()
    assert_accessible(page)
    shoot(page, f"my-work-{lang}")


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until the element is focused: it is reachable with the keyboard."""
    target = page.locator(selector)
    for _press in range(limit):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_referral_sent_with_the_keyboard_alone(live_server, page, sending):
    sign_in(page, live_server, sending["worker"])
    open_page(page, live_server, "en", f"/referrals/new/{slug(sending)}/")
    page.locator("#main").focus()

    tab_to(page, "#id_activity")
    page.keyboard.press("ArrowDown")  # the women's peer group
    for n in (0, 1, 3, 5):  # name, phone, contact times, reason
        tab_to(page, f"#id_categories_{n}")
        page.keyboard.press("Space")
    tab_to(page, "#id_purpose")
    page.keyboard.type("Invite to the peer group")
    tab_to(page, "#id_method_0")  # radios: Tab reaches the group, an arrow chooses
    page.keyboard.press("ArrowDown")  # verbal, in person
    tab_to(page, "#id_language")
    page.keyboard.type("Somali")
    tab_to(page, "#id_interpreter_used")
    page.keyboard.press("Space")
    tab_to(page, "#id_client_name")
    page.keyboard.type("Keyboard Client")
    tab_to(page, "#id_client_phone")
    page.keyboard.type("040 765 4321")
    tab_to(page, "#id_contact_times")
    page.keyboard.type("Mornings")
    tab_to(page, "#id_reason")
    page.keyboard.type("Wants company in Somali")
    tab_to(page, "main form.referral-form button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{live_server.url}/en/referrals/*/")
    referral = Referral.objects.latest("pk")
    assert referral.client_name == "Keyboard Client"
    assert referral.activity == sending["activity"]
    assert referral.consent.categories == ["name", "phone", "contact_times", "reason"]
    assert referral.consent.method == "verbal_in_person"
    assert referral.consent.language == "so"
    assert referral.consent.interpreter_used is True
    expect(page.get_by_role("status")).to_contain_text(f"Referral no. {referral.pk}")

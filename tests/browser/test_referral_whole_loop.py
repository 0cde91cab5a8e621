"""The acceptance walk of consent-based referrals (issue 11), through the real pages and
the real sign-in (password, then the authenticator app's code), axe-core clean on every
page it passes:

1. a unit worker finds an NGO that accepts referrals in the directory, refers a client
   with verbal consent given in person with an interpreter, and sends;
2. the NGO's referral handler signs in with two-factor authentication, finds the
   referral in the inbox (no client data there), accepts it, records that the client
   was reached and the first meeting, and closes it with "takes part";
3. the worker sees every step and the outcome in words on the referral's timeline (in
   English, Finnish and Swedish);
4. the worker sends a second referral, writes a message on it and records the client's
   withdrawal in two clicks: the database rows keep no personal data, only the trail;
5. the worker prints the anonymous sheet in Arabic, right to left, and downloads its PDF.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from playwright.sync_api import expect

from coact.fields import encrypted_fields
from organizations.models import Language, OrganizationText
from organizations.search import update_search_vectors
from referrals.models import Consent, Referral, ReferralMessage
from tests.browser.test_people_pages_accessibility import translated
from tests.browser.test_people_walkthrough import fresh_totp_code
from tests.factories import PASSWORD, OrganizationFactory
from tests.referrals.sending_helpers import sending_world

pytestmark = pytest.mark.django_db(transaction=True)

ARABIC_TEXT = "نقدم الدعم للعائلات الصومالية والعربية في فانتا."
FIRST_CLIENT = {
    "name": "Amal Walkthrough",
    "phone": "040 555 0101",
    "times": "Weekdays after 16",
    "reason": "Would like to meet other mothers who speak Somali",
}
SECOND_CLIENT = {
    "name": "Hodan Withdrawn",
    "phone": "040 555 0202",
    "times": "Mornings",
    "reason": "Looking for a homework club for her son",
}
MESSAGE = "The client prefers to be called in the evening."
SHARED = (
    "First name or alias",
    "Phone number",
    "When the client can be contacted",
    "Languages, and the need for an interpreter or an escort",
    "The reason for the referral, in short",
)


@pytest.fixture
def world(reference_data):
    """The unit, the NGO (Hiiraan tuki ry, which accepts referrals, with a text of its
    own in Arabic) and their people with authenticator apps; and a namesake NGO that
    takes no referrals, for the directory's filter to leave out."""
    world = sending_world()
    OrganizationText.objects.create(
        organization=world["organization"],
        language=Language.objects.get_or_create(code="ar")[0],
        text=ARABIC_TEXT,
    )
    OrganizationFactory(
        welfare_area=world["area"], name="Hiiraan kulttuuriseura ry", accepts_referrals=False
    )
    update_search_vectors()
    return world


# --- Small steps -----------------------------------------------------------------------------


def arrive(page, assert_accessible, live_server, path: str) -> None:
    """The page at /en<path> (a pattern; any query or fragment) has loaded, in English,
    and passes axe-core."""
    pattern = rf"^{re.escape(live_server.url)}/en{path}(\?[^#]*)?(#.*)?$"
    page.wait_for_url(re.compile(pattern))
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)


def heading(page):
    return page.get_by_role("heading", level=1)


def told(page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def state_is(page, label: str) -> None:
    expect(page.locator(".status-label")).to_have_text(label)


def main_menu(page):
    return page.get_by_role("navigation", name="Main")


def mails_to(user, subject: str) -> list:
    return [m for m in mail.outbox if user.email in m.to and m.subject == subject]


def sign_in(page, live_server, assert_accessible, user) -> None:
    """E-mail and password, then the authenticator app's code: both roles of the walk
    reach client data, so the portal asks for the second step."""
    page.goto(f"{live_server.url}/en/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email:", exact=True).fill(user.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    arrive(page, assert_accessible, live_server, "/accounts/2fa/authenticate/")
    expect(heading(page)).to_have_text("Two-Factor Authentication")
    page.get_by_label("Code").fill(fresh_totp_code())
    page.get_by_role("button", name="Sign In").click()

    arrive(page, assert_accessible, live_server, "/me/")
    expect(heading(page)).to_have_text("My work")


def find_the_ngo(page, live_server, assert_accessible) -> None:
    """From the main menu to the directory; a search and the "Accepts referrals" filter
    leave one NGO, whose profile the worker opens."""
    main_menu(page).get_by_role("link", name="NGOs", exact=True).click()
    arrive(page, assert_accessible, live_server, "/organizations/")
    page.get_by_role("searchbox", name="Search").fill("Hiiraan")
    page.get_by_role("button", name="Show results").click()
    results = page.locator("#results .result__name")
    expect(results).to_have_count(2)
    page.get_by_role("checkbox", name="Accepts referrals").check()
    page.get_by_role("button", name="Show results").click()

    page.wait_for_url(re.compile(r"accepts_referrals=1"))
    expect(results).to_have_text(["Hiiraan tuki ry"])
    assert_accessible(page)
    page.locator("#results").get_by_role("link", name="Hiiraan tuki ry").click()
    arrive(page, assert_accessible, live_server, "/organizations/hiiraan/")
    expect(heading(page)).to_have_text("Hiiraan tuki ry")


def refer_a_client(page, live_server, assert_accessible, client: dict) -> int:
    """From the NGO's profile: the consent (verbal, in person, in Somali with an
    interpreter), the client's data of the ticked categories, and send. Returns the
    referral's number."""
    page.get_by_role("link", name="Refer a client", exact=True).click()
    arrive(page, assert_accessible, live_server, "/referrals/new/hiiraan/")
    expect(heading(page)).to_have_text("Refer a client")

    consent = page.get_by_role("group", name="The client's consent")
    for category in SHARED:
        consent.get_by_role("checkbox", name=category, exact=True).check()
    consent.get_by_label("Purpose of sharing").fill("To invite the client to the mothers' group")
    consent.get_by_role("radio", name="Verbal, in person").check()
    consent.get_by_label("Language of the consent conversation").select_option(label="Somali")
    consent.get_by_role("checkbox", name="An interpreter was used").check()
    expect(consent.get_by_label("Consent valid until")).not_to_have_value("")

    about = page.get_by_role("group", name="The client", exact=True)
    about.get_by_role("textbox", name="First name or alias").fill(client["name"])
    about.get_by_role("textbox", name="Phone number").fill(client["phone"])
    about.get_by_role("textbox", name="When the client can be contacted").fill(client["times"])
    about.get_by_role("checkbox", name="Somali", exact=True).check()
    about.get_by_role("checkbox", name="The client needs an interpreter").check()
    about.get_by_label("Reason for the referral, in short").fill(client["reason"])
    page.get_by_role("button", name="Send the referral").click()

    arrive(page, assert_accessible, live_server, r"/referrals/\d+/")
    number = int(re.search(r"/referrals/(\d+)/", page.url).group(1))
    expect(heading(page)).to_have_text(f"Referral no. {number}")
    told(page, f"Referral no. {number} was sent to Hiiraan tuki ry.")
    state_is(page, "Sent, waiting for an answer")
    return number


def answer(page, live_server, assert_accessible, number: int, button: str, done: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    arrive(page, assert_accessible, live_server, f"/referrals/{number}/")
    told(page, done)


def handle_the_referral(page, live_server, assert_accessible, number: int) -> None:
    """The NGO's handler: the inbox without client data, then every answer in turn."""
    main_menu(page).get_by_role("link", name="Referrals", exact=True).click()
    arrive(page, assert_accessible, live_server, "/referrals/inbox/")
    expect(heading(page)).to_have_text("Referrals to your organisation")
    item = page.locator(".inbox-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("KOTO-tiimi")
    expect(item).to_contain_text("Somali")
    for personal in FIRST_CLIENT.values():
        expect(page.locator("main")).not_to_contain_text(personal)

    item.get_by_role("link", name=f"Referral {number}", exact=True).click()
    arrive(page, assert_accessible, live_server, f"/referrals/{number}/")
    client = page.get_by_role("region", name="The client", exact=True)
    expect(client).to_contain_text(FIRST_CLIENT["name"])
    expect(client).to_contain_text(FIRST_CLIENT["phone"])

    answer(page, live_server, assert_accessible, number, "Accept the referral",
           "You accepted the referral. Next, try to reach the client.")  # fmt: skip
    state_is(page, "Accepted")
    page.get_by_role("radio", name="Yes, we reached the client").check()
    answer(page, live_server, assert_accessible, number, "Save the try",
           "Saved: you reached the client. Next, record the first meeting.")  # fmt: skip
    state_is(page, "Client contacted")
    answer(page, live_server, assert_accessible, number, "The first meeting was held",
           "Saved: the first meeting was held.")  # fmt: skip
    state_is(page, "First meeting held")
    page.get_by_role("radio", name="Takes part in the activity").check()
    answer(page, live_server, assert_accessible, number, "Close the referral",
           "The referral is closed. The unit that sent it sees the outcome.")  # fmt: skip
    state_is(page, "Closed")
    expect(page.get_by_role("heading", name="What to do next")).to_have_count(0)


def facts(page):
    """What the referral's page says first: recipient, sender, dates, the outcome."""
    return page.locator(".referral-facts").first


def timeline(page, lang: str = "en"):
    return page.get_by_role("region", name=translated(lang, "Timeline")).get_by_role("listitem")


def step(what: str, who: str) -> re.Pattern:
    """A timeline entry: when, what happened, and who did it for which side."""
    return re.compile(rf"^\s*\S+ \d\d:\d\d\s+{re.escape(what)}\s+{re.escape(who)}\s*$")


def withdraw(page, live_server, assert_accessible, number: int) -> None:
    """The client's withdrawal, in two clicks: the link, then the button (how the client
    withdrew is chosen already: as they gave the consent)."""
    page.get_by_role("link", name="The client withdrew the consent").click()
    arrive(page, assert_accessible, live_server, f"/referrals/{number}/withdraw/")
    expect(heading(page)).to_have_text("The client withdrew the consent")
    page.get_by_role("button", name="Record the withdrawal and erase the data").click()

    arrive(page, assert_accessible, live_server, f"/referrals/{number}/")
    told(page, "The withdrawal was recorded. The client's personal data was erased")
    state_is(page, "Withdrawn")
    expect(page.locator(".erased-notice")).to_contain_text("The client withdrew the consent")


def raw(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def personal_columns(model, pk: int) -> dict:
    """The row's encrypted (personal) columns as the database holds them."""
    columns = [field.column for field in encrypted_fields(model)]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    (row,) = raw(f"SELECT {quoted} FROM {table} WHERE id = %s", [pk])  # noqa: S608
    return dict(zip(columns, row, strict=True))


def assert_erased_in_the_database(number: int, kept: int) -> None:
    """The withdrawn referral's rows as the database holds them: every personal column
    empty, its messages gone; the anonymous trail (states, codes, dates) still there."""
    referral = personal_columns(Referral, number)
    assert {"client_name", "client_phone", "contact_times", "reason"} <= referral.keys()
    assert set(referral.values()) <= {"", None}, referral
    ((consent_id, state, erased, languages, interpreter),) = raw(
        "SELECT consent_id, state, erased_at IS NOT NULL, client_languages, interpreter_needed"
        " FROM referrals_referral WHERE id = %s",
        [number],
    )
    consent = personal_columns(Consent, consent_id)
    assert "purpose" in consent
    assert set(consent.values()) <= {"", None}, consent
    messages = raw("SELECT id FROM referrals_referralmessage WHERE referral_id = %s", [number])
    assert messages == []

    assert (state, erased, languages, interpreter) == ("withdrawn", True, ["so"], True)
    assert raw(
        "SELECT method, language, interpreter_used, withdrawn_at IS NOT NULL"
        " FROM referrals_consent WHERE id = %s",
        [consent_id],
    ) == [("verbal_in_person", "so", True, True)]
    kinds = raw(
        "SELECT kind FROM referrals_referralevent WHERE referral_id = %s ORDER BY occurred_at, id",
        [number],
    )
    assert [kind for (kind,) in kinds] == ["sent", "message", "withdrawn", "erased"]

    # The closed referral still holds its client's data, encrypted: the same read sees
    # the columns that hold it.
    closed = personal_columns(Referral, kept)
    assert closed["client_name"]
    assert FIRST_CLIENT["name"] not in closed["client_name"]
    assert Referral.objects.get(pk=kept).client_name == FIRST_CLIENT["name"]


def print_the_sheet_in_arabic(page, live_server, assert_accessible) -> None:
    """From the NGO's profile: the anonymous sheet, in Arabic (the NGO's own text, right
    to left), printed, and as a PDF."""
    page.get_by_role("link", name="print an anonymous sheet for the client").click()
    arrive(page, assert_accessible, live_server, "/referrals/sheet/hiiraan/")
    page.get_by_role("navigation", name="Language of the sheet").get_by_role(
        "link", name=re.compile(r"^Arabic")
    ).click()

    arrive(page, assert_accessible, live_server, r"/referrals/sheet/hiiraan/\?lang=ar")
    own = page.locator('article.sheet [lang="ar"][dir="rtl"]')
    expect(own).to_have_text(ARABIC_TEXT)
    assert own.evaluate("element => getComputedStyle(element).direction") == "rtl"
    # The browser's print dialog would stop the test: count the calls instead.
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(own).to_be_visible()
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Download as PDF").click()
    arrive(page, assert_accessible, live_server, r"/files/[0-9a-f-]+/")
    link = page.get_by_role("status").get_by_role("link")
    expect(link).to_be_visible(timeout=30_000)
    assert_accessible(page)
    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    assert download.suggested_filename == "hiiraan-ar.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


# --- The walk --------------------------------------------------------------------------------


def test_the_whole_referral_loop(live_server, page, browser, assert_accessible, world):
    worker = page

    # 1. The unit worker finds the NGO and sends a referral with the client's consent.
    sign_in(worker, live_server, assert_accessible, world["worker"])
    find_the_ngo(worker, live_server, assert_accessible)
    first = refer_a_client(worker, live_server, assert_accessible, FIRST_CLIENT)
    consent = Referral.objects.select_related("consent").get(pk=first).consent
    assert (consent.method, consent.language, consent.interpreter_used) == (
        "verbal_in_person", "so", True,
    )  # fmt: skip
    (notice,) = mails_to(
        world["handler"], f"You have a new referral in Co-Act Portal (no. {first})"
    )
    assert not any(value in notice.body for value in FIRST_CLIENT.values())

    # 2. The NGO's handler, in a browser of their own, answers it to the end.
    handler_context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    try:
        handler = handler_context.new_page()
        handler.set_default_timeout(15_000)
        sign_in(handler, live_server, assert_accessible, world["handler"])
        handle_the_referral(handler, live_server, assert_accessible, first)
    finally:
        handler_context.close()

    # 3. The worker sees every step, and the outcome in words.
    worker.reload()
    arrive(worker, assert_accessible, live_server, f"/referrals/{first}/")
    state_is(worker, "Closed")
    expect(facts(worker)).to_contain_text("Takes part in the activity")
    sender = f"{world['worker']} (KOTO-tiimi)"
    answerer = f"{world['handler']} (Hiiraan tuki ry)"
    expect(timeline(worker)).to_have_text(
        [
            step("Sent", sender),
            step("Accepted", answerer),
            step("Reached the client", answerer),
            step("First meeting held", answerer),
            step("Closed: Takes part in the activity", answerer),
        ]
    )
    for lang in ("fi", "sv"):
        worker.goto(f"{live_server.url}/{lang}/referrals/{first}/")
        assert worker.locator("html").get_attribute("lang") == lang
        expect(facts(worker)).to_contain_text(translated(lang, "Takes part in the activity"))
        expect(timeline(worker, lang).last).to_contain_text(translated(lang, "Closed"))
        assert_accessible(worker)

    # 4. A second referral, a message on it, and the client's withdrawal.
    worker.goto(f"{live_server.url}/en/organizations/hiiraan/")
    arrive(worker, assert_accessible, live_server, "/organizations/hiiraan/")
    second = refer_a_client(worker, live_server, assert_accessible, SECOND_CLIENT)
    worker.get_by_role("textbox", name="Message").fill(MESSAGE)
    worker.get_by_role("button", name="Send the message").click()
    arrive(worker, assert_accessible, live_server, f"/referrals/{second}/")
    told(worker, "Your message was sent.")
    assert ReferralMessage.objects.filter(referral_id=second).count() == 1
    withdraw(worker, live_server, assert_accessible, second)
    for personal in (*SECOND_CLIENT.values(), MESSAGE):
        expect(worker.locator("main")).not_to_contain_text(personal)
    expect(timeline(worker).last).to_contain_text("Personal data erased")
    assert mails_to(world["handler"], f"Referral no. {second} was withdrawn")
    assert_erased_in_the_database(second, kept=first)

    # 5. The anonymous sheet, in Arabic, from the NGO's profile.
    worker.get_by_role("link", name="Hiiraan tuki ry", exact=True).first.click()
    arrive(worker, assert_accessible, live_server, "/organizations/hiiraan/")
    print_the_sheet_in_arabic(worker, live_server, assert_accessible)

"""The anonymous referral sheet (referrals.views.sheets): for a client who has not agreed
to a referral, the NGO's or one activity's public information in the client's language,
as a print-styled page and as a PDF made by a worker; nothing personal on it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from coact.models import GeneratedFile
from coact.pdf import render_document
from referrals import sheets
from tests.coact.test_pdf import document_text
from tests.factories import UserFactory
from tests.query_budget import MENU_PERMISSIONS, SIGNED_IN
from tests.referrals.helpers import MARKERS, referral_world, send
from tests.referrals.sheet_helpers import ARABIC_TEXT, SOMALI_TEXT, language, sheet_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return sheet_world()


@pytest.fixture
def worker_client(client, world):
    client.force_login(world["worker"])
    return client


def t(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def sheet_url(page: str = "fi", slug: str = "hiiraan-tuki", **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"/{page}/referrals/sheet/{slug}/" + (f"?{query}" if query else "")


def article(html: str) -> str:
    """The sheet itself, without the page around it."""
    return re.search(r'<article class="sheet"[^>]*>.*</article>', html, re.DOTALL).group(0)


def test_the_sheet_says_what_where_when_and_how_to_get_in_touch(worker_client):
    html = worker_client.get(sheet_url("fi")).content.decode()

    sheet = article(html)
    assert "<h1" in sheet
    assert "Hiiraan tuki ry" in sheet
    assert "Tukea perheille omalla kielellä." in sheet
    for heading in ("What it is", "When", "Where and how to get there", "How to get in touch"):
        assert f">{t('fi', heading)}</h2>" in sheet
    assert "tiistai 17.00–20.00" in sheet.lower()  # noqa: RUF001 - a time span
    assert "Tervetuloa ilman ajanvarausta." in sheet
    assert "Asematie 7" in sheet
    assert "01300 Vantaa" in sheet
    assert "Esteetön sisäänkäynti pihan puolelta." in sheet
    assert "openstreetmap.org/?mlat=60.292400&amp;mlon=25.040500" in sheet
    assert 'href="tel:+358401234567"' in sheet
    assert "info@hiiraan.example" in sheet
    assert "https://hiiraan.example/" in sheet
    assert t("fi", "Volunteers can interpret for you.") in sheet
    # The page's tools: a Print button (shown by print.js) and the PDF, not on paper.
    assert "data-print" in html
    assert "js/print.js" in html
    assert 'action="/fi/referrals/sheet/hiiraan-tuki/pdf/"' in html


def test_the_sheet_gives_the_phone_first_or_says_to_come_by(worker_client, world):
    sheet = article(worker_client.get(sheet_url("en")).content.decode())
    contact = sheet[sheet.index('id="sheet-contact"') :]

    assert contact.index("<dt>Phone</dt>") < contact.index("<dt>E-mail</dt>")
    assert contact.index("<dt>E-mail</dt>") < contact.index("<dt>Website</dt>")
    assert "Come to the address above during the times shown." not in contact

    bare = article(worker_client.get(sheet_url("en", slug="toinen")).content.decode())
    bare_contact = bare[bare.index('id="sheet-contact"') :]
    assert "<dt>" not in bare_contact
    assert "Come to the address above during the times shown." in bare_contact


def test_an_activity_sheet_has_its_own_name_times_and_place(worker_client, world):
    html = worker_client.get(sheet_url("en", activity=world["activity"].pk, lang="en")).content
    sheet = article(html.decode())

    assert re.search(r"<h1[^>]*>\s*Homework club", sheet)
    assert "Organised by Hiiraan tuki ry" in sheet
    assert "Help with homework." in sheet
    assert "Every Tuesday" in sheet
    assert "Sign up before you come." in sheet
    assert "Languages: Arabic, Finnish" in sheet


@pytest.mark.parametrize(
    ("lang", "description"),
    [
        ("fi", "Tukea perheille omalla kielellä."),
        ("sv", "Stöd för familjer på det egna språket."),
        ("en", "Support for families in their own language."),
    ],
)
def test_the_sheet_is_in_the_clients_language_and_the_page_in_the_readers(
    worker_client, lang, description
):
    # The worker reads Finnish; the client reads `lang`.
    html = worker_client.get(sheet_url("fi", lang=lang)).content.decode()

    sheet = article(html)
    assert description in sheet
    assert f">{t(lang, 'When')}</h2>" in sheet
    assert t(lang, "Sign up before you come.") not in sheet  # (an activity's, not the NGO's)
    if lang != "fi":
        assert f'<article class="sheet" lang="{lang}">' in html
    # The page's own words (the tools around the sheet) stay in the reader's language.
    tools = html[: html.index('<article class="sheet"')]
    assert t("fi", "Language of the sheet") in tools
    assert t("fi", "Download as PDF") in tools


def test_an_ngo_text_in_the_clients_language_leads_the_sheet_right_to_left(worker_client):
    html = worker_client.get(sheet_url("fi", lang="ar")).content.decode()

    sheet = article(html)
    own = re.search(r'<section class="sheet__own-language"[^>]*>', sheet).group(0)
    assert 'lang="ar"' in own
    assert 'dir="rtl"' in own
    assert ARABIC_TEXT in sheet
    # The rest of the sheet is in the page's language, left to right.
    assert '<article class="sheet">' in html
    assert f">{t('fi', 'When')}</h2>" in sheet
    assert SOMALI_TEXT not in sheet


def test_a_left_to_right_ngo_language_is_marked_as_such(worker_client):
    html = worker_client.get(sheet_url("sv", lang="so")).content.decode()

    assert SOMALI_TEXT in article(html)
    assert re.search(r'class="sheet__own-language"\s+lang="so"\s+dir="ltr"', html)
    assert f">{t('sv', 'When')}</h2>" in article(html)


def test_the_language_picker_lists_fi_sv_en_and_the_ngos_text_languages(worker_client):
    html = worker_client.get(sheet_url("en")).content.decode()

    picker = re.search(r'<nav class="sheet-tools__choice".*?</nav>', html, re.DOTALL).group(0)
    codes = re.findall(r"lang=(\w+)\"", picker)
    assert codes == ["fi", "sv", "en", "ar", "so"]
    assert '<span lang="ar" dir="rtl">العربية</span>' in picker
    assert 'href="?lang=en" aria-current="true"' in picker


def test_a_language_the_ngo_wrote_nothing_in_falls_back_to_the_page(worker_client):
    html = worker_client.get(sheet_url("sv", lang="ru")).content.decode()

    sheet = article(html)
    assert "Stöd för familjer på det egna språket." in sheet
    assert "sheet__own-language" not in sheet


def test_nothing_personal_is_on_the_sheet_or_in_its_pdf(
    worker_client, world, django_capture_on_commit_callbacks
):
    referral_people = referral_world()
    send(referral_people)  # a referral with marker client data exists in the database

    html = worker_client.get(sheet_url("fi", lang="ar")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        worker_client.post(reverse("referral_sheet_pdf", args=["hiiraan-tuki"]), {"lang": "ar"})

    file = GeneratedFile.objects.get()
    with_parameters = str(file.parameters) + file.filename
    document = render_document(file.template, sheets.pdf_context(file.parameters), file.language)
    for text in (article(html), with_parameters, document_text(document)):
        for marker in MARKERS.values():
            assert marker not in text
        assert world["worker"].email not in text
        assert world["worker"].name not in text
    assert file.parameters == {
        "organization": world["organization"].pk,
        "activity": None,
        "client_language": "ar",
    }


@pytest.mark.parametrize(
    "url",
    [
        sheet_url("fi", slug="hakija"),  # waiting for approval: no NGO to send a client to
        sheet_url("fi", slug="no-such-ngo"),
        sheet_url("fi", activity="abc"),
    ],
)
def test_a_pending_or_unknown_ngo_is_not_found(worker_client, url):
    assert worker_client.get(url).status_code == 404


def test_an_activity_of_another_ngo_is_not_found(worker_client, world):
    url = sheet_url("fi", activity=world["other_activity"].pk)

    assert worker_client.get(url).status_code == 404


def test_the_sheet_needs_signing_in_and_nothing_more(client, world):
    response = client.get(sheet_url("fi"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    # Only public data: anyone signed in may print it, a volunteer of another NGO too.
    client.force_login(UserFactory(email="volunteer@example.org"))
    assert client.get(sheet_url("fi")).status_code == 200


def test_the_pdf_is_made_by_a_worker_and_waited_for(
    worker_client, world, django_capture_on_commit_callbacks
):
    activity = world["activity"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = worker_client.post(
            reverse("referral_sheet_pdf", args=["hiiraan-tuki"]),
            {"lang": "ar", "activity": activity.pk},
        )

    file = GeneratedFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("generated_file", args=[file.pk])
    assert file.ready_at is None  # nothing is rendered in the request
    assert len(callbacks) == 1
    assert file.language == "fi"
    assert file.filename == f"hiiraan-tuki-{activity.pk}-ar.pdf"

    callbacks[0]()  # the transaction commits: the task runs (eagerly in tests)

    file.refresh_from_db()
    assert file.ready_at is not None
    assert bytes(file.content).startswith(b"%PDF-")
    download = worker_client.get(reverse("generated_file_download", args=[file.pk]))
    assert (
        download["Content-Disposition"]
        == f'attachment; filename="hiiraan-tuki-{activity.pk}-ar.pdf"'
    )


def test_the_pdf_has_the_sheet_in_arabic_and_the_rest_in_the_page_language(world):
    parameters = sheets.pdf_parameters(
        organization=world["organization"], activity=None, client="ar"
    )

    document = render_document(sheets.PDF_TEMPLATE, sheets.pdf_context(parameters), "sv")

    text = document_text(document)
    assert ARABIC_TEXT in text
    assert "Hiiraan tuki ry" in text
    assert "Stöd för familjer på det egna språket." in text
    assert "Asematie 7" in text
    assert "+358 40 123 4567" in text
    assert document.metadata.lang == "sv"
    assert document.metadata.title == "Hiiraan tuki ry"


def test_the_pdf_needs_a_post(worker_client):
    assert (
        worker_client.get(reverse("referral_sheet_pdf", args=["hiiraan-tuki"])).status_code == 405
    )


@pytest.mark.parametrize("count", [1, 6])
def test_the_sheet_runs_a_fixed_number_of_queries(
    worker_client, world, django_assert_num_queries, count
):
    from organizations.models import Activity, Location, OpeningHours, OrganizationText

    organization = world["organization"]
    for n in range(count - 1):
        Location.objects.create(
            organization=organization, street_address=f"Katu {n}", postal_code="01300",
            municipality="Vantaa",
        )  # fmt: skip
        OpeningHours.objects.create(organization=organization, weekday=n, opens="9:00",
                                    closes="12:00")  # fmt: skip
        Activity.objects.create(organization=organization, name_fi=f"Toiminta {n}")
    for code in ["ru", "uk", "fa", "ckb", "ti"][: count - 1]:
        OrganizationText.objects.create(
            organization=organization, language=language(code), text=code
        )
    worker_client.get(sheet_url("fi"))  # session warm-up

    # Around the page (tests/query_budget.py). The page: the NGO, its locations, opening
    # hours, languages, texts and their languages, and its activities for the chooser: 7,
    # however many of each there are.
    page = SIGNED_IN + MENU_PERMISSIONS + 7
    with django_assert_num_queries(page):
        worker_client.get(sheet_url("fi", lang="ar"))
    # An activity's sheet: the activity (with its place) and its languages on top.
    with django_assert_num_queries(page + 2):
        worker_client.get(sheet_url("fi", activity=world["activity"].pk, lang="ar"))


def test_an_activity_with_times_in_words_only_shows_them(worker_client, world):
    activity = world["activity"]
    activity.recurrence = ""
    activity.schedule_description_fi = "Sovi aika puhelimitse."
    activity.save()

    html = worker_client.get(sheet_url("fi", activity=activity.pk)).content.decode()

    sheet = article(html)
    assert "Sovi aika puhelimitse." in sheet
    assert "Tervetuloa ilman ajanvarausta." not in sheet  # the NGO's hours are not the activity's

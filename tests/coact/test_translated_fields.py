"""A text that is missing in the page's language is shown in the language modeltranslation
falls back to, marked with that language's `lang` and a visible note, everywhere such a
text is shown (coact/templatetags/translated_fields.py); and an NGO's texts in the other
languages it serves are labelled with the language's name, with `lang` and `dir`."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from coact.templatetags.translated_fields import shown_language
from organizations.models import Activity, Language, Location, OrganizationText
from tests.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    OrganizationFactory,
    ServiceUnitFactory,
    WelfareAreaFactory,
)

pytestmark = pytest.mark.django_db

NOTE = {
    # (page language, text language): the note
    ("sv", "fi"): "Den här texten finns bara på finska.",
    ("fi", "sv"): "Tämä teksti on vain ruotsiksi.",
    ("en", "sv"): "This text is only in Swedish.",
    ("en", "fi"): "This text is only in Finnish.",
}


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def marked(html: str, text: str, language: str) -> bool:
    """`text` is in an element whose own lang is `language`."""
    return bool(re.search(rf'<\w+[^>]* lang="{language}"[^>]*>{re.escape(text)}', html))


@pytest.fixture
def ngo():
    organization = OrganizationFactory(
        slug="hiiraan",
        name="Hiiraan ry",
        description_fi="Mielenterveyden tukea somaliksi.",
        description_sv="Stöd för psykisk hälsa på somaliska.",
        referral_instructions_fi="Soita ensin vertaistukijalle.",
        hours_description_sv="Kvällar och veckoslut.",
        accepts_referrals=True,
    )
    Activity.objects.create(
        organization=organization,
        name_fi="Iltapiiri",
        schedule_description_fi="Tiistaisin klo 17-19",
        description_fi="Keskustelua jaksamisesta.",
    )
    Activity.objects.create(
        organization=organization,
        name_fi="Olohuone",
        name_sv="Vardagsrum",
        name_en="Living room",
        description_fi="Avoin kohtaamispaikka.",
        description_sv="En öppen mötesplats.",
        description_en="An open meeting place.",
    )
    return organization


# --- The tag itself ------------------------------------------------------------------------


def test_the_shown_language_is_the_one_modeltranslation_falls_back_to(ngo):
    for language, expected in [("fi", "fi"), ("sv", "fi"), ("en", "fi")]:
        with translation.override(language):
            assert shown_language(ngo, "referral_instructions") == expected
            assert ngo.referral_instructions == getattr(ngo, f"referral_instructions_{expected}")
    with translation.override("en"):
        # The fallback order is fi, sv, en: Swedish when there is no Finnish.
        assert shown_language(ngo, "hours_description") == "sv"
        assert shown_language(ngo, "description") == "fi"
        assert shown_language(ngo, "long_description") is None  # empty in every language
        assert shown_language(ngo, "name") is None  # not a translated field


def test_the_tag_marks_the_fallback_and_escapes_the_text():
    organization = OrganizationFactory(description_fi="Naiset & <lapset>\nkaksi riviä")
    template = Template(
        "{% load translated_fields %}"
        '{% translated organization "description" css_class="intro__lead" linebreaks=True %}'
    )

    with translation.override("sv"):
        html = template.render(Context({"organization": organization}))

    assert html == (
        '<p class="intro__lead" lang="fi">Naiset &amp; &lt;lapset&gt;<br>kaksi riviä</p> '
        '<p class="translation-note" lang="sv">Den här texten finns bara på finska.</p>'
    )
    with translation.override("fi"):
        html = template.render(Context({"organization": organization}))
    assert html == '<p class="intro__lead">Naiset &amp; &lt;lapset&gt;<br>kaksi riviä</p>'


# --- The profile ---------------------------------------------------------------------------


def test_the_referral_paragraph_in_swedish_is_marked_finnish_with_a_note(client, ngo):
    """Seen in Swedish: the Finnish text, no lang, no note."""
    page = main_of(client.get("/sv/organizations/hiiraan/"))

    assert re.search(
        r'<p lang="fi">Soita ensin vertaistukijalle\.</p>\s*'
        r'<p class="translation-note" lang="sv">Den här texten finns bara på finska\.</p>',
        page,
    )


def test_each_profile_text_in_another_language_is_marked(client, ngo):
    finnish = main_of(client.get("/fi/organizations/hiiraan/"))
    english = main_of(client.get("/en/organizations/hiiraan/"))

    # The Swedish hours text on the Finnish page; the Finnish description is Finnish.
    assert marked(finnish, "Kvällar och veckoslut.", "sv")
    assert NOTE["fi", "sv"] in finnish
    assert '<p class="intro__lead">Mielenterveyden tukea somaliksi.</p>' in finnish
    assert "Den här texten" not in finnish
    # On the English page: the description and the referral paragraph fall back to
    # Finnish, the hours to Swedish.
    assert marked(english, "Mielenterveyden tukea somaliksi.", "fi")
    assert marked(english, "Soita ensin vertaistukijalle.", "fi")
    assert marked(english, "Kvällar och veckoslut.", "sv")
    assert NOTE["en", "fi"] in english
    assert NOTE["en", "sv"] in english


def test_an_activity_in_another_language_has_one_note_and_each_text_its_lang(client, ngo):
    page = main_of(client.get("/sv/organizations/hiiraan/"))
    activities = page.split('<li class="result">')[1:]
    [only_finnish] = [html for html in activities if "Iltapiiri" in html]
    [translated] = [html for html in activities if "Vardagsrum" in html]

    assert marked(only_finnish, "Iltapiiri", "fi")
    assert marked(only_finnish, "Tiistaisin klo 17-19", "fi")
    assert marked(only_finnish, "Keskustelua jaksamisesta.", "fi")
    assert only_finnish.count(NOTE["sv", "fi"]) == 1
    assert "Vardagsrum" in translated
    assert 'lang="fi"' not in translated
    assert "translation-note" not in translated


def test_the_texts_in_other_languages_are_labelled_with_lang_and_direction(client, ngo):
    for code, text in [("so", "Ku soo dhawoow."), ("ar", "أهلا وسهلا"), ("prs", "خوش آمدید")]:
        OrganizationText.objects.create(
            organization=ngo, language=Language.objects.get_or_create(code=code)[0], text=text
        )

    english = main_of(client.get("/en/organizations/hiiraan/"))
    swedish = main_of(client.get("/sv/organizations/hiiraan/"))

    assert '<h2 id="other-texts-heading">In other languages</h2>' in english
    assert '<p lang="so" dir="ltr">Ku soo dhawoow.</p>' in english
    assert '<p lang="ar" dir="rtl">أهلا وسهلا</p>' in english
    assert '<p lang="prs" dir="rtl">خوش آمدید</p>' in english
    labels = re.findall(r'<h3 class="other-text__language">\s*(\w[^<·]*?)\s*[·<]', english)
    assert labels == ["Arabic", "Dari", "Somali"]  # in the reader's language, in order
    assert '<span lang="ar" dir="rtl">العربية</span>' in english  # and in its own
    assert re.findall(r'<h3 class="other-text__language">\s*(\w[^<·]*?)\s*[·<]', swedish) == [
        "Arabiska",
        "Dari",
        "Somaliska",
    ]


def test_an_address_is_printed_once(client, ngo):
    Location.objects.create(
        organization=ngo, street_address="Kuuntelijantie 8", postal_code="01200",
        municipality="Vantaa", accessibility="Esteetön sisäänkäynti.",
    )  # fmt: skip
    Location.objects.create(
        organization=ngo, name="Toimisto", street_address="Asematie 3", postal_code="01300",
        municipality="Vantaa",
    )  # fmt: skip

    page = main_of(client.get("/fi/organizations/hiiraan/"))

    assert page.count("Kuuntelijantie 8") == 1
    assert page.count("Asematie 3") == 1
    assert "Toimisto: Asematie 3, 01300 Vantaa" in " ".join(page.split())


def test_opening_hours_use_the_readers_time_format(client, ngo):
    ngo.opening_hours.create(weekday=1, opens="17:00", closes="20:00")

    assert "17.00\u201320.00" in main_of(client.get("/fi/organizations/hiiraan/"))
    assert "17:00\u201320:00" in main_of(client.get("/en/organizations/hiiraan/"))


# --- The directory, networks and units -----------------------------------------------------


def test_a_directory_result_card_marks_its_description(client, ngo):
    from organizations.search import update_search_vectors

    update_search_vectors()
    OrganizationFactory(slug="toinen", name="Toinen ry", description_en="Only in English.")

    page = main_of(client.get("/fi/organizations/"))

    assert "<p>Mielenterveyden tukea somaliksi.</p>" in page
    assert marked(page, "Only in English.", "en")
    assert "Tämä teksti on vain englanniksi." in page


def test_a_networks_name_and_purpose_in_another_language_are_marked(client):
    area = WelfareAreaFactory(code="vantaa-kerava")
    network = NetworkFactory(
        slug="perheet", name_fi="Perheiden verkosto", name_sv="", welfare_area=area,
        purpose_fi="Perhekeskus ja järjestöt tapaavat.",
    )  # fmt: skip
    NetworkMembershipFactory(network=network)

    detail = main_of(client.get("/sv/networks/perheet/"))
    listing = main_of(client.get("/sv/networks/"))

    assert re.search(r'<h1 lang="fi">Perheiden verkosto</h1>', detail)
    assert marked(detail, "Perhekeskus ja järjestöt tapaavat.", "fi")
    assert detail.count(NOTE["sv", "fi"]) == 1  # one note for the name and the purpose
    assert re.search(r'lang="fi">Perheiden verkosto</a>', listing)
    assert NOTE["sv", "fi"] in listing


def test_a_units_name_and_contact_text_in_another_language_are_marked(client):
    ServiceUnitFactory(
        slug="koto-vantaa", name_fi="Vantaan KOTO-tiimi", name_sv="Vanda KOTO-team",
        contact_description_fi="Soita maanantaisin.",
    )  # fmt: skip

    swedish = main_of(client.get("/sv/units/koto-vantaa/"))
    english = main_of(client.get("/en/units/koto-vantaa/"))
    english_list = main_of(client.get("/en/units/"))

    assert "<h1>Vanda KOTO-team</h1>" in swedish
    assert marked(swedish, "Soita maanantaisin.", "fi")
    assert NOTE["sv", "fi"] in swedish
    assert '<h1 lang="fi">Vantaan KOTO-tiimi</h1>' in english
    assert english.count(NOTE["en", "fi"]) == 1
    assert re.search(r'lang="fi">Vantaan KOTO-tiimi</a>', english_list)
    assert NOTE["en", "fi"] in english_list

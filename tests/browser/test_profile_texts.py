"""An NGO's profile in a browser, in Finnish, Swedish and English: texts that exist only in
another language are marked and noted, the texts in the NGO's other languages are
labelled and run in their own direction, and the page passes axe-core."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from organizations.models import Activity, Language, Location, OrganizationText
from tests.factories import OrganizationFactory, WelfareAreaFactory

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")

NOTES = {
    "fi": "Tämä teksti on vain ruotsiksi.",
    "sv": "Den här texten finns bara på finska.",
    "en": "This text is only in Finnish.",
}


@pytest.fixture
def profile():
    area = WelfareAreaFactory(code="vantaa-kerava", name="Vantaan ja Keravan hyvinvointialue")
    organization = OrganizationFactory(
        slug="hiiraan", name="Hiiraan mielenterveystuki ry", welfare_area=area,
        description_fi="Mielenterveyden tukea somaliksi iltaisin.",
        description_sv="Stöd för psykisk hälsa på somaliska kvällar.",
        description_en="Mental health support in Somali in the evenings.",
        referral_instructions_fi="Soita tai lähetä lähete portaalissa.",
        hours_description_sv="Kvällar och veckoslut.",
        accepts_referrals=True, last_confirmed_at=timezone.now() - timedelta(days=3),
    )  # fmt: skip
    organization.opening_hours.create(weekday=1, opens="17:00", closes="20:00")
    Location.objects.create(
        organization=organization, street_address="Kuuntelijantie 8", postal_code="01200",
        municipality="Vantaa",
    )  # fmt: skip
    Activity.objects.create(
        organization=organization, name_fi="Iltapiiri",
        schedule_description_fi="Tiistaisin klo 17-19", description_fi="Keskustelua jaksamisesta.",
    )  # fmt: skip
    for code, text in [("so", "Ku soo dhawoow!"), ("ar", "أهلا وسهلا بكم")]:
        OrganizationText.objects.create(
            organization=organization,
            language=Language.objects.get_or_create(code=code)[0],
            text=text,
        )
    return organization


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_profile_marks_its_languages_and_passes_axe(
    live_server, page, assert_accessible, profile, lang
):
    response = page.goto(f"{live_server.url}/{lang}/organizations/hiiraan/")

    assert response.status == 200
    notes = page.locator(".translation-note")
    assert notes.first.is_visible()
    if lang == "fi":
        assert page.locator('[lang="sv"]', has_text="Kvällar och veckoslut.").is_visible()
        assert NOTES["fi"] in notes.all_inner_texts()
    else:
        referral = page.locator('[lang="fi"]', has_text="Soita tai lähetä lähete portaalissa.")
        assert referral.is_visible()
        assert NOTES[lang] in notes.all_inner_texts()
    arabic = page.locator('p[lang="ar"]')
    assert arabic.get_attribute("dir") == "rtl"
    assert arabic.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert page.get_by_text("Kuuntelijantie 8").count() == 1
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/profile-{lang}.png", full_page=True)
    assert_accessible(page)

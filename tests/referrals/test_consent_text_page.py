"""The printable consent text: in Finnish, Swedish or English, the NGO's own text in a
language it wrote one in beside it (right to left where needed), and no client data."""

import html as html_module
import re

import pytest
from django.utils import translation

from coact.models import AuditEvent
from organizations.models import Language, OrganizationText
from tests.referrals.helpers import MARKERS, send
from tests.referrals.sending_helpers import sending_world, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return sending_world()


def ngo_text(world, code: str, text: str):
    language = Language.objects.get_or_create(code=code)[0]
    return OrganizationText.objects.create(
        organization=world["organization"], language=language, text=text
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_consent_text_is_in_the_chosen_language_and_names_the_ngo(client, world, lang):
    client.force_login(world["worker"])

    html = client.get(
        f"/en/referrals/consent-text/{world['organization'].slug}/", {"lang": lang}
    ).content.decode()

    with translation.override(lang):
        expected = translation.gettext("Consent to pass on my information")
    assert f'<article lang="{lang}"' in html
    assert expected in html
    text = text_of_html(html)
    assert "Hiiraan tuki ry" in text
    assert "KOTO-tiimi" in text  # the unit that asks, and how to withdraw
    assert "703/2023" in text


def text_of_html(html: str) -> str:
    main = html[html.index("<main") : html.index("</main>")]
    return html_module.unescape(" ".join(re.sub(r"<[^>]+>", " ", main).split()))


def test_the_consent_text_offers_the_ngos_own_languages_beside_it(client, world):
    ngo_text(world, "so", "Ku soo dhowow Hiiraan.")
    ngo_text(world, "ar", "أهلا وسهلا")
    client.force_login(world["worker"])
    url = f"/en/referrals/consent-text/{world['organization'].slug}/"

    page = client.get(url).content.decode()
    somali = client.get(url, {"lang": "so"}).content.decode()
    arabic = client.get(url, {"lang": "ar"}).content.decode()

    for code in ("fi", "sv", "en", "so", "ar"):
        assert f'href="?lang={code}"' in page
    assert 'href="?lang=ru"' not in page
    assert "Ku soo dhowow" not in page
    assert '<section lang="so"\n               dir="ltr"' in somali
    assert "Ku soo dhowow Hiiraan." in somali
    assert '<article lang="en"' in somali  # the consent text itself in the page's language
    assert 'dir="rtl"' in arabic
    assert "أهلا وسهلا" in arabic


def test_a_language_the_ngo_did_not_write_falls_back_to_the_page(client, world):
    client.force_login(world["worker"])

    html = client.get(
        f"/sv/referrals/consent-text/{world['organization'].slug}/", {"lang": "ru"}
    ).content.decode()

    assert '<article lang="sv"' in html


def test_the_consent_text_holds_no_client_data(client, world):
    send(world)
    client.force_login(world["worker"])

    text = text_of(client.get(f"/en/referrals/consent-text/{world['organization'].slug}/"))

    for marker in MARKERS.values():
        assert marker not in text
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CLIENT_DATA_VIEWED).exists()

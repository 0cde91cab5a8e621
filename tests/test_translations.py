"""Every user-facing string is translated into Finnish and Swedish, and the catalogues in
locale/ are in step with the source."""

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

from tests.conftest import require_tool

BASE_DIR = Path(__file__).resolve().parents[1]
SOURCE_DIRS = ["coact", "organizations", "referrals", "networks", "reports", "templates"]


def load_catalog(locale_dir: Path, lang: str):
    with (locale_dir / lang / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def msgids(catalog) -> set:
    return {(message.context, message.id) for message in catalog if message.id}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_message_is_translated(lang):
    catalog = load_catalog(BASE_DIR / "locale", lang)

    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.id, tuple) else message.string)
        )
    ]
    assert untranslated == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_placeholders_match_the_source(lang):
    catalog = load_catalog(BASE_DIR / "locale", lang)

    problems = [(message.id, errors) for message, errors in catalog.check() if errors]
    assert problems == []


def test_catalogues_are_in_step_with_the_source(tmp_path, settings, monkeypatch):
    """makemessages over a copy of the source adds and drops nothing: no string was added
    to the code without its translations."""
    require_tool("xgettext", "apt-get install gettext")
    for name in SOURCE_DIRS:
        shutil.copytree(
            BASE_DIR / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copytree(BASE_DIR / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["fi", "sv", "en"], no_obsolete=True, verbosity=0)

    for lang in ("fi", "sv", "en"):
        committed = msgids(load_catalog(BASE_DIR / "locale", lang))
        extracted = msgids(load_catalog(tmp_path / "locale", lang))
        assert extracted - committed == set(), f"{lang}: not in the catalogue (run make messages)"
        assert committed - extracted == set(), f"{lang}: no longer in the source"

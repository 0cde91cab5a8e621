"""Languages are ISO 639 codes (639-1 where one exists, else 639-3), named from CLDR
(Babel) in the reader's language."""

from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError

# CLDR names some languages under a regional variant of another code.
_CLDR_ALIASES = {"prs": "fa_AF"}


def normalize_language_code(code: str) -> str | None:
    """'som' -> 'so', 'so' -> 'so', 'prs' -> 'prs'; None for an unknown code."""
    code = (code or "").strip().lower()
    if len(code) == 2:
        language = pycountry.languages.get(alpha_2=code)
    elif len(code) == 3:
        language = pycountry.languages.get(alpha_3=code)
    else:
        return None
    if language is None:
        return None
    return getattr(language, "alpha_2", None) or language.alpha_3


@cache
def language_name(code: str, ui_language: str) -> str:
    cldr = _CLDR_ALIASES.get(code, code)
    name = Locale.parse(ui_language).languages.get(cldr)
    if name:
        return name[:1].upper() + name[1:]
    language = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
    return language.name if language else code


@cache
def text_direction(code: str) -> str:
    try:
        return Locale.parse(_CLDR_ALIASES.get(code, code)).text_direction
    except (UnknownLocaleError, ValueError):
        return "ltr"

"""Languages are ISO 639 codes (639-1 where one exists, else 639-3), named from CLDR
(Babel) in the reader's language."""

from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError

# CLDR names some languages under a regional variant of another code.
_CLDR_ALIASES = {"prs": "fa_AF"}

# Names that CLDR lacks or gives in a form our readers would not recognise, by (code,
# reader's language); "*" is the language's own name for itself.
_NAMES = {
    ("ckb", "fi"): "Sorani (keskikurdi)",
    ("kmr", "fi"): "Pohjoiskurdi (kurmandži)",
    ("kmr", "sv"): "Nordkurdiska (kurmanji)",
    ("kmr", "*"): "Kurmancî",
    ("prs", "*"): "دری",
}


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
    """The language's name in `ui_language`, capitalised as a label: ("so", "fi") ->
    "Somali", ("so", "sv") -> "Somaliska"."""
    if name := _NAMES.get((code, ui_language)):
        return name
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


@cache
def native_language_name(code: str) -> str | None:
    """The language's name for itself ("Soomaali", "العربية"), or None when CLDR does
    not know it."""
    if name := _NAMES.get((code, "*")):
        return name
    try:
        name = Locale.parse(_CLDR_ALIASES.get(code, code)).languages.get(code)
    except (UnknownLocaleError, ValueError):
        return None
    return name[:1].upper() + name[1:] if name else None

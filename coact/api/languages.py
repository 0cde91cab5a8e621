"""The API's one language negotiation: `?lang=` if given, else Accept-Language, else the
portal's default. An unknown `lang` is a 400 that names the languages there are."""

from functools import wraps
from typing import Annotated, Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import JsonResponse
from django.utils import translation
from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema

from .errors import body

CODES = tuple(code for code, _name in settings.LANGUAGES)
LANG_ERROR = f"must be one of: {', '.join(sorted(CODES))}"

LanguageCode = Literal["fi", "sv", "en"]
if set(LanguageCode.__args__) != set(CODES):
    raise ImproperlyConfigured("coact.api.languages.LanguageCode must list settings.LANGUAGES")


def _blank_is_absent(value):
    return value or None


class Localised(Schema):
    """The query parameter every operation takes; the negotiation below reads it."""

    lang: Annotated[
        LanguageCode | None,
        BeforeValidator(_blank_is_absent),
        WithJsonSchema({"type": "string", "enum": list(CODES)}),
    ] = Field(
        None,
        description=(
            "The language of names and texts in the answer; without it, the "
            "Accept-Language header decides. Another value is a 400."
        ),
    )


def negotiated(run):
    """Wraps an operation (before its parameters are validated): the whole answer, errors
    included, in the negotiated language, which Content-Language names."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        asked = request.GET.get("lang")
        if asked and asked not in CODES:
            response = JsonResponse(body("invalid parameters", {"lang": [LANG_ERROR]}), status=400)
            language = translation.get_language_from_request(request, check_path=False)
        else:
            language = asked or translation.get_language_from_request(request, check_path=False)
            with translation.override(language):
                response = run(request, *args, **kwargs)
        response["Content-Language"] = language
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper

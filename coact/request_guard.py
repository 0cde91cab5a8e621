"""One rule for input that no view should ever see.

PostgreSQL refuses a NUL character in text, and no page of the portal has a use for the
other control characters either, so a request that carries one in its path, query or form
data is answered 400 here, before any view or middleware puts it into a query: a
translated error page, or JSON under /api/. A cookie with one is dropped instead (the
visitor then gets a fresh session rather than a page that never works again).

Whole numbers are the other half. Django's `<int:...>` converter accepts any number of
digits, and a number past PostgreSQL's bigint is an error in an OFFSET or an INSERT, so
an id in the path past that range is a 404 here, and every view that reads a number from
the query (a page) reads it with `whole_number`."""

from __future__ import annotations

import re

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# The largest value of a bigint (and of Django's BigAutoField ids).
BIGINT_MAX = 2**63 - 1

# C0 control characters and DEL. Tabs and line breaks are text in a form's textarea and a
# pasted search; they are never part of a path.
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
_DIGITS = re.compile(r"[0-9]+")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def whole_number(raw: str | None, *, low: int = 1, high: int = BIGINT_MAX) -> int | None:
    """`raw` as a whole number written in ASCII digits within [low, high], else None
    (also for "²", "٣", "1e3", "-1" and a number past the bigint range)."""
    if raw is None:
        return None
    text = raw.strip()
    if not _DIGITS.fullmatch(text) or len(text) > len(str(high)):
        return None
    value = int(text)
    return value if low <= value <= high else None


def local_path(request, value: str | None) -> str | None:
    """`value` (a form's `next`) when it is a path on this site, else None. A bare word
    is refused too: redirect() would take it for a URL name and fail."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return value


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL_IN_TEXT.search(value))


def _bad_query_or_form(request) -> bool:
    for key, values in request.GET.lists():
        if has_control_characters(key) or any(map(has_control_characters, values)):
            return True
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        for key, values in request.POST.lists():
            if has_control_characters(key) or any(map(has_control_characters, values)):
                return True
        for upload in request.FILES.values():
            if has_control_characters(upload.name or ""):
                return True
    return False


def _bad_headers(request) -> bool:
    return any(
        has_control_characters(value)
        for name, value in request.META.items()
        if name.startswith("HTTP_") and name != "HTTP_COOKIE" and isinstance(value, str)
    )


def _drop_bad_cookies(request) -> None:
    for name in [
        name
        for name, value in request.COOKIES.items()
        if has_control_characters(name) or has_control_characters(value)
    ]:
        del request.COOKIES[name]


def refused(request):
    """The 400 answer: JSON for the API, else the portal's error page in the language of
    the address (the locale middleware has not run yet)."""
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        if request.path_info.startswith("/api/"):
            response = JsonResponse(
                {"error": "the request contains a control character (such as NUL)"},
                status=400,
            )
        else:
            response = render(
                request,
                "error_page.html",
                {
                    "heading": _("Bad request"),
                    "message": _(
                        "The address or the form contained characters that the portal does "
                        "not accept. Check what you typed or copied, and try again."
                    ),
                },
                status=400,
            )
    response["Content-Language"] = language
    return response


class RequestGuardMiddleware:
    """Placed before the session middleware, so that nothing reads the database before
    the request has been looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _drop_bad_cookies(request)
        if (
            _CONTROL_IN_PATH.search(request.path_info)
            or _bad_headers(request)
            or _bad_query_or_form(request)
        ):
            return refused(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not 0 <= value <= BIGINT_MAX:
                raise Http404("no such id")
        return None

"""The project's one way to make a PDF: a template and its context, rendered in one
language and laid out by WeasyPrint, in a worker (coact.files), never in a web request.

    pdf = render_to_pdf("referrals/sheet_pdf.html", context, "fi")

WeasyPrint fetches what the document links to (stylesheets, images, fonts) through a URL
fetcher. Ours, StaticFilesOnly, serves the project's own static files and nothing else:
it reads them from the disk itself and never opens a connection, so a `file://` path,
an http(s) address (the network, the cloud's metadata service, a port on this machine),
a redirect and a `data:` URL are all refused. WeasyPrint needs none of these itself: its
own stylesheets are built in, and our templates link only to `{% static %}` files. A
refused resource is left out of the document and logged by WeasyPrint, as a browser
leaves out a blocked image.

The documents are tagged for accessibility (PDF/UA-1): the `<html lang>` becomes the
document's language and `<title>` its title, so every template for a PDF has both.
"""

from __future__ import annotations

import mimetypes
import posixpath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The address the documents are rendered at: a name that never resolves (RFC 2606), so
# that `/static/...` links have an absolute form for the fetcher to check. Nothing is
# ever fetched from it.
DOCUMENT_BASE_URL = "https://coact-portal.invalid/"
PDF_VARIANT = "pdf/ua-1"


class RefusedURL(ValueError):
    """The document linked to something other than one of the project's static files."""


def render_to_pdf(template: str, context: dict, language: str) -> bytes:
    """The template rendered in `language` as a tagged PDF (PDF/UA-1)."""
    return render_document(template, context, language).write_pdf(pdf_variant=PDF_VARIANT)


def render_document(template: str, context: dict, language: str):
    """The laid-out document (weasyprint.Document), before it is written as a PDF: its
    pages and their boxes, for a test to read the text."""
    with translation.override(language):
        html = render_to_string(template, context)
        document = HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=StaticFilesOnly())
        return document.render(pdf_variant=PDF_VARIANT)


class StaticFilesOnly(URLFetcher):
    """WeasyPrint's URL fetcher, serving only files under STATIC_URL of the document's
    own address, found by the static files finders or in STATIC_ROOT. Everything else is
    refused before anything is opened: WeasyPrint's own fetching (URLFetcher.fetch,
    urllib with its file, http, ftp and data handlers and redirects) is never called."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.static_prefix = urljoin(DOCUMENT_BASE_URL, settings.STATIC_URL)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        name = self.static_name(url)
        path = static_file_path(name)
        if path is None:
            raise RefusedURL(f"no such static file: {name}")
        with open(path, "rb") as file:
            body = file.read()
        mime_type, _encoding = mimetypes.guess_type(name)
        content_type = mime_type or "application/octet-stream"
        if content_type.startswith("text/"):
            content_type += "; charset=utf-8"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})

    def open(self, url, data=None, timeout=None):
        # OpenerDirector's entry point, in case anything calls it instead of fetch().
        target = url.full_url if hasattr(url, "full_url") else url
        return self.fetch(target)

    def static_name(self, url: str) -> str:
        """'https://coact-portal.invalid/static/css/sheet.css' -> 'css/sheet.css'; a
        RefusedURL for anything that is not a plain path under STATIC_URL."""
        if not url.startswith(self.static_prefix):
            raise RefusedURL(f"not one of the portal's static files: {url[:100]}")
        parts = urlsplit(url)
        name = unquote(parts.path[len(urlsplit(self.static_prefix).path) :])
        segments = name.split("/")
        if (
            not name
            or name.startswith("/")
            or "\\" in name
            or "\x00" in name
            or any(segment in ("", ".", "..") for segment in segments)
            or posixpath.normpath(name) != name
        ):
            raise RefusedURL(f"not a static file's name: {url[:100]}")
        return name


def static_file_path(name: str) -> str | None:
    """Where the static file `name` is on the disk: found by the static files finders
    (the source folders), else in STATIC_ROOT, where collectstatic left the hashed names
    (css/sheet.1a2b3c.css) that `{% static %}` gives in production."""
    found = finders.find(name)
    if isinstance(found, str):
        return found
    if settings.STATIC_ROOT:
        try:
            if staticfiles_storage.exists(name):
                return staticfiles_storage.path(name)
        except NotImplementedError:  # a storage that is not on this disk
            pass
    return None

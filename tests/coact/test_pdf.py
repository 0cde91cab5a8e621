"""The project's one PDF path (coact.pdf): a template rendered in one language, laid out by
WeasyPrint as a tagged PDF, with a URL fetcher that serves the project's static files and
nothing else: no file:// path, no address on the network (nor this machine), no data:
URL, no redirect.

The text of a PDF is read from WeasyPrint's laid-out document (the boxes of its pages,
before write_pdf), as pypdf is not installed; the PDF's own metadata from its bytes,
with its compressed streams opened by zlib."""

from __future__ import annotations

import re
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.test import override_settings
from weasyprint.formatting_structure.boxes import TextBox
from weasyprint.urls import URLFetcher, fetch

from coact import pdf
from coact.pdf import RefusedURL, StaticFilesOnly, render_document, render_to_pdf

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"

DOCUMENT = """{% load i18n static %}<!DOCTYPE html>
{% get_current_language as LANGUAGE_CODE %}
<html lang="{{ LANGUAGE_CODE }}">
  <head>
    <meta charset="utf-8">
    <title>{{ title }}</title>
    <link rel="stylesheet" href="{% static 'css/sheet.css' %}">
    {% for url in links %}<link rel="stylesheet" href="{{ url }}">{% endfor %}
  </head>
  <body class="sheet-document">
    <h1>{{ title }}</h1>
    <p>{% translate "Opening hours" %}</p>
    <p lang="ar" dir="rtl">{{ arabic }}</p>
    {% for url in images %}<img src="{{ url }}" alt="">{% endfor %}
  </body>
</html>"""

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "loaders": [("django.template.loaders.locmem.Loader", {"test_pdf.html": DOCUMENT})],
        },
    }
]
ARABIC = "مرحبا بكم في الجمعية"


def context(**extra) -> dict:
    return {"title": "Hiiraan tuki ry", "arabic": ARABIC, "links": [], "images": [], **extra}


def document_text(document) -> str:
    return " ".join(
        box.text
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    )


def pdf_streams(content: bytes) -> bytes:
    """The PDF with its compressed streams opened, to look for its catalog and metadata."""
    opened = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.DOTALL):
        try:
            opened.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(opened)


@pytest.fixture
def spy(monkeypatch):
    """Every URL WeasyPrint asks our fetcher for, and what the fetcher did with it."""
    asked = []
    fetch_static = StaticFilesOnly.fetch

    def recording(self, url, headers=None):
        try:
            response = fetch_static(self, url, headers)
        except RefusedURL:
            asked.append((url, "refused"))
            raise
        asked.append((url, "served"))
        return response

    monkeypatch.setattr(StaticFilesOnly, "fetch", recording)
    return asked


@pytest.fixture
def weasyprint_fetching_forbidden(monkeypatch):
    """WeasyPrint's own fetching (urllib, with its file, http, data and redirect
    handlers) fails the test if anything reaches it."""
    called = []

    def forbidden(self, url, *args, **kwargs):
        called.append(url)
        raise AssertionError(f"WeasyPrint's own fetcher was called for {url}")

    monkeypatch.setattr(URLFetcher, "fetch", forbidden)
    return called


class CountingServer:
    """An HTTP server on loopback that counts its requests and answers each with a
    redirect to one of the portal's static files, as a hostile link could."""

    def __init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                self.send_response(302)
                self.send_header("Location", "/static/css/sheet.css")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.requests: list[str] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> CountingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@override_settings(TEMPLATES=TEMPLATES)
def test_render_to_pdf_makes_a_tagged_pdf_in_the_language_with_its_title():
    content = render_to_pdf("test_pdf.html", context(), "sv")

    assert content.startswith(b"%PDF-")
    opened = pdf_streams(content)
    assert b"/Lang (sv)" in opened
    assert b"Hiiraan tuki ry" in opened  # the title, in the document's metadata
    assert b"pdfuaid:part" in opened  # PDF/UA-1, with the structure tree it needs
    assert b"/StructTreeRoot" in opened
    # The Arabic letters have a font that has them (DejaVu Sans), embedded.
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVu-Sans\b", opened)


@override_settings(TEMPLATES=TEMPLATES)
@pytest.mark.parametrize(("language", "words"), [("fi", "Aukioloajat"), ("sv", "Öppettider")])
def test_the_document_is_rendered_in_the_language_asked_for(language, words):
    document = render_document("test_pdf.html", context(), language)

    text = document_text(document)
    assert words in text
    assert "Hiiraan tuki ry" in text
    assert ARABIC in text
    assert document.metadata.lang == language
    assert document.metadata.title == "Hiiraan tuki ry"


def test_the_fetcher_serves_a_static_css_file():
    with fetch(StaticFilesOnly(), f"{pdf.DOCUMENT_BASE_URL}static/css/sheet.css") as response:
        body = response.read()

    assert body == (STATIC_DIR / "css" / "sheet.css").read_bytes()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://127.0.0.1/static/css/sheet.css",
        "http://169.254.169.254/latest/meta-data/",
        "data:text/css,body{color:red}",
        # The document's own address, but not a static file, or a way out of them.
        f"{pdf.DOCUMENT_BASE_URL}media/logos/x.png",
        f"{pdf.DOCUMENT_BASE_URL}static/../coact/settings/base.py",
        f"{pdf.DOCUMENT_BASE_URL}static/%2e%2e/coact/settings/base.py",
        f"{pdf.DOCUMENT_BASE_URL}static//etc/passwd",
        f"{pdf.DOCUMENT_BASE_URL}static/css/no-such-file.css",
        "https://coact-portal.invalid.example.com/static/css/sheet.css",
    ],
)
def test_the_fetcher_refuses_everything_else(url, weasyprint_fetching_forbidden):
    with pytest.raises(RefusedURL):
        StaticFilesOnly().fetch(url)

    assert weasyprint_fetching_forbidden == []


def test_the_fetcher_never_opens_a_connection_nor_follows_a_redirect():
    with CountingServer() as server:
        with pytest.raises(RefusedURL):
            StaticFilesOnly().fetch(f"{server.url}/redirect")

        assert server.requests == []


@override_settings(TEMPLATES=TEMPLATES)
def test_a_document_that_links_elsewhere_is_made_without_what_was_refused(
    spy, weasyprint_fetching_forbidden
):
    with CountingServer() as server:
        links = [f"{server.url}/style.css", "file:///etc/passwd"]
        images = [f"{server.url}/redirect", "file:///etc/hostname", "data:image/png;base64,iVBO"]

        content = render_to_pdf("test_pdf.html", context(links=links, images=images), "fi")

        assert server.requests == []
    assert content.startswith(b"%PDF-")
    assert (f"{pdf.DOCUMENT_BASE_URL}static/css/sheet.css", "served") in spy
    refused = {url for url, outcome in spy if outcome == "refused"}
    assert refused == {*links, *images}
    assert weasyprint_fetching_forbidden == []


def test_in_production_the_hashed_names_are_read_from_static_root(tmp_path, settings, spy):
    """With the manifest storage of production, {% static %} gives hashed names that only
    collectstatic's folder has."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = staticfiles_storage.url("css/sheet.css")
    assert hashed != "/static/css/sheet.css"

    with override_settings(TEMPLATES=TEMPLATES):
        render_document("test_pdf.html", context(), "fi")

    assert (f"{pdf.DOCUMENT_BASE_URL}{hashed.lstrip('/')}", "served") in spy

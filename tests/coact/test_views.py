import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db

HOME_HEADINGS = {"fi": "Co-Act-portaali", "sv": "Co-Act-portalen", "en": "Co-Act Portal"}
LEADS = {
    "fi": "tasavertaisina kumppaneina",
    "sv": "jämlika partner",
    "en": "equal partners",
}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_home_page_speaks_each_language(client, lang):
    response = client.get(f"/{lang}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert f'<h1 id="intro-heading">{HOME_HEADINGS[lang]}</h1>' in html
    assert LEADS[lang] in html


def test_root_redirects_to_the_browsers_language(client):
    response = client.get("/", headers={"accept-language": "sv-FI,sv;q=0.9"})

    assert response.status_code == 302
    assert response["Location"] == "/sv/"


def test_root_defaults_to_finnish(client):
    response = client.get("/", headers={"accept-language": "de"})

    assert response["Location"] == "/fi/"


def test_language_switcher_links_to_the_same_page_in_each_language(client):
    response = client.get("/sv/?utm=x")
    links = {link["code"]: link for link in response.context["language_links"]}

    assert links["fi"]["url"] == "/fi/?utm=x"
    assert links["en"]["url"] == "/en/?utm=x"
    assert links["sv"]["is_current"]
    html = response.content.decode()
    assert 'href="/en/?utm=x" lang="en" hreflang="en">English</a>' in html
    assert 'lang="fi" hreflang="fi">Suomi</a>' in html


def test_skip_link_and_main_landmark(client):
    html = client.get("/en/").content.decode()

    assert '<a class="skip-link" href="#main">Skip to content</a>' in html
    assert '<main id="main"' in html


def test_static_files_are_served(client):
    # whitenoise serves the vendored HDS CSS in every environment, not only DEBUG.
    response = client.get("/static/vendor/hds-core/base.min.css")

    assert response.status_code == 200
    assert b"--color-" in b"".join(response.streaming_content)


def test_healthz_answers_without_touching_dependencies(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_ready_when_database_and_broker_answer(client, monkeypatch):
    monkeypatch.setattr("coact.health.broker_is_reachable", lambda **_: True)

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_readyz_is_503_when_the_broker_is_unreachable(client, settings):
    from coact.celery import app

    # Nothing listens on port 1: a real connection attempt is refused.
    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = original

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "unavailable"}


def test_readyz_is_503_when_the_database_fails(client, monkeypatch):
    monkeypatch.setattr("coact.health.broker_is_reachable", lambda **_: True)

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", broken_cursor)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte"), ("en", "Page not found")],
)
def test_not_found_page_is_translated(client, lang, heading):
    response = client.get(f"/{lang}/no-such-page/")

    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("sv"):
        html = render_to_string("500.html")

    assert '<html lang="sv">' in html
    assert "Något gick fel" in html


def test_permission_denied_page_is_translated(rf):
    from django.core.exceptions import PermissionDenied
    from django.utils import translation

    from coact.views import permission_denied

    request = rf.get("/fi/")
    with translation.override("fi"):
        response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "<h1>Ei käyttöoikeutta</h1>" in response.content.decode()

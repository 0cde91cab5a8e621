"""The portal's one JSON API (/api/v1/), built with django-ninja.

The OpenAPI document (/api/v1/openapi.json) is generated from the same type-annotated
schemas that validate the query parameters and serialise the responses, so it cannot
drift from the code. This package holds what every endpoint shares: the NinjaAPI
instance, the error format (errors.py), the language negotiation (languages.py), the
one pagination (pagination.py) and a registry. `coact` knows no domain app: each app
defines a ninja Router in its own `api` module and adds it with `register` from its
AppConfig.ready(), before the URLconf (coact/urls.py mounts `urls()`) is loaded."""

from django.db import transaction
from ninja import NinjaAPI, Router

from . import errors, languages

api = NinjaAPI(
    title="Co-Act Portal API",
    version="1",
    description=(
        "The public NGO directory, the welfare areas' service units and the upcoming "
        "public meetings. Every answer is in the language asked for with `lang`, else "
        "in the one of the Accept-Language header. A parameter that is refused is a 400 "
        "naming it and why; lists come 50 a page."
    ),
    urls_namespace="api",
    docs_url=None,  # the document is the documentation; no Swagger page to keep safe
)
errors.install(api)
api.add_decorator(languages.negotiated, mode="view")

_registered: set[str] = set()


def register(router: Router, *, name: str) -> None:
    """Add a domain app's router (once: ready() may run again in tests)."""
    if name in _registered:
        return
    _registered.add(name)
    api.add_router("", router, tags=[name])


def urls():
    """The URL patterns to mount (coact/urls.py). The API only reads, so its views run
    outside ATOMIC_REQUESTS' transaction: no savepoint round trips on every answer."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        transaction.non_atomic_requests(pattern.callback)
    return patterns, app_name, namespace


__all__ = ["api", "register", "urls"]

from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health
from .audit import Action, audit_record


@require_GET
def home(request):
    return render(request, "coact/home.html")


@never_cache
@require_GET
@transaction.non_atomic_requests
def healthz(request):
    """The process is alive: no dependencies are touched."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
@transaction.non_atomic_requests
def readyz(request):
    """Ready to serve: the database and the broker both answer."""
    checks = {
        "database": health.database_is_reachable(),
        "broker": health.broker_is_reachable(),
    }
    ready = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "unavailable",
            "checks": {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        },
        status=200 if ready else 503,
    )


def _error_page(request, *, status: int, heading: str, message: str):
    context = {"heading": heading, "message": message}
    return render(request, "error_page.html", context, status=status)


def bad_request(request, exception):
    return _error_page(
        request,
        status=400,
        heading=_("Bad request"),
        message=_("The portal could not understand the request. Go back and try again."),
    )


def permission_denied(request, exception):
    # Every refusal is written to the audit log, whichever view raised it.
    audit_record(
        action=Action.PERMISSION_DENIED,
        details={"path": request.path, "method": request.method},
        request=request,
    )
    return _error_page(
        request,
        status=403,
        heading=_("No access"),
        message=_(
            "You do not have permission to see this page. If you think you should, contact "
            "your organisation's administrator or the area's coordinator."
        ),
    )


def page_not_found(request, exception):
    return _error_page(
        request,
        status=404,
        heading=_("Page not found"),
        message=_(
            "The page you were looking for is not here. It may have moved, or the address "
            "may be mistyped."
        ),
    )


def too_many_requests(request, exception=None):
    """allauth's rate limits answer with this page (it looks up handler429)."""
    return _error_page(
        request,
        status=429,
        heading=_("Too many attempts"),
        message=_("Please wait a few minutes and try again."),
    )

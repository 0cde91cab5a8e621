from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


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

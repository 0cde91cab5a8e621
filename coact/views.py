from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health
from .audit import Action, audit_record
from .models import GeneratedFile


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


# --- Files made in a worker (coact.files) ------------------------------------------------


def _own_file(request, pk, *, with_content: bool = False) -> GeneratedFile:
    """Only the person who asked for a file ever sees it: anyone else's id is a 404."""
    files = GeneratedFile.objects.filter(requested_by=request.user)
    if not with_content:
        files = files.defer("content")
    return get_object_or_404(files, pk=pk)


@login_required
@require_GET
def generated_file(request, pk):
    """The page that says "Preparing the PDF…" until the file is ready, then offers it."""
    return render(request, "coact/files/file.html", {"file": _own_file(request, pk)})


@login_required
@require_GET
def generated_file_status(request, pk):
    """The part of the page above that htmx fetches every second while it is pending."""
    return render(request, "coact/files/status.html", {"file": _own_file(request, pk)})


@login_required
@require_GET
def generated_file_download(request, pk):
    file = _own_file(request, pk, with_content=True)
    if file.ready_at is None:
        return redirect("generated_file", pk=file.pk)
    response = HttpResponse(bytes(file.content), content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    response["Cache-Control"] = "no-store"
    return response

"""Pages about the signed-in person: where they land, their profile, which membership they
act in, and (for coordinators and admins) the audit log."""

import csv
from datetime import UTC

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coact import my_work
from coact.audit import Action, audit_record
from coact.filters import AuditEventFilter
from coact.forms import ProfileForm
from coact.permissions import require
from coact.services import user_profile_update

from ..access import memberships_of
from ..models import Membership
from ..selectors.audit import audit_events_visible_to

ACTIVE_MEMBERSHIP = "active_membership"


def active_membership(request) -> Membership | None:
    memberships = memberships_of(request.user)
    chosen = request.session.get(ACTIVE_MEMBERSHIP)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


@login_required
def landing(request):
    """Where a person arrives after signing in: "My work", the panels the apps give the
    role they act in (coact.my_work)."""
    membership = active_membership(request)
    return render(
        request,
        "coact/my_work.html",
        {"membership": membership, "panels": my_work.panels_for(request, membership)},
    )


@login_required
@require_POST
def switch_membership(request):
    try:
        pk = int(request.POST.get("membership", ""))
    except ValueError:
        pk = None
    membership = next((m for m in memberships_of(request.user) if m.pk == pk), None)
    if membership is None:
        messages.error(request, _("Choose one of your own memberships."))
        return redirect("profile")
    request.session[ACTIVE_MEMBERSHIP] = membership.pk
    messages.success(
        request, _("You are now acting as: %(membership)s") % {"membership": membership}
    )
    return redirect("landing")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_profile_update(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("profile")
    return render(
        request,
        "coact/profile.html",
        {"form": form, "memberships": memberships_of(request.user)},
    )


@login_required
def audit_log(request):
    require(request.user, "coact.view_audit_log")
    events = AuditEventFilter(request.GET or None, queryset=audit_events_visible_to(request.user))
    page = Paginator(events.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "coact/audit_log.html",
        {"filter": events, "page": page, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value):
        return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Spreadsheets run cells that start like a formula; prefix them (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


@login_required
def audit_log_export(request):
    require(request.user, "coact.view_audit_log")
    events = AuditEventFilter(request.GET or None, queryset=audit_events_visible_to(request.user))
    audit_record(action=Action.AUDIT_EXPORTED, details={"filters": request.GET.dict()})
    header = [
        "occurred_at_utc", "actor_email", "action", "object_type", "object_id",
        "object", "welfare_area", "ip_address", "request_id",
    ]  # fmt: skip
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(header)
        for event in events.qs.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    _cell(value)
                    for value in (
                        event.occurred_at.astimezone(UTC).isoformat(),
                        event.actor_email,
                        event.action,
                        event.object_type,
                        event.object_id,
                        event.object_repr,
                        event.welfare_area_code,
                        event.ip_address,
                        event.request_id,
                    )
                ]
            )

    filename = f"audit-log-{timezone.now():%Y%m%d-%H%M}.csv"
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""Pages that work without signing in (the reply link), calendar files and feeds, and the
meetings API. The network and meeting pages are in `networks` and `meetings` beside it."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from coact.permissions import require
from coact.request_guard import whole_number
from organizations.api import api_view

from .. import calendar, selectors, services
from ..forms import ReplyForm
from ..models import CalendarFeed, Invitation, Meeting, Network

FEED_PAST_DAYS = 60
API_PAGE_SIZE = 50


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _invitation_or_error(request, token: str):
    """(the invitation the reply link is signed for, None), or (None, the error page):
    410 for a link whose meeting is over, 404 for one that was tampered with."""
    try:
        return selectors.invitation_for_token(token), None
    except selectors.ReplyLinkExpired:
        error = render(request, "networks/reply_invalid.html", {"expired": True}, status=410)
    except selectors.ReplyLinkInvalid:
        error = render(request, "networks/reply_invalid.html", {"expired": False}, status=404)
    return None, error


@never_cache
def meeting_reply(request, token: str):
    """The reply link from an invitation: yes, no or maybe, with a note; no sign-in. The
    link opens a form and changes nothing until it is sent, so a mail scanner that
    follows links cannot answer for anyone."""
    invitation, error = _invitation_or_error(request, token)
    if error:
        return error
    meeting = invitation.meeting
    initial = {
        "response": invitation.response or request.GET.get("answer", ""),
        "note": invitation.note,
    }
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if meeting.is_cancelled:
            return render(request, "networks/reply_invalid.html", {"cancelled": True}, status=410)
        services.invitation_reply(
            invitation=invitation,
            response=form.cleaned_data["response"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Thank you. Your reply was saved; you can change it here."))
        return redirect("meeting_reply", token=token)
    return render(
        request,
        "networks/reply.html",
        {"invitation": invitation, "meeting": meeting, "form": form, "token": token},
    )


@never_cache
@require_GET
def meeting_reply_ics(request, token: str):
    """The meeting's calendar file from the reply link, for an invitee who is not signed
    in: the same signed token and the same expiry as the reply page (a tampered token is
    404, a meeting that is over 410), with the invitee as the only attendee."""
    invitation, error = _invitation_or_error(request, token)
    if error:
        return error
    meeting = invitation.meeting
    # never_cache: the file names the invitee, so no cache keeps it.
    return _ics_response(
        calendar.calendar([meeting], invitation=invitation), f"meeting-{meeting.pk}.ics"
    )


@require_GET
def meeting_ics(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    require(request.user, "networks.view_meeting", meeting)
    invitation = None
    if request.user.is_authenticated:
        invitation = meeting.invitations.filter(user=request.user).first()
    return _ics_response(
        calendar.calendar([meeting], invitation=invitation), f"meeting-{meeting.pk}.ics"
    )


def _feed_meetings(queryset):
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return queryset.filter(start__gte=since).select_related("organiser").order_by("start")


@require_GET
def personal_feed(request, token: str):
    """A person's subscription: every meeting they are invited to, by a secret address
    that calendar apps can fetch without signing in."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    user = feed.user
    meetings = _feed_meetings(
        Meeting.objects.filter(pk__in=Invitation.objects.of(user).values("meeting_id"))
    )
    body = calendar.calendar(meetings.distinct(), name=_("Co-Act meetings"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def network_feed(request, slug: str):
    """The public meetings of a network, for anyone to subscribe to."""
    network = get_object_or_404(Network, slug=slug)
    meetings = _feed_meetings(network.meetings.filter(public=True))
    body = calendar.calendar(meetings, name=network.name)
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def calendar_subscription(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("create", "reset"):
            if feed is None:
                services.calendar_feed_create(user=request.user)
            else:
                # Also a "create" from a stale page: the person asked for a fresh address.
                services.calendar_feed_reset(user=request.user)
            messages.success(
                request,
                _("Your new calendar address is ready. Any earlier address no longer works.")
                if feed
                else _("Your calendar address is ready."),
            )
        elif action == "revoke" and services.calendar_feed_revoke(user=request.user):
            messages.success(request, _("Your calendar address was turned off."))
        return redirect("calendar_subscription")
    feed_url = (
        request.build_absolute_uri(reverse("personal_feed", args=[feed.token])) if feed else None
    )
    return render(request, "networks/calendar_subscription.html", {"feed_url": feed_url})


@api_view
def api_meetings(request):
    """Upcoming public meetings, 50 a page; `network` (a slug) narrows them to one
    network. An unknown network or a page that is not a whole number from 1 up is a 400
    naming the parameter; a page past the last is a 404."""
    now = timezone.now()
    meetings = (
        Meeting.objects.filter(public=True, start__gte=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("network")
        .prefetch_related("languages")
        .order_by("start", "pk")
    )
    errors = {}
    network = request.GET.get("network", "").strip()
    if network:
        if Network.objects.filter(slug=network).exists():
            meetings = meetings.filter(network__slug=network)
        else:
            errors["network"] = [f"no network with the slug {network!r}"]
    page_number = whole_number(request.GET.get("page", "1"))
    if page_number is None:
        errors["page"] = ["must be a whole number from 1 up"]
    if errors:
        return JsonResponse({"error": "invalid parameters", "fields": errors}, status=400)
    paginator = Paginator(meetings, API_PAGE_SIZE)
    if page_number > max(paginator.num_pages, 1):
        return JsonResponse({"error": "no such page"}, status=404)
    page = paginator.page(page_number)
    results = [
        {
            "id": meeting.pk,
            "title": meeting.title,
            "kind": meeting.kind,
            "start": meeting.local_start.isoformat(),
            "end": meeting.local_end.isoformat(),
            "status": meeting.status,
            "format": meeting.format,
            "network": meeting.network.slug if meeting.network else None,
            "language": [language.code for language in meeting.languages.all()],
            "outside_office_hours": meeting.outside_office_hours,
            "url": request.build_absolute_uri(reverse("meeting_detail", args=[meeting.pk])),
            "ics_url": request.build_absolute_uri(reverse("meeting_ics", args=[meeting.pk])),
        }
        for meeting in page
    ]

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": paginator.count,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": results,
        }
    )

"""Pages that work without signing in (the reply link), calendar files and feeds, and the
meetings API. The network and meeting pages are in `networks` and `meetings` beside it."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from coact.permissions import require

from .. import calendar, selectors, services
from ..forms import ReplyForm
from ..models import CalendarFeed, Invitation, Meeting, Network

FEED_PAST_DAYS = 60


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

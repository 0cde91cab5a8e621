"""Meeting pages: a person's meetings and replies, scheduling a meeting or a series,
changing and cancelling one, attendance and minutes afterwards, and the coordinators'
planner of the Co-Act rhythm. Thin views over networks.services and the selectors."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coact.permissions import require

from .. import outbox, selectors, services
from ..forms import ReplyForm
from ..forms.meetings import (
    AfterMeetingForm,
    CancelMeetingForm,
    MeetingEditForm,
    ReplyButtonsForm,
    ScheduleForm,
    SeriesEditForm,
    offset_label,
)
from ..models import (
    MEETING_TIME_ZONE,
    RHYTHM_MONTHS,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingSeries,
    Network,
)

SCHEDULE = "networks.schedule_meetings"
MANAGE_MEETING = "networks.manage_meeting"
VIEW = "networks.view_meeting"
AFTER = "networks.record_after_meeting"


def _visible_meetings(user):
    return Meeting.objects.visible_to(user).select_related(
        "network", "welfare_area", "host_unit", "host_organization", "series", "organiser"
    )


def _meeting(request, pk: int, perm: str) -> Meeting:
    """The meeting if the person may see it (else 404) and do `perm` to it (else 403)."""
    meeting = get_object_or_404(_visible_meetings(request.user), pk=pk)
    require(request.user, perm, meeting)
    return meeting


def _series(request, pk: int) -> MeetingSeries:
    """The series if the person sees one of its meetings or manages it (else 404), and
    manages it (else 403)."""
    series = get_object_or_404(
        MeetingSeries.objects.visible_to(request.user).select_related(
            "network", "welfare_area", "host_unit", "host_organization", "organiser"
        ),
        pk=pk,
    )
    require(request.user, MANAGE_MEETING, series)
    return series


def _reply_saved_message(request, invitation: Invitation) -> None:
    messages.success(
        request,
        _("Your reply to %(title)s was saved: %(reply)s.")
        % {"title": invitation.meeting.title, "reply": invitation.get_response_display()},
    )


# --- A person's meetings ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_meetings(request):
    """The meetings the person is invited to, with a reply on each row, and the ones they
    organise. A POST is an inline reply to one of their own invitations."""
    if request.method == "POST":
        form = ReplyButtonsForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose yes, no or maybe."))
            return redirect("my_meetings")
        invitation = get_object_or_404(
            Invitation.objects.of(request.user).select_related("meeting"),
            pk=form.cleaned_data["invitation"],
        )
        if invitation.meeting.is_past or invitation.meeting.is_cancelled:
            messages.error(
                request, _("This meeting is over or cancelled; the reply was not changed.")
            )
            return redirect("my_meetings")
        services.invitation_reply(
            invitation=invitation, response=form.cleaned_data["response"], note=invitation.note
        )
        _reply_saved_message(request, invitation)
        return redirect("my_meetings")
    user = request.user
    can_schedule = user.has_perm(SCHEDULE)
    context = {
        "invitations": selectors.my_invitations(user),
        "organised": selectors.organised_meetings(user),
        "waiting_for_minutes": selectors.waiting_for_minutes(user),
        "series_list": selectors.organised_series(user),
        "can_schedule": can_schedule,
        "limit": selectors.LIST_LIMIT,
        "responses": [c for c in Invitation.Response.choices if c[0]],
    }
    return render(request, "networks/my_meetings.html", context)


# --- Scheduling ---------------------------------------------------------------------------


def _initial_from_query(request) -> dict:
    initial = {}
    slug = request.GET.get("network")
    if slug:
        network = Network.objects.managed_by(request.user).filter(slug=slug).first()
        if network is not None:
            initial.update(
                network=network.pk,
                welfare_area=network.welfare_area_id,
                kind=MeetingKind.NETWORK_MEETING,
                title=network.name,
            )
    kind = request.GET.get("kind")
    if kind in MeetingKind.values:
        initial["kind"] = kind
    host = request.GET.get("host", "")
    if host.partition(":")[0] in ("unit", "ngo"):
        initial["host"] = host
    initial["guest_language"] = request.LANGUAGE_CODE
    initial["date"] = selectors.default_meeting_date()
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    require(request.user, SCHEDULE)
    form = ScheduleForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial=_initial_from_query(request),
    )
    if request.method == "POST" and form.is_valid():
        languages = form.cleaned_data["languages"]
        guests = form.build_guests()
        if form.repeats:
            series = services.series_schedule(
                series=form.build_series(), by=request.user, languages=languages, guests=guests
            )
            messages.success(
                request,
                _(
                    "The series is scheduled. Invitations to the meetings of the next "
                    "%(days)s days are on their way; each later meeting's invitations go out "
                    "%(days)s days before it."
                )
                % {"days": series.invite_days_before},
            )
            return redirect("series_detail", series.pk)
        meeting = services.meeting_schedule(
            meeting=form.build_meeting(), by=request.user, languages=languages, guests=guests
        )
        messages.success(
            request, _("The meeting is scheduled and the invitations are on their way.")
        )
        return redirect("meeting_detail", meeting.pk)
    return render(request, "networks/meeting_new.html", {"form": form})


# --- One meeting ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meeting_detail(request, pk: int):
    """The meeting for anyone who may see it; the person's own reply; for the organiser
    and coordinators, every invitation with its reply. A POST is the person's reply."""
    visible = _visible_meetings(request.user)
    meeting = visible.filter(pk=pk).first()
    if meeting is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    require(request.user, VIEW, meeting)
    user = request.user
    invitation = selectors.invitation_of(user, meeting)
    can_reply = invitation is not None and not meeting.is_cancelled and not meeting.is_past
    reply_form = None
    if can_reply:
        data = request.POST if request.method == "POST" else None
        reply_form = ReplyForm(
            data, initial={"response": invitation.response, "note": invitation.note}
        )
        if data is not None and reply_form.is_valid():
            services.invitation_reply(
                invitation=invitation,
                response=reply_form.cleaned_data["response"],
                note=reply_form.cleaned_data["note"],
            )
            _reply_saved_message(request, invitation)
            return redirect("meeting_detail", meeting.pk)
    elif request.method == "POST":
        raise PermissionDenied("networks.reply")
    manages = user.has_perm(MANAGE_MEETING, meeting)
    started = meeting.start <= timezone.now()
    context = {
        "meeting": meeting,
        "invitation": invitation,
        "reply_form": reply_form,
        "manages": manages,
        "started": started,
        "can_record": started and not meeting.is_cancelled and user.has_perm(AFTER, meeting),
        "attendance": selectors.attendance_count(meeting) if started else None,
        "now": timezone.now(),
    }
    if user.is_authenticated and meeting.organiser_id == user.pk:
        # Addresses the mail server refused for good: the organiser's to see and mend.
        context["undelivered"] = list(outbox.undelivered(meeting))
    if manages:
        context["invitations"] = list(meeting.invitations.select_related("user"))
        context["counts"] = selectors.reply_counts(meeting)
    status = 400 if reply_form is not None and reply_form.errors else 200
    return render(request, "networks/meeting_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = _meeting(request, pk, MANAGE_MEETING)
    if meeting.is_cancelled:
        messages.warning(request, _("This meeting is cancelled and can no longer be changed."))
        return redirect("meeting_detail", meeting.pk)
    form = MeetingEditForm(request.POST if request.method == "POST" else None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        before = meeting.sequence
        meeting = services.meeting_change(
            meeting=meeting,
            by=request.user,
            changes=form.changes(),
            languages=form.cleaned_data["languages"],
        )
        sent = meeting.invitations.filter(sent_sequence__isnull=False).exists()
        if meeting.sequence != before and sent and not meeting.is_past:
            messages.success(
                request, _("The meeting was saved. Everyone invited gets the update by e-mail.")
            )
        else:
            messages.success(request, _("The meeting was saved."))
        return redirect("meeting_detail", meeting.pk)
    return render(request, "networks/meeting_edit.html", {"meeting": meeting, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk: int):
    """GET asks, with the number of people invited; POST cancels, and everyone who has
    received the invitation gets a cancellation with the reason, if one is given."""
    meeting = _meeting(request, pk, MANAGE_MEETING)
    can_cancel = not meeting.is_cancelled and not meeting.is_past
    form = CancelMeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_cancel:
            return redirect("meeting_detail", meeting.pk)
        if form.is_valid():
            services.meeting_cancel(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("The meeting is cancelled. Everyone invited gets a cancellation by e-mail."),
            )
            return redirect("meeting_detail", meeting.pk)
    # Everyone invited, and those of them whose invitation has gone out: only they are
    # sent a cancellation; the other invitations are simply never sent.
    counts = meeting.invitations.aggregate(
        invited=Count("pk"), received=Count("pk", filter=Q(sent_sequence__isnull=False))
    )
    return render(
        request,
        "networks/meeting_cancel.html",
        {
            "meeting": meeting,
            "can_cancel": can_cancel,
            "form": form,
            "invited": counts["invited"],
            "received": counts["received"],
            "not_sent": counts["invited"] - counts["received"],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_after(request, pk: int):
    """Once the meeting has started: who came, and the minutes."""
    meeting = _meeting(request, pk, AFTER)
    started = meeting.start <= timezone.now()
    form = None
    if started and not meeting.is_cancelled:
        invitations = meeting.invitations.all()
        form = AfterMeetingForm(
            request.POST if request.method == "POST" else None,
            meeting=meeting,
            invitations=invitations,
        )
        if request.method == "POST" and form.is_valid():
            services.meeting_attendance_record(
                meeting=meeting, by=request.user, attended_ids=set(form.cleaned_data["attended"])
            )
            minutes = form.cleaned_data["minutes"].strip()
            if minutes and minutes != meeting.minutes:
                services.meeting_minutes_file(meeting=meeting, by=request.user, minutes=minutes)
            messages.success(request, _("The attendance and the minutes were saved."))
            return redirect("meeting_detail", meeting.pk)
    elif request.method == "POST":
        return redirect("meeting_after", meeting.pk)
    return render(
        request,
        "networks/meeting_after.html",
        {"meeting": meeting, "form": form, "started": started},
    )


# --- Series -----------------------------------------------------------------------------------


@login_required
def series_detail(request, pk: int):
    series = _series(request, pk)
    upcoming, past = selectors.series_occurrences(series)
    return render(
        request,
        "networks/series_detail.html",
        {
            "series": series,
            "rule_in_words": series.rule_in_words,
            "reminders": [
                offset_label(minutes) for minutes in sorted(series.reminder_offsets, reverse=True)
            ],
            "guests": list(series.guests.all()),
            "languages": list(series.languages.all()),
            "upcoming": upcoming,
            "past": past,
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_edit(request, pk: int):
    series = _series(request, pk)
    form = SeriesEditForm(
        request.POST if request.method == "POST" else None,
        series=series,
        guests=series.guests.all(),
    )
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        languages = form.cleaned_data["languages"] if form.languages_changed() else None
        if changes or languages is not None:
            services.series_update(
                series=series, by=request.user, changes=changes, languages=languages
            )
        services.series_guests_set(series=series, by=request.user, guests=form.build_guests())
        messages.success(
            request,
            _(
                "The series was saved. When the time or the place changed, everyone invited "
                "to the coming meetings gets the update by e-mail."
            ),
        )
        return redirect("series_detail", series.pk)
    return render(request, "networks/series_edit.html", {"series": series, "form": form})


# --- The planner ------------------------------------------------------------------------------


def _chosen_month(request, choices: list[date]) -> date:
    value = request.GET.get("month", "")
    for month in choices:
        if month.strftime("%Y-%m") == value:
            return month
    return timezone.localtime(timezone.now(), MEETING_TIME_ZONE).date().replace(day=1)


@login_required
def planner(request):
    """The Co-Act rhythm of each area the coordinator coordinates."""
    require(request.user, SCHEDULE)
    choices = selectors.month_choices()
    month = _chosen_month(request, choices)
    plans = selectors.area_plans(selectors.planner_areas(request.user), month=month)
    kinds = [
        (kind, MeetingKind(kind).label, RHYTHM_MONTHS[kind]) for kind in selectors.RHYTHM_KINDS
    ]
    this_month = timezone.localtime(timezone.now(), MEETING_TIME_ZONE).date().replace(day=1)
    return render(
        request,
        "networks/planner.html",
        {
            "plans": plans,
            "kinds": kinds,
            "month": month,
            "month_choices": choices,
            "is_this_month": month == this_month,
            "is_past_month": month < this_month,
        },
    )

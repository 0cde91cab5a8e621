"""The receiving NGO's side: the referral inbox of its handlers, and their answers
(accept, decline, a try to reach the client, the first meeting, the outcome). Thin views
over referrals.services: each answer is a POST that goes back to the referral's page with
a message, or, when it is refused, to a page of its own that says why and keeps what was
typed."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from coact.permissions import require
from organizations.access import memberships_of

from .. import services
from ..forms.answers import (
    AcceptForm,
    AnswerForm,
    CloseForm,
    ContactForm,
    DeclineForm,
    MeetingForm,
)
from ..forms.service_errors import add_service_error
from ..models import HANDLER_ROLES, Referral
from ..selectors.inbox import PERSONAL_FIELDS, inbox_counts, inbox_page

SEE_INBOX = "referrals.see_inbox"
ANSWER = "referrals.answer_referral"


# --- The inbox ---------------------------------------------------------------------------


@login_required
def inbox(request):
    """The referrals to the person's NGOs: the open ones (waiting for an answer first,
    then those in progress), or with ?show=ended the ended ones. No client data."""
    require(request.user, SEE_INBOX)
    ended = request.GET.get("show") == "ended"
    referrals = Referral.objects.received_by(request.user)
    now = timezone.now()
    counts = inbox_counts(referrals, now=now)
    page = inbox_page(
        referrals,
        ended=ended,
        count=counts["ended" if ended else "open"],
        page_number=request.GET.get("page"),
        now=now,
    )
    handled = [m.organization for m in memberships_of(request.user) if m.role in HANDLER_ROLES]
    return render(
        request,
        "referrals/inbox.html",
        {
            "page": page,
            "counts": counts,
            "ended": ended,
            "query": "show=ended" if ended else "",
            "several_organizations": len({o.pk for o in handled}) > 1,
            "not_receiving": sorted(
                {o.pk: o for o in handled if not o.accepts_referrals}.values(),
                key=lambda o: o.name.casefold(),
            ),
        },
    )


# --- The answers -------------------------------------------------------------------------


def _answerable(request, pk: int) -> Referral:
    """The referral, if the person sees it (else 404) and may answer it (else 403: the
    sending unit sees it but does not answer it)."""
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user)
        .select_related("sending_unit", "organization")
        .defer(*PERSONAL_FIELDS),
        pk=pk,
    )
    if not request.user.has_perm(ANSWER, referral):
        raise PermissionDenied(ANSWER)
    return referral


def _answer(
    request,
    pk: int,
    form_class: type[AnswerForm],
    perform: Callable[[Referral, dict], str],
):
    referral = _answerable(request, pk)
    form = form_class(request.POST, referral=referral)
    if form.is_valid():
        try:
            done = perform(referral, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("referral_detail", referral.pk)
    # Another handler may have answered in the meantime: show what can be done now.
    referral.refresh_from_db(fields=["state"])
    return render(
        request,
        "referrals/answer_error.html",
        {
            "referral": referral,
            "form": form,
            "is_handler": True,
            "handler_actions": services.actions_for(referral, "handler"),
        },
        status=400,
    )


@login_required
@sensitive_post_parameters()
@require_POST
@sensitive_variables()  # directly on the view: Django hides the locals of its callee
def referral_accept(request, pk):
    def accept(referral, data):
        services.referral_accept(referral=referral, by=request.user)
        return _("You accepted the referral. Next, try to reach the client.")

    return _answer(request, pk, AcceptForm, accept)


@login_required
@sensitive_post_parameters()
@require_POST
@sensitive_variables()  # directly on the view: Django hides the locals of its callee
def referral_decline(request, pk):
    def decline(referral, data):
        services.referral_decline(
            referral=referral, by=request.user, reason=data["reason"], note=data["note"]
        )
        return _("You declined the referral. The unit that sent it is told why.")

    return _answer(request, pk, DeclineForm, decline)


@login_required
@sensitive_post_parameters()
@require_POST
@sensitive_variables()  # directly on the view: Django hides the locals of its callee
def referral_contact(request, pk):
    def contact(referral, data):
        services.referral_contact_attempt(
            referral=referral, by=request.user, reached=data["reached"], at=data["at"]
        )
        if data["reached"]:
            return _("Saved: you reached the client. Next, record the first meeting.")
        return _("Saved: you tried to reach the client. Try again, and save each try.")

    return _answer(request, pk, ContactForm, contact)


@login_required
@sensitive_post_parameters()
@require_POST
@sensitive_variables()  # directly on the view: Django hides the locals of its callee
def referral_meeting(request, pk):
    def meet(referral, data):
        services.referral_meeting_record(referral=referral, by=request.user, at=data["at"])
        return _("Saved: the first meeting was held. Close the referral when you know the outcome.")

    return _answer(request, pk, MeetingForm, meet)


@login_required
@sensitive_post_parameters()
@require_POST
@sensitive_variables()  # directly on the view: Django hides the locals of its callee
def referral_close(request, pk):
    def close(referral, data):
        services.referral_close(
            referral=referral, by=request.user, outcome=data["outcome"], note=data["note"]
        )
        return _("The referral is closed. The unit that sent it sees the outcome.")

    return _answer(request, pk, CloseForm, close)

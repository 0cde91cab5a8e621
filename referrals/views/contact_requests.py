"""Contact requests the other way (Co-Act step II): an NGO worker asks a unit's contact
point to contact a client who cannot make contact alone, with the client's consent; the
unit answers and closes it. Thin views over referrals.services.contact_requests: every
lookup through ContactRequest.objects.visible_to (a foreign id is a 404), then the rule
(a 403); every page that shows the client's data writes an audit row."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from coact.fields import encrypted_fields
from coact.permissions import require
from organizations.access import organization_ids, unit_ids
from organizations.languages import language_name
from organizations.models import UNIT_ROLES, Organization, ServiceUnit

from ..forms.contact_requests import (
    CATEGORY_LABELS,
    AnswerForm,
    ContactRequestForm,
    WithdrawForm,
)
from ..forms.service_errors import add_service_error
from ..models import (
    CONTACT_OPEN_STATES,
    NGO_SENDER_ROLES,
    ContactRequest,
)
from ..services import contact_requests as services
from ..services.transitions import HANDLER, SENDER, TransitionRefused, actions_for

SEND = "referrals.send_contact_request"
SEE = "referrals.see_contact_requests"
VIEW = "referrals.view_contact_request"
ANSWER = "referrals.answer_contact_request"
WITHDRAW = "referrals.withdraw_contact_request"
PAGE_SIZE = 25
SENT, RECEIVED = "sent", "received"


def _visible(user):
    return ContactRequest.objects.visible_to(user).select_related(
        "organization", "service_unit__welfare_area", "consent", "sent_by"
    )


def _contact_request(request, pk: int, perm: str) -> ContactRequest:
    """The request if the person sees it (else 404) and may do `perm` to it (else 403)."""
    contact = get_object_or_404(_visible(request.user), pk=pk)
    require(request.user, perm, contact)
    return contact


# --- Sending, from the unit's contact point page -------------------------------------------


@login_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@sensitive_variables()  # directly on the view: Django hides the locals of its direct callee
def request_new(request, slug: str):
    unit = get_object_or_404(ServiceUnit.objects.select_related("welfare_area"), slug=slug)
    require(request.user, SEND)
    own = organization_ids(request.user, NGO_SENDER_ROLES)
    if not own:  # a platform admin, whom Django grants every permission, sends for no NGO
        raise PermissionDenied(SEND)
    organizations = Organization.objects.filter(
        pk__in=own,
        status=Organization.Status.ACTIVE,
    ).order_by("name")
    form = ContactRequestForm(
        request.POST if request.method == "POST" else None, organizations=organizations
    )
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_request_send(
                organization=form.cleaned_data["organization"],
                unit=unit,
                by=request.user,
                consent=form.consent(),
                client=form.client(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The contact request was sent to %(unit)s. You will get an e-mail when "
                    "the unit answers."
                )
                % {"unit": unit.name},
            )
            return redirect("contact_request_detail", contact.pk)
    return render(
        request,
        "referrals/contact_request_new.html",
        {
            "unit": unit,
            "form": form,
            "has_organization": organizations.exists(),
            "unit_receives": services.unit_receives_contact_requests(unit),
        },
        # A form sent back with its errors (and everything typed) is a bad request.
        status=400 if request.method == "POST" else 200,
    )


# --- Both sides: the list and the request ---------------------------------------------------


def _sides(user) -> list[str]:
    sides = []
    if unit_ids(user, UNIT_ROLES):
        sides.append(RECEIVED)
    if organization_ids(user, NGO_SENDER_ROLES):
        sides.append(SENT)
    return sides


@login_required
def request_list(request):
    """The unit's received requests or the NGO's sent ones, open first: numbers, the
    other side, states and dates only, never the client's data."""
    require(request.user, SEE)
    sides = _sides(request.user)
    if not sides:  # a platform admin, whom Django grants every permission, holds no side
        raise PermissionDenied(SEE)
    side = request.GET.get("side")
    if side not in sides:
        side = sides[0]
    if side == RECEIVED:
        requests = ContactRequest.objects.received_by(request.user)
    else:
        requests = ContactRequest.objects.sent_by_organizations_of(request.user)
    requests = (
        requests.select_related("organization", "service_unit")
        .annotate(
            ended=Case(
                When(state__in=CONTACT_OPEN_STATES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("ended", "-created_at", "-pk")
        # Never decrypted for a list: it shows no client data.
        .defer(*(field.name for field in encrypted_fields(ContactRequest)))
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/contact_request_list.html",
        {"page": page, "side": side, "sides": sides, "query": f"side={side}"},
    )


def _detail_page(request, contact: ContactRequest, *, answer_form=None):
    user = request.user
    unit_side = user.has_perm(ANSWER, contact)
    sender_side = user.has_perm(WITHDRAW, contact)
    actions = set()
    if unit_side:
        actions |= set(actions_for(contact, HANDLER, services.CONTACT_MOVES))
    if sender_side and contact.erased_at is None:
        actions |= set(actions_for(contact, SENDER, services.CONTACT_MOVES))
    if contact.erased_at is None:
        services.contact_request_personal_data_read(request=contact, by=user, what="detail")
    reader = get_language() or "fi"
    consent = contact.consent
    return render(
        request,
        "referrals/contact_request_detail.html",
        {
            "contact": contact,
            "consent": consent,
            "categories": [CATEGORY_LABELS[code] for code in consent.categories],
            "consent_language": language_name(consent.language, reader),
            "client_languages": [language_name(code, reader) for code in contact.client_languages],
            "events": contact.events.select_related("actor"),
            "unit_side": unit_side,
            "sender_side": sender_side,
            "actions": actions,
            "answer_form": answer_form or (AnswerForm() if "answer" in actions else None),
        },
        status=400 if answer_form is not None else 200,  # an answer sent back with errors
    )


@login_required
def request_detail(request, pk: int):
    return _detail_page(request, _contact_request(request, pk, VIEW))


# --- The unit's answer and close -------------------------------------------------------------


@login_required
@sensitive_post_parameters()
@require_POST
@sensitive_variables()
def request_answer(request, pk: int):
    contact = _contact_request(request, pk, ANSWER)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.contact_request_answer(
                request=contact, by=request.user, answer=form.cleaned_data["answer"]
            )
        except TransitionRefused as refused:
            messages.error(request, refused.message)
            return redirect("contact_request_detail", contact.pk)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your answer was sent. The organisation was told."))
            return redirect("contact_request_detail", contact.pk)
    return _detail_page(request, contact, answer_form=form)


@login_required
@require_POST
def request_close(request, pk: int):
    contact = _contact_request(request, pk, ANSWER)
    try:
        services.contact_request_close(request=contact, by=request.user)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The request is closed. The organisation was told."))
    return redirect("contact_request_detail", contact.pk)


# --- The NGO's withdrawal --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_withdraw(request, pk: int):
    """The second click of two: how the client withdrew, and the button that erases."""
    contact = _contact_request(request, pk, WITHDRAW)
    can_withdraw = contact.erased_at is None and "withdraw" in actions_for(
        contact, SENDER, services.CONTACT_MOVES
    )
    form = WithdrawForm(
        request.POST if request.method == "POST" else None,
        initial={"method": contact.consent.method},
    )
    if request.method == "POST" and can_withdraw and form.is_valid():
        try:
            services.contact_request_withdraw(
                request=contact, by=request.user, method=form.cleaned_data["method"]
            )
        except TransitionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _(
                    "The consent is withdrawn and the client's details are erased. The unit "
                    "was told."
                ),
            )
        return redirect("contact_request_detail", contact.pk)
    return render(
        request,
        "referrals/contact_request_withdraw.html",
        {"contact": contact, "form": form, "can_withdraw": can_withdraw},
    )

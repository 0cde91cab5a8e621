"""The sending unit's pages: a referral with the client's consent, the printable consent
text, the unit's sent referrals, and the client's withdrawal of consent. Thin views over
referrals.services; who may do what is answered by referrals/rules.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from coact.permissions import require
from organizations.access import memberships_of
from organizations.languages import language_name, native_language_name, text_direction
from organizations.models import UNIT_ROLES, Organization
from organizations.views.people import active_membership

from .. import services
from ..forms.sending import ReferralForm, SentFilterForm, WithdrawForm
from ..forms.service_errors import add_service_error
from ..models import ConsentMethod, DataCategory
from ..selectors.detail import referral_for
from ..selectors.sending import sent_referrals, with_due

SENT_PAGE_SIZE = 25
CONSENT_LANGUAGES = ("fi", "sv", "en")


def _units_of(request) -> list:
    """The person's service units, the one they act for first."""
    units = {}
    for membership in memberships_of(request.user):
        if membership.service_unit_id and membership.role in UNIT_ROLES:
            units.setdefault(membership.service_unit_id, membership.service_unit)
    acting = active_membership(request)
    return sorted(
        units.values(),
        key=lambda unit: (acting is None or unit.pk != acting.service_unit_id, unit.name),
    )


def _receiving(request, slug: str) -> Organization:
    return get_object_or_404(
        Organization.objects.visible_to(request.user)
        .with_referral_handlers()
        .select_related("welfare_area"),
        slug=slug,
    )


def _activity_id(request) -> int | None:
    try:
        return int(request.GET.get("activity", ""))
    except ValueError:
        return None


@login_required
@sensitive_post_parameters()
@sensitive_variables()  # directly on the view: Django hides the locals of its callee
def referral_new(request, slug):
    organization = _receiving(request, slug)  # an NGO nobody may see: 404, as for anyone
    require(request.user, "referrals.send_referral")
    if not (organization.accepts_referrals and organization.has_referral_handlers):
        return render(request, "referrals/referral_closed.html", {"organization": organization})
    units = _units_of(request)
    activities = list(organization.activities.order_by("name"))
    chosen = _activity_id(request)
    form = ReferralForm(
        request.POST or None,
        units=units,
        activities=activities,
        initial={
            "unit": units[0].pk,
            "activity": chosen if any(a.pk == chosen for a in activities) else None,
            "valid_until": services.consent_valid_until_default(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_send(
                unit=next(unit for unit in units if unit.pk == data["unit"]),
                organization=organization,
                by=request.user,
                consent=form.consent_data(),
                client=form.client_data(),
                activity=next((a for a in activities if a.pk == data["activity"]), None),
                themes=data["themes"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Referral no. %(number)s was sent to %(organization)s. The organisation "
                    "was told by e-mail; you see its answer here and on your My work page."
                )
                % {"number": referral.pk, "organization": organization.name},
            )
            return redirect("referral_detail", referral.pk)
    return render(
        request,
        "referrals/referral_new.html",
        {
            "organization": organization,
            "form": form,
            "units": units,
            "activity_id": form["activity"].value() or "",
        },
        # A form sent back with its errors (and everything typed) is a bad request.
        status=400 if request.method == "POST" else 200,
    )


@login_required
def consent_text(request, slug):
    """The consent text for the client to read or sign: no client data on it. In
    Finnish, Swedish or English; for a language the NGO wrote a text in, the NGO's own
    text in that language beside the consent text in the reader's language."""
    organization = get_object_or_404(
        Organization.objects.visible_to(request.user).prefetch_related("other_texts__language"),
        slug=slug,
    )
    ui = get_language() or "fi"
    texts = {text.language.code: text for text in organization.other_texts.all()}
    asked = request.GET.get("lang", "")
    chosen = asked if asked in CONSENT_LANGUAGES or asked in texts else ui
    consent_language = chosen if chosen in CONSENT_LANGUAGES else ui
    other = texts.get(chosen)
    chosen_activity = _activity_id(request)
    activity = next((a for a in organization.activities.all() if a.pk == chosen_activity), None)
    units = _units_of(request)
    choices = [
        {
            "code": code,
            "name": native_language_name(code) or language_name(code, ui),
            "current": code == chosen,
        }
        for code in (*CONSENT_LANGUAGES, *sorted(texts, key=lambda c: language_name(c, ui)))
    ]
    return render(
        request,
        "referrals/consent_text.html",
        {
            "organization": organization,
            "activity": activity,
            "unit": units[0] if units else None,
            "consent_language": consent_language,
            "choices": choices,
            "other": other
            and {
                "code": chosen,
                "name": language_name(chosen, consent_language),
                "native_name": native_language_name(chosen),
                "dir": text_direction(chosen),
                "text": other.text,
            },
            "categories": DataCategory.choices,
            "methods": ConsentMethod.choices,
            "erase_days": settings.REFERRAL_ERASE_AFTER_DAYS,
        },
    )


@login_required
def sent_list(request):
    require(request.user, "referrals.send_referral")
    form = SentFilterForm(request.GET or None)
    shown = form.shown()
    referrals = sent_referrals(request.user, ended=shown == SentFilterForm.ENDED)
    page = Paginator(referrals, SENT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/sent_list.html",
        {
            "form": form,
            "shown": shown,
            "page": page,
            "rows": with_due(page.object_list),
            "query": query.urlencode(),
            "several_units": len(_units_of(request)) > 1,
        },
    )


@login_required
@sensitive_post_parameters()
@sensitive_variables()  # directly on the view: Django hides the locals of its callee
def referral_withdraw(request, pk):
    """The client withdrew the consent: one page to say how, one button to record it.
    The personal data is erased at once and the NGO is told."""
    referral = referral_for(request.user, pk)
    require(request.user, "referrals.withdraw_referral", referral)
    if not services.can_withdraw(referral):
        messages.info(
            request,
            _("The client's details have been erased already, so there is nothing to withdraw."),
        )
        return redirect("referral_detail", referral.pk)
    form = WithdrawForm(request.POST or None, initial={"method": referral.consent.method})
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_withdraw(
                referral=referral, by=request.user, method=form.cleaned_data["method"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "The withdrawal was recorded. The client's personal data was erased "
                    "and %(organization)s was told that the referral was withdrawn."
                )
                % {"organization": referral.organization.name},
            )
            return redirect("referral_detail", referral.pk)
    return render(request, "referrals/referral_withdraw.html", {"referral": referral, "form": form})

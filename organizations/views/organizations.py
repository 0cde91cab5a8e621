from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from coact.permissions import require
from coact.request_guard import local_path

from .. import selectors, services
from ..forms import AcceptInvitationForm, ApplicationForm, InvitationForm, RejectApplicationForm
from ..languages import language_name, native_language_name, text_direction
from ..models import (
    Invitation,
    Membership,
    Organization,
    ServiceUnit,
    WelfareArea,
)
from ..views.directory import directory

ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"

# The directory page lives in views.directory; urls.py names it here.
__all__ = ["directory"]

_TARGETS = ("organization", "service_unit", "welfare_area")


def _visible(user):
    return Organization.objects.visible_to(user).select_related("welfare_area")


def _applications(user):
    return Organization.objects.applications_for(user).select_related(
        "welfare_area", "submitted_by"
    )


def organization_detail(request, slug):
    organization = selectors.organization_detail(
        slug=slug, queryset=_visible(request.user).with_referral_handlers()
    )
    ui_language = get_language() or "fi"
    # The texts in the other languages the NGO serves, each labelled with the language's
    # name in the reader's language (and its own), in its own language and direction.
    other_texts = sorted(
        (
            {
                "text": text.text,
                "code": text.language.code,
                "name": language_name(text.language.code, ui_language),
                "native_name": native_language_name(text.language.code),
                "dir": text_direction(text.language.code),
            }
            for text in organization.other_texts.all()
        ),
        key=lambda text: text["name"].casefold(),
    )
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "other_texts": other_texts,
            "languages": sorted(
                language_name(language.code, ui_language)
                for language in organization.languages.all()
            ),
        },
    )


def unit_list(request):
    areas = list(WelfareArea.objects.filter(units__isnull=False).distinct())
    # An area that is not in the list is no filter at all: the list then says "all areas"
    # and shows them all, rather than "all areas" above an empty list.
    asked = request.GET.get("area", "").strip()
    area_code = asked if any(area.code == asked for area in areas) else None
    return render(
        request,
        "organizations/unit_list.html",
        {
            "units": selectors.units_list(area_code=area_code),
            "areas": areas,
            "area_code": area_code,
        },
    )


def unit_detail(request, slug):
    unit = get_object_or_404(
        ServiceUnit.objects.select_related("welfare_area", "representative"), slug=slug
    )
    return render(request, "organizations/unit_detail.html", {"unit": unit})


def _members_page(request, *, target, perm, template_context):
    require(request.user, perm, target)
    form = InvitationForm(
        request.POST or None, target=target, initial={"language": request.LANGUAGE_CODE}
    )
    if request.method == "POST" and form.is_valid():
        invitation = services.invitation_create(by=request.user, target=target, **form.cleaned_data)
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return HttpResponseRedirect(request.path)
    kwargs = services.target_kwargs(target)
    context = {
        "target": target,
        "form": form,
        "memberships": Membership.objects.filter(**kwargs).select_related("user"),
        "invitations": Invitation.objects.filter(status=Invitation.Status.PENDING, **kwargs),
        **template_context,
    }
    return render(request, "organizations/members.html", context)


@login_required
def organization_members(request, slug):
    organization = get_object_or_404(_visible(request.user), slug=slug)
    return _members_page(
        request,
        target=organization,
        perm="organizations.manage_organization_members",
        template_context={"back_url": reverse("organization_detail", args=[slug])},
    )


@login_required
def unit_members(request, slug):
    unit = get_object_or_404(ServiceUnit.objects.select_related("welfare_area"), slug=slug)
    return _members_page(
        request,
        target=unit,
        perm="organizations.manage_unit_members",
        template_context={"back_url": reverse("unit_detail", args=[slug])},
    )


@login_required
def area_coordinators(request, code):
    area = get_object_or_404(WelfareArea, code=code)
    return _members_page(
        request,
        target=area,
        perm="organizations.manage_area_coordinators",
        template_context={"back_url": reverse("coordination")},
    )


@login_required
@require_POST
def membership_remove(request, pk):
    membership = get_object_or_404(
        Membership.objects.managed_by(request.user).select_related(*_TARGETS, "user"), pk=pk
    )
    require(request.user, "organizations.remove_membership", membership)
    services.membership_remove(membership=membership, by=request.user)
    messages.success(request, _("Membership removed."))
    return redirect(_next(request) or "landing")


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(
        Invitation.objects.managed_by(request.user).select_related(*_TARGETS), pk=pk
    )
    require(request.user, "organizations.revoke_invitation", invitation)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
        messages.success(request, _("Invitation revoked."))
    except services.InvitationError:
        messages.error(request, _("Only a pending invitation can be revoked."))
    return redirect(_next(request) or "landing")


def _next(request) -> str | None:
    return local_path(request, request.POST.get("next"))


@never_cache
def invitation_accept(request, token):
    """The invitation's page shows the invitee's address, organisation and role, so no
    browser or proxy keeps it, whoever asks (never_cache: Cache-Control no-store)."""
    invitation = services.invitation_from_token(token)
    if invitation is None or not invitation.is_usable:
        return render(
            request, "organizations/invitation_invalid.html", status=410 if invitation else 404
        )
    user = request.user if request.user.is_authenticated else None
    if user is not None and user.email.lower() != invitation.email:
        return render(
            request,
            "organizations/invitation_other_account.html",
            {"invitation": invitation},
            status=403,
        )
    existing = user is None and _account_exists(invitation.email)
    form = None
    if user is None and not existing:
        form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and (form is None or form.is_valid()) and not existing:
        try:
            user = services.invitation_accept(
                invitation=invitation,
                user=user,
                name=form.cleaned_data["name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
            )
        except services.InvitationError:
            return render(request, "organizations/invitation_invalid.html", status=410)
        if not request.user.is_authenticated:
            login(request, user, backend=ALLAUTH_BACKEND)
        messages.success(request, _("Welcome to the Co-Act Portal."))
        request.session["active_membership"] = None
        return redirect("landing")
    return render(
        request,
        "organizations/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing_account": existing},
    )


def _account_exists(email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email).exists()


def organization_apply(request):
    form = ApplicationForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and (limited := ratelimit.consume_or_429(request, action="signup")):
        return limited  # allauth's sign-up limit: 20 a minute from one address
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization = services.organization_apply(
            applicant_email=data["email"],
            applicant_name=data["applicant_name"],
            password=data["password1"],
            language=data["language"],
            organization_name=data["organization_name"],
            welfare_area=data["welfare_area"],
            description=data["description"],
        )
        if organization is not None:  # else the address's owner was told by e-mail
            address = EmailAddress.objects.get(user=organization.submitted_by)
            address.send_confirmation(request, signup=True)
        return redirect("organization_apply_sent")
    return render(request, "organizations/apply.html", {"form": form})


def organization_apply_sent(request):
    return render(request, "organizations/apply_sent.html")


@login_required
def coordination(request):
    require(request.user, "coact.coordinate")
    areas = WelfareArea.objects.coordinated_by(request.user)
    context = {
        "applications": _applications(request.user),
        "areas": areas,
        "units": ServiceUnit.objects.filter(welfare_area__in=areas),
        "organizations": Organization.objects.public().filter(welfare_area__in=areas),
    }
    return render(request, "organizations/coordination.html", context)


@login_required
def application_review(request, pk):
    organization = get_object_or_404(_applications(request.user), pk=pk)
    require(request.user, "organizations.review_application", organization)
    reject_form = RejectApplicationForm(
        request.POST if request.POST.get("decision") == "reject" else None
    )
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision == "approve":
            services.application_approve(organization=organization, by=request.user)
            messages.success(request, _("%(name)s was approved.") % {"name": organization.name})
            return redirect("coordination")
        if decision == "reject" and reject_form.is_valid():
            services.application_reject(
                organization=organization,
                by=request.user,
                reason=reject_form.cleaned_data["reason"],
            )
            messages.success(request, _("%(name)s was rejected.") % {"name": organization.name})
            return redirect("coordination")
    return render(
        request,
        "organizations/application_review.html",
        {"organization": organization, "reject_form": reject_form},
    )

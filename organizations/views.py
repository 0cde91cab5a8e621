import hashlib
from functools import wraps

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coact.permissions import (
    applications_visible_to,
    coordinated_area_ids,
    invitations_managed_by,
    memberships_managed_by,
    organizations_visible_to,
    require,
)

from . import selectors, services
from .forms import AcceptInvitationForm, ApplicationForm, InvitationForm, RejectApplicationForm
from .languages import language_name, native_language_name, text_direction
from .models import (
    Invitation,
    Membership,
    Organization,
    ServiceUnit,
    TargetGroup,
    Theme,
    WelfareArea,
)
from .search import directory_version

ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


ANONYMOUS_PAGE_SECONDS = 5 * 60


def cached_for_anonymous(view):
    """The directory is the portal's busiest public page. For a visitor who sends no
    cookies at all (no session, no messages, nothing personal), the rendered page is
    cached under the directory's version, so any change to an NGO shows at once."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.COOKIES or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = (
            f"directory-page:{directory_version()}:{get_language()}:"
            f"{int(bool(request.htmx))}:{digest}"
        )
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), ANONYMOUS_PAGE_SECONDS)
        return response

    return wrapper


DIRECTORY_FRAGMENT_SECONDS = 5 * 60


@cached_for_anonymous
def directory(request):
    """The public NGO directory. With htmx, only the results are sent back, and the URL
    stays shareable; without JavaScript the filters submit as a plain form.

    The filters and results hold nothing personal, so they are rendered once per filter
    set and language and cached under the directory's version; only the page around
    them (the header with the signed-in person's name) is rendered for each request."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    key = (
        f"directory-body:{directory_version()}:{get_language()}:{int(bool(request.htmx))}:{digest}"
    )
    body = cache.get(key)
    if body is None:
        template = (
            "organizations/directory_results.html"
            if request.htmx
            else "organizations/directory_body.html"
        )
        body = render_to_string(template, directory_context(request), request=request)
        cache.set(key, body, DIRECTORY_FRAGMENT_SECONDS)
    if request.htmx:
        return HttpResponse(body)
    return render(request, "organizations/directory.html", {"body": mark_safe(body)})  # noqa: S308 - rendered by our own template above


def directory_context(request) -> dict:
    result = selectors.organization_search(params=request.GET, page_number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "result": result,
        "filter": result.filterset,
        "page": result.page,
        "facets": facet_choices(result),
        "query": query.urlencode(),
        "has_filters": any(value for key, value in request.GET.items() if key != "page"),
        "flag_fields": [result.filterset.form[name] for name in FLAGS],
        "map_points": map_points(result.page),
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
    }
    return context


def map_points(page) -> list[dict]:
    return [
        {
            "name": organization.name,
            "url": reverse("organization_detail", args=[organization.slug]),
            "lat": float(location.latitude),
            "lon": float(location.longitude),
        }
        for organization in page
        for location in organization.locations.all()[:1]
    ]


FLAGS = ("outside_office_hours", "accepts_referrals", "escort", "interpreting", "online")


def facet_choices(result) -> dict[str, list[dict]]:
    """Facet values with their names in the reader's language and whether chosen."""
    params = result.filterset.data
    names = {
        "theme": {theme.slug: theme.name for theme in Theme.objects.all()},
        "target_group": {group.slug: group.name for group in TargetGroup.objects.all()},
        "area": {area.code: area.name for area in WelfareArea.objects.all()},
    }
    ui_language = get_language() or "fi"
    facets = {}
    for facet, rows in result.facets.items():
        chosen = set(params.getlist(facet)) if hasattr(params, "getlist") else set()
        entries = []
        for row in rows:
            value = row["value"]
            if facet == "language":
                name = language_name(value, ui_language)
            else:
                name = names[facet].get(value, value)
            entries.append(
                {"value": value, "name": name, "count": row["count"], "chosen": value in chosen}
            )
        if facet == "language":
            entries.sort(key=lambda entry: (-entry["count"], entry["name"]))
        facets[facet] = entries
    return facets


def organization_detail(request, slug):
    organization = selectors.organization_detail(
        slug=slug, queryset=organizations_visible_to(request.user)
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
            "areas": WelfareArea.objects.filter(units__isnull=False).distinct(),
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
    organization = get_object_or_404(organizations_visible_to(request.user), slug=slug)
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
    membership = get_object_or_404(memberships_managed_by(request.user), pk=pk)
    require(request.user, "organizations.remove_membership", membership)
    services.membership_remove(membership=membership, by=request.user)
    messages.success(request, _("Membership removed."))
    return redirect(request.POST["next"]) if _safe(request) else redirect("landing")


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = get_object_or_404(invitations_managed_by(request.user), pk=pk)
    require(request.user, "organizations.revoke_invitation", invitation)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
        messages.success(request, _("Invitation revoked."))
    except services.InvitationError:
        messages.error(request, _("Only a pending invitation can be revoked."))
    return redirect(request.POST.get("next")) if _safe(request) else redirect("landing")


def _safe(request) -> bool:
    next_url = request.POST.get("next", "")
    return bool(next_url) and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def invitation_accept(request, token):
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
        user, _organization = services.organization_apply(
            applicant_email=data["email"],
            applicant_name=data["applicant_name"],
            password=data["password1"],
            language=data["language"],
            organization_name=data["organization_name"],
            welfare_area=data["welfare_area"],
            description=data["description"],
        )
        EmailAddress.objects.get(user=user).send_confirmation(request, signup=True)
        return redirect("organization_apply_sent")
    return render(request, "organizations/apply.html", {"form": form})


def organization_apply_sent(request):
    return render(request, "organizations/apply_sent.html")


@login_required
def coordination(request):
    require(request.user, "coact.coordinate")
    areas = WelfareArea.objects.all()
    if not request.user.is_superuser:
        areas = areas.filter(pk__in=coordinated_area_ids(request.user))
    context = {
        "applications": applications_visible_to(request.user),
        "areas": areas,
        "units": ServiceUnit.objects.filter(welfare_area__in=areas),
        "organizations": Organization.objects.filter(
            welfare_area__in=areas, status=Organization.Status.ACTIVE
        ),
    }
    return render(request, "organizations/coordination.html", context)


@login_required
def application_review(request, pk):
    organization = get_object_or_404(applications_visible_to(request.user), pk=pk)
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

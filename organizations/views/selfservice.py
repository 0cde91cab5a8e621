"""An NGO keeps its own profile current; coordinators verify profiles and see which are
going stale. Thin views over services.profiles and selectors.selfservice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coact.permissions import require
from coact.request_guard import local_path

from ..forms.profiles import (
    ActivityForm,
    LocationForm,
    OpeningHoursFormSet,
    OrganizationProfileForm,
    OrganizationTextFormSet,
    opening_hours_rows,
)
from ..models import Organization
from ..selectors import selfservice as selectors
from ..services import profiles as services

CHANGE = "organizations.change_organization"
VERIFY = "organizations.verify_organization"
_HEAVY = ("search_fi", "search_sv", "search_en")


def _organization(request, slug: str, perm: str = CHANGE) -> Organization:
    """The organisation if the person may see it (else 404) and do `perm` to it (else 403)."""
    organization = get_object_or_404(
        Organization.objects.visible_to(request.user).select_related("welfare_area").defer(*_HEAVY),
        slug=slug,
    )
    require(request.user, perm, organization)
    return organization


def _next_or(request, default: str) -> str:
    """The form's `next` when it points to this site, else `default`."""
    return local_path(request, request.POST.get("next")) or default


# --- The profile ------------------------------------------------------------------------


@login_required
def organization_edit(request, slug):
    organization = _organization(request, slug)
    checklist = selectors.profile_checklist(organization)
    data = request.POST if request.method == "POST" else None
    form = OrganizationProfileForm(data, instance=organization)
    hours = OpeningHoursFormSet(data, instance=organization, prefix="hours")
    if data is not None and all([form.is_valid(), hours.is_valid()]):
        services.organization_update(
            organization=organization,
            data={**form.cleaned_data, "opening_hours": opening_hours_rows(hours)},
            by=request.user,
        )
        if "confirm" in request.POST:
            services.organization_confirm(
                organization=get_object_or_404(
                    Organization.objects.defer(*_HEAVY), pk=organization.pk
                ),
                by=request.user,
            )
            messages.success(request, _("The profile was saved and marked current."))
        else:
            messages.success(request, _("The profile was saved."))
        return redirect("organization_edit", slug)
    return render(
        request,
        "organizations/edit/profile.html",
        {
            "organization": organization,
            "form": form,
            "hours": hours,
            "checklist": checklist,
            "missing": [item for item in checklist if not item.done],
            "section": "profile",
        },
    )


@login_required
def organization_confirm(request, slug):
    """GET (the link in the reminder e-mail) asks; POST confirms."""
    organization = _organization(request, slug)
    if request.method == "POST":
        services.organization_confirm(organization=organization, by=request.user)
        messages.success(request, _("Thank you. The information is marked current."))
        return redirect(_next_or(request, reverse("organization_detail", args=[slug])))
    return render(
        request,
        "organizations/edit/confirm.html",
        {"organization": organization, "section": "confirm"},
    )


@login_required
@require_POST
def organization_verify(request, slug):
    organization = _organization(request, slug, perm=VERIFY)
    services.organization_verify(organization=organization, by=request.user)
    messages.success(request, _("%(name)s is marked verified.") % {"name": organization.name})
    return redirect(_next_or(request, reverse("organization_detail", args=[slug])))


@login_required
def organization_history(request, slug):
    organization = _organization(request, slug)
    return render(
        request,
        "organizations/edit/history.html",
        {
            "organization": organization,
            "entries": selectors.organization_history(organization),
            "limit": selectors.HISTORY_LIMIT,
            "section": "history",
        },
    )


# --- Activities and locations -----------------------------------------------------------


@login_required
def organization_activities(request, slug):
    organization = _organization(request, slug)
    form = ActivityForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        activity = services.activity_save(
            organization=organization, data=form.cleaned_data, by=request.user
        )
        messages.success(request, _("%(name)s was added.") % {"name": activity.name})
        return redirect("organization_activities", slug)
    activities = organization.activities.select_related("location").order_by("name", "pk")
    return render(
        request,
        "organizations/edit/activities.html",
        {
            "organization": organization,
            "activities": activities,
            "form": form,
            "section": "activities",
        },
    )


@login_required
def activity_edit(request, slug, pk):
    organization = _organization(request, slug)
    activity = get_object_or_404(organization.activities, pk=pk)
    title = str(activity)  # the form changes the instance as it validates
    form = ActivityForm(request.POST or None, instance=activity, organization=organization)
    if request.method == "POST" and form.is_valid():
        services.activity_save(
            organization=organization, activity=activity, data=form.cleaned_data, by=request.user
        )
        messages.success(request, _("%(name)s was saved.") % {"name": activity.name})
        return redirect("organization_activities", slug)
    return render(
        request,
        "organizations/edit/activity_form.html",
        {
            "organization": organization,
            "activity": activity,
            "title": title,
            "form": form,
            "section": "activities",
        },
    )


@login_required
@require_POST
def activity_delete(request, slug, pk):
    organization = _organization(request, slug)
    activity = get_object_or_404(organization.activities, pk=pk)
    name = activity.name
    services.activity_delete(activity=activity, by=request.user)
    messages.success(request, _("%(name)s was removed.") % {"name": name})
    return redirect("organization_activities", slug)


@login_required
def organization_locations(request, slug):
    organization = _organization(request, slug)
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        location = services.location_save(
            organization=organization, data=form.cleaned_data, by=request.user
        )
        messages.success(request, _("%(name)s was added.") % {"name": location})
        return redirect("organization_locations", slug)
    return render(
        request,
        "organizations/edit/locations.html",
        {
            "organization": organization,
            "locations": organization.locations.all(),
            "form": form,
            "section": "locations",
        },
    )


@login_required
def location_edit(request, slug, pk):
    organization = _organization(request, slug)
    location = get_object_or_404(organization.locations, pk=pk)
    title = str(location)
    form = LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        services.location_save(
            organization=organization, location=location, data=form.cleaned_data, by=request.user
        )
        messages.success(request, _("%(name)s was saved.") % {"name": location})
        return redirect("organization_locations", slug)
    return render(
        request,
        "organizations/edit/location_form.html",
        {
            "organization": organization,
            "location": location,
            "title": title,
            "form": form,
            "section": "locations",
        },
    )


@login_required
@require_POST
def location_delete(request, slug, pk):
    organization = _organization(request, slug)
    location = get_object_or_404(organization.locations, pk=pk)
    name = str(location)
    services.location_delete(location=location, by=request.user)
    messages.success(request, _("%(name)s was removed.") % {"name": name})
    return redirect("organization_locations", slug)


# --- Coordinators -------------------------------------------------------------------------


@login_required
def freshness(request):
    require(request.user, "coact.coordinate")
    return render(
        request,
        "organizations/edit/freshness.html",
        {
            "organizations": selectors.profiles_needing_attention(user=request.user),
            "stale_after_days": Organization.STALE_AFTER_DAYS,
        },
    )


@login_required
def organization_texts(request, slug):
    """Short texts in the other languages the NGO serves (Somali, Arabic, Dari...)."""
    organization = _organization(request, slug)
    data = request.POST if request.method == "POST" else None
    texts = OrganizationTextFormSet(data, instance=organization, prefix="texts")
    if data is not None and texts.is_valid():
        services.organization_texts_save(organization=organization, formset=texts, by=request.user)
        messages.success(request, _("The texts were saved."))
        return redirect("organization_texts", slug)
    return render(
        request,
        "organizations/edit/texts.html",
        {"organization": organization, "texts": texts, "section": "texts"},
    )

"""The directory's panels on the "My work" page (coact.my_work): a unit worker's own area
in the directory, an NGO's profile with what is missing and how fresh it is, and the
coordinators' profiles to check. Registered in OrganizationsConfig.ready()."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Q
from django.urls import reverse
from django.utils.http import urlencode

from . import selectors
from .models import Organization, Role

AREA_LIMIT = 8
CHECK_LIMIT = 5


def acts_as_coordinator(request, membership) -> bool:
    if membership is None:
        return request.user.is_superuser
    return membership.role == Role.COORDINATOR


# --- A unit worker: the NGOs of their own welfare area ------------------------------------


def area_organizations(area, *, limit: int = AREA_LIMIT) -> tuple[list[Organization], int]:
    """The active NGOs based in the area or serving it, in the directory's order without a
    text query (the most recently confirmed first), and how many there are. Three
    queries: the count, the NGOs, their languages."""
    in_area = Organization.objects.filter(Q(welfare_area=area) | Q(areas=area)).values("pk")
    organizations = (
        selectors.directory_base()
        .filter(pk__in=in_area)
        .order_by(F("last_confirmed_at").desc(nulls_last=True), "name")
    )
    count = organizations.count()
    shown = list(organizations.prefetch_related("languages")[:limit]) if count else []
    return shown, count


def area_directory(request, membership) -> dict | None:
    if membership is None or not membership.service_unit_id:
        return None
    area = membership.service_unit.welfare_area
    organizations, count = area_organizations(area)
    return {
        "area": area,
        "organizations": organizations,
        "count": count,
        "area_url": f"{reverse('directory')}?{urlencode({'area': area.code})}",
        "all_url": reverse("directory"),
    }


# --- An NGO: its profile, what is missing and whether it is current ----------------------


def own_profile(request, membership) -> dict | None:
    if membership is None or not membership.organization_id:
        return None
    organization = membership.organization
    can_change = request.user.has_perm("organizations.change_organization", organization)
    edit_url = reverse("organization_edit", args=[organization.slug])
    missing = []
    if can_change:
        # The checklist's anchors point into the edit page; its other links are pages.
        missing = [
            {"label": item.label, "url": edit_url + item.url if item.url[:1] == "#" else item.url}
            for item in selectors.profile_checklist(organization)
            if not item.done
        ]
    stale_on = None
    if organization.last_confirmed_at:
        stale_on = organization.last_confirmed_at + timedelta(days=Organization.STALE_AFTER_DAYS)
    return {
        "organization": organization,
        "can_change": can_change,
        "is_pending": organization.status == Organization.Status.PENDING,
        "missing": missing,
        "edit_url": edit_url,
        "stale_on": stale_on,
    }


# --- A coordinator: the profiles of their areas to look at --------------------------------


def profiles_to_check(request, membership) -> dict | None:
    if not acts_as_coordinator(request, membership):
        return None
    needing = selectors.profiles_needing_attention(user=request.user)
    count = needing.count()
    return {
        "organizations": list(needing[:CHECK_LIMIT]) if count else [],
        "count": count,
        "applications": Organization.objects.applications_for(request.user).count(),
    }

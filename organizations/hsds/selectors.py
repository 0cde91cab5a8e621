"""What the export reads, with a fixed number of queries however many rows."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from ..models import Activity, Location, Organization, TargetGroup, Theme
from .ids import _HEAVY, organization_uuid, parse_uuid, service_uuid

# --- selectors -------------------------------------------------------------------------


def _activities() -> QuerySet[Activity]:
    return (
        Activity.objects.select_related("location")
        .prefetch_related("languages", "themes", "target_groups")
        .order_by("name", "pk")
    )


def organizations_for_export(modified_after: datetime | None = None) -> QuerySet[Organization]:
    """Active organisations with everything organization_to_hsds reads: nine queries for
    any page, counting included. `modified_after`: the organisation or one of its
    activities changed then or later."""
    queryset = Organization.objects.public().defer(*_HEAVY)
    if modified_after is not None:
        changed_activity = Activity.objects.filter(
            organization=OuterRef("pk"), updated_at__gte=modified_after
        )
        queryset = queryset.filter(Q(updated_at__gte=modified_after) | Exists(changed_activity))
    return queryset.order_by("name", "pk").prefetch_related(
        "themes",
        "target_groups",
        Prefetch("locations", queryset=Location.objects.all()),
        Prefetch("activities", queryset=_activities()),
    )


def services_for_export(modified_after: datetime | None = None) -> QuerySet[Activity]:
    """Activities of active organisations, with what service_to_hsds reads.
    `modified_after`: the activity or its organisation changed then or later."""
    queryset = Activity.objects.filter(organization__status=Organization.Status.ACTIVE)
    if modified_after is not None:
        queryset = queryset.filter(
            Q(updated_at__gte=modified_after) | Q(organization__updated_at__gte=modified_after)
        )
    return (
        queryset.select_related("organization", "location")
        .defer(*(f"organization__{field}" for field in _HEAVY))
        .prefetch_related("languages", "themes", "target_groups")
        .order_by("organization__name", "organization_id", "name", "pk")
    )


def taxonomy_terms_for_export() -> list[Theme | TargetGroup]:
    """Every theme, then every target group: two queries."""
    return [*Theme.objects.all(), *TargetGroup.objects.all()]


def _pk_for(queryset: QuerySet, hsds_id: str, to_uuid) -> int | None:
    """The primary key whose derived UUID is `hsds_id`. uuid5 cannot be reversed, so this
    derives the UUID of every candidate id: one query over the ids only."""
    wanted = parse_uuid(hsds_id)
    if wanted is None:
        return None
    for pk in queryset.values_list("pk", flat=True).iterator():
        if to_uuid(pk) == wanted:
            return pk
    return None


def organization_for_export(hsds_id: str) -> Organization | None:
    active = Organization.objects.public()
    pk = _pk_for(active, hsds_id, organization_uuid)
    return None if pk is None else organizations_for_export().filter(pk=pk).first()


def service_for_export(hsds_id: str) -> Activity | None:
    queryset = Activity.objects.filter(organization__status=Organization.Status.ACTIVE)
    pk = _pk_for(queryset, hsds_id, service_uuid)
    return None if pk is None else services_for_export().filter(pk=pk).first()

from django.db.models import Exists, OuterRef, Q, QuerySet

from coact.models import AuditEvent

from ..models import Membership, WelfareArea


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """A platform admin sees every event; a coordinator the events of their areas
    (WelfareArea.objects.coordinated_by) and of the people who belong to them."""
    qs = AuditEvent.objects.all()
    if user.is_superuser:
        return qs
    areas = WelfareArea.objects.coordinated_by(user)
    in_area = Membership.objects.filter(user_id=OuterRef("actor_id")).filter(
        Q(welfare_area__in=areas)
        | Q(organization__welfare_area__in=areas)
        | Q(service_unit__welfare_area__in=areas)
    )
    return qs.filter(Q(welfare_area_code__in=areas.values("code")) | Exists(in_area))

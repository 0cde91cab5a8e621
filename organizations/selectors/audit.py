from django.db.models import Exists, OuterRef, Q, QuerySet

from coact.models import AuditEvent

from ..access import coordinated_area_ids
from ..models import Membership, WelfareArea


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    """A platform admin sees every event; a coordinator the events of their areas and of
    the people who belong to them."""
    qs = AuditEvent.objects.all()
    if user.is_superuser:
        return qs
    area_ids = coordinated_area_ids(user)
    codes = list(WelfareArea.objects.filter(pk__in=area_ids).values_list("code", flat=True))
    in_area = Membership.objects.filter(user_id=OuterRef("actor_id")).filter(
        Q(welfare_area_id__in=area_ids)
        | Q(organization__welfare_area_id__in=area_ids)
        | Q(service_unit__welfare_area_id__in=area_ids)
    )
    return qs.filter(Q(welfare_area_code__in=codes) | Exists(in_area))

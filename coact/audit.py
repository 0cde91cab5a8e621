"""The one way to write the audit log."""

from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import AuditEvent
from .request_context import client_ip, current_request

Action = AuditEvent.Action


def audit_record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    object_repr: str | None = None,
    welfare_area_code: str = "",
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. `obj` is named by type and id; its text form is kept only when
    `object_repr` is not given and the object is not client data (pass object_repr="")."""
    request = request or current_request.get()
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    event = AuditEvent(
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_email=getattr(actor, "email", "") or "",
        welfare_area_code=welfare_area_code,
        details=details or {},
        ip_address=client_ip(request),
        request_id=getattr(request, "request_id", "") if request is not None else "",
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = (str(obj) if object_repr is None else object_repr)[:200]
    elif object_repr:
        event.object_repr = object_repr[:200]
    event.save()
    return event

"""The shared part of "may this user do this to this object".

Each domain app keeps its own rules next to its models (`organizations/rules.py`,
`networks/rules.py`), loaded by django-rules' autodiscovery, so `user.has_perm("app.x",
obj)`, the `{% has_perm %}` template tag and `require()` below all ask the same question.
Which objects a person may see is said by the QuerySet methods next to each model
(`Meeting.objects.visible_to(user)`...): views look objects up through them, so a foreign
id is a 404. This module imports no domain app.
"""

from __future__ import annotations

from collections.abc import Callable

import rules
from django.core.exceptions import PermissionDenied

superuser = rules.is_superuser


def require(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied (a 403, written to the audit log) unless allowed."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


# --- Client data: who must use two-factor authentication ---------------------------------

ClientDataCheck = Callable[[object], bool]
_client_data_checks: list[ClientDataCheck] = []


def register_client_data_check(check: ClientDataCheck) -> None:
    """An app says which of its roles reach client data (organizations: the NGO admin, the
    referral handler, unit staff, coordinators). Registered once, however often loaded."""
    if check not in _client_data_checks:
        _client_data_checks.append(check)


def has_client_data_access(user) -> bool:
    """People who can reach client data must use two-factor authentication."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(check(user) for check in _client_data_checks)

"""The demo sign-ins (sign_ins.yaml): their accounts, with the password
settings.DEMO_PASSWORD and a verified address, and the one membership each holds."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings

from coact.models import User

from ..models import Membership, Organization, ServiceUnit, WelfareArea
from .values import read as read_file

# Where a sign-in's membership points: its key in sign_ins.yaml -> (model, lookup field).
_MEMBERSHIP_TARGETS = {
    "welfare_area": (WelfareArea, "code"),
    "organization": (Organization, "slug"),
    "service_unit": (ServiceUnit, "slug"),
}


def load_sign_ins() -> dict[str, tuple[User, bool, str]]:
    """The demo sign-ins, with the password settings.DEMO_PASSWORD and a verified address."""
    users = {}
    for key, spec in read_file("sign_ins.yaml").items():
        user, created = User.objects.update_or_create(
            email=spec["email"],
            defaults={"name": spec["name"], "preferred_language": spec["language"]},
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        users[key] = (user, created, spec["role"])
    return users


def add_memberships(users: dict) -> None:
    for key, spec in read_file("sign_ins.yaml").items():
        user, _created, role = users[key]
        target = {
            name: model.objects.get(**{lookup: spec[name]})
            for name, (model, lookup) in _MEMBERSHIP_TARGETS.items()
            if name in spec
        }
        Membership.objects.get_or_create(user=user, role=role, **target)

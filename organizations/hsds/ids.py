"""HSDS constants and stable ids: uuid5(NAMESPACE, "<kind>:<pk>"), never to change."""

from __future__ import annotations

import uuid
from pathlib import Path

HSDS_VERSION = "3.0"
# A fixed namespace for this project's HSDS ids (uuid5 of the URL namespace and
# "https://coact-portal/hsds", written out so that it can never drift).
NAMESPACE = uuid.UUID("8a2cee98-909e-5d24-bea4-a3e74089adb4")
THEME_TAXONOMY = "coact-themes"
TARGET_GROUP_TAXONOMY = "coact-target-groups"
BUSINESS_ID_TYPE = "Y-tunnus"
COUNTRY = "FI"
CURRENCY = "EUR"

# The vendored HSDS 3.0 schemas (schema-3.0/ beside this module, with their licence) and
# the URL they are published under upstream, which their "$ref"s resolve against. The
# folder's name is not a Python identifier, so it cannot be mistaken for the module
# schemas.py.
SCHEMA_DIR = Path(__file__).resolve().parent / "schema-3.0"
SCHEMA_BASE_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI_URL = SCHEMA_BASE_URL + "openapi.json"
# No HSDS profile: the base specification.
PROFILE_URL = "https://github.com/openreferral/specification/tree/3.0/schema"

_HEAVY = ("search_fi", "search_sv", "search_en")


# --- ids -------------------------------------------------------------------------------


def hsds_uuid(kind: str, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *(str(part) for part in parts)])))


def organization_uuid(pk: int) -> str:
    return hsds_uuid("organization", pk)


def service_uuid(pk: int) -> str:
    return hsds_uuid("service", pk)


def location_uuid(pk: int) -> str:
    return hsds_uuid("location", pk)


def theme_uuid(pk: int) -> str:
    return hsds_uuid("theme", pk)


def target_group_uuid(pk: int) -> str:
    return hsds_uuid("target_group", pk)


def taxonomy_uuid(name: str) -> str:
    return hsds_uuid("taxonomy", name)


def parse_uuid(value: str) -> str | None:
    """The canonical text of a UUID, or None when `value` is not one."""
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError, AttributeError):
        return None

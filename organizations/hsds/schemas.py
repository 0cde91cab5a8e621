"""The vendored HSDS 3.0 JSON schemas, for validating what is exported and imported."""

from __future__ import annotations

import json
from functools import cache

from .ids import SCHEMA_BASE_URL, SCHEMA_DIR

# --- the vendored JSON schemas ---------------------------------------------------------


@cache
def schema_registry():
    """Every vendored HSDS schema in a `referencing` registry under its upstream URL, so
    that "$ref": "attribute.json" resolves from disk and never over the network."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (SCHEMA_BASE_URL + path.name, Resource.from_contents(contents, DRAFT202012))
        )
    return Registry().with_resources(resources)


def schema_ref(name: str) -> dict:
    """A schema that is the vendored `name` ("organization", "service"...)."""
    return {"$ref": SCHEMA_BASE_URL + f"{name}.json"}


# The fully nested organization: the organization schema plus its services, as the
# reference's compiled/organization.json has it.
NESTED_ORGANIZATION_SCHEMA = {
    "allOf": [schema_ref("organization")],
    "properties": {"services": {"type": "array", "items": schema_ref("service")}},
}


def validator(schema: dict):
    """A draft 2020-12 validator (the dialect of the HSDS API reference) that resolves
    references from the vendored files and checks formats (uuid, email, uri...)."""
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(schema, registry=schema_registry(), format_checker=FormatChecker())

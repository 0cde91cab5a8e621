"""Shared set-up for the HSDS tests: validation against the official HSDS 3.0 JSON schemas
vendored in organizations/hsds/schema-3.0/ (with their licence), "$ref"s between the files
resolved from a local `referencing` registry, never over the network; reading a page of
the API; and a small directory to export."""

import json
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from organizations.models import Activity, Language, Organization, TargetGroup, Theme
from tests.factories import (
    ActivityFactory,
    LocationFactory,
    OrganizationFactory,
    UserFactory,
    WelfareAreaFactory,
)

SCHEMAS = Path(__file__).resolve().parents[2] / "organizations" / "hsds" / "schema-3.0"
UPSTREAM = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
BUSINESS_ID = "2617416-4"


# --- schema validation -------------------------------------------------------------------


def _no_network(uri: str):
    raise NoSuchResource(ref=uri)


@cache
def registry() -> Registry:
    resources = [
        (UPSTREAM + path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in SCHEMAS.glob("*.json")
        if path.name != "openapi.json"
    ]
    return Registry(retrieve=_no_network).with_resources(resources)


def schema_errors(instance, schema: dict) -> list[str]:
    validator = Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def assert_valid(instance, name: str) -> None:
    schema = {"$ref": UPSTREAM + f"{name}.json"}
    if name == "organization":
        # The fully nested organization of the API reference (compiled/organization.json):
        # the organization schema plus an array of services.
        schema = {
            "allOf": [schema],
            "properties": {
                "services": {"type": "array", "items": {"$ref": UPSTREAM + "service.json"}}
            },
        }
    errors = schema_errors(instance, schema)
    assert errors == [], f"{name} {instance.get('id')} is not valid HSDS 3.0: {errors}"


def page_schema() -> dict:
    openapi = json.loads((SCHEMAS / "openapi.json").read_text())
    page = openapi["components"]["schemas"]["Page"]
    return {
        **page,
        "required": [*page["properties"], "contents"],
        "properties": {**page["properties"], "contents": {"type": "array"}},
    }


def get_page(client, path: str, **params) -> dict:
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    page = response.json()
    assert schema_errors(page, page_schema()) == []
    return page


# --- a small directory ---------------------------------------------------------------------


@pytest.fixture
def directory():
    area = WelfareAreaFactory(code="vantaa-kerava")
    families = Theme.objects.get(slug="families-and-children")
    youth = Theme.objects.get(slug="youth")
    Theme.objects.filter(pk=youth.pk).update(name_sv="", name_en=None)  # Finnish only
    women = TargetGroup.objects.get(slug="women")
    somali, arabic, finnish = (
        Language.objects.get_or_create(code=code)[0] for code in ("so", "ar", "fi")
    )
    verifier = UserFactory(email="staff.person@vantaa.example", name="Sanna Staff")

    ngo = OrganizationFactory(
        welfare_area=area,
        name="Monikulttuurinen perheyhdistys ry",
        slug="perheyhdistys",
        description_fi="Vertaisryhmiä perheille.",
        description_sv="Kamratgrupper för familjer.",
        legal_form=Organization.LegalForm.ASSOCIATION,
        business_id=BUSINESS_ID,
        email="info@perheyhdistys.example",
        website="https://perheyhdistys.example/",
        phone="+358 40 123 4567",
        last_confirmed_at=datetime(2025, 3, 14, 10, 0, tzinfo=UTC),
        verified_by=verifier,
        submitted_by=verifier,
    )
    ngo.themes.set([families, youth])
    ngo.target_groups.set([women])
    ngo.languages.set([somali, arabic, finnish])
    centre = LocationFactory(
        organization=ngo,
        name="Perhetalo",
        street_address="Tikkurilantie 10",
        postal_code="01300",
        municipality="Vantaa",
        latitude=Decimal("60.292000"),
        longitude=Decimal("25.040000"),
        accessibility="Esteetön sisäänkäynti.",
    )
    group = ActivityFactory(
        organization=ngo,
        name_fi="Äitien ryhmä",
        name_sv="Mammagrupp",
        description_fi="Ryhmä äideille.",
        description_sv="En grupp för mammor.",
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        schedule_description_fi="Tiistaisin klo 17-19",
        location=centre,
        free_of_charge=True,
    )
    group.languages.set([somali, finnish])
    group.themes.set([families])
    group.target_groups.set([women])
    counselling = ActivityFactory(
        organization=ngo,
        name_fi="Neuvonta verkossa",
        description_fi="Neuvontaa etänä.",  # no Swedish: falls back to Finnish
        recurrence="FREQ=MONTHLY;BYDAY=1WE;UNTIL=20261231T000000Z",
        online=True,
        free_of_charge=False,
        cost_description="5 € kerta",
        kind=Activity.Kind.COUNSELLING,
    )
    counselling.languages.set([arabic])
    counselling.themes.set([youth])

    small = OrganizationFactory(
        welfare_area=area,
        name="Kerhon ystävät",
        slug="kerhon-ystavat",
        legal_form=Organization.LegalForm.UNREGISTERED,
        description_fi="Pieni vapaaehtoisryhmä.",
    )
    ActivityFactory(organization=small, name_fi="Kielikahvila")

    pending = OrganizationFactory(
        welfare_area=area, name="Odottava yhdistys", slug="odottava", status="pending"
    )
    ActivityFactory(organization=pending, name_fi="Salainen ryhmä")
    rejected = OrganizationFactory(
        welfare_area=area, name="Hylätty yhdistys", slug="hylatty", status="rejected"
    )
    ActivityFactory(organization=rejected, name_fi="Hylätty ryhmä")
    return {
        "area": area,
        "ngo": ngo,
        "small": small,
        "pending": pending,
        "rejected": rejected,
        "group": group,
        "counselling": counselling,
        "centre": centre,
    }

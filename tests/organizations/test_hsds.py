"""The Open Referral HSDS 3.0 export (/api/hsds/) and `manage.py hsds_import`.

Every exported object is validated against the official HSDS 3.0 JSON schemas vendored in
organizations/hsds/schema-3.0/ (with their licence); "$ref"s between the files resolve from a local
`referencing` registry, never over the network."""

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localdate
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from organizations import hsds
from organizations.models import Activity, Language, Location, Organization, TargetGroup, Theme
from tests.factories import (
    ActivityFactory,
    LocationFactory,
    OrganizationFactory,
    UserFactory,
    WelfareAreaFactory,
)

pytestmark = pytest.mark.django_db

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


def test_the_local_schemas_resolve_references_and_catch_errors():
    """The registry really follows "$ref"s into other files: a bad nested value fails."""
    service = {
        "id": str(uuid.uuid4()),
        "name": "Ryhmä",
        "status": "active",
        "schedules": [{"id": str(uuid.uuid4()), "freq": "DAILY"}],
        "attributes": [{"id": str(uuid.uuid4()), "taxonomy_term": {"id": "not-a-uuid"}}],
    }
    errors = schema_errors(service, {"$ref": UPSTREAM + "service.json"})
    assert any(error.startswith("schedules/0/freq") for error in errors)
    assert any(error.startswith("attributes/0/taxonomy_term") for error in errors)


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


# --- the endpoints ------------------------------------------------------------------------


def test_root_describes_the_api(client, db):
    response = client.get("/api/hsds/")

    assert response.status_code == 200
    data = response.json()
    assert data["version"] == "3.0"
    assert data["profile"].startswith("https://")
    assert data["openapi_url"] == UPSTREAM + "openapi.json"


def test_organizations_are_valid_hsds_with_services_and_locations(client, directory):
    page = get_page(client, "/api/hsds/organizations")

    assert page["total_items"] == 2
    assert [item["name"] for item in page["contents"]] == [
        "Kerhon ystävät",
        "Monikulttuurinen perheyhdistys ry",
    ]
    for item in page["contents"]:
        assert_valid(item, "organization")
    ngo = page["contents"][1]
    assert ngo["id"] == str(uuid.uuid5(hsds.NAMESPACE, f"organization:{directory['ngo'].pk}"))
    assert ngo["description"] == "Vertaisryhmiä perheille."
    assert ngo["email"] == "info@perheyhdistys.example"
    assert ngo["website"] == "https://perheyhdistys.example/"
    assert ngo["organization_identifiers"] == [
        {
            "id": ngo["organization_identifiers"][0]["id"],
            "organization_id": ngo["id"],
            "identifier_type": "Y-tunnus",
            "identifier": BUSINESS_ID,
        }
    ]
    assert [service["name"] for service in ngo["services"]] == [
        "Neuvonta verkossa",
        "Äitien ryhmä",
    ]
    assert {term["taxonomy_term"]["code"] for term in ngo["attributes"]} == {
        "families-and-children",
        "youth",
        "women",
    }
    (location,) = ngo["locations"]
    assert location["addresses"][0] | {"id": None} == {
        "id": None,
        "location_id": location["id"],
        "address_1": "Tikkurilantie 10",
        "city": "Vantaa",
        "state_province": "",
        "postal_code": "01300",
        "country": "FI",
        "address_type": "physical",
    }
    assert (location["latitude"], location["longitude"]) == (60.292, 25.04)
    assert location["accessibility"][0]["description"] == "Esteetön sisäänkäynti."
    # The small unregistered group has no business id and no location.
    small = page["contents"][0]
    assert small["organization_identifiers"] == []
    assert small["locations"] == []


def test_services_are_valid_hsds(client, directory):
    page = get_page(client, "/api/hsds/services")

    assert page["total_items"] == 3
    for item in page["contents"]:
        assert_valid(item, "service")
    by_name = {item["name"]: item for item in page["contents"]}
    group = by_name["Äitien ryhmä"]
    assert group["id"] == str(uuid.uuid5(hsds.NAMESPACE, f"service:{directory['group'].pk}"))
    assert group["organization_id"] == hsds.organization_uuid(directory["ngo"].pk)
    assert group["organization"]["name"] == "Monikulttuurinen perheyhdistys ry"
    assert group["status"] == "active"
    assert group["assured_date"] == "2025-03-14"
    assert datetime.fromisoformat(group["last_modified"])
    assert [(lang["code"], lang["name"]) for lang in group["languages"]] == [
        ("fi", "Suomi"),
        ("so", "Somali"),
    ]
    (schedule,) = group["schedules"]
    assert schedule["freq"] == "WEEKLY"
    assert schedule["byday"] == "TU"
    assert schedule["description"] == "Tiistaisin klo 17-19"
    assert schedule["attending_type"] == "in person"
    assert group["cost_options"][0]["amount"] == 0
    (at_location,) = group["service_at_locations"]
    assert at_location["location_id"] == hsds.location_uuid(directory["centre"].pk)
    assert at_location["location"]["name"] == "Perhetalo"
    assert {(a["link_type"], a["taxonomy_term"]["code"]) for a in group["attributes"]} == {
        ("theme", "families-and-children"),
        ("target_group", "women"),
    }

    counselling = by_name["Neuvonta verkossa"]
    (schedule,) = counselling["schedules"]
    assert (schedule["freq"], schedule["byday"], schedule["until"]) == (
        "MONTHLY",
        "1WE",
        "2026-12-31",
    )
    assert schedule["attending_type"] == "online"
    assert counselling["service_at_locations"] == []
    assert "amount" not in counselling["cost_options"][0]
    assert counselling["fees_description"] == "5 € kerta"


def test_each_listed_object_has_its_own_url(client, directory):
    organizations = get_page(client, "/api/hsds/organizations")["contents"]
    services = get_page(client, "/api/hsds/services")["contents"]

    for item in organizations:
        response = client.get(f"/api/hsds/organizations/{item['id']}")
        assert response.status_code == 200
        assert response.json() == item
        assert_valid(response.json(), "organization")
    for item in services:
        response = client.get(f"/api/hsds/services/{item['id']}")
        assert response.status_code == 200
        assert response.json() == item
        assert_valid(response.json(), "service")


def test_taxonomy_terms_are_valid_hsds(client, directory):
    page = get_page(client, "/api/hsds/taxonomy_terms", lang="sv")

    for item in page["contents"]:
        assert_valid(item, "taxonomy_term")
    terms = {(item["taxonomy"], item["code"]): item for item in page["contents"]}
    assert page["total_items"] == len(terms) == Theme.objects.count() + TargetGroup.objects.count()
    assert {code for taxonomy, code in terms if taxonomy == "coact-themes"} == set(
        Theme.objects.values_list("slug", flat=True)
    )
    assert {code for taxonomy, code in terms if taxonomy == "coact-target-groups"} == set(
        TargetGroup.objects.values_list("slug", flat=True)
    )
    families = terms["coact-themes", "families-and-children"]
    assert (families["name"], families["language"]) == ("Familjer och barn", "sv")
    assert terms["coact-target-groups", "women"]["name"] == "Kvinnor"
    # No Swedish name: the Finnish one, marked as Finnish.
    youth = terms["coact-themes", "youth"]
    assert (youth["name"], youth["language"]) == ("Nuoret", "fi")
    assert youth["id"] == hsds.theme_uuid(Theme.objects.get(slug="youth").pk)


def test_pending_and_rejected_organisations_are_not_exported(client, directory):
    organizations = get_page(client, "/api/hsds/organizations", per_page=200)
    services = get_page(client, "/api/hsds/services", per_page=200)
    body = json.dumps([organizations, services], ensure_ascii=False)

    for hidden in ("Odottava yhdistys", "Salainen ryhmä", "Hylätty yhdistys", "Hylätty ryhmä"):
        assert hidden not in body
    for hidden in ("pending", "rejected"):
        organization_id = hsds.organization_uuid(directory[hidden].pk)
        assert client.get(f"/api/hsds/organizations/{organization_id}").status_code == 404
        activity = directory[hidden].activities.get()
        assert client.get(f"/api/hsds/services/{hsds.service_uuid(activity.pk)}").status_code == 404


def test_nothing_personal_is_exported(client, directory):
    bodies = [
        client.get(path).content.decode()
        for path in (
            "/api/hsds/organizations",
            "/api/hsds/services",
            f"/api/hsds/organizations/{hsds.organization_uuid(directory['ngo'].pk)}",
        )
    ]

    for body in bodies:
        assert "staff.person@vantaa.example" not in body
        assert "Sanna Staff" not in body
        assert '"contacts"' not in body
        assert "assurer_email" not in body


def test_paging_numbers(client, db):
    area = WelfareAreaFactory()
    for number in range(5):
        OrganizationFactory(welfare_area=area, name=f"Yhdistys {number}")

    first = get_page(client, "/api/hsds/organizations", per_page=2)
    last = get_page(client, "/api/hsds/organizations", per_page=2, page=3)
    beyond = get_page(client, "/api/hsds/organizations", per_page=2, page=4)

    assert {key: value for key, value in first.items() if key != "contents"} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    assert [item["name"] for item in first["contents"]] == ["Yhdistys 0", "Yhdistys 1"]
    assert (last["size"], last["first_page"], last["last_page"], last["empty"]) == (
        1,
        False,
        True,
        False,
    )
    assert [item["name"] for item in last["contents"]] == ["Yhdistys 4"]
    assert (beyond["size"], beyond["empty"], beyond["contents"]) == (0, True, [])
    default = get_page(client, "/api/hsds/organizations")
    assert (default["total_pages"], default["size"]) == (1, 5)


def test_an_empty_directory_is_an_empty_page(client, db):
    page = get_page(client, "/api/hsds/services")

    assert page == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


def test_modified_after_filters_by_updated_at(client, directory):
    long_ago = datetime(2024, 1, 1, tzinfo=UTC)
    Organization.objects.update(updated_at=long_ago)
    Activity.objects.update(updated_at=long_ago)
    Activity.objects.filter(pk=directory["group"].pk).update(
        updated_at=datetime(2025, 6, 1, 12, tzinfo=UTC)
    )

    def names(path, value):
        return {item["name"] for item in get_page(client, path, modified_after=value)["contents"]}

    assert names("/api/hsds/services", "2025-05-01T00:00:00Z") == {"Äitien ryhmä"}
    assert names("/api/hsds/services", "2025-06-01T15:00:00+03:00") == {"Äitien ryhmä"}
    assert names("/api/hsds/services", "2025-06-01T15:00:01+03:00") == set()
    assert names("/api/hsds/services", "2025-05-01") == {"Äitien ryhmä"}
    # An activity that changed makes its organisation changed too.
    assert names("/api/hsds/organizations", "2025-05-01T00:00:00Z") == {
        "Monikulttuurinen perheyhdistys ry"
    }
    assert len(names("/api/hsds/services", "2023-12-31T00:00:00Z")) == 3
    # A '+' that was not URL-encoded arrives as a space and is still understood.
    response = client.get("/api/hsds/services?modified_after=2025-06-01T15:00:00+03:00")
    assert response.status_code == 200
    assert [item["name"] for item in response.json()["contents"]] == ["Äitien ryhmä"]


def test_swedish_with_finnish_fallback(client, directory):
    organizations = get_page(client, "/api/hsds/organizations", lang="sv")["contents"]
    ngo = next(item for item in organizations if item["name"].startswith("Monikulttuurinen"))
    small = next(item for item in organizations if item["name"] == "Kerhon ystävät")
    services = {service["id"]: service for service in ngo["services"]}
    group = services[hsds.service_uuid(directory["group"].pk)]
    counselling = services[hsds.service_uuid(directory["counselling"].pk)]

    assert ngo["description"] == "Kamratgrupper för familjer."
    assert small["description"] == "Pieni vapaaehtoisryhmä."  # no Swedish: Finnish
    assert (group["name"], group["description"]) == ("Mammagrupp", "En grupp för mammor.")
    assert (counselling["name"], counselling["description"]) == (
        "Neuvonta verkossa",
        "Neuvontaa etänä.",
    )
    assert group["schedules"][0]["description"] == "Tiistaisin klo 17-19"
    assert [lang["name"] for lang in group["languages"]] == ["Finska", "Somaliska"]


def test_language_from_accept_language_header(client, directory):
    path = f"/api/hsds/services/{hsds.service_uuid(directory['group'].pk)}"

    swedish = client.get(path, headers={"accept-language": "de;q=1, sv-FI;q=0.8, en;q=0.5"})
    english = client.get(path, headers={"accept-language": "en-GB"})
    unknown = client.get(path, headers={"accept-language": "de"})
    chosen = client.get(path + "?lang=en", headers={"accept-language": "sv"})

    assert swedish.json()["name"] == "Mammagrupp"
    assert swedish["Content-Language"] == "sv"
    assert english["Content-Language"] == "en"
    assert english.json()["name"] == "Äitien ryhmä"  # no English name: Finnish
    assert unknown["Content-Language"] == "fi"
    assert chosen["Content-Language"] == "en"


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=99999999999999999999", "page"),
        ("per_page=0", "per_page"),
        ("per_page=1000", "per_page"),
        ("per_page=x", "per_page"),
        ("modified_after=not-a-date", "modified_after"),
        ("modified_after=2025-13-45T00:00:00Z", "modified_after"),
        ("lang=de", "lang"),
    ],
)
@pytest.mark.parametrize("path", ["/api/hsds/organizations", "/api/hsds/services"])
def test_bad_parameters_are_a_400_that_says_what_is_wrong(client, db, path, query, named):
    response = client.get(f"{path}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert named in response.json()["error"]


def test_bad_language_on_other_endpoints(client, db):
    for path in ("/api/hsds/", "/api/hsds/taxonomy_terms", f"/api/hsds/services/{uuid.uuid4()}"):
        response = client.get(path, {"lang": "xx"})
        assert response.status_code == 400
        assert "lang" in response.json()["error"]


@pytest.mark.parametrize("kind", ["services", "organizations"])
@pytest.mark.parametrize("hsds_id", [str(uuid.uuid4()), "not-a-uuid", "12"])
def test_unknown_ids_are_a_404(client, directory, kind, hsds_id):
    response = client.get(f"/api/hsds/{kind}/{hsds_id}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "error" in response.json()


def test_only_reading(client, db):
    assert client.post("/api/hsds/organizations").status_code == 405


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "path", ["/api/hsds/organizations", "/api/hsds/services", "/api/hsds/taxonomy_terms"]
)
def test_list_queries_do_not_grow_with_the_directory(client, directory, path):
    few = _queries(client, path)

    themes = list(Theme.objects.all())
    for number in range(8):
        organization = OrganizationFactory(welfare_area=directory["area"], business_id="")
        organization.themes.set(themes)
        location = LocationFactory(organization=organization)
        for _ in range(2):
            activity = ActivityFactory(organization=organization, location=location)
            activity.languages.set(Language.objects.all())
            activity.themes.set(themes)
        TargetGroup.objects.create(slug=f"group-{number}", name_fi="Ryhmä")

    assert _queries(client, path) == few


# --- RRULE <-> HSDS schedule --------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "fields", "complete"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", {"freq": "WEEKLY", "byday": "TU"}, True),
        ("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", {"freq": "WEEKLY", "interval": 2,
         "byday": "MO,TH"}, True),
        ("FREQ=MONTHLY;BYDAY=-1FR;COUNT=6", {"freq": "MONTHLY", "byday": "-1FR", "count": 6},
         True),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15;UNTIL=20261231", {"freq": "MONTHLY",
         "bymonthday": "1,15", "until": "2026-12-31"}, True),
        ("DTSTART:20250107T170000\nRRULE:FREQ=WEEKLY;BYDAY=TU;WKST=MO",
         {"freq": "WEEKLY", "byday": "TU", "wkst": "MO", "dtstart": "2025-01-07"}, True),
        ("FREQ=DAILY", {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU"}, True),
        ("FREQ=YEARLY;BYMONTH=6", {}, False),
        ("FREQ=WEEKLY;BYDAY=TU;BYHOUR=17", {"freq": "WEEKLY", "byday": "TU"}, False),
        ("nonsense", {}, False),
    ],
)  # fmt: skip
def test_rrule_to_schedule(rule, fields, complete):
    assert hsds.rrule_to_schedule_fields(rule) == (fields, complete)


def test_an_rrule_hsds_cannot_hold_is_kept_whole_in_the_notes(directory):
    activity = directory["group"]
    activity.recurrence = "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1"
    (schedule,) = hsds.schedules_to_hsds(activity, hsds.ExportContext())

    assert "freq" not in schedule
    assert schedule["notes"] == "RRULE:FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1"
    assert_valid({"id": str(uuid.uuid4()), "name": "x", "status": "active",
                  "schedules": [schedule]}, "service")  # fmt: skip
    assert hsds.schedule_fields_to_rrule(schedule) == "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1"
    activity.recurrence = "DTSTART:20250601T100000\nRRULE:FREQ=YEARLY;BYMONTH=6"
    (schedule,) = hsds.schedules_to_hsds(activity, hsds.ExportContext())
    assert (schedule["dtstart"], schedule["notes"]) == ("2025-06-01", "RRULE:FREQ=YEARLY;BYMONTH=6")


@pytest.mark.parametrize(
    "rule",
    ["FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
     "FREQ=MONTHLY;BYDAY=1WE;UNTIL=20261231", "FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=4"],
)  # fmt: skip
def test_schedule_back_to_rrule(rule):
    fields, _complete = hsds.rrule_to_schedule_fields(rule)

    assert hsds.schedule_fields_to_rrule(fields) == rule


# --- hsds_import --------------------------------------------------------------------------


def export(client, **params) -> dict:
    return get_page(client, "/api/hsds/organizations", per_page=200, **params)


def run_import(path, *args) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("hsds_import", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_then_import_into_another_area(client, directory, tmp_path):
    other_area = WelfareAreaFactory(code="pirkanmaa")
    source = tmp_path / "directory.json"
    source.write_text(json.dumps(export(client)["contents"]))

    out, err = run_import(source, "--area", "pirkanmaa")

    assert out.strip() == "created 2, updated 0, invalid 0"
    assert err == ""
    imported = Organization.objects.filter(welfare_area=other_area)
    assert {organization.name for organization in imported} == {
        "Monikulttuurinen perheyhdistys ry",
        "Kerhon ystävät",
    }
    ngo = imported.get(name="Monikulttuurinen perheyhdistys ry")
    original = directory["ngo"]
    assert ngo.slug == "hsds-" + hsds.organization_uuid(original.pk)[:12]
    assert ngo.status == Organization.Status.ACTIVE
    assert ngo.description_fi == "Vertaisryhmiä perheille."
    assert (ngo.business_id, ngo.email, ngo.website, ngo.phone) == (
        BUSINESS_ID,
        "info@perheyhdistys.example",
        "https://perheyhdistys.example/",
        "+358 40 123 4567",
    )
    assert ngo.legal_form == Organization.LegalForm.ASSOCIATION
    assert localdate(ngo.last_confirmed_at) == localdate(original.last_confirmed_at)
    assert set(ngo.themes.values_list("slug", flat=True)) == {"families-and-children", "youth"}
    assert set(ngo.target_groups.values_list("slug", flat=True)) == {"women"}
    assert set(ngo.languages.values_list("code", flat=True)) == {"so", "ar", "fi"}
    assert ngo.verified_by is None

    (location,) = ngo.locations.all()
    assert (location.name, location.street_address, location.postal_code) == (
        "Perhetalo",
        "Tikkurilantie 10",
        "01300",
    )
    assert (location.municipality, location.latitude, location.longitude) == (
        "Vantaa",
        Decimal("60.292000"),
        Decimal("25.040000"),
    )
    assert location.accessibility == "Esteetön sisäänkäynti."

    activities = {activity.name_fi: activity for activity in ngo.activities.all()}
    assert set(activities) == {"Äitien ryhmä", "Neuvonta verkossa"}
    group, counselling = activities["Äitien ryhmä"], activities["Neuvonta verkossa"]
    assert group.description_fi == "Ryhmä äideille."
    assert group.recurrence == "FREQ=WEEKLY;BYDAY=TU"
    assert group.schedule_description_fi == "Tiistaisin klo 17-19"
    assert group.location == location
    assert (group.online, group.free_of_charge) == (False, True)
    assert set(group.languages.values_list("code", flat=True)) == {"so", "fi"}
    assert set(group.themes.values_list("slug", flat=True)) == {"families-and-children"}
    assert set(group.target_groups.values_list("slug", flat=True)) == {"women"}
    assert counselling.recurrence == "FREQ=MONTHLY;BYDAY=1WE;UNTIL=20261231"
    assert (counselling.online, counselling.free_of_charge) == (True, False)
    assert counselling.cost_description == "5 € kerta"
    assert counselling.location is None

    small = imported.get(name="Kerhon ystävät")
    assert small.legal_form == Organization.LegalForm.UNREGISTERED
    assert [activity.name_fi for activity in small.activities.all()] == ["Kielikahvila"]

    # The originals are untouched, and each copy exports as the same HSDS data as its
    # original, but for the ids and modification times.
    assert Organization.objects.filter(welfare_area=directory["area"]).count() == 4
    exported = {item["id"]: item for item in export(client)["contents"]}
    for original, copy in ((directory["ngo"], ngo), (directory["small"], small)):
        before = exported[hsds.organization_uuid(original.pk)]
        after = exported[hsds.organization_uuid(copy.pk)]
        assert without_ids(after) == without_ids(before)


def test_an_import_names_who_ran_it_in_the_history_and_the_audit_log(client, directory, tmp_path):
    from coact.models import AuditEvent
    from organizations.services import HSDS_IMPORT_REASON

    WelfareAreaFactory(code="pirkanmaa")
    admin = UserFactory(email="importer@example.org")
    source = tmp_path / "directory.json"
    source.write_text(json.dumps(export(client)["contents"]))

    run_import(source, "--area", "pirkanmaa", "--by", "Importer@example.org")

    ngo = Organization.objects.get(welfare_area__code="pirkanmaa", name__startswith="Monikult")
    records = [
        *ngo.history.all(),
        *Activity.history.filter(organization_id=ngo.pk),
        *Location.history.filter(organization_id=ngo.pk),
    ]
    assert records
    assert {(record.history_user_id, record.history_change_reason) for record in records} == {
        (admin.pk, HSDS_IMPORT_REASON)
    }
    [event] = AuditEvent.objects.filter(action="directory_imported")
    assert (event.actor_id, event.welfare_area_code) == (admin.pk, "pirkanmaa")
    assert event.details == {"language": "fi", "created": 2, "updated": 0, "invalid": 0}
    # Counts only: none of the imported texts.
    assert "Monikulttuurinen" not in json.dumps(event.details) + event.object_repr


def test_an_import_by_an_unknown_account_is_refused_before_writing(client, directory, tmp_path):
    WelfareAreaFactory(code="pirkanmaa")
    source = tmp_path / "directory.json"
    source.write_text(json.dumps(export(client)["contents"]))

    with pytest.raises(CommandError, match="no active account"):
        run_import(source, "--area", "pirkanmaa", "--by", "nobody@example.org")

    assert not Organization.objects.filter(welfare_area__code="pirkanmaa").exists()


def without_ids(data):
    if isinstance(data, list):
        return [without_ids(item) for item in data]
    if isinstance(data, dict):
        return {
            key: without_ids(value)
            for key, value in data.items()
            if key not in ("id", "last_modified") and not key.endswith("_id")
        }
    return data


def test_importing_again_updates_without_duplicates(client, directory, tmp_path):
    WelfareAreaFactory(code="pirkanmaa")
    contents = export(client)["contents"]
    source = tmp_path / "directory.json"
    source.write_text(json.dumps(contents))
    run_import(source, "--area", "pirkanmaa")

    ngo = next(item for item in contents if item["name"].startswith("Monikulttuurinen"))
    ngo["description"] = "Uusi kuvaus."
    ngo["services"][0]["description"] = "Päivitetty."
    # A Page object is read as well as a bare list.
    source.write_text(json.dumps({**export(client), "contents": contents}))
    out, _err = run_import(source, "--area", "pirkanmaa")

    assert out.strip() == "created 0, updated 2, invalid 0"
    copy = Organization.objects.get(slug="hsds-" + ngo["id"][:12])
    assert copy.description_fi == "Uusi kuvaus."
    assert copy.activities.count() == 2
    assert copy.locations.count() == 1
    assert copy.activities.get(name_fi=ngo["services"][0]["name"]).description_fi == ("Päivitetty.")
    assert Organization.objects.count() == 6


def test_import_in_swedish_fills_the_swedish_fields(client, directory, tmp_path):
    WelfareAreaFactory(code="pirkanmaa")
    source = tmp_path / "sv.json"
    source.write_text(json.dumps(export(client, lang="sv")["contents"]))

    run_import(source, "--area", "pirkanmaa", "--language", "sv")

    copy = Organization.objects.get(slug="hsds-" + hsds.organization_uuid(directory["ngo"].pk)[:12])
    assert copy.description_sv == "Kamratgrupper för familjer."
    assert not copy.description_fi
    group = copy.activities.get(name_sv="Mammagrupp")
    assert group.description_sv == "En grupp för mammor."
    assert not group.name_fi


def test_invalid_items_are_reported_and_skipped_whole(client, directory, tmp_path):
    WelfareAreaFactory(code="pirkanmaa")
    contents = export(client)["contents"]
    good, ngo = sorted(contents, key=lambda item: len(item["services"]))
    bad_status = json.loads(json.dumps(ngo))
    bad_status["services"][1]["status"] = "open"
    no_name = {key: value for key, value in ngo.items() if key != "name"}
    no_name["id"] = str(uuid.uuid4())
    # Valid HSDS, but not a valid Y-tunnus (the check digit is wrong).
    bad_business_id = json.loads(json.dumps(ngo))
    bad_business_id["id"] = str(uuid.uuid4())
    bad_business_id["organization_identifiers"][0]["identifier"] = "2617416-5"
    # Valid HSDS, but the second activity's name is too long for the portal: found after
    # the organisation, its location and its first activity were saved. None may stay.
    half_saved = json.loads(json.dumps(ngo))
    half_saved["id"] = str(uuid.uuid4())
    half_saved["name"] = "Puolikas yhdistys"
    half_saved["services"][1]["name"] = "x" * 300
    source = tmp_path / "mixed.json"
    source.write_text(json.dumps([good, bad_status, no_name, "text", bad_business_id, half_saved]))

    out, err = run_import(source, "--area", "pirkanmaa")

    assert out.strip() == "created 1, updated 0, invalid 5"
    lines = err.strip().splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("invalid: item 2 (id ")
    assert "services/1/status" in lines[0]
    assert "'open' is not one of" in lines[0]
    assert "'name' is a required property" in lines[1]
    assert lines[2] == "invalid: item 4: not a JSON object"
    assert lines[3].startswith("invalid: item 5 ")
    assert "business_id: " in lines[3]
    assert lines[4].startswith("invalid: item 6 ")
    assert "name_fi: " in lines[4]
    assert "300" in lines[4]
    assert not Organization.objects.filter(name="Puolikas yhdistys").exists()
    assert not Organization.objects.filter(slug="hsds-" + half_saved["id"][:12]).exists()
    (imported,) = Organization.objects.filter(welfare_area__code="pirkanmaa")
    assert imported.name == good["name"]
    assert not Location.objects.filter(organization__welfare_area__code="pirkanmaa").exists()
    assert Activity.objects.filter(organization__welfare_area__code="pirkanmaa").count() == 1


def test_long_texts_are_kept_and_closed_services_skipped(client, directory, tmp_path):
    WelfareAreaFactory(code="pirkanmaa")
    item = next(
        item for item in export(client)["contents"] if item["name"].startswith("Monikulttuurinen")
    )
    item["description"] = "Pitkä kuvaus. " * 60
    item["services"][0]["status"] = "defunct"
    item["services"][1]["schedules"][0]["description"] = "Joka tiistai " * 30
    source = tmp_path / "long.json"
    source.write_text(json.dumps([item]))

    out, err = run_import(source, "--area", "pirkanmaa")

    assert out.strip() == "created 1, updated 0, invalid 0"
    copy = Organization.objects.get(slug="hsds-" + item["id"][:12])
    assert copy.long_description_fi == item["description"].strip()
    assert len(copy.description_fi) <= 500
    assert copy.description_fi.endswith("\u2026")
    (activity,) = copy.activities.all()
    assert activity.name_fi == item["services"][1]["name"]
    assert len(activity.schedule_description_fi) <= 200
    assert "long description" in err
    assert "is defunct: skipped" in err
    assert "schedule_description shortened" in err


def test_an_organisation_already_imported_elsewhere_is_not_moved(client, directory, tmp_path):
    WelfareAreaFactory(code="pirkanmaa")
    WelfareAreaFactory(code="keski-uusimaa")
    source = tmp_path / "directory.json"
    source.write_text(json.dumps(export(client)["contents"]))
    run_import(source, "--area", "pirkanmaa")

    out, err = run_import(source, "--area", "keski-uusimaa")

    assert out.strip() == "created 0, updated 0, invalid 2"
    assert "already imported into the area 'pirkanmaa'" in err


def test_import_refuses_unknown_areas_and_other_schemes(tmp_path, db):
    source = tmp_path / "empty.json"
    source.write_text("[]")

    with pytest.raises(CommandError, match="no welfare area 'nowhere'"):
        run_import(source, "--area", "nowhere")
    WelfareAreaFactory(code="pirkanmaa")
    with pytest.raises(CommandError, match="local file or an http"):
        run_import("ftp://example.org/x.json", "--area", "pirkanmaa")
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "missing.json", "--area", "pirkanmaa")
    source.write_text("{not json")
    with pytest.raises(CommandError, match="not JSON"):
        run_import(source, "--area", "pirkanmaa")
    source.write_text('{"something": "else"}')
    with pytest.raises(CommandError, match="expected a JSON list"):
        run_import(source, "--area", "pirkanmaa")


def test_importer_checks_items_against_the_same_schemas():
    from organizations.hsds.importer import schema_problem

    item = {"id": str(uuid.uuid4()), "name": "Yhdistys", "description": ""}
    assert schema_problem(item) is None
    assert "uuid" in schema_problem({**item, "id": "12"})
    assert schema_problem({**item, "services": [{"id": str(uuid.uuid4())}]}).startswith(
        "services/0"
    )

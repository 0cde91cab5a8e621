"""The Open Referral HSDS 3.0 export (/api/hsds/): every exported object is valid against
the official HSDS 3.0 JSON schemas (see hsds_helpers), carries what the directory holds and
nothing personal, in the language asked for; and RRULEs to HSDS schedules and back.

Paging, filters, bad parameters and query counts are in test_hsds_parameters.py;
`manage.py hsds_import` in test_hsds_import.py."""

# The tests take the directory fixture imported from hsds_helpers as an argument.
# ruff: noqa: F811

import json
import uuid
from datetime import datetime

import pytest

from organizations import hsds
from organizations.models import TargetGroup, Theme
from tests.organizations.hsds_helpers import (  # noqa: F401 - a fixture
    BUSINESS_ID,
    UPSTREAM,
    assert_valid,
    directory,
    get_page,
    schema_errors,
)

pytestmark = pytest.mark.django_db


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

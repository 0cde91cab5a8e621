"""How the HSDS 3.0 endpoints (/api/hsds/) answer their parameters: paging, modified_after,
bad parameters and unknown ids, reading only, and queries that do not grow with the
directory."""

# The tests take the directory fixture imported from hsds_helpers as an argument.
# ruff: noqa: F811

import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Activity, Language, Organization, TargetGroup, Theme
from tests.factories import (
    ActivityFactory,
    LocationFactory,
    OrganizationFactory,
    WelfareAreaFactory,
)
from tests.organizations.hsds_helpers import (  # noqa: F401 - a fixture
    directory,
    get_page,
)

pytestmark = pytest.mark.django_db


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

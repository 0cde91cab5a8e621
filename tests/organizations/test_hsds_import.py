"""`manage.py hsds_import`: reading the HSDS 3.0 export back into another area."""

# The tests take the directory fixture imported from hsds_helpers as an argument.
# ruff: noqa: F811

import json
import uuid
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils.timezone import localdate

from organizations import hsds
from organizations.models import Activity, Location, Organization
from tests.factories import UserFactory, WelfareAreaFactory
from tests.organizations.hsds_helpers import (  # noqa: F401 - a fixture
    BUSINESS_ID,
    directory,
    get_page,
)

pytestmark = pytest.mark.django_db


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

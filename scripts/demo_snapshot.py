"""A canonical dump of what `manage.py seed_demo` writes, to show that a change to the demo
loader leaves the demo database as it was.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coact_snapshot \\
        .venv/bin/python scripts/demo_snapshot.py var/demo-before.json
    (change the loader)
    ... scripts/demo_snapshot.py var/demo-after.json
    diff var/demo-before.json var/demo-after.json

It drops and re-creates the database named in DATABASE_URL, migrates it, runs seed_demo
with the clock stopped at a fixed moment (so that "12 days from now" is the same day on
every run; DEMO_SNAPSHOT_AT picks the moment, DEMO_SNAPSHOT_AGAIN=1 runs it again a day
later, as a refresh) and dumps every row of the demo's apps. Pks are kept (a fresh
database numbers rows the same way every time); what differs between two runs of the
same code is normalised: password hashes (random salt) become whether DEMO_PASSWORD
opens them, and times taken from the real clock (model defaults bound to timezone.now)
become a marker.
"""

import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coact.settings.test")

# The stopped clock; DEMO_SNAPSHOT_AT (ISO 8601) picks another moment.
FROZEN = datetime.fromisoformat(os.environ.get("DEMO_SNAPSHOT_AT", "2026-06-15T09:30:00+00:00"))
APPS = ("coact", "organizations", "networks", "account")


def _recreate_database() -> None:
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    with psycopg.connect(
        host=database["HOST"],
        port=database["PORT"] or 5432,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database["NAME"]}"')
        connection.execute(f'CREATE DATABASE "{database["NAME"]}"')


def _normalise(rows, real_start: datetime, real_end: datetime):
    from django.conf import settings
    from django.contrib.auth.hashers import check_password

    for row in rows:
        fields = row["fields"]
        for name, value in fields.items():
            if name == "password" and isinstance(value, str):
                fields[name] = f"usable={check_password(settings.DEMO_PASSWORD, value)}"
            elif isinstance(value, str) and len(value) >= 19 and value[4] == "-":
                try:
                    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
                except ValueError:
                    continue
                if moment.tzinfo and real_start <= moment <= real_end:
                    fields[name] = "<the real clock>"
    return rows


def main(out: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    _recreate_database()
    call_command("migrate", verbosity=0)
    real_start = datetime.now(UTC)
    with mock.patch("django.utils.timezone.now", return_value=FROZEN):
        call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    if os.environ.get("DEMO_SNAPSHOT_AGAIN"):  # and a refresh the next day
        with mock.patch("django.utils.timezone.now", return_value=FROZEN + timedelta(days=1)):
            call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    real_end = datetime.now(UTC)

    from io import StringIO

    dump = StringIO()
    call_command("dumpdata", *APPS, format="json", stdout=dump)
    rows = _normalise(json.loads(dump.getvalue()), real_start, real_end)
    rows.sort(key=lambda row: (row["model"], str(row["pk"])))
    Path(out).write_text(
        json.dumps(rows, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8"
    )
    print(f"{len(rows)} rows in {out}")


if __name__ == "__main__":
    main(sys.argv[1])

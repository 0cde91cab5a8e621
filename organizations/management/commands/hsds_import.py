"""Load a directory exported elsewhere as Open Referral HSDS 3.0 into a welfare area.

    manage.py hsds_import organizations.json --area vantaa-kerava [--language sv] [--by EMAIL]
    manage.py hsds_import https://example.org/api/hsds/organizations?per_page=200 --area ...

The source is a JSON list of HSDS organization objects with their services and locations
nested (what /api/hsds/organizations has in "contents"), a Page object holding such a
list, or one organization. Each item is checked against the vendored HSDS schemas and the
portal's own rules, then written in a transaction of its own: an item that fails is
reported and skipped whole, never half-imported.

An organisation is matched by its slug, "hsds-" and the first 12 characters of its HSDS
id, so importing the same file again updates it; its activities are matched by name and
its locations by street address and postcode. Nothing is deleted. Texts go into the
fields of --language (Finnish by default); themes and target groups are matched by code
against the portal's own taxonomies; unknown ones are ignored.
"""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coact.models import User
from organizations.hsds.importer import ItemProblem, items_from
from organizations.models import WelfareArea
from organizations.services import directory_import

URL_TIMEOUT_SECONDS = 30
MAX_BYTES = 100 * 1024 * 1024


# --- reading the source -----------------------------------------------------------------


def read_source(source: str) -> bytes:
    """The bytes of a local file or of an http(s) URL."""
    if re.match(r"^https?://", source, re.IGNORECASE):
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
            source, headers={"Accept": "application/json", "User-Agent": "coact-hsds-import"}
        )
        try:
            with urllib.request.urlopen(request, timeout=URL_TIMEOUT_SECONDS) as response:  # noqa: S310
                data = response.read(MAX_BYTES + 1)
        except (OSError, ValueError) as error:
            raise CommandError(f"could not fetch {source}: {error}") from error
    elif "://" in source:
        raise CommandError("the source must be a local file or an http(s) URL")
    else:
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"no such file: {source}")
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise CommandError(f"{source} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    return data


class Command(BaseCommand):
    help = (
        "Import organisations, their activities and locations from an Open Referral HSDS 3.0 "
        "JSON file or http(s) URL into a welfare area."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            help="a JSON file or http(s) URL: a list of HSDS organizations (with services "
            "and locations nested), or a Page of them",
        )
        parser.add_argument(
            "--area", required=True, help="the welfare area's code, e.g. vantaa-kerava"
        )
        parser.add_argument(
            "--by",
            metavar="EMAIL",
            help="the e-mail address of the account running the import: the history and the "
            "audit log name it",
        )
        parser.add_argument(
            "--language",
            choices=["fi", "sv", "en"],
            default="fi",
            help="the language of the texts in the source (default fi)",
        )

    def handle(self, *args, source, area, language, by=None, **options):
        welfare_area = WelfareArea.objects.filter(code=area).first()
        if welfare_area is None:
            codes = ", ".join(WelfareArea.objects.values_list("code", flat=True))
            raise CommandError(f"no welfare area {area!r}; the codes are: {codes}")
        try:
            document = json.loads(read_source(source))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{source} is not JSON: {error}") from error
        try:
            items, note = items_from(document)
        except ItemProblem as error:
            raise CommandError(str(error)) from error
        if note:
            self.stderr.write(self.style.WARNING(note))
        user = None
        if by:
            user = User.objects.filter(email__iexact=by, is_active=True).first()
            if user is None:
                raise CommandError(f"no active account with the e-mail address {by!r}")

        result = directory_import(items=items, area=welfare_area, language=language, by=user)

        for line in result.notes:
            self.stderr.write(self.style.WARNING(f"note: {line}"))
        for line in result.invalid:
            self.stderr.write(self.style.ERROR(f"invalid: {line}"))
        self.stdout.write(
            f"created {result.created}, updated {result.updated}, invalid {len(result.invalid)}"
        )

"""Re-encrypt every encrypted column with the newest key (the first of
FIELD_ENCRYPTION_KEYS), so that an old key can then be removed:

    1. put the new key first in FIELD_ENCRYPTION_KEYS, keep the old ones after it;
    2. restart, then run `manage.py rotate_encryption_keys`;
    3. remove the old keys.

A value that no key decrypts stops the command with the model and row id (never the
value) and nothing of that batch is written."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from coact.crypto import DecryptionError, rotate_field
from coact.fields import encrypted_fields

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column with the newest FIELD_ENCRYPTION_KEYS key."

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            fields = [field.column for field in encrypted_fields(model)]
            if not fields:
                continue
            rotated = self._rotate(model, fields)
            total += rotated
            self.stdout.write(f"{model._meta.label}: {rotated} rows")
        self.stdout.write(self.style.SUCCESS(f"{total} rows re-encrypted with the newest key"))

    def _rotate(self, model, columns: list[str]) -> int:
        # Raw values: the model field would decrypt them on the way in.
        quote = connection.ops.quote_name
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        names = ", ".join(quote(column) for column in columns)
        assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
        select = (
            f"SELECT {pk}, {names} FROM {table} WHERE {pk} > %s ORDER BY {pk} LIMIT %s FOR UPDATE"  # noqa: S608 - names from the model
        )
        update = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names from the model
        done, last = 0, 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(select, [last, BATCH])
                rows = cursor.fetchall()
                for row in rows:
                    try:
                        values = [rotate_field(value or "") for value in row[1:]]
                    except DecryptionError as error:
                        label = f"{model._meta.label} {row[0]}"
                        raise CommandError(
                            f"{label}: {error}; this batch was not written"
                        ) from error
                    cursor.execute(update, [*values, row[0]])
            if not rows:
                return done
            done += len(rows)
            last = rows[-1][0]

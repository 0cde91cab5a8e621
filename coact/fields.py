"""Model fields of the core. EncryptedTextField keeps client data encrypted at rest."""

from __future__ import annotations

from django.db import models

from .crypto import decrypt_field, encrypt_field


class EncryptedTextField(models.TextField):
    """Text encrypted at rest with FIELD_ENCRYPTION_KEYS (coact.crypto: the first key
    encrypts, every key decrypts). The database holds only ciphertext, so it cannot be
    searched, ordered or filtered on other than empty / not empty; a value that no key
    decrypts raises DecryptionError when the row is loaded, and is never shown as it is.
    `manage.py rotate_encryption_keys` rewrites every row with the newest key."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt_field(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt_field(value)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "coact.fields.EncryptedTextField", args, kwargs


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]

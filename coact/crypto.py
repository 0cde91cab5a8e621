"""Encryption of secrets stored in the database, with cryptography's Fernet (AES-128-CBC
with HMAC-SHA256). Keys come from settings.FIELD_ENCRYPTION_KEYS: the first encrypts, all
decrypt, so keys can be rotated."""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: set at least one Fernet key.")
    return MultiFernet([Fernet(key) for key in keys])


def encrypt_text(text: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(text.encode()).decode()


def decrypt_text(token: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()


class DecryptionError(Exception):
    """A stored value could not be decrypted with any of FIELD_ENCRYPTION_KEYS (a key was
    removed too early, or the row was changed outside the portal). Never shown or saved
    over: the caller fails loudly instead."""


PREFIX = "fernet:"


def encrypt_field(text: str) -> str:
    """An encrypted column's stored form; the empty value stays empty (erased or unset)."""
    return PREFIX + encrypt_text(text) if text else ""


def decrypt_field(stored: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        raise DecryptionError("an encrypted column holds a value that was not encrypted")
    try:
        return decrypt_text(stored.removeprefix(PREFIX))
    except InvalidToken as error:
        raise DecryptionError("no key in FIELD_ENCRYPTION_KEYS decrypts a stored value") from error


def rotate_field(stored: str) -> str:
    """The same value encrypted with the newest key (MultiFernet.rotate)."""
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        # Not written by the portal: re-encrypting it would make it look like ours.
        raise DecryptionError("an encrypted column holds a value that was not encrypted")
    try:
        token = _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).rotate(
            stored.removeprefix(PREFIX).encode()
        )
    except InvalidToken as error:
        raise DecryptionError("no key in FIELD_ENCRYPTION_KEYS decrypts a stored value") from error
    return PREFIX + token.decode()

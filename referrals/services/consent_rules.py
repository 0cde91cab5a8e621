"""The rules a client's consent and data obey before anything identifying leaves the
sender, the same for a referral (a unit to an NGO) and a contact request (an NGO to a
unit): at least one kind of data ticked, valid today or later, only the ticked kinds
filled in, a way to reach the client, and no personal identity code in any free text."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coact.identity_codes import reject_identity_codes

from ..models import Consent, DataCategory

# Which personal field each data category lets the sender fill in.
CATEGORY_FIELDS = {
    DataCategory.NAME: ("client_name",),
    DataCategory.PHONE: ("client_phone",),
    DataCategory.EMAIL: ("client_email",),
    DataCategory.CONTACT_TIMES: ("contact_times",),
    DataCategory.REASON: ("reason",),
}
# The languages category covers the client's languages and the need for an interpreter
# or an escort. These stay on the row after erasure (the figures count by language), so
# they are not among the personal fields above, but they are shared only with consent.
LANGUAGE_FIELDS = ("client_languages", "interpreter_needed", "escort_needed")
FREE_TEXT = ("client_name", "contact_times", "reason")


def check_free_text(**texts: str) -> None:
    """Refuse, field by field, any text that holds a Finnish personal identity code."""
    errors = {}
    for name, text in texts.items():
        try:
            reject_identity_codes(text)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)


def checked_text(field: str, text: str, *, limit: int, missing: Promise, too_long: Promise) -> str:
    """A short text someone writes (a message, an answer) without the white space around
    it; refused on `field` when empty, longer than `limit` characters (`too_long` takes
    %(limit)d) or holding a personal identity code."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: missing})
    if len(text) > limit:
        raise ValidationError({field: too_long % {"limit": limit}})
    check_free_text(**{field: text})
    return text


def _not_agreed(categories: list[str], client: dict) -> dict:
    message = _("The client did not agree to share this: leave it empty, or tick it above.")
    fields = [
        field
        for category, names in CATEGORY_FIELDS.items()
        if category not in categories
        for field in names
    ]
    if DataCategory.LANGUAGES not in categories:
        fields += LANGUAGE_FIELDS
    return {field: [message] for field in fields if client.get(field)}


def check_consent_and_client(*, consent: dict, client: dict, reach_message: Promise) -> list[str]:
    """Every problem with the consent and the client's data at once, keyed by field
    (ValidationError), else the ticked categories. `reach_message` says who needs the
    phone number or e-mail address ("so that the NGO can reach the client")."""
    errors: dict[str, list] = {}
    categories = list(consent.get("categories") or [])
    if not categories:
        errors["categories"] = [
            _("Tick at least one kind of information the client agreed to share.")
        ]
    # A missing date was said already by the form that asked for it.
    valid_until = consent.get("valid_until")
    if valid_until is not None and valid_until < timezone.localdate():
        errors["valid_until"] = [_("The consent must be valid today or later.")]
    if categories:
        errors.update(_not_agreed(categories, client))
    if not any(client.get(field) for field in ("client_phone", "client_email")):
        errors.setdefault("client_phone", []).append(reach_message)
    try:
        check_free_text(
            purpose=consent.get("purpose", ""), **{f: client.get(f, "") for f in FREE_TEXT}
        )
    except ValidationError as error:
        for field, messages in error.error_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return categories


def consent_record(*, consent: dict, categories: list[str], by, now, **recipient) -> Consent:
    """The consent as given, to one recipient (`organization=` or `service_unit=`)."""
    return Consent.objects.create(
        **recipient,
        purpose=consent.get("purpose", ""),
        categories=categories,
        method=consent["method"],
        language=consent["language"],
        interpreter_used=bool(consent.get("interpreter_used")),
        recorded_by=by,
        recorded_at=now,
        valid_until=consent["valid_until"],
    )


def personal_fields(client: dict) -> dict:
    """The client's personal fields, empty where not given (encrypted at rest)."""
    return {field: client.get(field, "") for names in CATEGORY_FIELDS.values() for field in names}

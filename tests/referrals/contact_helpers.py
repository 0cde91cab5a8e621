"""Contact requests the other way: the referral world's NGO handler asks its unit to
contact a client, with the client's consent and marker client data."""

from __future__ import annotations

from referrals import services
from tests.referrals.helpers import MARKERS, client_data, consent_data

# The unit's answer is client data too (it is about the client): a marker of its own.
ANSWER_MARKER = "Zyxmarker answer: we call on Monday"


def request_client(**overrides) -> dict:
    """The client data of a contact request (no escort: a unit does not escort)."""
    data = client_data(**overrides)
    data.pop("escort_needed", None)
    return data


def send_request(world: dict, **overrides):
    return services.contact_request_send(
        organization=overrides.pop("organization", world["organization"]),
        unit=overrides.pop("unit", world["unit"]),
        by=overrides.pop("by", world["handler"]),
        consent=overrides.pop("consent", consent_data()),
        client=overrides.pop("client", request_client()),
    )


def answered(world: dict):
    request = send_request(world)
    return services.contact_request_answer(
        request=request, by=world["worker"], answer=ANSWER_MARKER
    )


def request_form_data(world: dict, **overrides) -> dict:
    """The contact request form as the NGO's worker posts it, with marker client data
    (the e-mail address not agreed, so left empty)."""
    return {
        "organization": world["organization"].pk,
        "categories": ["name", "phone", "contact_times", "languages", "reason"],
        "purpose": "Asumisen tuki",
        "method": "verbal_in_person",
        "language": "so",
        "interpreter_used": "on",
        "valid_until": "2099-12-31",
        "client_name": MARKERS["client_name"],
        "client_phone": MARKERS["client_phone"],
        "client_email": "",
        "contact_times": MARKERS["contact_times"],
        "client_languages": ["so", "fi"],
        "interpreter_needed": "on",
        "reason": MARKERS["reason"],
        **overrides,
    }

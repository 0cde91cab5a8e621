from .consent import Consent, ConsentMethod, DataCategory
from .contact_requests import (
    CONTACT_ENDED_STATES,
    CONTACT_OPEN_STATES,
    REQUEST_SENDER_ROLES,
    ContactRequest,
    ContactState,
)
from .events import EventKind, ReferralEvent
from .referrals import (
    ENDED_STATES,
    HANDLER_ROLES,
    OPEN_STATES,
    DeclineReason,
    Outcome,
    Referral,
    ReferralMessage,
    State,
)

__all__ = [
    "CONTACT_ENDED_STATES",
    "CONTACT_OPEN_STATES",
    "ENDED_STATES",
    "HANDLER_ROLES",
    "OPEN_STATES",
    "REQUEST_SENDER_ROLES",
    "Consent",
    "ConsentMethod",
    "ContactRequest",
    "ContactState",
    "DataCategory",
    "DeclineReason",
    "EventKind",
    "Outcome",
    "Referral",
    "ReferralEvent",
    "ReferralMessage",
    "State",
]

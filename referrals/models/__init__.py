from .consent import Consent, ConsentMethod, DataCategory
from .contact_requests import (
    CONTACT_ENDED_STATES,
    CONTACT_OPEN_STATES,
    NGO_SENDER_ROLES,
    ContactRequest,
    ContactState,
)
from .events import EventKind, ReferralEvent
from .referrals import (
    ANSWERED,
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
    "ANSWERED",
    "CONTACT_ENDED_STATES",
    "CONTACT_OPEN_STATES",
    "ENDED_STATES",
    "HANDLER_ROLES",
    "NGO_SENDER_ROLES",
    "OPEN_STATES",
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

"""Everything that changes referrals and contact requests (see each module)."""

from .consent_rules import CATEGORY_FIELDS, LANGUAGE_FIELDS
from .contact_requests import (
    CONTACT_MOVES,
    contact_request_answer,
    contact_request_close,
    contact_request_personal_data_read,
    contact_request_send,
    contact_request_withdraw,
)
from .erasure import contact_request_erase, erase_due, referral_erase
from .referrals import (
    can_withdraw,
    consent_valid_until_default,
    deadlines,
    referral_accept,
    referral_check,
    referral_close,
    referral_contact_attempt,
    referral_decline,
    referral_meeting_record,
    referral_message_post,
    referral_personal_data_read,
    referral_send,
    referral_withdraw,
)
from .scans import scan
from .transitions import MOVES, TransitionRefused, actions_for, allowed, transition

__all__ = [
    "CATEGORY_FIELDS",
    "CONTACT_MOVES",
    "LANGUAGE_FIELDS",
    "MOVES",
    "TransitionRefused",
    "actions_for",
    "allowed",
    "can_withdraw",
    "consent_valid_until_default",
    "contact_request_answer",
    "contact_request_close",
    "contact_request_erase",
    "contact_request_personal_data_read",
    "contact_request_send",
    "contact_request_withdraw",
    "deadlines",
    "erase_due",
    "referral_accept",
    "referral_check",
    "referral_close",
    "referral_contact_attempt",
    "referral_decline",
    "referral_erase",
    "referral_meeting_record",
    "referral_message_post",
    "referral_personal_data_read",
    "referral_send",
    "referral_withdraw",
    "scan",
    "transition",
]

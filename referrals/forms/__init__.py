"""The forms of the referral pages, one module per part (`contact_requests`)."""

"""Forms of the referral pages (see each module)."""

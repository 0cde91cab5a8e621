"""The referral pages' forms (see each module)."""

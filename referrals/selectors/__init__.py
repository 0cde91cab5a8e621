"""What the referral pages read (see each module)."""

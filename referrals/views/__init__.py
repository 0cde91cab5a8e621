"""The referral pages: the sending unit's (`sending`), both sides' (`detail`), the
receiving NGO's (`receiving`), the anonymous sheet (`sheets`), the figures (`figures`)
and contact requests the other way (`contact_requests`)."""

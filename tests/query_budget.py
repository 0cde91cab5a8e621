"""The queries around every signed-in page, for the tests that fix a page's query count.

1 the user (the session itself comes from the cache: cached_db sessions), 2 the
memberships (read once and kept for the request), 3 the authenticator check of
RequireMFAMiddleware, 4 and 5 the view's savepoint and its release (ATOMIC_REQUESTS).
allauth's user-session row is written at sign-in only (USERSESSIONS_TRACK_ACTIVITY off)."""

SIGNED_IN = 5
# The header's model permissions ("may this person coordinate?", "see the audit log?"):
# the user's and their groups' permissions.
MENU_PERMISSIONS = 2

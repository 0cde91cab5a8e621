"""Networks, their members and board, and meetings: a series (an RFC 5545 RRULE) with its
occurrences stored as rows, personal invitations with replies, reminders and minutes.

Times are stored in UTC and shown in Europe/Helsinki; a series' rule is expanded in local
time (MEETING_TIME_ZONE), so "first Tuesday at 16:30" stays 16:30 over daylight saving.

One module a subject; every model and helper is importable from here.
"""

from .invitations import (  # noqa: F401
    CalendarFeed,
    Guest,
    Invitation,
    Reminder,
)
from .meetings import (  # noqa: F401
    DEFAULT_DURATION,
    RHYTHM_MONTHS,
    Meeting,
    MeetingDetails,
    MeetingFormat,
    MeetingKind,
    MeetingSeries,
)
from .networks import (  # noqa: F401
    BoardPost,
    Network,
    NetworkMembership,
)
from .rules import (  # noqa: F401
    ACCESSIBILITY_MAX,
    AGENDA_MAX,
    CANCELLATION_REASON_MAX,
    DEFAULT_REMINDER_OFFSETS,
    MEETING_TIME_ZONE,
    MINUTES_MAX,
    OFFICE_HOURS,
    PURPOSE_MAX,
    contains_identity_code,
    default_reminder_offsets,
    is_outside_office_hours,
    validate_no_identity_code,
)

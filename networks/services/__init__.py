"""What coordinators, hosts and invitees do to networks and meetings. Views call these;
mail goes out through the outbox (networks.outbox), never from inside a request. Every
service is `<entity>_<action>(*, ...)`; what only reads is in networks.selectors.

    calendar.py   the personal calendar address (a bearer secret)
    networks.py   networks, their members, representatives and board
    meetings.py   meetings and series, their invitations and reminders, and what follows
    replies.py    the reply to an invitation
"""

from coact.recurrence import RecurrenceError, parse_rrule

from .calendar import calendar_feed_create, calendar_feed_reset, calendar_feed_revoke
from .meetings import (
    MEETING_TIME_ZONE,
    NOTIFY_FIELDS,
    SERIES_HORIZON,
    meeting_attendance_record,
    meeting_cancel,
    meeting_change,
    meeting_invitations_sync,
    meeting_minutes_file,
    meeting_schedule,
    series_extend,
    series_extend_all,
    series_guests_set,
    series_schedule,
    series_update,
)
from .networks import (
    NETWORK_FIELDS,
    board_post_create,
    board_post_remove,
    network_create,
    network_member_add,
    network_member_remove,
    network_representatives_set,
    network_update,
)
from .replies import (
    invitation_reply,
)

__all__ = [
    "MEETING_TIME_ZONE",
    "NETWORK_FIELDS",
    "NOTIFY_FIELDS",
    "SERIES_HORIZON",
    "RecurrenceError",
    "board_post_create",
    "board_post_remove",
    "calendar_feed_create",
    "calendar_feed_reset",
    "calendar_feed_revoke",
    "invitation_reply",
    "meeting_attendance_record",
    "meeting_cancel",
    "meeting_change",
    "meeting_invitations_sync",
    "meeting_minutes_file",
    "meeting_schedule",
    "network_create",
    "network_member_add",
    "network_member_remove",
    "network_representatives_set",
    "network_update",
    "parse_rrule",
    "series_extend",
    "series_extend_all",
    "series_guests_set",
    "series_schedule",
    "series_update",
]

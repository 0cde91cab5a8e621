"""Forms for scheduling a meeting or a series, changing them, replying and recording what
happened afterwards. Times are typed as Helsinki wall-clock times.

- `details`: the parts every meeting form shares (fields, fieldsets, guests, presets);
- `scheduling`: scheduling a meeting or a series, changing one meeting or a series;
- `after`: the inline reply, cancelling, and attendance and minutes afterwards."""

from .after import AfterMeetingForm, CancelMeetingForm, ReplyButtonsForm
from .details import (
    MAX_GUESTS,
    MAX_OCCURRENCES_A_YEAR,
    REMINDER_OFFSETS,
    MeetingDetailsForm,
    Repeat,
    build_guests,
    guest_lines,
    offset_label,
    parse_guest_lines,
    preset_rule,
)
from .scheduling import MeetingEditForm, ScheduleForm, SeriesEditForm, occurrence_count_error

__all__ = [
    "MAX_GUESTS",
    "MAX_OCCURRENCES_A_YEAR",
    "REMINDER_OFFSETS",
    "AfterMeetingForm",
    "CancelMeetingForm",
    "MeetingDetailsForm",
    "MeetingEditForm",
    "Repeat",
    "ReplyButtonsForm",
    "ScheduleForm",
    "SeriesEditForm",
    "build_guests",
    "guest_lines",
    "occurrence_count_error",
    "offset_label",
    "parse_guest_lines",
    "preset_rule",
]

"""Meeting pages (a helper is writing these)."""

from django.http import Http404


def _pending(*args, **kwargs):
    raise Http404


my_meetings = meeting_new = planner = meeting_detail = meeting_edit = _pending
meeting_cancel = meeting_after = series_detail = series_edit = _pending

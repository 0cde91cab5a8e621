"""Network pages (a helper is writing these)."""

from django.http import Http404


def _pending(*args, **kwargs):
    raise Http404


network_list = network_detail = board_post = board_delete = _pending
network_members = network_member_edit = _pending

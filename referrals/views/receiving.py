"""PLACEHOLDER: to be written (issue 11). Every function here must be replaced."""


def inbox(request, *args, **kwargs):
    raise NotImplementedError("receiving.inbox")


def referral_accept(request, *args, **kwargs):
    raise NotImplementedError("receiving.referral_accept")


def referral_decline(request, *args, **kwargs):
    raise NotImplementedError("receiving.referral_decline")


def referral_contact(request, *args, **kwargs):
    raise NotImplementedError("receiving.referral_contact")


def referral_meeting(request, *args, **kwargs):
    raise NotImplementedError("receiving.referral_meeting")


def referral_close(request, *args, **kwargs):
    raise NotImplementedError("receiving.referral_close")

"""PLACEHOLDER: to be written (issue 11). Every function here must be replaced."""


def referral_detail(request, *args, **kwargs):
    raise NotImplementedError("detail.referral_detail")


def referral_message(request, *args, **kwargs):
    raise NotImplementedError("detail.referral_message")


def referral_log(request, *args, **kwargs):
    raise NotImplementedError("detail.referral_log")

"""PLACEHOLDER: to be written (issue 11). Every function here must be replaced."""


def sent_list(request, *args, **kwargs):
    raise NotImplementedError("sending.sent_list")


def referral_new(request, *args, **kwargs):
    raise NotImplementedError("sending.referral_new")


def consent_text(request, *args, **kwargs):
    raise NotImplementedError("sending.consent_text")


def referral_withdraw(request, *args, **kwargs):
    raise NotImplementedError("sending.referral_withdraw")

"""PLACEHOLDER: to be written (issue 11). Every function here must be replaced."""


def referral_figures(request, *args, **kwargs):
    raise NotImplementedError("figures.referral_figures")

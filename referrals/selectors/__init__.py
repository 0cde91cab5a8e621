"""Reads for the referral pages: the NGO's inbox (`inbox`), the figures (`figures`) and
their small-count suppression (`suppression`, pure)."""

from .figures import (
    AREA,
    RECEIVED,
    SENT,
    Figures,
    Period,
    Scope,
    figure_scopes,
    referral_figures,
    scope_for,
)
from .suppression import MIN_COUNT

__all__ = [
    "AREA",
    "MIN_COUNT",
    "RECEIVED",
    "SENT",
    "Figures",
    "Period",
    "Scope",
    "figure_scopes",
    "referral_figures",
    "scope_for",
]

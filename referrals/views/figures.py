"""The referral figures for the unit, the NGO and the coordinator: counts for a period,
after small-count suppression. No personal data and no list of referrals, so no audit
row for reading: it shows nothing about any one client."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from coact.permissions import require
from organizations.views.people import active_membership

from .. import selectors
from ..forms.figures import FiguresForm


@login_required
def referral_figures(request):
    require(request.user, "referrals.see_figures")
    scopes = selectors.figure_scopes(request.user)
    form = FiguresForm(
        request.GET,
        scopes=scopes,
        default=selectors.scope_for(scopes, active_membership(request)),
        today=timezone.localdate(),
    )
    figures = None
    if form.is_valid():
        figures = selectors.referral_figures(
            user=request.user, scope=form.chosen_scope, period=form.chosen_period
        )
    return render(
        request,
        "referrals/figures.html",
        {
            "form": form,
            "figures": figures,
            "single_scope": scopes[0] if len(scopes) == 1 else None,
            "min_count": selectors.MIN_COUNT,
            "largest_small": selectors.MIN_COUNT - 1,
            "small_mark": f"<{selectors.MIN_COUNT}",
        },
    )

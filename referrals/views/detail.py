"""Both sides' pages of one referral: the referral with the client's data, the consent,
the timeline and the messages; and for the sending unit, who has seen or changed the
client's data (the Client Data Act's right to know). Every page that shows personal data
writes its audit row (services.referral_personal_data_read)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from coact.permissions import require
from coact.text_limits import limit_text_fields

from .. import services
from ..forms.service_errors import add_service_error
from ..selectors import detail as selectors
from ..services.referrals import MESSAGE_MAX_CHARS


class MessageForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=MESSAGE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Both sides see the messages. They are erased with the client's data."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_text_fields(self)


def _detail_context(request, referral, *, message_form=None) -> dict:
    user = request.user
    sender = selectors.is_sender(user, referral)
    handler = selectors.is_handler(user, referral)
    erased = referral.is_erased
    if not erased:
        services.referral_personal_data_read(referral=referral, by=user, what="detail")
    return {
        "referral": referral,
        "events": selectors.timeline(referral),
        "messages_list": [] if erased else selectors.messages_of(referral),
        "message_form": message_form or MessageForm(),
        "can_write": referral.is_open and (sender or handler),
        "is_sender": sender,
        "is_handler": handler,
        "can_withdraw": sender and services.can_withdraw(referral),
        "handler_actions": services.actions_for(referral, "handler") if handler else [],
        "client": None if erased else selectors.client_facts(referral),
        "consent": selectors.consent_facts(referral),
    }


@login_required
def referral_detail(request, pk):
    referral = selectors.referral_for(request.user, pk)
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral))


@login_required
@sensitive_post_parameters()
@require_POST
@sensitive_variables()  # directly on the view: Django hides the locals of its callee
def referral_message(request, pk):
    referral = selectors.referral_for(request.user, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.referral_message_post(
                referral=referral, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your message was sent. The other side was told."))
            return redirect(reverse("referral_detail", args=[referral.pk]) + "#messages")
    context = _detail_context(request, referral, message_form=form)
    return render(request, "referrals/referral_detail.html", context, status=400)


@login_required
def referral_log(request, pk):
    """Who has seen or changed this referral's data and when, for the client who asks
    (the Client Data Act, 703/2023). Reading it is audited too."""
    referral = selectors.referral_for(request.user, pk)
    require(request.user, "referrals.view_referral_log", referral)
    services.referral_personal_data_read(referral=referral, by=request.user, what="log")
    return render(
        request,
        "referrals/referral_log.html",
        {"referral": referral, "rows": selectors.log_rows(referral)},
    )

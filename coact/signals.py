"""Sign-in, sign-out, failed sign-in and two-factor changes go to the audit log."""

import time

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import Action, audit_record
from .middleware import LAST_SEEN_AT, SIGNED_IN_AT


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now
    audit_record(action=Action.SIGN_IN, actor=user, request=request)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is None or getattr(request, "coact_session_expired", False):
        return
    audit_record(action=Action.SIGN_OUT, actor=user, request=request)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`.
    email = str(credentials.get("email") or credentials.get("username") or "")[:254]
    user = get_user_model().objects.filter(email__iexact=email).first() if email else None
    # The account tried is the object; nobody is the actor of a failed attempt.
    audit_record(
        action=Action.SIGN_IN_FAILED,
        obj=user,
        object_repr=user.email if user else None,
        details={} if user else {"email": email},
        request=request,
    )


def _mfa_event(action):
    def receiver_(sender, request, user, authenticator, **kwargs):
        audit_record(
            action=action,
            actor=user,
            details={"type": authenticator.type},
            request=request,
        )

    return receiver_


_mfa_added = _mfa_event(Action.MFA_ADDED)
_mfa_removed = _mfa_event(Action.MFA_REMOVED)
_mfa_reset = _mfa_event(Action.MFA_RESET)
mfa_signals.authenticator_added.connect(_mfa_added, dispatch_uid="coact_mfa_added")
mfa_signals.authenticator_removed.connect(_mfa_removed, dispatch_uid="coact_mfa_removed")
mfa_signals.authenticator_reset.connect(_mfa_reset, dispatch_uid="coact_mfa_reset")

import re
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .audit import Action, audit_record
from .permissions import has_client_data_access
from .request_context import current_request

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
SIGNED_IN_AT = "coact_signed_in_at"
LAST_SEEN_AT = "coact_last_seen_at"


class RequestIdMiddleware:
    """Give every request an id (or keep a sane one from the proxy), for the audit log
    and the logs, and make the request reachable from signal receivers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class SessionLifetimeMiddleware:
    """People who can reach client data are signed out after COACT_SESSION_IDLE_TIMEOUT
    seconds without a request, and COACT_SESSION_MAX_AGE seconds after signing in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and has_client_data_access(user):
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, now)
            idle = now - last_seen_at > settings.COACT_SESSION_IDLE_TIMEOUT
            too_old = now - signed_in_at > settings.COACT_SESSION_MAX_AGE
            if idle or too_old:
                audit_record(
                    action=Action.SESSION_EXPIRED,
                    actor=user,
                    details={"reason": "idle" if idle else "max_age"},
                    request=request,
                )
                request.coact_session_expired = True  # the sign-out is not audited twice
                logout(request)
                if idle:
                    message = _(
                        "You were signed out after %(minutes)d minutes without activity. "
                        "Please sign in again."
                    ) % {"minutes": settings.COACT_SESSION_IDLE_TIMEOUT // 60}
                else:
                    message = _(
                        "You were signed out %(hours)d hours after signing in. "
                        "Please sign in again."
                    ) % {"hours": settings.COACT_SESSION_MAX_AGE // 3600}
                messages.info(request, message)
                login = reverse("account_login")
                return HttpResponseRedirect(
                    f"{login}?{urlencode({'next': request.get_full_path()})}"
                )
            # Write the session at most once a minute, not on every request.
            if now - last_seen_at > 60 or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)


# URL names a person who must set up two-factor authentication may still reach.
MFA_SETUP_URL_NAMES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_logout",
    "set_language",
    "healthz",
    "readyz",
}


class RequireMFAMiddleware:
    """Until a person with access to client data has set up an authenticator app, every
    page except the set-up pages sends them to set it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        url_name = _url_name(request)
        if (
            user.is_authenticated
            # A path that is no page (a browser's /favicon.ico) gets its 404; redirecting
            # it would open the set-up page in the background and change the secret.
            and url_name is not None
            and url_name not in MFA_SETUP_URL_NAMES
            and has_client_data_access(user)
            and not _has_totp(user)
        ):
            messages.warning(
                request,
                _(
                    "Your role gives access to client data, so set up two-factor "
                    "authentication before you continue."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _url_name(request) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person are never stored by the browser or a proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response

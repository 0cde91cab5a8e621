"""django-allauth adapters: no open sign-up, mail in the recipient's language, the first
authenticator set up without a second password prompt, TOTP secrets encrypted at rest,
single sign-on only for people already in the portal."""

import time
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext

from .crypto import decrypt_text, encrypt_text
from .mail import absolute_url, queue_message, site_host
from .middleware import SIGNED_IN_AT

# The set-up of the first authenticator: adding the app, then seeing and saving the
# recovery codes that come with it. Anything else about two-factor authentication asks
# for the password again.
MFA_SET_UP_URL_NAMES = {
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
}


def _is_set_up_right_after_sign_in(request) -> bool:
    """The request sets up the first authenticator in a session that signed in (proved
    the password, or accepted an invitation with a new one) within the timeout. The
    sign-in time is stamped by coact.signals on every sign-in."""
    if request is None or not request.user.is_authenticated:
        return False
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in MFA_SET_UP_URL_NAMES:
        return False
    signed_in_at = request.session.get(SIGNED_IN_AT)
    if not isinstance(signed_in_at, int | float):
        return False
    return 0 <= time.time() - signed_in_at < account_settings.REAUTHENTICATION_TIMEOUT


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # People join by invitation, or by applying for their NGO (organizations.views).
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails (address confirmation, password reset...) in the recipient's
        language, with every link on SITE_URL in that language, queued in the outbox as
        the portal's own mails (coact.mail): allauth would build them from the request's
        host and language, and send them inside the request."""
        user = context.get("user") or get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            links = {
                key: _portal_link(value, language)
                for key, value in context.items()
                if key.endswith("_url") and isinstance(value, str)
            }
            context = {
                **context,
                **links,
                # Our templates (templates/account/email/) name the portal, not a host.
                "current_site": SimpleNamespace(name=gettext("Co-Act Portal"), domain=site_host()),
                "site_url": settings.SITE_URL,
                "apply_url": absolute_url(reverse("organization_apply")),
            }
            # allauth's own send_mail, except that the message is queued, not sent from
            # the request: a slow or absent mail server does not hold the page.
            context = {"request": self.request, "email": email, **context}
            message = self.render_mail(template_prefix, email, context)
        message.extra_headers.setdefault("Content-Language", language)
        queue_message(message)

    def get_login_redirect_url(self, request) -> str:
        return reverse("landing")

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before any change to two-factor
        authentication, and (since 65) only a reauthentication counts as recent, not the
        sign-in itself. A person whose role needs two-factor authentication is sent to
        set it up right after signing in (coact.middleware.RequireMFAMiddleware), so
        they would type the password they just typed. Setting up the first
        authenticator counts the sign-in as the fresh authentication, within allauth's
        ACCOUNT_REAUTHENTICATION_TIMEOUT; an older session, and every other change
        (removing an authenticator, new recovery codes), still asks again."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and _is_set_up_right_after_sign_in(self.request):
            return False
        return required


def _portal_link(url: str, language: str) -> str:
    """`url`, a link allauth made to one of the portal's pages, on SITE_URL and in
    `language`'s URL prefix."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    # The path resolves only in the language of its own prefix (i18n_patterns).
    with translation.override(translation.get_language_from_path(parts.path)):
        path = translate_url(path, language)
    return absolute_url(path)


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt_text(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt_text(encrypted_text)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Single sign-on signs in people who were invited (matched by verified e-mail);
        # it never creates accounts.
        return False

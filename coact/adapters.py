"""django-allauth adapters: no open sign-up, mail in the recipient's language, TOTP
secrets encrypted at rest, single sign-on only for people already in the portal."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext

from .crypto import decrypt_text, encrypt_text
from .mail import absolute_url, site_host


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # People join by invitation, or by applying for their NGO (organizations.views).
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's mails (address confirmation, password reset...) in the recipient's
        language, with every link on SITE_URL in that language, as the portal's own
        mails (coact.mail): allauth would build them from the request's host and
        language."""
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
            super().send_mail(template_prefix, email, context)

    def get_login_redirect_url(self, request) -> str:
        return reverse("landing")


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

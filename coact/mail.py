"""The one entry point for the portal's own e-mail: subject, text and HTML rendered in
the recipient's language from templates/email/<name>_subject.txt, _body.txt, _body.html."""

import re
from email.mime.base import MIMEBase
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def stable_message_id(key: str) -> str:
    """The same Message-ID every time the same logical message is sent, so that a repeat
    after a crash folds into one in the recipient's mail client."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    local = re.sub(r"[^A-Za-z0-9.\-]", ".", key)
    return f"<{local}@{host}>"


def _render_text(name: str, context: dict) -> str:
    """A plain-text template, not HTML-escaped: "Q&A" stays "Q&A" in a subject."""
    return get_template(name).template.render(Context(context, autoescape=False))


def build_templated_mail(
    *,
    template: str,
    to: str,
    language: str,
    context: dict,
    message_key: str | None = None,
    attachments: list[MIMEBase] | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """The message, rendered in `language`, ready to send (on `connection` if given)."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL, "language": language}
        subject = " ".join(_render_text(f"email/{template}_subject.txt", context).split())
        body = _render_text(f"email/{template}_body.txt", context)
        try:
            html = render_to_string(f"email/{template}_body.html", context)
        except TemplateDoesNotExist:
            html = None
    headers = {"Message-ID": stable_message_id(message_key)} if message_key else None
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=[to], headers=headers, connection=connection
    )
    if html:
        message.attach_alternative(html, "text/html")
    for part in attachments or ():
        message.attach(part)
    return message


def send_templated_mail(**kwargs) -> None:
    """Render (see build_templated_mail) and send."""
    build_templated_mail(**kwargs).send()

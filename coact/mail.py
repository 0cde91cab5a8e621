"""The one entry point for the portal's own e-mail: subject, text and HTML rendered in
the recipient's language from templates/email/<name>_subject.txt, _body.txt, _body.html.

Subjects and plain-text bodies are rendered by a template engine of their own: nothing is
HTML-escaped ("Q&A" stays "Q&A"), `join` names each item (coact.plain_text), and a
message that would show a Python representation is refused rather than sent.

Every link in a mail is built from settings.SITE_URL (absolute_url), never from the
request, so that a mail sent by a worker and one sent from a page point to the same place.
"""

import re
from email.mime.base import MIMEBase
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, Engine, engines
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

# What Python prints for objects that have no text of their own: a QuerySet, a list of
# model instances, an object's default repr, a method that was not called.
PYTHON_REPRESENTATION = re.compile(
    r"<QuerySet \[|\[<[A-Z]\w*: | object at 0x[0-9a-fA-F]+>|<bound method |<function "
)


class MailRenderingError(Exception):
    """A template printed a Python representation; the message is not sent."""


def absolute_url(path: str) -> str:
    """The portal's public address of `path` (a path from reverse(), with its language
    prefix): what every link in every mail is made of."""
    return f"{settings.SITE_URL}{path}"


def site_host() -> str:
    """SITE_URL's host and port, e.g. "127.0.0.1:8710", for text that names the site."""
    return urlsplit(settings.SITE_URL).netloc


def stable_message_id(key: str) -> str:
    """The same Message-ID every time the same logical message is sent, so that a repeat
    after a crash folds into one in the recipient's mail client."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    local = re.sub(r"[^A-Za-z0-9.\-]", ".", key)
    return f"<{local}@{host}>"


@cache
def _text_engine() -> Engine:
    """The project's template engine (same folders and tag libraries) for plain text:
    no autoescaping, and the filters of coact.plain_text in place of Django's."""
    django_engine = engines["django"].engine
    return Engine(
        dirs=django_engine.dirs,
        app_dirs=django_engine.app_dirs,
        libraries=django_engine.libraries,
        builtins=["coact.plain_text"],
        autoescape=False,
        debug=django_engine.debug,
    )


def check_plain_text(name: str, text: str) -> str:
    """`text` as it is, or MailRenderingError if it shows a Python representation (the
    error names the template, never the text, which may hold personal data)."""
    if PYTHON_REPRESENTATION.search(text):
        raise MailRenderingError(f"{name} printed a Python representation")
    return text


def _render_text(name: str, context: dict) -> str:
    template = _text_engine().get_template(name)
    return check_plain_text(name, template.render(Context(context, autoescape=False)))


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
    headers = {"Content-Language": language}
    if message_key:
        headers["Message-ID"] = stable_message_id(message_key)
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

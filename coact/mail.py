"""The one entry point for the portal's own e-mail: subject, text and HTML rendered in
the recipient's language from templates/email/<name>_subject.txt, _body.txt, _body.html.

Subjects and plain-text bodies are rendered by a template engine of their own: nothing is
HTML-escaped ("Q&A" stays "Q&A"), `join` names each item (coact.plain_text), and a
message that would show a Python representation is refused rather than sent.

Every link in a mail is built from settings.SITE_URL (absolute_url, or url_in for a page
in the recipient's language), never from the request, so that a mail sent by a worker and
one sent from a page point to the same place.

No mail is sent from here: queue_mail (and queue_message, for a message rendered
elsewhere, such as allauth's) stores it in the outbox (OutboxMessage) in the caller's
transaction, and once that commits a worker delivers it (coact.delivery).
"""

import re
import uuid
from email.mime.base import MIMEBase
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template import Context, Engine, engines
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .delivery import Channel, Prepared
from .models import OutboxMessage

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


def url_in(language: str, viewname: str, *args) -> str:
    """The public address of the page `viewname` (with `args`) in `language`'s URL
    prefix: a link for a mail to someone who reads that language."""
    with translation.override(language):
        return absolute_url(reverse(viewname, args=args))


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


def queue_mail(
    *,
    template: str,
    to: str,
    language: str,
    context: dict,
    message_key: str | None = None,
) -> OutboxMessage:
    """Render the mail in `language` (build_templated_mail) and queue it (queue_message).
    A second call with the same `message_key` queues nothing more."""
    message = build_templated_mail(
        template=template, to=to, language=language, context=context, message_key=message_key
    )
    return queue_message(message, key=message_key)


def queue_message(message: EmailMessage, *, key: str | None = None) -> OutboxMessage:
    """Store a rendered message in the outbox, in the current transaction; once it
    commits, a worker is asked to deliver it. The Message-ID is the message's own, else
    one made from `key` (else from a new unique key): every attempt carries the same."""
    key = key or f"mail-{uuid.uuid4().hex}"
    headers = {
        name: str(value)
        for name, value in message.extra_headers.items()
        if name.lower() != "message-id"
    }
    message_id = str(message.extra_headers.get("Message-ID") or stable_message_id(key))
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", ())
            if mimetype == "text/html"
        ),
        "",
    )
    attachments = [
        {
            "filename": part.get_filename(),
            "content": part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8"),
            "mimetype": part.get_content_type(),
        }
        if isinstance(part, MIMEBase)
        else {"filename": part[0], "content": part[1], "mimetype": part[2]}
        for part in message.attachments
    ]
    row, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "message_id": message_id,
            "from_email": message.from_email or "",
            "to": message.to[0],
            "subject": message.subject,
            "body": message.body,
            "html": html,
            "headers": headers,
            "attachments": attachments,
        },
    )
    if created:
        from .tasks import deliver_mail

        pk = row.pk
        transaction.on_commit(lambda: _hand_out(deliver_mail, pk))
    return row


def _hand_out(task, pk: int) -> None:
    from .delivery import fan_out

    fan_out(task, OutboxMessage, [pk])


# --- Delivery of the outbox (coact.delivery) ---------------------------------------------


def outbox_due(now=None) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(sent_at__isnull=True)


def outbox_message(row: OutboxMessage) -> EmailMultiAlternatives:
    """The stored message as it is sent, every time with the same Message-ID."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email or None,
        to=[row.to],
        headers={**row.headers, "Message-ID": row.message_id},
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    for part in row.attachments:
        message.attach(part["filename"], part["content"], part["mimetype"])
    return message


def _prepare(row: OutboxMessage, now) -> Prepared:
    return Prepared(outbox_message(row), sent={"sent_at": now})


OUTBOX = Channel(name="mail", model=OutboxMessage, due=outbox_due, prepare=_prepare)

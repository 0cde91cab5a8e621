"""The one entry point for the portal's e-mail: queue_mail stores the rendered message in
the outbox with the change that caused it; a worker sends it."""

import pytest
from django.core import mail
from django.db import transaction

from coact.delivery import deliver
from coact.mail import OUTBOX, queue_mail, stable_message_id, url_in
from coact.models import OutboxMessage

pytestmark = pytest.mark.django_db


def queue(**kwargs):
    defaults = {
        "template": "application_received",
        "to": "coord@example.org",
        "language": "en",
        "context": {"organization": {"name": "Tuki ry"}, "url": "x"},
    }
    return queue_mail(**{**defaults, **kwargs})


def test_mail_is_rendered_in_the_recipients_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(
            language="sv",
            context={"organization": {"name": "Tuki ry", "welfare_area": "Vanda"}, "url": "x"},
        )

    [message] = mail.outbox
    assert message.subject == "Ny ansökan från en organisation: Tuki ry"
    assert message.body.startswith("Hej,")
    assert message.extra_headers["Content-Language"] == "sv"


def test_nothing_is_sent_before_the_change_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue()
    assert mail.outbox == []
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 1
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get().sent_at is not None


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    def change():
        with transaction.atomic():
            queue()
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change()
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_the_same_message_is_queued_once_and_keeps_its_message_id(
    settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://coact.example.fi"
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            queue(message_key="application-received/42/coord")

    [message] = mail.outbox
    assert message.extra_headers["Message-ID"] == "<application-received.42.coord@coact.example.fi>"
    assert stable_message_id("a b") == "<a.b@coact.example.fi>"


def test_a_message_sent_again_carries_the_same_message_id(django_capture_on_commit_callbacks):
    row = queue()  # no key: a unique one
    deliver(OUTBOX, [row.pk])
    OutboxMessage.objects.filter(pk=row.pk).update(sent_at=None)
    deliver(OUTBOX, [row.pk])
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"].startswith("<mail-")


def test_plain_text_mail_is_not_html_escaped(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(context={"organization": {"name": "Q&A <Women's> Club"}, "url": "https://x/?a=1&b=2"})

    [message] = mail.outbox
    assert "Q&A <Women's> Club" in message.subject
    assert "https://x/?a=1&b=2" in message.body
    assert "&amp;" not in message.body + message.subject


def test_a_link_is_on_the_site_in_the_readers_language(settings):
    settings.SITE_URL = "https://coact.example.fi"
    assert url_in("sv", "account_login") == "https://coact.example.fi/sv/accounts/login/"
    assert url_in("fi", "account_login") == "https://coact.example.fi/fi/accounts/login/"

"""The one entry point for the portal's e-mail."""

from django.core import mail

from coact.mail import send_templated_mail, stable_message_id


def test_mail_is_rendered_in_the_recipients_language(settings):
    send_templated_mail(
        template="application_received",
        to="coord@example.org",
        language="sv",
        context={"organization": {"name": "Tuki ry", "welfare_area": "Vanda"}, "url": "x"},
    )

    [message] = mail.outbox
    assert message.subject == "Ny ansökan från en organisation: Tuki ry"
    assert message.body.startswith("Hej,")


def test_the_same_message_keeps_its_message_id_when_sent_again(settings):
    settings.SITE_URL = "https://coact.example.fi"
    for _ in range(2):
        send_templated_mail(
            template="application_received",
            to="coord@example.org",
            language="en",
            context={"organization": {"name": "Tuki ry"}, "url": "x"},
            message_key="application-received/42/coord",
        )

    ids = {message.extra_headers["Message-ID"] for message in mail.outbox}
    assert ids == {"<application-received.42.coord@coact.example.fi>"}
    assert stable_message_id("a b") == "<a.b@coact.example.fi>"


def test_plain_text_mail_is_not_html_escaped():
    send_templated_mail(
        template="application_received",
        to="coord@example.org",
        language="en",
        context={"organization": {"name": "Q&A <Women's> Club"}, "url": "https://x/?a=1&b=2"},
    )

    [message] = mail.outbox
    assert "Q&A <Women's> Club" in message.subject
    assert "https://x/?a=1&b=2" in message.body
    assert "&amp;" not in message.body + message.subject

"""With the mail server stopped, the pages that send mail answer as usual and at once:
applying for an NGO (which signs the applicant up and asks them to confirm the address),
resetting a password, inviting someone to join. Nothing is sent from the request; the
mail waits in the outbox. Once the server is back, every message arrives, once, with its
Message-ID. A real worker and beat (Redis in CI) and a real SMTP server on loopback."""

import time
from types import SimpleNamespace

import pytest
from django.test import Client

from coact.models import OutboxMessage
from organizations import services as organization_services
from organizations.models import Role
from tests.factories import MembershipFactory, ServiceUnitFactory, UserFactory, WelfareAreaFactory
from tests.integration.mail_harness import (
    CeleryProcesses,
    free_port,
    make_broker,
    smtp_server,
    tasks_through_broker,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# A page that queues mail answers well within this (on a busy CI machine), whatever the
# mail server does.
FAST = 10.0


@pytest.fixture
def port():
    return free_port()


@pytest.fixture
def celery(transactional_db, port, tmp_path):
    broker = make_broker(tmp_path)
    processes = CeleryProcesses(
        broker,
        SimpleNamespace(url=f"smtp://127.0.0.1:{port}"),
        tmp_path,
        OUTBOX_SCAN_SECONDS="1",
        MAIL_RETRY_SECONDS="1",
        EMAIL_TIMEOUT="3",
    )
    with tasks_through_broker(broker):
        try:
            yield processes
        finally:
            processes.stop_all()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_pages_answer_with_the_mail_server_down_and_the_mail_comes_later(celery, port, settings):
    # Were a page to send mail itself, it would meet the stopped server too, and fail.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    worker = celery.worker(concurrency=2)
    celery.beat()
    wait_for(worker.ready, "the worker to start", processes=celery, running=(worker,))

    area = WelfareAreaFactory(code="vantaa-kerava")
    coordinator = UserFactory(email="coordinator@vantaa.example", preferred_language="fi")
    MembershipFactory(user=coordinator, role=Role.COORDINATOR, organization=None, welfare_area=area)
    forgetful = UserFactory(email="forgetful@example.org", preferred_language="sv")

    client = Client()
    assert client.get("/fi/organizations/apply/").status_code == 200  # warm
    response, seconds = timed(
        lambda: client.post(
            "/fi/organizations/apply/",
            {
                "organization_name": "Naapuriapu ry",
                "welfare_area": area.pk,
                "description": "Autamme perheitä arjessa.",
                "applicant_name": "Hakija Henkilö",
                "email": "applicant@naapuriapu.example",
                "language": "fi",
                "password1": "kuusi-kissaa-ja-kaksi-koiraa",
                "password2": "kuusi-kissaa-ja-kaksi-koiraa",
            },
        )
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert seconds < FAST

    response, seconds = timed(
        lambda: Client().post("/sv/accounts/password/reset/", {"email": forgetful.email})
    )
    assert response.status_code == 302
    assert seconds < FAST

    organization_services.invitation_create(
        by=coordinator,
        email="new-worker@vantaa.example",
        role=Role.UNIT_STAFF,
        target=ServiceUnitFactory(),
        language="en",
    )
    expected = {
        "applicant@naapuriapu.example",  # confirm the address
        "coordinator@vantaa.example",  # a new application
        "forgetful@example.org",  # the reset link
        "new-worker@vantaa.example",  # the invitation to join
    }
    assert set(OutboxMessage.objects.values_list("to", flat=True)) == expected

    # The worker tries, fails and backs off; nothing is lost.
    wait_for(
        lambda: (
            OutboxMessage.objects.filter(attempts__gte=1, sent_at__isnull=True).count()
            == len(expected)
        ),
        "a first failed attempt for every message",
        processes=celery,
        running=(worker,),
    )
    with smtp_server(port=port) as server:
        wait_for(
            lambda: not OutboxMessage.objects.filter(sent_at__isnull=True).exists(),
            "every message to be sent",
            processes=celery,
            running=(worker,),
        )
        time.sleep(2)  # a scan or two more: nothing is sent again
        received = server.received
    assert sorted(message.to for message in received) == sorted(expected)
    ids = {row.to: row.message_id for row in OutboxMessage.objects.all()}
    for message in received:
        assert message.message_id == ids[message.to]
    log = worker.log.read_text()
    assert "Traceback" not in log
    assert "not delivered (ConnectionRefusedError)" in log

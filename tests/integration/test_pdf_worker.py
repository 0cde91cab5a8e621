"""A real Celery worker makes the anonymous referral sheet's PDF: the page only stores the
request and hands the file's id to the broker when its transaction commits; the person
waits on the file's page until the worker has stored the PDF, then downloads it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coact.models import GeneratedFile
from tests.integration.mail_harness import (
    CeleryProcesses,
    make_broker,
    smtp_server,
    tasks_through_broker,
    wait_for,
)
from tests.referrals.sheet_helpers import sheet_world

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_worker_makes_the_pdf_that_the_page_waits_for(client, tmp_path):
    world = sheet_world()
    client.force_login(world["worker"])
    broker = make_broker(tmp_path)
    with smtp_server() as mail:
        processes = CeleryProcesses(broker, mail, tmp_path)
        try:
            worker = processes.worker(concurrency=1)
            wait_for(worker.ready, "the worker to start", processes=processes, running=(worker,))

            with tasks_through_broker(broker):
                response = client.post(
                    reverse("referral_sheet_pdf", args=["hiiraan-tuki"]), {"lang": "ar"}
                )
            file = GeneratedFile.objects.get()
            assert response["Location"] == reverse("generated_file", args=[file.pk])

            wait_for(
                lambda: GeneratedFile.objects.filter(pk=file.pk, ready_at__isnull=False).exists(),
                "the worker to store the PDF",
                processes=processes,
                running=(worker,),
            )
            log = worker.log.read_text()
        finally:
            processes.stop_all()

    assert "coact.tasks.render_pdf[" in log
    assert "succeeded" in log
    status = client.get(reverse("generated_file_status", args=[file.pk])).content.decode()
    assert reverse("generated_file_download", args=[file.pk]) in status
    download = client.get(reverse("generated_file_download", args=[file.pk]))
    assert download.content.startswith(b"%PDF-")
    assert download["Content-Disposition"] == 'attachment; filename="hiiraan-tuki-ar.pdf"'

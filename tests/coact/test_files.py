"""Files made in a worker (coact.files) and the pages that wait for and hand them over
(coact.views): only to the person who asked, never cached, polled until ready."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from coact import files, tasks
from coact.models import GeneratedFile
from tests.coact.test_pdf import TEMPLATES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "test_document"


@pytest.fixture(autouse=True)
def test_kind():
    built = []

    def context(parameters):
        built.append(parameters)
        if parameters.get("fail"):
            raise LookupError("the NGO is gone")
        return {"title": f"Asiakirja {parameters['n']}", "arabic": "", "links": [], "images": []}

    files.register_kind(KIND, context=context)
    yield built
    files._kinds.pop(KIND)


@pytest.fixture
def person():
    return UserFactory(email="asker@example.org")


def request_file(person, **parameters) -> GeneratedFile:
    return files.generated_file_request(
        by=person, kind=KIND, template="test_pdf.html", parameters={"n": 1, **parameters},
        language="fi", filename="asiakirja.pdf",
    )  # fmt: skip


def ready_file(person) -> GeneratedFile:
    return GeneratedFile.objects.create(
        requested_by=person, kind=KIND, template="test_pdf.html", language="fi",
        filename="asiakirja.pdf", content=b"%PDF-1.7 test", ready_at=timezone.now(),
    )  # fmt: skip


@override_settings(TEMPLATES=TEMPLATES)
def test_a_requested_file_is_rendered_after_the_commit(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        file = request_file(person)
        assert GeneratedFile.objects.get(pk=file.pk).is_pending  # not in the request

    file.refresh_from_db()
    assert file.ready_at is not None
    assert file.failed_at is None
    assert bytes(file.content).startswith(b"%PDF-")


@override_settings(TEMPLATES=TEMPLATES)
def test_rendering_again_leaves_a_finished_file_alone(person, test_kind):
    file = request_file(person)
    assert files.generated_file_render(file_id=str(file.pk)) is True
    first = bytes(GeneratedFile.objects.get(pk=file.pk).content)

    assert files.generated_file_render(file_id=str(file.pk)) is True

    assert len(test_kind) == 1
    assert bytes(GeneratedFile.objects.get(pk=file.pk).content) == first


def test_a_file_that_cannot_be_made_is_marked_failed_and_logged(person, caplog):
    file = request_file(person, fail=True)

    with caplog.at_level(logging.ERROR, logger="coact.files"):
        assert files.generated_file_render(file_id=str(file.pk)) is False

    file.refresh_from_db()
    assert file.failed_at is not None
    assert file.ready_at is None
    assert str(file.pk) in caplog.text
    assert "LookupError" in caplog.text


def test_the_same_request_again_soon_gets_the_same_file(person):
    first = request_file(person)

    assert request_file(person) == first
    assert request_file(person, n=2) != first
    assert request_file(UserFactory(email="other@example.org")) != first


def test_a_failed_or_old_file_is_not_given_again(person):
    failed = request_file(person)
    GeneratedFile.objects.filter(pk=failed.pk).update(failed_at=timezone.now())
    assert request_file(person) != failed

    old = request_file(person, n=3)
    GeneratedFile.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - files.REUSE_WITHIN - timedelta(seconds=1)
    )
    assert request_file(person, n=3) != old


def test_an_unknown_kind_is_refused(person):
    with pytest.raises(ValueError, match="no such kind"):
        files.generated_file_request(
            by=person, kind="nothing", template="x.html", parameters={}, language="fi",
            filename="x.pdf",
        )  # fmt: skip


@override_settings(GENERATED_FILES_KEEP_HOURS=24)
def test_old_files_are_deleted(person):
    kept = ready_file(person)
    old = ready_file(person)
    GeneratedFile.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))

    assert tasks.delete_old_files() == 1

    assert list(GeneratedFile.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_render_task_has_time_limits():
    assert tasks.render_pdf.time_limit == 120
    assert tasks.render_pdf.soft_time_limit == 90


def test_the_waiting_page_polls_and_reloads_without_javascript(client, person):
    file = request_file(person)
    client.force_login(person)

    html = client.get(reverse("generated_file", args=[file.pk])).content.decode()

    status_url = reverse("generated_file_status", args=[file.pk])
    assert f'hx-get="{status_url}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert '<noscript>\n      <meta http-equiv="refresh" content="2">' in html
    assert 'role="status"' in html


def test_the_status_says_pending_ready_or_failed(client, person):
    file = request_file(person)
    client.force_login(person)
    url = reverse("generated_file_status", args=[file.pk])

    assert "every 1s" in client.get(url).content.decode()

    GeneratedFile.objects.filter(pk=file.pk).update(ready_at=timezone.now())
    ready = client.get(url).content.decode()
    assert "hx-trigger" not in ready  # the polling stops
    assert reverse("generated_file_download", args=[file.pk]) in ready

    GeneratedFile.objects.filter(pk=file.pk).update(ready_at=None, failed_at=timezone.now())
    failed = client.get(url).content.decode()
    assert "hx-trigger" not in failed
    assert "generated_file_download" not in failed
    assert "/download/" not in failed


def test_the_download_is_an_attachment_never_stored(client, person):
    file = ready_file(person)
    client.force_login(person)

    response = client.get(reverse("generated_file_download", args=[file.pk]))

    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 test"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="asiakirja.pdf"'
    assert "no-store" in response["Cache-Control"]


def test_a_file_not_ready_yet_sends_the_download_back_to_the_waiting_page(client, person):
    file = request_file(person)
    client.force_login(person)

    response = client.get(reverse("generated_file_download", args=[file.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("generated_file", args=[file.pk])


@pytest.mark.parametrize(
    "name", ["generated_file", "generated_file_status", "generated_file_download"]
)
def test_only_the_person_who_asked_gets_the_file(client, person, name):
    url = reverse(name, args=[ready_file(person).pk])

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))

    client.force_login(UserFactory(email="someone.else@example.org"))
    assert client.get(url).status_code == 404


def test_a_file_that_waits_long_says_so(client, person):
    file = request_file(person)
    client.force_login(person)
    with translation.override("fi"):
        url = reverse("generated_file_status", args=[file.pk])  # the page in Finnish
        slow = translation.gettext(
            "This is taking longer than usual. You can keep this page open, or come back to "
            "this address later today."
        )
    assert slow not in client.get(url).content.decode()

    GeneratedFile.objects.filter(pk=file.pk).update(
        created_at=timezone.now() - timedelta(minutes=2)
    )

    assert slow in client.get(url).content.decode()

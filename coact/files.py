"""Files made in a worker for the person who asks for one: a page creates a
GeneratedFile, a Celery task renders it (coact.tasks.render_pdf), and the person waits on
a page that polls until it is ready (coact.views, /<lang>/files/<uuid>/).

`coact` knows no domain app: each app registers, in its AppConfig.ready(), the kinds of
file it makes and the function that turns a file's parameters (ids and language codes,
never personal data) into its template's context:

    files.register_kind("referral_sheet", context=sheets.pdf_context)

The function runs in the worker inside translation.override(file.language).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from .models import GeneratedFile
from .pdf import render_to_pdf

logger = logging.getLogger(__name__)

ContextBuilder = Callable[[dict], dict]
_kinds: dict[str, ContextBuilder] = {}

# A second press of the same button (or a reload) within this time gets the same file.
REUSE_WITHIN = timedelta(minutes=5)


def register_kind(kind: str, *, context: ContextBuilder) -> None:
    """Add (or replace: ready() may run twice in tests) the kind of file `kind`."""
    _kinds[kind] = context


def generated_file_request(
    *,
    by,
    kind: str,
    template: str,
    parameters: dict,
    language: str,
    filename: str,
) -> GeneratedFile:
    """The file, to be rendered by a worker once the caller's transaction commits; the
    same person's identical request of the last few minutes, if it did not fail."""
    if kind not in _kinds:
        raise ValueError(f"no such kind of file: {kind}")
    recent = (
        GeneratedFile.objects.defer("content")
        .filter(
            requested_by=by,
            kind=kind,
            template=template,
            language=language,
            parameters=parameters,
            failed_at__isnull=True,
            created_at__gte=timezone.now() - REUSE_WITHIN,
        )
        .first()
    )
    if recent is not None:
        return recent
    file = GeneratedFile.objects.create(
        requested_by=by,
        kind=kind,
        template=template,
        parameters=parameters,
        language=language,
        filename=filename,
    )
    from .tasks import render_pdf

    file_id = str(file.pk)
    transaction.on_commit(lambda: render_pdf.delay(file_id))
    return file


def generated_file_render(*, file_id: str) -> bool:
    """Render the file and store it; True when it is ready. Run again (a worker died
    with the task), it renders a file that is still pending and leaves a finished one."""
    file = GeneratedFile.objects.defer("content").filter(pk=file_id).first()
    if file is None or not file.is_pending:
        return file is not None and file.ready_at is not None
    try:
        build = _kinds[file.kind]
        with translation.override(file.language):
            context = build(file.parameters)
        content = render_to_pdf(file.template, context, file.language)
    except Exception:
        # The parameters are ids and codes: the log names the file, the kind and the error.
        logger.exception("generated file %s (%s) could not be rendered", file.pk, file.kind)
        pending(file_id).update(failed_at=timezone.now())
        return False
    return bool(pending(file_id).update(content=content, ready_at=timezone.now()))


def pending(file_id: str):
    return GeneratedFile.objects.filter(pk=file_id, ready_at__isnull=True, failed_at__isnull=True)


def generated_files_delete_old(*, now=None) -> int:
    """Files are for downloading at once: after GENERATED_FILES_KEEP_HOURS they go."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.GENERATED_FILES_KEEP_HOURS)
    deleted, _ = GeneratedFile.objects.filter(created_at__lt=cutoff).delete()
    return deleted

"""The anonymous referral sheet (referrals.sheets): a print-styled page and its PDF.

Anyone signed in may open it: it holds only what the NGO's public profile shows, and no
one's personal data. Signing in is asked for because the sheet is a tool of the
portal's people (unit workers first, but an NGO's own people print it for their clients
too), and because its PDF takes a worker's time and is kept for the person who asked.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from coact.files import generated_file_request

from .. import sheets


def _chosen(request, slug: str, params):
    organization = sheets.sheet_organization(slug=slug)
    activity = sheets.sheet_activity(organization, params.get("activity"))
    page_language = request.LANGUAGE_CODE
    client = sheets.client_language(organization, params.get("lang"), page_language)
    return organization, activity, client, sheets.text_language(client, page_language)


@login_required
@require_GET
def anonymous_sheet(request, slug):
    organization, activity, client, text_language = _chosen(request, slug, request.GET)
    # The sheet in its own language; the page around it in the reader's.
    with translation.override(text_language):
        context = sheets.sheet_context(organization=organization, activity=activity, client=client)
        sheet = render_to_string("referrals/includes/sheet.html", context, request=request)
    languages = sheets.sheet_languages(organization, request.LANGUAGE_CODE)
    return render(
        request,
        "referrals/sheet.html",
        {
            **context,
            "sheet": mark_safe(sheet),  # noqa: S308 - rendered by our own template above
            "text_language": text_language,
            "languages": languages,
            "client_code": client,
            "client_language_in_page": next(
                language.name for language in languages if language.code == client
            ),
            "activities": organization.activities.all(),
        },
    )


@login_required
@require_POST
def anonymous_sheet_pdf(request, slug):
    """Ask a worker for the sheet as a PDF and wait for it on the file's page."""
    organization, activity, client, text_language = _chosen(request, slug, request.POST)
    chosen = {"organization": organization, "activity": activity, "client": client}
    file = generated_file_request(
        by=request.user,
        kind=sheets.PDF_KIND,
        template=sheets.PDF_TEMPLATE,
        parameters=sheets.pdf_parameters(**chosen),
        language=text_language,
        filename=sheets.pdf_filename(**chosen),
    )
    return redirect("generated_file", pk=file.pk)

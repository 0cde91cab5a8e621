"""The anonymous referral sheet: what a client who has not consented to a referral takes
home about an NGO or one of its activities, to make contact themselves. What it is, where,
when, how to get in touch and how to get there: the NGO's public directory data only,
never anything about the client or the worker who prints it.

The sheet is in the client's language: Finnish, Swedish or English (the translated
fields and the portal's own words), or a language the NGO wrote a description in
(OrganizationText: Somali, Arabic, Dari...). In that case the NGO's text leads the
sheet, marked with its language and direction, and the rest is in the page's language.

The same context makes the print-styled page (views.sheets) and the PDF, which a worker
renders from the file's parameters (pdf_context, registered in apps.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from organizations.languages import language_name, native_language_name, text_direction
from organizations.models import Activity, Organization

PAGE_LANGUAGES = ("fi", "sv", "en")
PDF_KIND = "referral_sheet"
PDF_TEMPLATE = "referrals/sheet_pdf.html"


@dataclass(frozen=True)
class SheetLanguage:
    """A language the sheet can be in, named in the reader's language and its own."""

    code: str
    name: str
    native_name: str | None
    direction: str

    @classmethod
    def of(cls, code: str, reader: str) -> SheetLanguage:
        return cls(
            code=code,
            name=language_name(code, reader),
            native_name=native_language_name(code),
            direction=text_direction(code),
        )


def sheet_organization(*, slug: str) -> Organization:
    """A public NGO (an application waiting for approval is no NGO to send a client
    to), with everything the sheet shows of it."""
    return get_object_or_404(
        Organization.objects.public().prefetch_related(
            "locations", "opening_hours", "languages", "other_texts__language"
        ),
        slug=slug,
    )


def sheet_activity(organization: Organization, activity_id) -> Activity | None:
    """One of the NGO's activities, by the id in ?activity=; None without one, a 404 for
    an id that is not one of this NGO's."""
    if activity_id in (None, ""):
        return None
    try:
        activity_pk = int(activity_id)
    except (TypeError, ValueError):
        raise Http404("no such activity") from None
    return get_object_or_404(
        Activity.objects.select_related("location").prefetch_related("languages"),
        pk=activity_pk,
        organization=organization,
    )


def sheet_languages(organization: Organization, reader: str) -> list[SheetLanguage]:
    """Finnish, Swedish, English, then the languages the NGO wrote a text in, by name."""
    others = sorted(
        (
            SheetLanguage.of(text.language.code, reader)
            for text in organization.other_texts.all()
            if text.language.code not in PAGE_LANGUAGES
        ),
        key=lambda language: language.name.casefold(),
    )
    return [SheetLanguage.of(code, reader) for code in PAGE_LANGUAGES] + others


def client_language(organization: Organization, asked: str | None, page_language: str) -> str:
    """The language asked for in ?lang= if the sheet can be in it, else the page's."""
    codes = {language.code for language in sheet_languages(organization, page_language)}
    return asked if asked in codes else page_language


def text_language(client: str, page_language: str) -> str:
    """The language of the sheet's own words: the client's, or for a language the portal
    has no words in, the page's."""
    return client if client in PAGE_LANGUAGES else page_language


def sheet_context(*, organization: Organization, activity: Activity | None, client: str) -> dict:
    """What the sheet shows, in the active language (the text language)."""
    reader = get_language() or "fi"
    other_text = next(
        (
            text
            for text in organization.other_texts.all()
            if text.language.code == client and client not in PAGE_LANGUAGES
        ),
        None,
    )
    if activity is not None and activity.location is not None:
        locations = [activity.location]
    elif activity is not None and activity.online:
        locations = []
    else:
        locations = list(organization.locations.all())
    languages = activity.languages.all() if activity is not None else organization.languages.all()
    title = f"{activity.name} – {organization.name}" if activity else organization.name  # noqa: RUF001
    return {
        "organization": organization,
        "activity": activity,
        "title": title,
        "client_language": SheetLanguage.of(client, reader),
        "other_text": other_text.text if other_text else "",
        "locations": locations,
        "opening_hours": list(organization.opening_hours.all()),
        "languages_served": sorted(language_name(language.code, reader) for language in languages),
        "printed_on": timezone.localdate(),
    }


def pdf_parameters(*, organization: Organization, activity: Activity | None, client: str):
    """What a worker needs to make the same sheet again: ids and a language code."""
    return {
        "organization": organization.pk,
        "activity": activity.pk if activity else None,
        "client_language": client,
    }


def pdf_filename(*, organization: Organization, activity: Activity | None, client: str) -> str:
    parts = [organization.slug, *([str(activity.pk)] if activity else []), client]
    return "-".join(parts) + ".pdf"


def pdf_context(parameters: dict) -> dict:
    """The sheet's context from a file's parameters (coact.files), in the worker."""
    organization = Organization.objects.public().prefetch_related(
        "locations", "opening_hours", "languages", "other_texts__language"
    )
    organization = organization.get(pk=parameters["organization"])
    activity = None
    if parameters.get("activity") is not None:
        activity = (
            Activity.objects.select_related("location")
            .prefetch_related("languages")
            .get(pk=parameters["activity"], organization=organization)
        )
    return sheet_context(
        organization=organization, activity=activity, client=parameters["client_language"]
    )

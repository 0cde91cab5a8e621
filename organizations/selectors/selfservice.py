"""What the self-service and freshness pages read: the profile checklist, the change
history and the coordinators' list of profiles to look at."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator

from ..models import Activity, Location, Organization, OrganizationText, WelfareArea
from ..services.profiles import OPENING_HOURS_CHANGED, PROFILE_CHANGE_REASON

_HEAVY = ("search_fi", "search_sv", "search_en")
HISTORY_LIMIT = 200

# --- The checklist of what a good profile has ------------------------------------------


@dataclass
class ChecklistItem:
    label: str
    done: bool
    url: str


def profile_checklist(organization: Organization) -> list[ChecklistItem]:
    """The things that make a profile useful to welfare-area staff. Five queries."""
    slug = organization.slug
    hours_in_words = any(
        getattr(organization, f"hours_description_{code}") for code in ("fi", "sv", "en")
    )
    items = [
        ChecklistItem(
            _("A short description in Finnish"),
            bool(organization.description_fi),
            "#id_description_fi",
        ),
        ChecklistItem(
            _("A short description in Swedish"),
            bool(organization.description_sv),
            "#id_description_sv",
        ),
        ChecklistItem(
            _("A short description in English"),
            bool(organization.description_en),
            "#id_description_en",
        ),
        ChecklistItem(
            _("The languages you serve in"),
            organization.languages.exists(),
            "#section-serve",
        ),
        ChecklistItem(_("Themes"), organization.themes.exists(), "#section-serve"),
        ChecklistItem(
            _("Opening hours"),
            hours_in_words or organization.opening_hours.exists(),
            "#section-hours",
        ),
        ChecklistItem(
            _("A location"),
            organization.locations.exists(),
            reverse("organization_locations", args=[slug]),
        ),
        ChecklistItem(
            _("An activity"),
            organization.activities.exists(),
            reverse("organization_activities", args=[slug]),
        ),
    ]
    if organization.accepts_referrals:
        items.append(
            ChecklistItem(
                _("How to refer a client"),
                any(
                    getattr(organization, f"referral_instructions_{code}")
                    for code in ("fi", "sv", "en")
                ),
                "#id_referral_instructions_fi",
            )
        )
    return items


# --- Change history ----------------------------------------------------------------------


@dataclass
class HistoryEntry:
    date: datetime
    user: object
    subject: str
    kind: str  # "created", "changed" or "deleted"
    fields: list = field(default_factory=list)


def field_label(model: type[Model], name: str):
    """A field's name for people: "Short description (Swedish)" for a translation."""
    if name == OPENING_HOURS_CHANGED:
        return _("Opening hours")
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    translated = getattr(model_field, "translated_field", None)
    if translated is not None:
        language = dict(settings.LANGUAGES).get(model_field.language, model_field.language)
        return format_lazy("{} ({})", capfirst(translated.verbose_name), language)
    return capfirst(model_field.verbose_name)


def _translated_bases(model: type[Model]) -> set[str]:
    """The original columns behind translated fields: they change with the language
    the text was saved in, so the per-language fields say what really changed."""
    if model not in translator.get_registered_models():
        return set()
    return set(translator.get_options_for_model(model).all_fields)


def _m2m_snapshots(history_model, history_ids: list[int]) -> dict[str, dict[int, set]]:
    """For each tracked many-to-many field, the related ids each history record saw:
    one query a field, instead of two a record in diff_against."""
    snapshots = {}
    for m2m_field in history_model._history_m2m_fields:
        through = getattr(history_model, m2m_field.name).model
        target = m2m_field.m2m_reverse_field_name()
        by_record: dict[int, set] = {history_id: set() for history_id in history_ids}
        rows = through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", f"{target}_id"
        )
        for history_id, related_id in rows:
            by_record[history_id].add(related_id)
        snapshots[m2m_field.name] = by_record
    return snapshots


def _related_changes(record, before, m2m_names: list[str], snapshots) -> list[str]:
    """The many-to-many fields (and opening hours) a record changed: as the portal's own
    record names them (services_selfservice.history_reason), else by comparing the
    snapshots of the two records (a change made in the admin)."""
    reason = record.history_change_reason or ""
    if reason.startswith(PROFILE_CHANGE_REASON):
        return [name for name in reason.removeprefix(PROFILE_CHANGE_REASON).split(",") if name]
    names = [
        name
        for name in m2m_names
        if snapshots[name][record.history_id] != snapshots[name][before.history_id]
    ]
    if reason == OPENING_HOURS_CHANGED:  # records written before the reasons named all
        names.append(OPENING_HOURS_CHANGED)
    return names


def _entries(records: list, model: type[Model], subject) -> list[HistoryEntry]:
    """Entries from one model's records (oldest first), each diffed against the record
    before it of the same object."""
    history_model = model.history.model
    m2m_names = [m2m_field.name for m2m_field in history_model._history_m2m_fields]
    excluded = _translated_bases(model) | set(m2m_names)
    snapshots = _m2m_snapshots(history_model, [r.history_id for r in records]) if m2m_names else {}
    previous: dict[int, object] = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        kind = {"+": "created", "-": "deleted"}.get(record.history_type, "changed")
        fields = []
        if kind == "changed" and before is not None:
            delta = record.diff_against(before, excluded_fields=excluded)
            names = list(delta.changed_fields) + _related_changes(
                record, before, m2m_names, snapshots
            )
            if not names:
                continue  # saved without a change
            fields = [field_label(model, name) for name in names]
        entries.append(
            HistoryEntry(
                date=record.history_date,
                user=record.history_user,
                subject=subject(record),
                kind=kind,
                fields=fields,
            )
        )
    return entries


def _latest(history: QuerySet) -> list:
    """The latest HISTORY_LIMIT records, oldest first."""
    records = list(
        history.select_related("history_user").order_by("-history_date", "-history_id")[
            :HISTORY_LIMIT
        ]
    )
    records.reverse()
    return records


def _in_reader_language(record, name: str) -> str:
    """A historical record has no modeltranslation descriptors: pick the reader's
    language, else the first language that has the text."""
    codes = [get_language() or "fi", "fi", "sv", "en"]
    return next(
        (value for code in codes if (value := getattr(record, f"{name}_{code}", None))),
        getattr(record, name) or "",
    )


def organization_history(organization: Organization) -> list[HistoryEntry]:
    """Changes to the profile, its activities and its locations, newest first, with who
    made them. A fixed number of queries."""
    profile = _entries(
        _latest(Organization.history.filter(id=organization.pk)),
        Organization,
        lambda record: _("Profile"),
    )
    activities = _entries(
        _latest(Activity.history.filter(organization_id=organization.pk)),
        Activity,
        lambda record: format_lazy("{}: {}", _("Activity"), _in_reader_language(record, "name")),
    )
    locations = _entries(
        _latest(Location.history.filter(organization_id=organization.pk)),
        Location,
        lambda record: format_lazy("{}: {}", _("Location"), record.name or record.street_address),
    )
    texts = _entries(
        _latest(OrganizationText.history.filter(organization_id=organization.pk)),
        OrganizationText,
        lambda record: _("Text in another language"),
    )
    return sorted(
        [*profile, *activities, *locations, *texts], key=lambda entry: entry.date, reverse=True
    )


# --- The coordinators' freshness list ----------------------------------------------------


def profiles_needing_attention(*, user, now: datetime | None = None) -> QuerySet[Organization]:
    """Active NGOs of the coordinator's areas (all for a superuser) that are stale or not
    verified: first those never confirmed (the longest in the portal first), then the
    longest unconfirmed, then the fresh ones that wait for a verification. One query."""
    now = now or timezone.now()
    stale_before = now - timedelta(days=Organization.STALE_AFTER_DAYS)
    organizations = (
        Organization.objects.public()
        .filter(
            Q(last_confirmed_at__isnull=True)
            | Q(last_confirmed_at__lt=stale_before)
            | Q(verified_at__isnull=True)
        )
        .select_related("welfare_area", "verified_by")
        .defer(*_HEAVY)
        .order_by(F("last_confirmed_at").asc(nulls_first=True), "created_at", "name")
    )
    return organizations.filter(welfare_area__in=WelfareArea.objects.coordinated_by(user))

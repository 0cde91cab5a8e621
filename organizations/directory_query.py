"""What a directory request asks for, checked before anything is searched or cached.

The HTML directory keeps the parameters it knows with values that exist, drops the rest
and says what it dropped; the API refuses the same request with a 400 that names each
parameter. Both then filter with the checked parameters only, and the caches are keyed on
them (`DirectoryQuery.cache_token`), so a parameter nobody reads or a value that does not
exist never makes a new cache entry."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from coact.request_guard import whole_number

from .languages import normalize_language_code
from .models import TargetGroup, Theme, WelfareArea

# Every word is a term of the text query and all of them must match, and the whole text is
# compared with each name by trigrams: past a sentence a search finds nothing and only
# costs (a 400-word search once made the page fail).
MAX_QUERY_WORDS = 12
MAX_QUERY_CHARS = 150
# How much of a value that was not understood is shown back in the notice.
SHOWN_VALUE_CHARS = 40

FLAG_ON = {"1", "true", "on", "yes"}
FLAG_OFF = {"", "0", "false", "off", "no"}
FLAGS = {
    "accepts_referrals": _("Accepts referrals"),
    "outside_office_hours": _("Open evenings or weekends"),
    "escort": _("Volunteers can escort"),
    "interpreting": _("Volunteers can interpret"),
    "online": _("Services online"),
}
TAXONOMIES = {
    # parameter: (model, its value's field, label)
    "theme": (Theme, "slug", _("Theme")),
    "target_group": (TargetGroup, "slug", _("Target group")),
}
KNOWN_PARAMETERS = {"q", "language", "theme", "target_group", "area", "page", *FLAGS}


@dataclass(frozen=True)
class Ignored:
    """A value that was not understood: shown to people, and the API's 400 reason."""

    parameter: str
    label: str
    value: str
    reason: str

    @property
    def shown_value(self) -> str:
        if len(self.value) <= SHOWN_VALUE_CHARS:
            return self.value
        return self.value[: SHOWN_VALUE_CHARS - 1] + "…"


@dataclass
class DirectoryQuery:
    data: QueryDict  # the known parameters with checked values, ready for DirectoryFilter
    text: str = ""  # the search text as searched: single spaces, at most the limits
    typed_words: int = 0
    shortened: bool = False
    page: int | None = None  # None: absent or not a whole number from 1 up
    page_given: bool = False
    ignored: list[Ignored] = field(default_factory=list)

    @property
    def has_notices(self) -> bool:
        return self.shortened or bool(self.ignored)

    @property
    def has_filters(self) -> bool:
        return any(self.data.values())

    def cache_token(self) -> str | None:
        """The request in its one normal form (sorted, without duplicates or unknown
        parameters), or None when the page must not be cached: it carries a notice, or
        asks for a page number that is not written the normal way."""
        if self.has_notices or (self.page_given and self.page is None):
            return None
        pairs = sorted((key, value) for key, values in self.data.lists() for value in values)
        if self.page is not None and self.page > 1:
            pairs.append(("page", str(self.page)))
        return urlencode(pairs)

    def errors(self) -> dict[str, list[str]]:
        """For the API: each parameter that is refused and why (in English, like the
        API's other messages)."""
        errors: dict[str, list[str]] = {}
        if self.shortened:
            errors["q"] = [
                f"at most {MAX_QUERY_WORDS} words and {MAX_QUERY_CHARS} characters "
                f"(got {self.typed_words} words)"
            ]
        for item in self.ignored:
            errors.setdefault(item.parameter, []).append(item.reason)
        if self.page_given and self.page is None:
            errors["page"] = ["must be a whole number from 1 up"]
        return errors


def shorten(raw: str) -> tuple[str, int, bool]:
    """The search text with single spaces, cut to MAX_QUERY_WORDS whole words and
    MAX_QUERY_CHARS characters; how many words were typed; whether it was cut."""
    words = raw.split()
    kept: list[str] = []
    length = 0
    for word in words[:MAX_QUERY_WORDS]:
        extra = len(word) + (1 if kept else 0)
        if length + extra > MAX_QUERY_CHARS:
            if not kept:  # one enormous word: keep its beginning
                kept.append(word[:MAX_QUERY_CHARS])
            break
        kept.append(word)
        length += extra
    text = " ".join(kept)
    return text, len(words), text != " ".join(words)


def directory_query(params: QueryDict) -> DirectoryQuery:
    """Check a directory request's parameters. Unknown parameters are left out silently
    (a link's tracking tag changes nothing); a known parameter with a value that does
    not exist is left out and listed in `ignored`."""
    data = QueryDict(mutable=True)
    query = DirectoryQuery(data=data)

    text, query.typed_words, query.shortened = shorten(params.get("q", ""))
    if text:
        data["q"] = text
    query.text = text

    raw_language = params.get("language", "").strip()
    if raw_language:
        code = normalize_language_code(raw_language)
        if code is None:
            query.ignored.append(
                Ignored(
                    "language",
                    _("Language served"),
                    raw_language,
                    f"{raw_language!r} is not an ISO 639-1 or 639-3 language code",
                )
            )
        else:
            data["language"] = code

    for name, (model, column, label) in TAXONOMIES.items():
        values = sorted({value.strip() for value in params.getlist(name) if value.strip()})
        if not values:
            continue
        known = set(
            model.objects.filter(**{f"{column}__in": values}).values_list(column, flat=True)
        )
        data.setlist(name, [value for value in values if value in known])
        query.ignored += [
            Ignored(name, label, value, f"no {name.replace('_', ' ')} with the slug {value!r}")
            for value in values
            if value not in known
        ]

    raw_area = params.get("area", "").strip()
    if raw_area:
        if WelfareArea.objects.filter(code=raw_area).exists():
            data["area"] = raw_area
        else:
            query.ignored.append(
                Ignored(
                    "area",
                    _("Welfare area"),
                    raw_area,
                    f"no welfare area with the code {raw_area!r}",
                )
            )

    for name, label in FLAGS.items():
        if name not in params:
            continue
        value = params.get(name, "").strip().lower()
        if value in FLAG_ON:
            data[name] = "1"
        elif value not in FLAG_OFF:
            query.ignored.append(
                Ignored(name, label, params.get(name, ""), "must be 1 (on) or 0 (off)")
            )

    query.page_given = "page" in params
    query.page = whole_number(params.get("page"))
    data._mutable = False
    return query

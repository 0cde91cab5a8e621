# ruff: noqa: RUF001, RUF002 (en dashes in Finnish times)
"""What the demo files leave to be computed: the data files hold the data (texts, slugs,
"ma-pe 9-15"); the values derived from it (a business ID's check digit, opening-hour
rows and their words, coordinates, an activity's times) are computed here. No database
access: seed_bench uses some of it too."""

from __future__ import annotations

import re
import zlib
from datetime import time
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def read(name: str, folder: Path = DATA_DIR):
    """One of the demo data files, parsed (YAML, safe loader: data only, no tags)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((folder / name).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506


@cache
def places() -> dict[str, tuple[str, str, float, float]]:
    """District -> (postcode, municipality, latitude, longitude), from places.yaml."""
    return {
        key: (p["postal_code"], p["municipality"], p["latitude"], p["longitude"])
        for key, p in read("places.yaml").items()
    }


def business_id(first_seven: str) -> str:
    """A valid Finnish business ID (Y-tunnus) from seven digits: the weighted check digit
    of python-stdnum's stdnum.fi.alv.checksum, appended as 1234567-8."""
    from stdnum.fi import ytunnus

    weights = (7, 9, 10, 5, 8, 4, 2, 1)
    total = sum(w * int(d) for w, d in zip(weights, first_seven, strict=False))
    check = -total % 11
    if len(first_seven) != 7 or not first_seven.isdigit() or check == 10:
        raise ValueError(f"{first_seven} has no valid check digit; pick other digits")
    number = f"{first_seven}-{check}"
    ytunnus.validate(number)
    return number


# --- opening hours ------------------------------------------------------------------------

_DAYS = ["ma", "ti", "ke", "to", "pe", "la", "su"]
_DAY_NAMES = {
    "fi": _DAYS,
    "sv": ["mån", "tis", "ons", "tors", "fre", "lör", "sön"],
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
}


def parse_time(text: str) -> time:
    """ "9", "11:30", "17.30" -> a time."""
    hours, _, minutes = text.replace(".", ":").partition(":")
    return time(int(hours), int(minutes or 0))


def parse_hours(spec: str) -> list[tuple[int, time, time]]:
    """ "ma-pe 9-15; ti,to 17-20; la 11:30-14" -> (weekday, opens, closes) rows."""
    rows = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        days, times = part.split()
        opens, closes = (parse_time(t) for t in times.split("-"))
        for chunk in days.split(","):
            first, _, last = chunk.partition("-")
            start, end = _DAYS.index(first), _DAYS.index(last or first)
            rows.extend((day, opens, closes) for day in range(start, end + 1))
    return rows


def describe_hours(spec: str, language: str) -> str:
    """The same spec in words: "ma–pe 9–15, ti 17–20" / "Mon–Fri 9:00–15:00; ..."."""
    names = dict(zip(_DAYS, _DAY_NAMES[language], strict=True))
    parts = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        days, times = part.split()
        days = ", ".join("–".join(names[d] for d in c.split("-")) for c in days.split(","))
        opens, closes = (parse_time(t) for t in times.split("-"))
        if language == "en":
            times = f"{opens:%H:%M}–{closes:%H:%M}"
        else:
            times = "–".join(
                f"{t.hour}" if not t.minute else f"{t.hour}.{t.minute:02d}" for t in (opens, closes)
            )
        parts.append(f"{days} {times}")
    return "; ".join(parts)


# --- places and activities ----------------------------------------------------------------


def location_fields(location: dict) -> dict:
    """A demo address's Location fields: the district's postcode and municipality, and
    its point moved a stable offset of up to ~300 m, so that two addresses differ."""
    postal_code, municipality, latitude, longitude = places()[location["place"]]
    seed = zlib.crc32(location["street_address"].encode())
    latitude += ((seed % 601) - 300) / 100_000
    longitude += (((seed // 601) % 601) - 300) / 50_000
    return {
        "name": location.get("name", ""),
        "street_address": location["street_address"],
        "postal_code": postal_code,
        "municipality": municipality,
        "latitude": Decimal(f"{latitude:.6f}"),
        "longitude": Decimal(f"{longitude:.6f}"),
        "accessibility": location.get("accessibility", ""),
    }


_CLOCK = re.compile(r"klo (\d{1,2})(?:[.:](\d{2}))?–(\d{1,2})(?:[.:](\d{2}))?")


def activity_times(activity: dict) -> tuple[time | None, time | None]:
    """The start and end of a regular activity, read from its Finnish words
    ("Lauantaisin klo 11–14"); none for one without a rhythm or a clock time."""
    words = activity.get("when", {}).get("fi", "")
    match = _CLOCK.search(words) if activity.get("recurrence") else None
    if match is None:
        return None, None
    start_hour, start_minute, end_hour, end_minute = match.groups()
    return time(int(start_hour), int(start_minute or 0)), time(int(end_hour), int(end_minute or 0))

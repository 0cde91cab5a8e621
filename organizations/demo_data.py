# ruff: noqa: RUF001, RUF002 (en dashes in Finnish times; Cyrillic text)
"""The demo data set that `manage.py seed_demo` loads: invented NGOs and service units,
every one marked as demo ("Demo: " names, @demo.example addresses, 040 000 0xxx phones,
business IDs from the unissued 9xxxxxx range, made-up street addresses in real
municipalities). Nothing here describes a real organisation.

`load_demo(coordinator)` creates or refreshes it all (by slug) and replaces the
many-to-many and child rows, so it is safe to run again."""

from __future__ import annotations

import re
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import (
    Activity,
    Language,
    Location,
    OpeningHours,
    Organization,
    OrganizationText,
    ServiceUnit,
    TargetGroup,
    Theme,
    WelfareArea,
)
from .search import update_search_vectors

# The demo NGOs a directory acceptance test expects for: language=so, theme=mental-health,
# area=vantaa-kerava, outside_office_hours=1 (exactly these, nothing else).
DIRECTORY_ACCEPTANCE_SLUGS = (
    "demo-somali-mental-health-evenings",
    "demo-vantaa-peer-circle",
)
# Vantaa-Kerava NGOs that match three of those four conditions but not all of them.
DIRECTORY_NEAR_MISS_SLUGS = (
    "demo-monikulttuurinen-perheyhdistys",  # Somali, evenings, area; no mental health
    "demo-tikkurila-wellbeing-advice",  # Somali, mental health, area; office hours only
    "demo-kerava-evening-club",  # Somali, evenings, area; no mental health
    "demo-vantaa-house-of-hope",  # mental health, evenings, area; no Somali
)

# The NGO that ngo.admin@demo.example administers.
DEMO_ADMIN_ORGANIZATION = "demo-monikulttuurinen-perheyhdistys"
# The unit that unit.worker@demo.example works in.
DEMO_WORKER_UNIT = "demo-koto-vantaa"


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


def _parse_time(text: str) -> time:
    hours, _, minutes = text.replace(".", ":").partition(":")
    return time(int(hours), int(minutes or 0))


def parse_hours(spec: str) -> list[tuple[int, time, time]]:
    """ "ma-pe 9-15; ti,to 17-20; la 11:30-14" -> (weekday, opens, closes) rows."""
    rows = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        days, times = part.split()
        opens, closes = (_parse_time(t) for t in times.split("-"))
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
        opens, closes = (_parse_time(t) for t in times.split("-"))
        if language == "en":
            times = f"{opens:%H:%M}–{closes:%H:%M}"
        else:
            times = "–".join(
                f"{t.hour}" if not t.minute else f"{t.hour}.{t.minute:02d}" for t in (opens, closes)
            )
        parts.append(f"{days} {times}")
    return "; ".join(parts)


def outside_office_hours(rows) -> bool:
    """Open at weekends, before 8 or after 16 (as OpeningHours.is_outside_office_hours)."""
    return any(day >= 5 or opens < time(8) or closes > time(16) for day, opens, closes in rows)


# --- places -------------------------------------------------------------------------------

# postcode, municipality, latitude and longitude of a real district; the street names and
# numbers in the data below are made up.
PLACES = {
    "tikkurila": ("01300", "Vantaa", 60.2926, 25.0441),
    "myyrmaki": ("01600", "Vantaa", 60.2612, 24.8545),
    "hakunila": ("01200", "Vantaa", 60.2770, 25.1090),
    "korso": ("01450", "Vantaa", 60.3505, 25.0825),
    "kerava": ("04200", "Kerava", 60.4036, 25.1045),
    "itakeskus": ("00930", "Helsinki", 60.2105, 25.0812),
    "kallio": ("00530", "Helsinki", 60.1842, 24.9505),
    "kontula": ("00940", "Helsinki", 60.2362, 25.0825),
    "malmi": ("00700", "Helsinki", 60.2510, 25.0105),
    "kannelmaki": ("00420", "Helsinki", 60.2402, 24.8785),
    "leppavaara": ("02600", "Espoo", 60.2190, 24.8130),
    "tampere": ("33100", "Tampere", 61.4981, 23.7610),
    "hervanta": ("33720", "Tampere", 61.4505, 23.8505),
    "nokia": ("37100", "Nokia", 61.4785, 23.5085),
    "turku": ("20100", "Turku", 60.4518, 22.2666),
    "varissuo": ("20610", "Turku", 60.4435, 22.3420),
    "salo": ("24100", "Salo", 60.3845, 23.1270),
    "oulu": ("90100", "Oulu", 65.0121, 25.4651),
    "kaukovainio": ("90530", "Oulu", 64.9960, 25.4930),
    "jyvaskyla": ("40100", "Jyväskylä", 62.2426, 25.7473),
    "kuopio": ("70100", "Kuopio", 62.8924, 27.6780),
}


@dataclass(frozen=True)
class DemoLocation:
    place: str
    street_address: str
    name: str = ""
    accessibility: str = ""

    def fields(self) -> dict:
        postal_code, municipality, latitude, longitude = PLACES[self.place]
        # A stable offset of up to ~300 m, so that two addresses in a district differ.
        seed = zlib.crc32(self.street_address.encode())
        latitude += ((seed % 601) - 300) / 100_000
        longitude += (((seed // 601) % 601) - 300) / 50_000
        return {
            "name": self.name,
            "street_address": self.street_address,
            "postal_code": postal_code,
            "municipality": municipality,
            "latitude": Decimal(f"{latitude:.6f}"),
            "longitude": Decimal(f"{longitude:.6f}"),
            "accessibility": self.accessibility,
        }


# --- activities and NGOs ------------------------------------------------------------------


@dataclass(frozen=True)
class DemoActivity:
    kind: str
    name: tuple[str, str]  # fi, en
    description: tuple[str, str]  # fi, en
    when: tuple[str, str] = ("", "")  # fi, en
    recurrence: str = ""
    languages: str = ""  # space-separated codes; empty: the NGO's
    themes: str = ""  # space-separated slugs; empty: the NGO's first theme
    online: bool = False
    registration_required: bool = False


_CLOCK = re.compile(r"klo (\d{1,2})(?:[.:](\d{2}))?–(\d{1,2})(?:[.:](\d{2}))?")


def _times_of(spec: DemoActivity) -> tuple[time | None, time | None]:
    """The start and end of a regular activity, read from its Finnish words
    ("Lauantaisin klo 11–14"); none for one without a rhythm or a clock time."""
    match = _CLOCK.search(spec.when[0]) if spec.recurrence else None
    if match is None:
        return None, None
    start_hour, start_minute, end_hour, end_minute = match.groups()
    return time(int(start_hour), int(start_minute or 0)), time(int(end_hour), int(end_minute or 0))


def act(kind, name, description, when=("", ""), recurrence="", languages="", themes="", **extra):
    return DemoActivity(kind, name, description, when, recurrence, languages, themes, **extra)


@dataclass(frozen=True)
class DemoNGO:
    slug: str
    name: str
    area: str
    legal_form: str
    description: tuple[str, str, str]  # fi, sv, en ("" where the NGO has none)
    languages: str
    themes: str
    target_groups: str
    hours: str
    activities: tuple[DemoActivity, ...]
    locations: tuple[DemoLocation, ...] = ()
    business_id: str = ""  # seven digits; the check digit is computed
    long_description_fi: str = ""
    other_areas: str = ""
    municipalities: str = ""
    phone: str = ""
    website: bool = False
    escort_volunteers: bool = False
    interpreting_volunteers: bool = False
    online_services: bool = False
    referrals: tuple[str, str] = ("", "")  # instructions fi, en; set when it accepts them
    texts: str = ""  # languages with a short welcome in that language
    confirmed_days_ago: int | None = 30
    verified: bool = True
    extra: dict = field(default_factory=dict)


ASSOCIATION = Organization.LegalForm.ASSOCIATION
FOUNDATION = Organization.LegalForm.FOUNDATION
UNREGISTERED = Organization.LegalForm.UNREGISTERED

# A short, neutral welcome in the languages NGOs add texts in.
WELCOME = {
    "so": "Ku soo dhawoow! Nala soo xiriir haddii aad su'aal qabto.",
    "ar": "أهلاً وسهلاً! تواصلوا معنا إذا كان لديكم سؤال.",
    "prs": "خوش آمدید! اگر سوالی دارید با ما تماس بگیرید.",
    "fa": "خوش آمدید! اگر سؤالی دارید با ما تماس بگیرید.",
    "ru": "Добро пожаловать! Свяжитесь с нами, если у вас есть вопросы.",
    "uk": "Ласкаво просимо! Зв’яжіться з нами, якщо у вас є запитання.",
    "ku": "Bi xêr hatin! Ji kerema xwe re bi me re têkilî daynin.",
    "ti": "እንቋዕ ብደሓን መጻእኩም።",
    "vi": "Chào mừng bạn! Hãy liên hệ với chúng tôi nếu bạn có câu hỏi.",
}

REFERRAL_GENERIC = (
    "Lähetä lähete portaalissa asiakkaan suostumuksella. Vastaamme kolmen arkipäivän kuluessa.",
    "Send a referral through the portal with the client's consent. We answer within three "
    "working days.",
)

WEEKLY = "FREQ=WEEKLY;BYDAY="

ORGANIZATIONS: tuple[DemoNGO, ...] = (
    # ------------------------------------------------------------------ Vantaa and Kerava
    DemoNGO(
        slug="demo-monikulttuurinen-perheyhdistys",
        name="Demo: Monikulttuurinen perheyhdistys ry",
        area="vantaa-kerava",
        legal_form=ASSOCIATION,
        business_id="9100013",
        description=(
            "Vertaisryhmiä ja neuvontaa perheille somaliksi, arabiaksi ja suomeksi.",
            "Kamratgrupper och rådgivning för familjer på somaliska, arabiska och finska.",
            "Peer groups and advice for families in Somali, Arabic and Finnish.",
        ),
        long_description_fi=(
            "Yhdistys on perheiden oma kohtaamispaikka Tikkurilassa. Vapaaehtoiset auttavat "
            "arjen asioissa, kuten koulun ja päiväkodin yhteydenpidossa, ja järjestävät "
            "lauantaisin perhekerhon. Keskiviikkoisin on läksykerho koululaisille."
        ),
        languages="so ar fi en",
        themes="families-and-children finnish-language leisure",
        target_groups="families children women",
        other_areas="helsinki",
        municipalities="Vantaa, Kerava",
        hours="ma-pe 9-15; la 11-14",
        phone="040 000 0101",
        website=True,
        escort_volunteers=True,
        interpreting_volunteers=True,
        referrals=REFERRAL_GENERIC,
        texts="so ar",
        confirmed_days_ago=12,
        locations=(DemoLocation("tikkurila", "Perhekuja 3 A", "Perhetila"),),
        activities=(
            act(
                "group",
                ("Perhekerho", "Family club"),
                (
                    "Leikkiä lapsille ja juttuseuraa vanhemmille.",
                    "Play for children and company for parents.",
                ),
                ("Lauantaisin klo 11–14", "Saturdays 11 am–2 pm"),
                WEEKLY + "SA",
                "so ar fi",
                "families-and-children leisure",
            ),
            act(
                "course",
                ("Läksykerho", "Homework club"),
                (
                    "Vapaaehtoiset auttavat koululaisia läksyissä.",
                    "Volunteers help schoolchildren with homework.",
                ),
                ("Keskiviikkoisin klo 14–16", "Wednesdays 2–4 pm"),
                WEEKLY + "WE",
                "fi so ar",
                "families-and-children finnish-language",
            ),
            act(
                "counselling",
                ("Perheneuvonta", "Advice for families"),
                (
                    "Apua koulun, päiväkodin ja Kelan asioissa.",
                    "Help with school, day care and Kela matters.",
                ),
                ("Ma–pe klo 9–15", "Mon–Fri 9 am–3 pm"),
                "",
                "so ar fi en",
                "families-and-children",
            ),
            act(
                "escort",
                ("Saattajat asiointiin", "Escorts to appointments"),
                (
                    "Vapaaehtoinen voi lähteä mukaan virastoon tai neuvolaan.",
                    "A volunteer can come along to an office or the child health clinic.",
                ),
                ("Sopimuksen mukaan", "By arrangement"),
                "",
                "so ar fi",
                "families-and-children",
                registration_required=True,
            ),
        ),
    ),
    DemoNGO(
        slug="demo-somali-mental-health-evenings",
        name="Demo: Hiiraan mielenterveystuki ry",
        area="vantaa-kerava",
        legal_form=ASSOCIATION,
        business_id="9100021",
        description=(
            "Somalinkielistä mielenterveystukea iltaisin ja viikonloppuisin.",
            "Stöd för psykisk hälsa på somaliska kvällar och veckoslut.",
            "Mental-health support in Somali on evenings and weekends.",
        ),
        long_description_fi=(
            "Koulutetut vertaistukijat kuuntelevat ja auttavat löytämään oikean avun. "
            "Toimimme iltaisin, jotta myös työssä käyvät ja opiskelijat pääsevät mukaan."
        ),
        languages="so fi en",
        themes="mental-health families-and-children",
        target_groups="families women men refugees",
        other_areas="helsinki",
        municipalities="Vantaa, Kerava, Helsinki",
        hours="ti,to 17-20; la 12-15",
        phone="040 000 0102",
        escort_volunteers=True,
        interpreting_volunteers=True,
        online_services=True,
        referrals=(
            "Soita tai lähetä lähete portaalissa. Vertaistukija soittaa asiakkaalle somaliksi.",
            "Call us or send a referral through the portal. A peer supporter calls the "
            "client in Somali.",
        ),
        texts="so",
        confirmed_days_ago=20,
        locations=(DemoLocation("hakunila", "Kuuntelijantie 8"),),
        activities=(
            act(
                "peer_support",
                ("Iltapiiri", "Evening circle"),
                ("Keskustelua jaksamisesta somaliksi.", "Talking about coping, in Somali."),
                ("Tiistaisin klo 17–19", "Tuesdays 5–7 pm"),
                WEEKLY + "TU",
                "so",
                "mental-health",
            ),
            act(
                "counselling",
                ("Tukikeskustelut", "Support conversations"),
                (
                    "Kahdenkeskinen keskustelu vertaistukijan kanssa.",
                    "A one-to-one conversation with a peer supporter.",
                ),
                ("Torstaisin klo 17–20", "Thursdays 5–8 pm"),
                WEEKLY + "TH",
                "so fi",
                "mental-health",
                registration_required=True,
            ),
            act(
                "group",
                ("Vanhempien lauantai", "Parents' Saturday"),
                ("Vanhemmuus, koulu ja jaksaminen.", "Parenting, school and coping."),
                ("Lauantaisin klo 12–15", "Saturdays noon–3 pm"),
                WEEKLY + "SA",
                "so",
                "mental-health families-and-children",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-vantaa-peer-circle",
        name="Demo: Vantaan vertaispiiri",
        area="vantaa-kerava",
        legal_form=UNREGISTERED,
        description=(
            "Naisten vertaispiiri: jaksaminen, mielen hyvinvointi ja yhdessäolo.",
            "",
            "A women's peer circle: coping, mental wellbeing and time together.",
        ),
        languages="so ar fi",
        themes="mental-health women leisure",
        target_groups="women",
        municipalities="Vantaa",
        hours="ke 18-20; su 14-17",
        phone="040 000 0103",
        texts="so ar",
        confirmed_days_ago=45,
        verified=True,
        locations=(DemoLocation("myyrmaki", "Piirikuja 2", "Asukastila"),),
        activities=(
            act(
                "peer_support",
                ("Naisten ilta", "Women's evening"),
                ("Vertaistukea ja teetä.", "Peer support and tea."),
                ("Keskiviikkoisin klo 18–20", "Wednesdays 6–8 pm"),
                WEEKLY + "WE",
                "so ar fi",
                "mental-health women",
            ),
            act(
                "group",
                ("Sunnuntaikävely", "Sunday walk"),
                ("Yhteinen kävely ja ulkoilu.", "A walk together outdoors."),
                ("Sunnuntaisin klo 14–16", "Sundays 2–4 pm"),
                WEEKLY + "SU",
                "so ar fi",
                "leisure mental-health",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-tikkurila-wellbeing-advice",
        name="Demo: Tikkurilan hyvinvointineuvonta ry",
        area="vantaa-kerava",
        legal_form=ASSOCIATION,
        business_id="9100039",
        description=(
            "Mielenterveys- ja hyvinvointineuvontaa somaliksi ja englanniksi virka-aikaan.",
            "Rådgivning om psykisk hälsa och välmående på somaliska och engelska.",
            "Advice on mental health and wellbeing in Somali and English, in office hours.",
        ),
        languages="so en fi",
        themes="mental-health",
        target_groups="men women newcomers",
        municipalities="Vantaa",
        hours="ma-pe 9-15",
        phone="040 000 0104",
        referrals=REFERRAL_GENERIC,
        confirmed_days_ago=60,
        locations=(DemoLocation("tikkurila", "Neuvontapolku 5"),),
        activities=(
            act(
                "counselling",
                ("Hyvinvointineuvonta", "Wellbeing advice"),
                (
                    "Ajanvarauksella somaliksi tai englanniksi.",
                    "By appointment in Somali or English.",
                ),
                ("Ma–pe klo 9–15", "Mon–Fri 9 am–3 pm"),
                "",
                "so en",
                "mental-health",
                registration_required=True,
            ),
            act(
                "group",
                ("Stressinhallintaryhmä", "Stress management group"),
                (
                    "Kuuden kerran ryhmä unesta ja stressistä.",
                    "A six-session group on sleep and stress.",
                ),
                ("Maanantaisin klo 10–12", "Mondays 10 am–noon"),
                WEEKLY + "MO",
                "so",
                "mental-health",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-kerava-evening-club",
        name="Demo: Keravan iltakerho",
        area="vantaa-kerava",
        legal_form=UNREGISTERED,
        description=(
            "Iltakerho nuorille: pelejä, läksyapua ja retkiä.",
            "",
            "An evening club for young people: games, homework help and outings.",
        ),
        languages="so ar fi",
        themes="youth leisure",
        target_groups="young-people",
        municipalities="Kerava",
        hours="ma,ke 17-20",
        texts="so",
        confirmed_days_ago=75,
        verified=False,
        locations=(DemoLocation("kerava", "Iltatie 11"),),
        activities=(
            act(
                "group",
                ("Peli-ilta", "Games night"),
                ("Lautapelejä ja konsolipelejä.", "Board games and console games."),
                ("Maanantaisin klo 17–20", "Mondays 5–8 pm"),
                WEEKLY + "MO",
                "",
                "leisure",
            ),
            act(
                "course",
                ("Läksyapu", "Homework help"),
                ("Apua läksyihin ja suomen kieleen.", "Help with homework and Finnish."),
                ("Keskiviikkoisin klo 17–19", "Wednesdays 5–7 pm"),
                WEEKLY + "WE",
                "fi so",
                "youth",
            ),
            act(
                "event_series",
                ("Kesäretket", "Summer outings"),
                ("Retkiä luontoon ja uimarannalle.", "Outings to nature and the beach."),
                ("Kesällä kerran kuussa", "Once a month in summer"),
                "FREQ=MONTHLY;BYMONTH=6,7,8",
                "",
                "leisure youth",
                registration_required=True,
            ),
        ),
    ),
    DemoNGO(
        slug="demo-vantaa-house-of-hope",
        name="Demo: Toivon talo Vantaa ry",
        area="vantaa-kerava",
        legal_form=ASSOCIATION,
        business_id="9100047",
        description=(
            "Mielenterveystukea arabiaksi, dariksi ja persiaksi myös iltaisin.",
            "Stöd för psykisk hälsa på arabiska, dari och persiska, även kvällstid.",
            "Mental-health support in Arabic, Dari and Persian, evenings too.",
        ),
        long_description_fi=(
            "Toivon talossa voi puhua omalla kielellä elämän muutoksista, surusta ja "
            "huolista. Ohjaamme tarvittaessa terveyspalveluihin ja lähdemme mukaan."
        ),
        languages="ar prs fa fi",
        themes="mental-health residence-permits-and-legal-advice",
        target_groups="refugees asylum-seekers men women",
        municipalities="Vantaa",
        hours="ma-to 12-19",
        phone="040 000 0105",
        escort_volunteers=True,
        referrals=REFERRAL_GENERIC,
        texts="ar prs fa",
        confirmed_days_ago=33,
        locations=(DemoLocation("korso", "Toivontie 6"),),
        activities=(
            act(
                "peer_support",
                ("Keskusteluryhmä arabiaksi", "Conversation group in Arabic"),
                ("Vertaistukea elämän muutoksissa.", "Peer support through life changes."),
                ("Maanantaisin klo 17–19", "Mondays 5–7 pm"),
                WEEKLY + "MO",
                "ar",
                "mental-health",
            ),
            act(
                "peer_support",
                ("Keskusteluryhmä dariksi", "Conversation group in Dari"),
                ("Vertaistukea dariksi ja persiaksi.", "Peer support in Dari and Persian."),
                ("Keskiviikkoisin klo 17–19", "Wednesdays 5–7 pm"),
                WEEKLY + "WE",
                "prs fa",
                "mental-health",
            ),
            act(
                "counselling",
                ("Oleskelulupa-asioiden neuvonta", "Residence permit advice"),
                ("Yleistä neuvontaa hakemuksista.", "General advice on applications."),
                ("Torstaisin klo 12–16", "Thursdays noon–4 pm"),
                WEEKLY + "TH",
                "ar prs fa",
                "residence-permits-and-legal-advice",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-vantaa-ukrainian-families",
        name="Demo: Ukrainalaisten perheiden tuki Vantaa ry",
        area="vantaa-kerava",
        legal_form=ASSOCIATION,
        business_id="9100055",
        description=(
            "Tukea Ukrainasta tulleille perheille: neuvontaa, kerhoja ja suomen kieltä.",
            "Stöd för familjer från Ukraina: rådgivning, klubbar och finska.",
            "Support for families from Ukraine: advice, clubs and Finnish.",
        ),
        languages="uk ru fi en",
        themes="families-and-children residence-permits-and-legal-advice finnish-language",
        target_groups="families children refugees",
        municipalities="Vantaa",
        hours="ma-to 10-14; ke 17-19",
        phone="040 000 0106",
        online_services=True,
        texts="uk ru",
        confirmed_days_ago=18,
        locations=(DemoLocation("myyrmaki", "Auringonkukankuja 4"),),
        activities=(
            act(
                "counselling",
                ("Neuvontapiste", "Advice desk"),
                ("Tilapäinen suojelu, Kela ja koulut.", "Temporary protection, Kela and schools."),
                ("Ma–to klo 10–14", "Mon–Thu 10 am–2 pm"),
                "",
                "uk ru en",
                "residence-permits-and-legal-advice",
            ),
            act(
                "course",
                ("Suomea vanhemmille", "Finnish for parents"),
                ("Arjen suomea lastenhoidon kanssa.", "Everyday Finnish with childcare."),
                ("Keskiviikkoisin klo 17–19", "Wednesdays 5–7 pm"),
                WEEKLY + "WE",
                "uk fi",
                "finnish-language",
            ),
            act(
                "group",
                ("Lasten askartelukerho", "Children's craft club"),
                ("Askartelua ja leikkiä.", "Crafts and play."),
                ("Tiistaisin klo 12–13.30", "Tuesdays noon–1.30 pm"),
                WEEKLY + "TU",
                "uk",
                "families-and-children",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-kerava-womens-living-room",
        name="Demo: Keravan naisten olohuone ry",
        area="vantaa-kerava",
        legal_form=ASSOCIATION,
        description=(
            "Naisten kohtaamispaikka: kielikahvila, käsityöt ja neuvonta.",
            "En mötesplats för kvinnor: språkcafé, handarbete och rådgivning.",
            "",
        ),
        languages="ar ku fa prs ti fi",
        themes="women finnish-language",
        target_groups="women",
        municipalities="Kerava",
        hours="ma-pe 9-13",
        texts="ar ku ti",
        confirmed_days_ago=95,
        verified=False,
        locations=(DemoLocation("kerava", "Olohuoneentie 1"),),
        activities=(
            act(
                "group",
                ("Kielikahvila", "Language café"),
                ("Suomen puhumista kahvin ääressä.", "Speaking Finnish over coffee."),
                ("Tiistaisin klo 10–12", "Tuesdays 10 am–noon"),
                WEEKLY + "TU",
                "fi",
                "finnish-language",
            ),
            act(
                "group",
                ("Käsityöpiiri", "Crafts circle"),
                ("Ompelua ja neulomista yhdessä.", "Sewing and knitting together."),
                ("Torstaisin klo 10–13", "Thursdays 10 am–1 pm"),
                WEEKLY + "TH",
                "",
                "women",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-myyrmaki-youth-football",
        name="Demo: Myyrmäen nuorten jalkapallo",
        area="vantaa-kerava",
        legal_form=UNREGISTERED,
        description=(
            "Maksutonta jalkapalloa 10–17-vuotiaille, kaikki tervetulleita.",
            "Gratis fotboll för 10–17-åringar, alla är välkomna.",
            "Free football for ages 10 to 17, everyone welcome.",
        ),
        languages="fi so ar en",
        themes="youth leisure",
        target_groups="young-people children",
        municipalities="Vantaa",
        hours="ti,to 17-19; la 10-12",
        confirmed_days_ago=None,
        verified=False,
        locations=(DemoLocation("myyrmaki", "Kenttäpolku 9", "Koulun kenttä"),),
        activities=(
            act(
                "group",
                ("Harjoitukset", "Training"),
                ("Jalkapalloharjoitukset kaikentasoisille.", "Football training for all levels."),
                ("Ti ja to klo 17–19", "Tue and Thu 5–7 pm"),
                WEEKLY + "TU,TH",
                "",
                "leisure youth",
            ),
            act(
                "event_series",
                ("Lauantaipelit", "Saturday matches"),
                ("Harjoitusotteluita ja turnauksia.", "Friendly matches and tournaments."),
                ("Lauantaisin klo 10–12", "Saturdays 10 am–noon"),
                WEEKLY + "SA",
                "",
                "leisure",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-vantaa-work-path",
        name="Demo: Työpolku Vantaa ry",
        area="vantaa-kerava",
        legal_form=ASSOCIATION,
        business_id="9100063",
        description=(
            "Työnhaun tukea: CV, työhaastattelut ja työelämän suomi.",
            "Stöd i jobbsökandet: cv, arbetsintervjuer och arbetslivsfinska.",
            "Help finding work: CVs, job interviews and workplace Finnish.",
        ),
        languages="en fi ru vi",
        themes="employment finnish-language",
        target_groups="men women newcomers",
        municipalities="Vantaa, Kerava",
        hours="ma-pe 8-16",
        phone="040 000 0107",
        website=True,
        online_services=True,
        referrals=REFERRAL_GENERIC,
        confirmed_days_ago=25,
        locations=(DemoLocation("tikkurila", "Ammattikuja 12"),),
        activities=(
            act(
                "counselling",
                ("Työnhaun neuvonta", "Job search advice"),
                ("CV ja hakemukset kuntoon.", "Get your CV and applications ready."),
                ("Ma–pe klo 8–16", "Mon–Fri 8 am–4 pm"),
                "",
                "en fi ru vi",
                "employment",
            ),
            act(
                "course",
                ("Työelämän suomi", "Workplace Finnish"),
                ("Kahdeksan viikon kurssi.", "An eight-week course."),
                ("Tiistaisin klo 9–11", "Tuesdays 9–11 am"),
                WEEKLY + "TU",
                "fi",
                "finnish-language employment",
                registration_required=True,
            ),
            act(
                "course",
                ("Haastatteluharjoitus verkossa", "Online interview practice"),
                ("Harjoittele työhaastattelua etänä.", "Practise job interviews remotely."),
                ("Torstaisin klo 13–15", "Thursdays 1–3 pm"),
                WEEKLY + "TH",
                "en fi",
                "employment",
                online=True,
            ),
        ),
    ),
    DemoNGO(
        slug="demo-vantaa-permit-advice",
        name="Demo: Oleskelulupaneuvonnan säätiö Vantaa sr",
        area="vantaa-kerava",
        legal_form=FOUNDATION,
        business_id="9100071",
        description=(
            "Maksutonta neuvontaa oleskelulupa- ja perheenyhdistämisasioissa.",
            "Gratis rådgivning om uppehållstillstånd och familjeåterförening.",
            "Free advice on residence permits and family reunification.",
        ),
        languages="ar so prs fa ti fr en fi",
        themes="residence-permits-and-legal-advice",
        target_groups="asylum-seekers refugees families",
        other_areas="helsinki keski-uusimaa",
        municipalities="Vantaa, Kerava, Helsinki",
        hours="ti,ke 9-15",
        phone="040 000 0108",
        website=True,
        interpreting_volunteers=True,
        referrals=(
            "Lähete portaalissa. Kerro, mihin asiaan asiakas tarvitsee neuvontaa.",
            "Refer through the portal. Say what the client needs advice about.",
        ),
        confirmed_days_ago=50,
        locations=(DemoLocation("tikkurila", "Lupakuja 7 B"),),
        activities=(
            act(
                "counselling",
                ("Lupaneuvonta", "Permit advice"),
                ("Juristin vastaanotto ajanvarauksella.", "A lawyer's appointments, booked ahead."),
                ("Tiistaisin klo 9–15", "Tuesdays 9 am–3 pm"),
                WEEKLY + "TU",
                "en fi fr",
                "",
                registration_required=True,
            ),
            act(
                "counselling",
                ("Perheenyhdistämisen neuvonta", "Family reunification advice"),
                ("Apua hakemuksen liitteisiin.", "Help with the application's attachments."),
                ("Keskiviikkoisin klo 9–15", "Wednesdays 9 am–3 pm"),
                WEEKLY + "WE",
                "ar so prs ti",
                "",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-vantaa-elders-meeting-place",
        name="Demo: Ikääntyneiden kohtaamispaikka Hakunila",
        area="vantaa-kerava",
        legal_form=UNREGISTERED,
        description=(
            "Ikääntyneiden maahanmuuttajien kahvila ja jumppa.",
            "",
            "",
        ),
        languages="ru vi fi",
        themes="elderly leisure",
        target_groups="older-people",
        municipalities="Vantaa",
        hours="ma,ke 10-14",
        texts="ru vi",
        confirmed_days_ago=240,
        verified=False,
        locations=(DemoLocation("hakunila", "Seniorinpolku 3"),),
        activities=(
            act(
                "group",
                ("Senioricafé", "Seniors' café"),
                ("Kahvia ja keskustelua.", "Coffee and conversation."),
                ("Maanantaisin klo 10–12", "Mondays 10 am–noon"),
                WEEKLY + "MO",
                "",
                "elderly",
            ),
            act(
                "group",
                ("Tuolijumppa", "Chair exercise"),
                ("Kevyttä liikuntaa istuen.", "Gentle exercise, seated."),
                ("Keskiviikkoisin klo 12–13", "Wednesdays noon–1 pm"),
                WEEKLY + "WE",
                "",
                "elderly leisure",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-vantaa-disability-network",
        name="Demo: Vammaisten maahanmuuttajien tukiverkko ry",
        area="vantaa-kerava",
        legal_form=ASSOCIATION,
        business_id="9100080",
        description=(
            "Vertaistukea ja neuvontaa vammaisille maahanmuuttajille ja heidän perheilleen.",
            "Kamratstöd och rådgivning för invandrare med funktionsnedsättning.",
            "Peer support and advice for disabled immigrants and their families.",
        ),
        languages="ar ku en fi",
        themes="disability families-and-children",
        target_groups="people-with-disabilities families",
        municipalities="Vantaa, Kerava",
        hours="ti 10-14; to 16-19",
        escort_volunteers=True,
        referrals=REFERRAL_GENERIC,
        confirmed_days_ago=110,
        locations=(
            DemoLocation("tikkurila", "Esteettömänkuja 2", accessibility="Esteetön sisäänkäynti."),
        ),
        activities=(
            act(
                "peer_support",
                ("Vanhempien vertaisryhmä", "Parents' peer group"),
                ("Vammaisten lasten vanhemmille.", "For parents of disabled children."),
                ("Torstaisin klo 17–19", "Thursdays 5–7 pm"),
                WEEKLY + "TH",
                "ar ku fi",
                "disability families-and-children",
            ),
            act(
                "counselling",
                ("Palveluneuvonta", "Service advice"),
                ("Apua vammaispalveluiden hakemiseen.", "Help applying for disability services."),
                ("Tiistaisin klo 10–14", "Tuesdays 10 am–2 pm"),
                WEEKLY + "TU",
                "ar en fi",
                "disability",
            ),
            act(
                "escort",
                ("Saattoapu", "Escort help"),
                ("Vapaaehtoinen mukaan tapaamisiin.", "A volunteer comes along to appointments."),
                ("Sopimuksen mukaan", "By arrangement"),
                "",
                "ar ku fi",
                "disability",
            ),
        ),
    ),
    # ------------------------------------------------------------------ Helsinki
    DemoNGO(
        slug="demo-itakeskus-somali-women",
        name="Demo: Itäkeskuksen somalinaisten ilta",
        area="helsinki",
        legal_form=UNREGISTERED,
        description=(
            "Somalinaisten iltaryhmä: jaksaminen ja mielen hyvinvointi.",
            "",
            "An evening group for Somali women: coping and mental wellbeing.",
        ),
        languages="so fi",
        themes="mental-health women",
        target_groups="women",
        municipalities="Helsinki",
        hours="ke 18-20",
        texts="so",
        confirmed_days_ago=40,
        locations=(DemoLocation("itakeskus", "Iltaruskontie 5"),),
        activities=(
            act(
                "peer_support",
                ("Naisten iltaryhmä", "Women's evening group"),
                ("Keskustelua ja rentoutumista.", "Conversation and relaxation."),
                ("Keskiviikkoisin klo 18–20", "Wednesdays 6–8 pm"),
                WEEKLY + "WE",
                "so",
                "mental-health women",
            ),
            act(
                "group",
                ("Liikuntailta", "Exercise evening"),
                ("Kevyttä liikuntaa naisille.", "Light exercise for women."),
                ("Kerran kuussa keskiviikkona", "Once a month on Wednesday"),
                "FREQ=MONTHLY;BYDAY=1WE",
                "so",
                "women",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-kontula-family-club",
        name="Demo: Perhekerho Kontula ry",
        area="helsinki",
        legal_form=ASSOCIATION,
        business_id="9100098",
        description=(
            "Perhekerho ja vanhempien vertaistuki Kontulassa.",
            "Familjeklubb och kamratstöd för föräldrar i Gårdsbacka.",
            "A family club and peer support for parents in Kontula.",
        ),
        languages="ar ku fi sv",
        themes="families-and-children",
        target_groups="families children",
        municipalities="Helsinki",
        hours="ma-to 9-13; la 10-13",
        phone="040 000 0109",
        texts="ar ku",
        confirmed_days_ago=14,
        locations=(DemoLocation("kontula", "Perhepuistikko 4"),),
        activities=(
            act(
                "group",
                ("Vauvakerho", "Baby club"),
                ("Alle 1-vuotiaat vanhempineen.", "Babies under one with their parents."),
                ("Maanantaisin klo 10–11.30", "Mondays 10–11.30 am"),
                WEEKLY + "MO",
                "",
                "families-and-children",
            ),
            act(
                "group",
                ("Lauantain perhekahvila", "Saturday family café"),
                ("Koko perheen kahvila.", "A café for the whole family."),
                ("Lauantaisin klo 10–13", "Saturdays 10 am–1 pm"),
                WEEKLY + "SA",
                "",
                "families-and-children",
            ),
            act(
                "peer_support",
                ("Isäryhmä", "Fathers' group"),
                ("Isien vertaistukiryhmä.", "A peer-support group for fathers."),
                ("Torstaisin klo 11–13", "Thursdays 11 am–1 pm"),
                WEEKLY + "TH",
                "ar ku",
                "families-and-children",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-kallio-substance-support",
        name="Demo: Päihdetyön tukipiste Kallio sr",
        area="helsinki",
        legal_form=FOUNDATION,
        business_id="9100101",
        description=(
            "Matalan kynnyksen päihde- ja mielenterveystukea sekä asumisneuvontaa.",
            "Lågtröskelstöd för missbruk och psykisk hälsa samt boenderådgivning.",
            "Low-threshold support for substance use and mental health, and housing advice.",
        ),
        long_description_fi=(
            "Tukipisteeseen voi tulla ilman ajanvarausta. Työntekijät ja vapaaehtoiset "
            "puhuvat venäjää, ukrainaa ja englantia."
        ),
        languages="ru uk en fi",
        themes="substance-use mental-health housing",
        target_groups="men women",
        other_areas="vantaa-kerava",
        municipalities="Helsinki, Vantaa",
        hours="ma-pe 8-18",
        phone="040 000 0110",
        website=True,
        referrals=REFERRAL_GENERIC,
        texts="ru uk",
        confirmed_days_ago=8,
        locations=(DemoLocation("kallio", "Tukipisteenkuja 1"),),
        activities=(
            act(
                "counselling",
                ("Päivystys", "Drop-in"),
                ("Tule ilman ajanvarausta.", "Come without an appointment."),
                ("Ma–pe klo 8–18", "Mon–Fri 8 am–6 pm"),
                "",
                "",
                "substance-use mental-health",
            ),
            act(
                "peer_support",
                ("Vertaisryhmä venäjäksi", "Peer group in Russian"),
                ("Raitistumisen tukea.", "Support for staying sober."),
                ("Keskiviikkoisin klo 16–18", "Wednesdays 4–6 pm"),
                WEEKLY + "WE",
                "ru uk",
                "substance-use",
            ),
            act(
                "counselling",
                ("Asumisneuvonta", "Housing advice"),
                ("Vuokrarästit ja asunnon haku.", "Rent arrears and finding a home."),
                ("Tiistaisin klo 9–12", "Tuesdays 9 am–noon"),
                WEEKLY + "TU",
                "",
                "housing",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-helsinki-asylum-legal-aid",
        name="Demo: Turvapaikanhakijoiden oikeusneuvonta ry",
        area="helsinki",
        legal_form=ASSOCIATION,
        business_id="9100110",
        description=(
            "Oikeudellista neuvontaa turvapaikanhakijoille ja pakolaisille.",
            "Juridisk rådgivning för asylsökande och flyktingar.",
            "Legal advice for asylum seekers and refugees.",
        ),
        languages="en fr ar ti fa prs",
        themes="residence-permits-and-legal-advice",
        target_groups="asylum-seekers refugees",
        other_areas="vantaa-kerava lansi-uusimaa",
        municipalities="Helsinki, Espoo, Vantaa",
        hours="ti,to 10-16",
        phone="040 000 0111",
        website=True,
        interpreting_volunteers=True,
        online_services=True,
        referrals=(
            "Lähete portaalissa; liitä mukaan asiakkaan päätöksen päivämäärä.",
            "Refer through the portal; include the date of the client's decision.",
        ),
        texts="ar fa ti",
        confirmed_days_ago=70,
        locations=(DemoLocation("kallio", "Oikeudentie 9"),),
        activities=(
            act(
                "counselling",
                ("Juristin vastaanotto", "Lawyer's consultation"),
                ("Ajanvarauksella, tulkki tarvittaessa.", "By appointment, interpreter if needed."),
                ("Ti ja to klo 10–16", "Tue and Thu 10 am–4 pm"),
                WEEKLY + "TU,TH",
                "",
                "",
                registration_required=True,
            ),
            act(
                "event_series",
                ("Infotilaisuudet", "Information sessions"),
                ("Turvapaikkaprosessi selkokielellä.", "The asylum process in plain language."),
                ("Kuun ensimmäinen tiistai", "First Tuesday of the month"),
                "FREQ=MONTHLY;BYDAY=1TU",
                "en ar ti",
                "",
            ),
            act(
                "counselling",
                ("Etäneuvonta", "Remote advice"),
                ("Neuvontaa videoyhteydellä.", "Advice over video."),
                ("Torstaisin klo 13–16", "Thursdays 1–4 pm"),
                WEEKLY + "TH",
                "en fr fa prs",
                "",
                online=True,
            ),
        ),
    ),
    DemoNGO(
        slug="demo-helsinki-vietnamese-culture",
        name="Demo: Vietnamilaisten kulttuuriyhdistys ry",
        area="helsinki",
        legal_form=ASSOCIATION,
        description=(
            "Kulttuuria, juhlia ja ikäihmisten kerho vietnamiksi.",
            "Kultur, fester och en klubb för äldre på vietnamesiska.",
            "Culture, celebrations and a seniors' club in Vietnamese.",
        ),
        languages="vi fi",
        themes="elderly leisure",
        target_groups="older-people families",
        municipalities="Helsinki",
        hours="su 12-16",
        texts="vi",
        confirmed_days_ago=130,
        locations=(DemoLocation("malmi", "Lyhtykuja 6"),),
        activities=(
            act(
                "group",
                ("Ikäihmisten kerho", "Seniors' club"),
                ("Yhdessäoloa ja laulua.", "Time together and singing."),
                ("Sunnuntaisin klo 12–14", "Sundays noon–2 pm"),
                WEEKLY + "SU",
                "vi",
                "elderly",
            ),
            act(
                "event_series",
                ("Kuunuudenjuhla", "Lunar New Year party"),
                ("Koko perheen juhla.", "A party for the whole family."),
                ("Kerran vuodessa", "Once a year"),
                "FREQ=YEARLY;BYMONTH=2",
                "vi fi",
                "leisure",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-malmi-youth-hub",
        name="Demo: Nuorten kohtaamo Malmi ry",
        area="helsinki",
        legal_form=ASSOCIATION,
        business_id="9100128",
        description=(
            "Nuorten iltapaikka: harrastuksia, kesätyöapua ja juttuseuraa.",
            "En kvällsplats för unga: hobbyer, hjälp med sommarjobb och sällskap.",
            "An evening place for young people: hobbies, summer-job help and company.",
        ),
        languages="so ar fi en",
        themes="youth employment leisure",
        target_groups="young-people",
        other_areas="vantaa-kerava",
        municipalities="Helsinki, Vantaa",
        hours="ma-to 14-20",
        phone="040 000 0112",
        confirmed_days_ago=22,
        locations=(DemoLocation("malmi", "Nuortenpolku 10"),),
        activities=(
            act(
                "group",
                ("Avoimet ovet", "Open doors"),
                ("Pelejä, musiikkia ja välipala.", "Games, music and a snack."),
                ("Ma–to klo 14–20", "Mon–Thu 2–8 pm"),
                WEEKLY + "MO,TU,WE,TH",
                "",
                "youth leisure",
            ),
            act(
                "course",
                ("Kesätyöpaja", "Summer job workshop"),
                ("Hakemus ja haastattelu kuntoon.", "Get your application and interview ready."),
                ("Keväisin tiistaisin", "Tuesdays in spring"),
                WEEKLY + "TU;BYMONTH=3,4",
                "fi en",
                "employment youth",
                registration_required=True,
            ),
            act(
                "group",
                ("Musiikkistudio", "Music studio"),
                ("Omien biisien tekoa.", "Make your own songs."),
                ("Keskiviikkoisin klo 17–20", "Wednesdays 5–8 pm"),
                WEEKLY + "WE",
                "",
                "leisure",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-helsinki-swedish-newcomers",
        name="Demo: Svenska nykomlingar i Helsingfors rf",
        area="helsinki",
        legal_form=ASSOCIATION,
        business_id="9100136",
        description=(
            "Ruotsinkielistä tukea Helsinkiin muuttaneille: työ, kieli ja verkostot.",
            "Stöd på svenska för nyinflyttade i Helsingfors: arbete, språk och nätverk.",
            "Support in Swedish for newcomers to Helsinki: work, language and networks.",
        ),
        languages="sv en fi",
        themes="employment leisure",
        target_groups="newcomers",
        municipalities="Helsinki",
        hours="ti 16-19",
        website=True,
        confirmed_days_ago=55,
        verified=False,
        locations=(DemoLocation("kallio", "Nykomlingsgatan 2"),),
        activities=(
            act(
                "group",
                ("Verkostoilta", "Networking evening"),
                ("Tapaa muita uusia helsinkiläisiä.", "Meet other new Helsinki residents."),
                ("Tiistaisin klo 17–19", "Tuesdays 5–7 pm"),
                WEEKLY + "TU",
                "sv en",
                "leisure",
            ),
            act(
                "counselling",
                ("Työnhakuklinikka", "Job-search clinic"),
                ("Ruotsinkielisten työpaikkojen haku.", "Finding Swedish-speaking jobs."),
                ("Kuun toinen tiistai", "Second Tuesday of the month"),
                "FREQ=MONTHLY;BYDAY=2TU",
                "sv",
                "employment",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-helsinki-kurdish-families",
        name="Demo: Kurdinkielisten perheiden yhdistys ry",
        area="helsinki",
        legal_form=ASSOCIATION,
        description=(
            "Kurdinkielisten perheiden kerhoja ja vanhemmuuden tukea.",
            "",
            "Clubs and parenting support for Kurdish-speaking families.",
        ),
        languages="ku fa ar fi",
        themes="families-and-children youth",
        target_groups="families children young-people",
        municipalities="Helsinki",
        hours="la 12-16",
        texts="ku",
        confirmed_days_ago=300,
        locations=(DemoLocation("itakeskus", "Kevätkukantie 14"),),
        activities=(
            act(
                "course",
                ("Oman äidinkielen kerho", "Mother-tongue club"),
                ("Kurdin kieltä lapsille.", "Kurdish for children."),
                ("Lauantaisin klo 12–14", "Saturdays noon–2 pm"),
                WEEKLY + "SA",
                "ku",
                "families-and-children",
            ),
            act(
                "group",
                ("Nuorten tanssiryhmä", "Youth dance group"),
                ("Perinteisiä ja uusia tansseja.", "Traditional and new dances."),
                ("Lauantaisin klo 14–16", "Saturdays 2–4 pm"),
                WEEKLY + "SA",
                "ku fi",
                "youth",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-kannelmaki-language-cafe",
        name="Demo: Kielikahvila Kannelmäki",
        area="helsinki",
        legal_form=UNREGISTERED,
        description=(
            "Vapaaehtoisten pitämä kielikahvila: puhutaan suomea rauhassa.",
            "Ett språkcafé som drivs av frivilliga: vi talar finska i lugn och ro.",
            "A volunteer-run language café: practise Finnish at your own pace.",
        ),
        languages="fi en ar so ru uk",
        themes="finnish-language leisure",
        target_groups="newcomers",
        municipalities="Helsinki",
        hours="ti 17-19",
        confirmed_days_ago=None,
        verified=False,
        locations=(DemoLocation("kannelmaki", "Kirjastokuja 3", "Kirjaston kerhohuone"),),
        activities=(
            act(
                "group",
                ("Kielikahvila", "Language café"),
                ("Suomen kielen harjoittelua.", "Practising Finnish."),
                ("Tiistaisin klo 17–19", "Tuesdays 5–7 pm"),
                WEEKLY + "TU",
                "fi",
                "finnish-language",
            ),
            act(
                "group",
                ("Lukupiiri", "Reading circle"),
                ("Selkokirjoja yhdessä.", "Easy-to-read books together."),
                ("Kuun viimeinen tiistai", "Last Tuesday of the month"),
                "FREQ=MONTHLY;BYDAY=-1TU",
                "fi",
                "finnish-language leisure",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-helsinki-womens-health",
        name="Demo: Naisten terveyspiiri Helsinki ry",
        area="helsinki",
        legal_form=ASSOCIATION,
        business_id="9100144",
        description=(
            "Terveys- ja mielenterveystietoa naisille omalla kielellä.",
            "Information om hälsa och psykisk hälsa för kvinnor på det egna språket.",
            "Health and mental-health information for women in their own language.",
        ),
        languages="so ar ti fi",
        themes="women mental-health",
        target_groups="women",
        municipalities="Helsinki",
        hours="ma-pe 10-14",
        escort_volunteers=True,
        referrals=REFERRAL_GENERIC,
        texts="so ar ti",
        confirmed_days_ago=100,
        locations=(DemoLocation("itakeskus", "Terveyskuja 8"),),
        activities=(
            act(
                "group",
                ("Terveysinfo", "Health info"),
                ("Aiheena uni, stressi ja liikunta.", "Sleep, stress and exercise."),
                ("Maanantaisin klo 10–12", "Mondays 10 am–noon"),
                WEEKLY + "MO",
                "",
                "women mental-health",
            ),
            act(
                "escort",
                ("Saattaja terveyskeskukseen", "Escort to the health centre"),
                ("Vapaaehtoinen tulee mukaan.", "A volunteer comes with you."),
                ("Sopimuksen mukaan", "By arrangement"),
                "",
                "",
                "women",
            ),
            act(
                "peer_support",
                ("Äitien tuokio", "Mothers' moment"),
                ("Synnytyksen jälkeinen jaksaminen.", "Coping after childbirth."),
                ("Keskiviikkoisin klo 12–14", "Wednesdays noon–2 pm"),
                WEEKLY + "WE",
                "so ar",
                "mental-health women",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-espoo-youth-voice",
        name="Demo: Nuorten ääni Espoo ry",
        area="lansi-uusimaa",
        legal_form=ASSOCIATION,
        description=(
            "Nuorten vaikuttamista ja mielen hyvinvointia Espoossa ja Helsingissä.",
            "Ungas påverkan och psykiska välmående i Esbo och Helsingfors.",
            "Youth participation and mental wellbeing in Espoo and Helsinki.",
        ),
        languages="so ar fi en",
        themes="youth mental-health",
        target_groups="young-people",
        other_areas="helsinki",
        municipalities="Espoo, Helsinki",
        hours="ke 17-20",
        confirmed_days_ago=35,
        verified=False,
        locations=(DemoLocation("leppavaara", "Äänenkuja 2"),),
        activities=(
            act(
                "group",
                ("Nuorten raati", "Youth panel"),
                (
                    "Nuoret kertovat, mitä palveluissa pitäisi muuttaa.",
                    "Young people say what services should change.",
                ),
                ("Kuun ensimmäinen keskiviikko", "First Wednesday of the month"),
                "FREQ=MONTHLY;BYDAY=1WE",
                "fi en",
                "youth",
            ),
            act(
                "peer_support",
                ("Mielen hyvinvoinnin ilta", "Mental wellbeing evening"),
                ("Puhutaan jaksamisesta.", "Talking about coping."),
                ("Keskiviikkoisin klo 18–20", "Wednesdays 6–8 pm"),
                WEEKLY + "WE",
                "so ar fi",
                "mental-health youth",
            ),
        ),
    ),
    # ------------------------------------------------------------------ Pirkanmaa
    DemoNGO(
        slug="demo-tampere-young-newcomers",
        name="Demo: Tampereen nuoret maahanmuuttajat ry",
        area="pirkanmaa",
        legal_form=ASSOCIATION,
        business_id="9100152",
        description=(
            "Nuoret maahanmuuttajat Tampereella: kerhoja, opintoneuvontaa ja retkiä.",
            "Unga invandrare i Tammerfors: klubbar, studierådgivning och utflykter.",
            "Young immigrants in Tampere: clubs, study advice and outings.",
        ),
        long_description_fi=(
            "Nuoret suunnittelevat toiminnan itse. Ohjaajat auttavat opiskelupaikan "
            "hakemisessa ja kesätöissä."
        ),
        languages="ar so prs fi",
        themes="youth leisure employment",
        target_groups="young-people newcomers",
        municipalities="Tampere",
        hours="ke 16-20; pe 15-19",
        phone="040 000 0113",
        referrals=REFERRAL_GENERIC,
        texts="ar so prs",
        confirmed_days_ago=28,
        locations=(DemoLocation("tampere", "Nuorisokatu 15"),),
        activities=(
            act(
                "group",
                ("Nuorten ilta", "Youth evening"),
                ("Pelejä, ruokaa ja juttuseuraa.", "Games, food and company."),
                ("Keskiviikkoisin klo 16–20", "Wednesdays 4–8 pm"),
                WEEKLY + "WE",
                "",
                "youth leisure",
            ),
            act(
                "counselling",
                ("Opintoneuvonta", "Study advice"),
                ("Apua yhteishakuun.", "Help with the joint application."),
                ("Perjantaisin klo 15–17", "Fridays 3–5 pm"),
                WEEKLY + "FR",
                "ar so fi",
                "youth employment",
            ),
            act(
                "event_series",
                ("Retket Pirkanmaalla", "Outings in Pirkanmaa"),
                ("Luontoretkiä ja museoita.", "Nature trips and museums."),
                ("Kerran kuussa lauantaina", "Once a month on Saturday"),
                "FREQ=MONTHLY;BYDAY=2SA",
                "",
                "leisure",
                registration_required=True,
            ),
        ),
    ),
    DemoNGO(
        slug="demo-pirkan-bridge-mental-health",
        name="Demo: Mielenterveysyhdistys Pirkan Silta ry",
        area="pirkanmaa",
        legal_form=ASSOCIATION,
        business_id="9100160",
        description=(
            "Mielenterveyden vertaistukea monella kielellä, myös iltaisin ja verkossa.",
            "Kamratstöd för psykisk hälsa på många språk, även kvällar och på nätet.",
            "Mental-health peer support in many languages, evenings and online too.",
        ),
        long_description_fi=(
            "Pirkan Silta tarjoaa vertaisryhmiä arabiaksi, persiaksi, dariksi, venäjäksi ja "
            "ukrainaksi. Ryhmiä ohjaavat koulutetut vertaisohjaajat."
        ),
        languages="ar fa prs ru uk en fi",
        themes="mental-health",
        target_groups="refugees men women",
        municipalities="Tampere, Nokia",
        hours="ma-to 12-20",
        phone="040 000 0114",
        website=True,
        online_services=True,
        escort_volunteers=True,
        referrals=REFERRAL_GENERIC,
        texts="ar prs ru uk",
        confirmed_days_ago=16,
        locations=(DemoLocation("tampere", "Sillankorva 3"),),
        activities=(
            act(
                "peer_support",
                ("Vertaisryhmä arabiaksi", "Peer group in Arabic"),
                ("Jaksaminen uudessa maassa.", "Coping in a new country."),
                ("Maanantaisin klo 17–19", "Mondays 5–7 pm"),
                WEEKLY + "MO",
                "ar",
                "mental-health",
            ),
            act(
                "peer_support",
                ("Vertaisryhmä ukrainaksi", "Peer group in Ukrainian"),
                ("Sodan keskellä jaksaminen.", "Coping while the war goes on."),
                ("Tiistaisin klo 18–20", "Tuesdays 6–8 pm"),
                WEEKLY + "TU",
                "uk ru",
                "mental-health",
            ),
            act(
                "peer_support",
                ("Verkkoryhmä dariksi", "Online group in Dari"),
                ("Vertaistukea verkossa.", "Peer support online."),
                ("Keskiviikkoisin klo 19–20", "Wednesdays 7–8 pm"),
                WEEKLY + "WE",
                "prs fa",
                "mental-health",
                online=True,
            ),
            act(
                "counselling",
                ("Ohjaus hoitoon", "Guidance to care"),
                ("Autamme löytämään hoitopaikan.", "We help find the right care."),
                ("Torstaisin klo 12–16", "Thursdays noon–4 pm"),
                WEEKLY + "TH",
                "en fi",
                "mental-health",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-hervanta-family-house",
        name="Demo: Hervannan perhetalo ry",
        area="pirkanmaa",
        legal_form=ASSOCIATION,
        description=(
            "Perheiden avoin kohtaamispaikka Hervannassa.",
            "En öppen mötesplats för familjer i Hervanta.",
            "",
        ),
        languages="ar so vi fi",
        themes="families-and-children",
        target_groups="families children",
        municipalities="Tampere",
        hours="ma-pe 9-14",
        confirmed_days_ago=260,
        verified=False,
        locations=(DemoLocation("hervanta", "Perhetalontie 7"),),
        activities=(
            act(
                "group",
                ("Avoin perhekahvila", "Open family café"),
                ("Leikkiä ja kahvia.", "Play and coffee."),
                ("Ma–pe klo 9–12", "Mon–Fri 9 am–noon"),
                "",
                "",
                "families-and-children",
            ),
            act(
                "course",
                ("Vanhempien suomi", "Finnish for parents"),
                ("Suomea lastenhoidon kanssa.", "Finnish with childcare."),
                ("Tiistaisin klo 12–14", "Tuesdays noon–2 pm"),
                WEEKLY + "TU",
                "fi",
                "families-and-children finnish-language",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-pirkanmaa-work-workshop",
        name="Demo: Pirkanmaan työllisyyspajasäätiö sr",
        area="pirkanmaa",
        legal_form=FOUNDATION,
        business_id="9100179",
        description=(
            "Työpajoja ja työelämän suomea maahanmuuttajille.",
            "Verkstäder och arbetslivsfinska för invandrare.",
            "Workshops and workplace Finnish for immigrants.",
        ),
        languages="en ru uk fi",
        themes="employment finnish-language",
        target_groups="newcomers men women",
        municipalities="Tampere, Nokia",
        hours="ma-pe 8-15:30",
        phone="040 000 0115",
        website=True,
        referrals=REFERRAL_GENERIC,
        confirmed_days_ago=42,
        locations=(DemoLocation("tampere", "Pajakuja 21"), DemoLocation("nokia", "Verstaantie 4")),
        activities=(
            act(
                "course",
                ("Puutyöpaja", "Woodwork workshop"),
                ("Käytännön työtä ja suomea.", "Hands-on work and Finnish."),
                ("Ma–pe klo 8–14", "Mon–Fri 8 am–2 pm"),
                "",
                "fi en",
                "employment",
            ),
            act(
                "course",
                ("Työelämän suomi", "Workplace Finnish"),
                ("Alkeista eteenpäin.", "From the basics up."),
                ("Tiistaisin ja torstaisin klo 9–11", "Tue and Thu 9–11 am"),
                WEEKLY + "TU,TH",
                "fi",
                "finnish-language",
            ),
            act(
                "counselling",
                ("Uraohjaus", "Career guidance"),
                ("Henkilökohtainen ohjaus.", "One-to-one guidance."),
                ("Ajanvarauksella", "By appointment"),
                "",
                "en ru uk",
                "employment",
                registration_required=True,
            ),
        ),
    ),
    DemoNGO(
        slug="demo-nokia-womens-craft-circle",
        name="Demo: Nokian naisten käsityöpiiri",
        area="pirkanmaa",
        legal_form=UNREGISTERED,
        description=("Käsitöitä ja juttuseuraa naisille.", "", ""),
        languages="ar ku ti fi",
        themes="women leisure",
        target_groups="women",
        municipalities="Nokia",
        hours="to 17-19",
        confirmed_days_ago=None,
        verified=False,
        locations=(DemoLocation("nokia", "Lankakuja 1"),),
        activities=(
            act(
                "group",
                ("Käsityöilta", "Crafts evening"),
                ("Neulontaa ja ompelua.", "Knitting and sewing."),
                ("Torstaisin klo 17–19", "Thursdays 5–7 pm"),
                WEEKLY + "TH",
                "",
                "women leisure",
            ),
            act(
                "event_series",
                ("Myyjäiset", "Craft sale"),
                ("Kaksi kertaa vuodessa.", "Twice a year."),
                ("Toukokuussa ja joulukuussa", "May and December"),
                "FREQ=YEARLY;BYMONTH=5,12",
                "fi",
                "leisure",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-tampere-ukrainian-community",
        name="Demo: Ukrainalainen yhteisö Tampere",
        area="pirkanmaa",
        legal_form=UNREGISTERED,
        description=(
            "Ukrainasta tulleiden vertaisverkosto ja lasten kerho.",
            "",
            "A peer network for people from Ukraine, and a children's club.",
        ),
        languages="uk ru fi",
        themes="families-and-children residence-permits-and-legal-advice",
        target_groups="refugees families children",
        municipalities="Tampere",
        hours="la 11-15",
        texts="uk ru",
        confirmed_days_ago=225,
        verified=True,
        locations=(DemoLocation("hervanta", "Yhteisönkatu 12"),),
        activities=(
            act(
                "group",
                ("Lasten lauantaikerho", "Children's Saturday club"),
                ("Leikkiä ja askartelua.", "Play and crafts."),
                ("Lauantaisin klo 11–13", "Saturdays 11 am–1 pm"),
                WEEKLY + "SA",
                "uk",
                "families-and-children",
            ),
            act(
                "peer_support",
                ("Vertaistapaaminen", "Peer meeting"),
                ("Tietoa tilapäisestä suojelusta.", "Information on temporary protection."),
                ("Lauantaisin klo 13–15", "Saturdays 1–3 pm"),
                WEEKLY + "SA",
                "uk ru",
                "residence-permits-and-legal-advice",
            ),
        ),
    ),
    # ------------------------------------------------------------------ Varsinais-Suomi
    DemoNGO(
        slug="demo-turku-family-meeting-place",
        name="Demo: Turun perheiden kohtaamispaikka ry",
        area="varsinais-suomi",
        legal_form=ASSOCIATION,
        business_id="9100187",
        description=(
            "Perhetoimintaa ja vanhempien tukea Turussa monella kielellä.",
            "Familjeverksamhet och stöd för föräldrar i Åbo på många språk.",
            "Family activities and parent support in Turku, in many languages.",
        ),
        long_description_fi=(
            "Kohtaamispaikassa on perhekahvila, vauvaryhmä ja vanhempien keskusteluilta. "
            "Lähetteet otetaan vastaan portaalin kautta."
        ),
        languages="ar so ku fi sv",
        themes="families-and-children",
        target_groups="families children",
        municipalities="Turku, Kaarina, Raisio",
        hours="ma-pe 9-15; to 17-19",
        phone="040 000 0116",
        referrals=REFERRAL_GENERIC,
        texts="ar so ku",
        confirmed_days_ago=11,
        locations=(DemoLocation("turku", "Perheenkatu 5"),),
        activities=(
            act(
                "group",
                ("Perhekahvila", "Family café"),
                ("Avoin kaikille perheille.", "Open to all families."),
                ("Ma–pe klo 9–12", "Mon–Fri 9 am–noon"),
                "",
                "",
                "families-and-children",
            ),
            act(
                "group",
                ("Vauvaryhmä", "Baby group"),
                ("Vauvat ja vanhemmat.", "Babies and parents."),
                ("Tiistaisin klo 10–11.30", "Tuesdays 10–11.30 am"),
                WEEKLY + "TU",
                "fi ar",
                "families-and-children",
            ),
            act(
                "peer_support",
                ("Vanhempien ilta", "Parents' evening"),
                ("Keskustelua kasvatuksesta.", "Talking about raising children."),
                ("Torstaisin klo 17–19", "Thursdays 5–7 pm"),
                WEEKLY + "TH",
                "ar so ku",
                "families-and-children",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-varissuo-youth-association",
        name="Demo: Varissuon nuorisoyhdistys ry",
        area="varsinais-suomi",
        legal_form=ASSOCIATION,
        description=(
            "Nuorten harrastuksia ja läksyapua Varissuolla.",
            "Hobbyer och läxhjälp för unga i Varissuo.",
            "Hobbies and homework help for young people in Varissuo.",
        ),
        languages="so ar fi",
        themes="youth leisure",
        target_groups="young-people children",
        municipalities="Turku",
        hours="ma-to 15-20",
        confirmed_days_ago=65,
        locations=(DemoLocation("varissuo", "Nuorisotie 3"),),
        activities=(
            act(
                "group",
                ("Koripallo", "Basketball"),
                ("Harjoitukset kaikille.", "Training for everyone."),
                ("Maanantaisin ja keskiviikkoisin klo 17–19", "Mon and Wed 5–7 pm"),
                WEEKLY + "MO,WE",
                "",
                "leisure youth",
            ),
            act(
                "course",
                ("Läksyapu", "Homework help"),
                ("Vapaaehtoiset auttavat.", "Volunteers help."),
                ("Tiistaisin klo 15–17", "Tuesdays 3–5 pm"),
                WEEKLY + "TU",
                "fi",
                "youth",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-southwest-permit-advice",
        name="Demo: Lounais-Suomen oleskelulupaneuvonta ry",
        area="varsinais-suomi",
        legal_form=ASSOCIATION,
        business_id="9100195",
        description=(
            "Neuvontaa oleskeluluvista ja kansalaisuudesta.",
            "Rådgivning om uppehållstillstånd och medborgarskap.",
            "Advice on residence permits and citizenship.",
        ),
        languages="en fr ar ti fi",
        themes="residence-permits-and-legal-advice",
        target_groups="asylum-seekers refugees newcomers",
        other_areas="satakunta",
        municipalities="Turku, Salo, Pori",
        hours="ke 10-16",
        online_services=True,
        interpreting_volunteers=True,
        referrals=REFERRAL_GENERIC,
        texts="ar ti",
        confirmed_days_ago=80,
        locations=(DemoLocation("turku", "Neuvojankatu 11"),),
        activities=(
            act(
                "counselling",
                ("Lupaneuvonta", "Permit advice"),
                ("Ajanvarauksella.", "By appointment."),
                ("Keskiviikkoisin klo 10–16", "Wednesdays 10 am–4 pm"),
                WEEKLY + "WE",
                "",
                "",
                registration_required=True,
            ),
            act(
                "counselling",
                ("Verkkoneuvonta", "Online advice"),
                ("Videoyhteydellä koko Lounais-Suomeen.", "Over video, across Southwest Finland."),
                ("Kuun toinen keskiviikko", "Second Wednesday of the month"),
                "FREQ=MONTHLY;BYDAY=2WE",
                "en fr",
                "",
                online=True,
            ),
        ),
    ),
    DemoNGO(
        slug="demo-turku-seniors-language-club",
        name="Demo: Ikäihmisten kielikerho Turku",
        area="varsinais-suomi",
        legal_form=UNREGISTERED,
        description=("Suomen kieltä ja yhdessäoloa ikäihmisille.", "", ""),
        languages="ru vi fa fi",
        themes="elderly finnish-language",
        target_groups="older-people",
        municipalities="Turku",
        hours="ti 10-12",
        texts="ru fa",
        confirmed_days_ago=330,
        verified=False,
        locations=(DemoLocation("turku", "Kerhokuja 2"),),
        activities=(
            act(
                "course",
                ("Suomea seniorit", "Finnish for seniors"),
                ("Rauhallinen tahti.", "At a calm pace."),
                ("Tiistaisin klo 10–12", "Tuesdays 10 am–noon"),
                WEEKLY + "TU",
                "fi",
                "finnish-language elderly",
            ),
            act(
                "group",
                ("Teehetki", "Tea time"),
                ("Juttelua teen äärellä.", "A chat over tea."),
                ("Kuun viimeinen tiistai", "Last Tuesday of the month"),
                "FREQ=MONTHLY;BYDAY=-1TU",
                "",
                "elderly",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-salo-work-workshop",
        name="Demo: Salon työpaja maahanmuuttajille ry",
        area="varsinais-suomi",
        legal_form=ASSOCIATION,
        business_id="9100209",
        description=(
            "Työkokeiluja ja työnhakua Salossa.",
            "Arbetsprövning och jobbsökande i Salo.",
            "Work trials and job seeking in Salo.",
        ),
        languages="en ar uk fi",
        themes="employment",
        target_groups="newcomers men women",
        municipalities="Salo",
        hours="ma-to 9-15",
        phone="040 000 0117",
        confirmed_days_ago=120,
        locations=(DemoLocation("salo", "Työpajankatu 8"),),
        activities=(
            act(
                "course",
                ("Työkokeilu", "Work trial"),
                ("Kolmen kuukauden jakso.", "A three-month period."),
                ("Ma–to klo 9–15", "Mon–Thu 9 am–3 pm"),
                "",
                "en fi",
                "employment",
                registration_required=True,
            ),
            act(
                "counselling",
                ("Työnhakuapu", "Job-search help"),
                ("CV ja työpaikkailmoitukset.", "CVs and job adverts."),
                ("Torstaisin klo 12–15", "Thursdays noon–3 pm"),
                WEEKLY + "TH",
                "ar uk en",
                "employment",
            ),
        ),
    ),
    # ------------------------------------------------------------------ Pohjois-Pohjanmaa
    DemoNGO(
        slug="demo-oulu-pole-star-mental-health",
        name="Demo: Oulun mielenterveysryhmä Pohjantähti ry",
        area="pohjois-pohjanmaa",
        legal_form=ASSOCIATION,
        business_id="9100217",
        description=(
            "Mielenterveyden vertaistukea iltaisin somaliksi, arabiaksi ja dariksi.",
            "Kamratstöd för psykisk hälsa på kvällar på somaliska, arabiska och dari.",
            "Evening mental-health peer support in Somali, Arabic and Dari.",
        ),
        long_description_fi=(
            "Pohjantähti kokoontuu kolmena iltana viikossa. Ryhmät ovat maksuttomia ja "
            "niihin voi tulla ilman lähetettä."
        ),
        languages="so ar prs en fi",
        themes="mental-health",
        target_groups="refugees men women young-people",
        municipalities="Oulu",
        hours="ma,ke,to 17-20",
        phone="040 000 0118",
        escort_volunteers=True,
        interpreting_volunteers=True,
        referrals=REFERRAL_GENERIC,
        texts="so ar prs",
        confirmed_days_ago=19,
        locations=(DemoLocation("oulu", "Tähtikuja 6"),),
        activities=(
            act(
                "peer_support",
                ("Somalinkielinen ryhmä", "Somali-language group"),
                ("Jaksaminen ja arki.", "Coping and everyday life."),
                ("Maanantaisin klo 17–19", "Mondays 5–7 pm"),
                WEEKLY + "MO",
                "so",
                "mental-health",
            ),
            act(
                "peer_support",
                ("Arabiankielinen ryhmä", "Arabic-language group"),
                ("Jaksaminen ja arki.", "Coping and everyday life."),
                ("Keskiviikkoisin klo 17–19", "Wednesdays 5–7 pm"),
                WEEKLY + "WE",
                "ar",
                "mental-health",
            ),
            act(
                "peer_support",
                ("Darinkielinen ryhmä", "Dari-language group"),
                ("Jaksaminen ja arki.", "Coping and everyday life."),
                ("Torstaisin klo 18–20", "Thursdays 6–8 pm"),
                WEEKLY + "TH",
                "prs",
                "mental-health",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-oulu-northern-lights-families",
        name="Demo: Oulun perheyhdistys Revontuli ry",
        area="pohjois-pohjanmaa",
        legal_form=ASSOCIATION,
        description=(
            "Perheiden vertaistukea ja lasten kerhoja Oulussa.",
            "",
            "Peer support for families and children's clubs in Oulu.",
        ),
        languages="ar ku ti fi",
        themes="families-and-children",
        target_groups="families children",
        municipalities="Oulu",
        hours="ti-to 10-14",
        texts="ar ku ti",
        confirmed_days_ago=150,
        verified=False,
        locations=(DemoLocation("oulu", "Revontulentie 13"),),
        activities=(
            act(
                "group",
                ("Lasten kerho", "Children's club"),
                ("Leikkiä ja laulua.", "Play and songs."),
                ("Tiistaisin klo 10–12", "Tuesdays 10 am–noon"),
                WEEKLY + "TU",
                "",
                "families-and-children",
            ),
            act(
                "peer_support",
                ("Äitien ryhmä", "Mothers' group"),
                ("Vertaistukea äideille.", "Peer support for mothers."),
                ("Torstaisin klo 12–14", "Thursdays noon–2 pm"),
                WEEKLY + "TH",
                "ar ti",
                "families-and-children",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-northern-disability-forum",
        name="Demo: Pohjoisen vammaisfoorumi ry",
        area="pohjois-pohjanmaa",
        legal_form=ASSOCIATION,
        business_id="9100225",
        description=(
            "Vammaisten maahanmuuttajien oikeudet ja palvelut tutuiksi.",
            "Rättigheter och tjänster för invandrare med funktionsnedsättning.",
            "Rights and services for disabled immigrants, explained.",
        ),
        languages="ar so ru en fi",
        themes="disability",
        target_groups="people-with-disabilities families",
        municipalities="Oulu, Kempele",
        hours="ke 10-15",
        escort_volunteers=True,
        online_services=True,
        confirmed_days_ago=400,
        verified=True,
        locations=(DemoLocation("oulu", "Foorumintie 2", accessibility="Hissi ja esteetön WC."),),
        activities=(
            act(
                "counselling",
                ("Palveluneuvonta", "Service advice"),
                ("Apua hakemuksiin.", "Help with applications."),
                ("Keskiviikkoisin klo 10–15", "Wednesdays 10 am–3 pm"),
                WEEKLY + "WE",
                "",
                "disability",
            ),
            act(
                "event_series",
                ("Verkkoinfot", "Online info sessions"),
                ("Kuukausittain vaihtuva aihe.", "A new topic every month."),
                ("Kuun ensimmäinen keskiviikko", "First Wednesday of the month"),
                "FREQ=MONTHLY;BYDAY=1WE",
                "en fi",
                "disability",
                online=True,
            ),
        ),
    ),
    DemoNGO(
        slug="demo-kaukovainio-sports-group",
        name="Demo: Kaukovainion liikuntaryhmä",
        area="pohjois-pohjanmaa",
        legal_form=UNREGISTERED,
        description=("Liikuntaa lapsille ja nuorille viikonloppuisin.", "", ""),
        languages="so ar fi",
        themes="leisure youth",
        target_groups="children young-people",
        municipalities="Oulu",
        hours="la,su 12-15",
        confirmed_days_ago=85,
        verified=False,
        locations=(DemoLocation("kaukovainio", "Liikuntakuja 4", "Koulun sali"),),
        activities=(
            act(
                "group",
                ("Salibandy", "Floorball"),
                ("Kaikille 8–15-vuotiaille.", "For everyone aged 8 to 15."),
                ("Lauantaisin klo 12–14", "Saturdays noon–2 pm"),
                WEEKLY + "SA",
                "",
                "leisure",
            ),
            act(
                "group",
                ("Futsal", "Futsal"),
                ("Tytöille ja pojille.", "For girls and boys."),
                ("Sunnuntaisin klo 13–15", "Sundays 1–3 pm"),
                WEEKLY + "SU",
                "",
                "leisure youth",
            ),
        ),
    ),
    # ------------------------------------------------------------------ other areas
    DemoNGO(
        slug="demo-jyvaskyla-housing-advice",
        name="Demo: Jyväskylän asumisneuvonta ry",
        area="keski-suomi",
        legal_form=ASSOCIATION,
        business_id="9100233",
        description=(
            "Asumisneuvontaa: vuokrasopimukset, asumistuki ja naapurisopu.",
            "Boenderådgivning: hyresavtal, bostadsbidrag och grannsämja.",
            "Housing advice: tenancy agreements, housing allowance and neighbours.",
        ),
        languages="ar so prs fi",
        themes="housing",
        target_groups="refugees families newcomers",
        municipalities="Jyväskylä",
        hours="ma,ke 9-15",
        referrals=REFERRAL_GENERIC,
        confirmed_days_ago=58,
        locations=(DemoLocation("jyvaskyla", "Asukkaankatu 9"),),
        activities=(
            act(
                "counselling",
                ("Asumisneuvonta", "Housing advice"),
                ("Ajanvarauksella tai ilman.", "With or without an appointment."),
                ("Ma ja ke klo 9–15", "Mon and Wed 9 am–3 pm"),
                WEEKLY + "MO,WE",
                "",
                "housing",
            ),
            act(
                "course",
                ("Kodin hoidon kurssi", "Home care course"),
                ("Lämmitys, pyykit ja jätteet.", "Heating, laundry and recycling."),
                ("Keväisin ja syksyisin", "Spring and autumn"),
                "",
                "ar so prs fi",
                "housing",
                registration_required=True,
            ),
        ),
    ),
    DemoNGO(
        slug="demo-kuopio-finnish-club",
        name="Demo: Kuopion suomen kielen kerho",
        area="pohjois-savo",
        legal_form=UNREGISTERED,
        description=(
            "Vapaaehtoisten suomen kielen kerho kaikille.",
            "",
            "A volunteer Finnish club for everyone.",
        ),
        languages="fi ru uk ar vi",
        themes="finnish-language",
        target_groups="newcomers",
        municipalities="Kuopio",
        hours="ma 17-19",
        confirmed_days_ago=270,
        verified=False,
        locations=(DemoLocation("kuopio", "Kielikerhonkatu 1"),),
        activities=(
            act(
                "group",
                ("Keskustelukerho", "Conversation club"),
                ("Puhutaan suomea.", "We speak Finnish."),
                ("Maanantaisin klo 17–19", "Mondays 5–7 pm"),
                WEEKLY + "MO",
                "fi",
                "finnish-language",
            ),
            act(
                "course",
                ("Kirjoituspaja", "Writing workshop"),
                ("Hakemukset ja viestit suomeksi.", "Applications and messages in Finnish."),
                ("Kuun ensimmäinen maanantai", "First Monday of the month"),
                "FREQ=MONTHLY;BYDAY=1MO",
                "fi",
                "finnish-language",
            ),
        ),
    ),
    DemoNGO(
        slug="demo-vantaa-vietnamese-elders-online",
        name="Demo: Vietnamilaiset seniorit verkossa",
        area="vantaa-kerava",
        legal_form=UNREGISTERED,
        description=(
            "Verkkotapaamisia ja digiapua vietnaminkielisille ikäihmisille.",
            "",
            "Online meetings and digital help for Vietnamese-speaking older people.",
        ),
        languages="vi fi",
        themes="elderly",
        target_groups="older-people",
        municipalities="Vantaa, Helsinki",
        hours="to 18-19:30",
        online_services=True,
        confirmed_days_ago=5,
        verified=False,
        activities=(
            act(
                "group",
                ("Verkkokahvit", "Online coffee"),
                ("Tapaaminen videoyhteydellä.", "A get-together over video."),
                ("Torstaisin klo 18–19.30", "Thursdays 6–7.30 pm"),
                WEEKLY + "TH",
                "vi",
                "elderly",
                online=True,
            ),
            act(
                "course",
                ("Digiapu", "Digital help"),
                ("Apua puhelimen ja pankkitunnusten kanssa.", "Help with phones and bank IDs."),
                ("Kuun ensimmäinen torstai", "First Thursday of the month"),
                "FREQ=MONTHLY;BYDAY=1TH",
                "vi fi",
                "elderly",
                online=True,
            ),
        ),
    ),
)


# --- service units ------------------------------------------------------------------------

SERVICE_UNITS = (
    {
        "slug": DEMO_WORKER_UNIT,
        "area": "vantaa-kerava",
        "kind": ServiceUnit.Kind.KOTO,
        "name": ("Demo: KOTO-tiimi, Vantaa", "Demo: KOTO-teamet, Vanda", "Demo: KOTO team, Vantaa"),
        "contact_email": "koto.demo@demo.example",
        "contact_phone": "040 000 0201",
        "contact_hours": "ma–to 9–11 / Mon–Thu 9–11",
        "contact_description": (
            "Kysy meiltä kotoutumisen palveluista ja siitä, millaisia asiakkaita ohjaamme "
            "järjestöihin.",
            "Ask us about integration services and what kind of clients we refer to NGOs.",
        ),
    },
    {
        "slug": "demo-perhekeskus-tikkurila",
        "area": "vantaa-kerava",
        "kind": ServiceUnit.Kind.FAMILY_CENTRE,
        "name": (
            "Demo: Perhekeskus Tikkurila",
            "Demo: Familjecentret Dickursby",
            "Demo: Tikkurila family centre",
        ),
        "contact_email": "perhekeskus.demo@demo.example",
        "contact_phone": "040 000 0202",
        "contact_hours": "ti ja to 12–14 / Tue and Thu 12–14",
        "contact_description": (
            "Perheiden palvelut, neuvolat ja vertaisryhmien yhteistyö.",
            "Family services, child health clinics and working together on peer groups.",
        ),
    },
    {
        "slug": "demo-lastensuojelu-helsinki",
        "area": "helsinki",
        "kind": ServiceUnit.Kind.CHILD_WELFARE,
        "name": (
            "Demo: Lastensuojelu, Itä-Helsinki",
            "Demo: Barnskyddet, östra Helsingfors",
            "Demo: Child welfare, East Helsinki",
        ),
        "contact_email": "lastensuojelu.demo@demo.example",
        "contact_phone": "040 000 0203",
        "contact_hours": "ma–pe 10–12 / Mon–Fri 10–12",
        "contact_description": (
            "Yleiset kysymykset yhteistyöstä; ei asiakastietoja sähköpostilla.",
            "General questions about working together; no client data by e-mail.",
        ),
    },
    {
        "slug": "demo-koto-helsinki",
        "area": "helsinki",
        "kind": ServiceUnit.Kind.KOTO,
        "name": (
            "Demo: Maahanmuuttajapalvelut, Helsinki",
            "Demo: Invandrartjänster, Helsingfors",
            "Demo: Immigrant services, Helsinki",
        ),
        "contact_email": "koto.helsinki.demo@demo.example",
        "contact_phone": "040 000 0204",
        "contact_hours": "ke 13–15 / Wed 13–15",
        "contact_description": (
            "Alkuvaiheen ohjaus ja yhteistyö järjestöjen kanssa.",
            "Early-stage guidance and cooperation with NGOs.",
        ),
    },
    {
        "slug": "demo-aikuissosiaalityo-tampere",
        "area": "pirkanmaa",
        "kind": ServiceUnit.Kind.ADULT_SOCIAL_WORK,
        "name": (
            "Demo: Aikuissosiaalityö, Tampere",
            "Demo: Socialt arbete för vuxna, Tammerfors",
            "Demo: Adult social work, Tampere",
        ),
        "contact_email": "aikuissosiaalityo.demo@demo.example",
        "contact_phone": "040 000 0205",
        "contact_hours": "ma ja ke 9–11 / Mon and Wed 9–11",
        "contact_description": (
            "Toimeentulo, asuminen ja päihdetyön yhteistyö.",
            "Income support, housing and cooperation on substance use.",
        ),
    },
    {
        "slug": "demo-nuorisopalvelut-turku",
        "area": "varsinais-suomi",
        "kind": ServiceUnit.Kind.YOUTH_SERVICES,
        "name": (
            "Demo: Nuorten palvelut, Turku",
            "Demo: Ungdomstjänster, Åbo",
            "Demo: Youth services, Turku",
        ),
        "contact_email": "nuoret.demo@demo.example",
        "contact_phone": "040 000 0206",
        "contact_hours": "ti 12–15 / Tue 12–15",
        "contact_description": (
            "Nuorten harrastukset, kesätyöt ja etsivä nuorisotyö.",
            "Young people's hobbies, summer jobs and outreach youth work.",
        ),
    },
    {
        "slug": "demo-vammaispalvelut-oulu",
        "area": "pohjois-pohjanmaa",
        "kind": ServiceUnit.Kind.DISABILITY_SERVICES,
        "name": (
            "Demo: Vammaispalvelut, Oulu",
            "Demo: Handikappservice, Uleåborg",
            "Demo: Disability services, Oulu",
        ),
        "contact_email": "vammaispalvelut.demo@demo.example",
        "contact_phone": "040 000 0207",
        "contact_hours": "to 9–12 / Thu 9–12",
        "contact_description": (
            "Palveluiden hakeminen ja järjestöjen vertaistuki.",
            "Applying for services and NGOs' peer support.",
        ),
    },
)


# --- loading ------------------------------------------------------------------------------


def _codes(text: str) -> list[str]:
    return text.split()


def all_language_codes() -> set[str]:
    codes = set()
    for ngo in ORGANIZATIONS:
        codes.update(_codes(ngo.languages), _codes(ngo.texts))
        for activity in ngo.activities:
            codes.update(_codes(activity.languages))
    return codes


@dataclass
class Summary:
    organizations: int = 0
    created: int = 0
    activities: int = 0
    locations: int = 0
    opening_hours: int = 0
    texts: int = 0
    units: int = 0
    removed: int = 0
    new_organizations: list = field(default_factory=list, repr=False)

    def __str__(self) -> str:
        return (
            f"{self.organizations} demo NGOs ({self.created} new, {self.removed} removed), "
            f"{self.activities} activities, {self.locations} locations, "
            f"{self.opening_hours} opening hours, {self.texts} texts in other languages, "
            f"{self.units} service units"
        )


def load_units(representative=None) -> dict[str, ServiceUnit]:
    areas = {area.code: area for area in WelfareArea.objects.all()}
    units = {}
    for spec in SERVICE_UNITS:
        name_fi, name_sv, name_en = spec["name"]
        description_fi, description_en = spec["contact_description"]
        unit, _ = ServiceUnit.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "welfare_area": areas[spec["area"]],
                "kind": spec["kind"],
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
                "contact_email": spec["contact_email"],
                "contact_phone": spec["contact_phone"],
                "contact_hours": spec["contact_hours"],
                "contact_description_fi": description_fi,
                "contact_description_sv": "",
                "contact_description_en": description_en,
                "representative": representative if spec["slug"] == DEMO_WORKER_UNIT else None,
            },
        )
        units[unit.slug] = unit
    return units


def _organization_fields(ngo: DemoNGO, rows, areas, coordinator, now) -> dict:
    description_fi, description_sv, description_en = ngo.description
    referral_fi, referral_en = ngo.referrals
    confirmed = None if ngo.confirmed_days_ago is None else now - timedelta(ngo.confirmed_days_ago)
    verified_at = None
    if ngo.verified:
        # Verified when the profile was last confirmed, or a while ago when never confirmed.
        verified_at = (confirmed or now - timedelta(days=90)) + timedelta(days=1)
        verified_at = min(verified_at, now)
    return {
        "name": ngo.name,
        "welfare_area": areas[ngo.area],
        "status": Organization.Status.ACTIVE,
        "legal_form": ngo.legal_form,
        "business_id": business_id(ngo.business_id) if ngo.business_id else "",
        "description_fi": description_fi,
        "description_sv": description_sv,
        "description_en": description_en,
        "long_description_fi": ngo.long_description_fi,
        "long_description_sv": "",
        "long_description_en": "",
        "municipalities": ngo.municipalities,
        "email": f"{ngo.slug.removeprefix('demo-')}@demo.example",
        "phone": ngo.phone,
        "website": f"https://{ngo.slug}.demo.example/" if ngo.website else "",
        "hours_description_fi": describe_hours(ngo.hours, "fi"),
        "hours_description_sv": describe_hours(ngo.hours, "sv"),
        "hours_description_en": describe_hours(ngo.hours, "en"),
        "outside_office_hours": outside_office_hours(rows),
        "escort_volunteers": ngo.escort_volunteers,
        "interpreting_volunteers": ngo.interpreting_volunteers,
        "online_services": ngo.online_services,
        "accepts_referrals": bool(referral_fi),
        "referral_instructions_fi": referral_fi,
        "referral_instructions_sv": "",
        "referral_instructions_en": referral_en,
        "last_confirmed_at": confirmed,
        "verified_by": coordinator if ngo.verified else None,
        "verified_at": verified_at,
        "rejection_reason": "",
        **ngo.extra,
    }


def load_organizations(coordinator=None, *, now=None) -> Summary:
    """Create or refresh every demo NGO by slug; replace their many-to-many and child
    rows. Demo NGOs (slug demo-…, name "Demo: …") no longer in the data are removed.
    Profile history is not written for the refresh (callers switch it off); `load_demo`
    records one "created" entry for each new NGO."""
    now = now or timezone.now()
    summary = Summary()
    areas = {area.code: area for area in WelfareArea.objects.all()}
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    target_groups = {group.slug: group for group in TargetGroup.objects.all()}
    missing = {t for ngo in ORGANIZATIONS for t in _codes(ngo.themes)} - set(themes)
    if missing or not areas or not target_groups:
        raise LookupError(
            "Welfare areas, themes or target groups are missing: run manage.py migrate first."
        )
    languages = {}
    for code in sorted(all_language_codes()):
        languages[code], _ = Language.objects.get_or_create(code=code)

    slugs = [ngo.slug for ngo in ORGANIZATIONS]
    demo = Organization.objects.filter(slug__startswith="demo-", name__startswith="Demo: ")
    _, deleted = demo.exclude(slug__in=slugs).delete()
    summary.removed = deleted.get(Organization._meta.label, 0)

    existing = Organization.objects.in_bulk(slugs, field_name="slug")
    organizations = []
    for ngo in ORGANIZATIONS:
        rows = parse_hours(ngo.hours)
        organization = existing.get(ngo.slug) or Organization(slug=ngo.slug)
        for name, value in _organization_fields(ngo, rows, areas, coordinator, now).items():
            setattr(organization, name, value)
        organization.save()
        summary.created += ngo.slug not in existing
        organizations.append((ngo, organization, rows))

    # Many-to-many and child rows: replaced wholesale, so that a re-run leaves exactly
    # the data above, in a few bulk statements.
    ids = [organization.pk for _, organization, _ in organizations]
    Activity.objects.filter(organization_id__in=ids).delete()
    Location.objects.filter(organization_id__in=ids).delete()
    OpeningHours.objects.filter(organization_id__in=ids).delete()
    OrganizationText.objects.filter(organization_id__in=ids).delete()
    links = {name: [] for name in ("languages", "themes", "target_groups", "areas")}
    hours, texts, locations = [], [], {}
    for ngo, organization, rows in organizations:
        link = Organization.languages.through
        links["languages"] += [
            link(organization=organization, language=languages[c]) for c in _codes(ngo.languages)
        ]
        link = Organization.themes.through
        links["themes"] += [
            link(organization=organization, theme=themes[s]) for s in _codes(ngo.themes)
        ]
        link = Organization.target_groups.through
        links["target_groups"] += [
            link(organization=organization, targetgroup=target_groups[s])
            for s in _codes(ngo.target_groups)
        ]
        served = [ngo.area, *(c for c in _codes(ngo.other_areas) if c != ngo.area)]
        links["areas"] += [
            Organization.areas.through(organization=organization, welfarearea=areas[c])
            for c in served
        ]
        hours += [
            OpeningHours(organization=organization, weekday=day, opens=opens, closes=closes)
            for day, opens, closes in rows
        ]
        texts += [
            OrganizationText(organization=organization, language=languages[c], text=WELCOME[c])
            for c in _codes(ngo.texts)
        ]
        locations[ngo.slug] = [
            Location(organization=organization, **location.fields()) for location in ngo.locations
        ]
    for name, rows in links.items():
        through = getattr(Organization, name).through
        through.objects.filter(organization_id__in=ids).delete()
        through.objects.bulk_create(rows)
    OpeningHours.objects.bulk_create(hours)
    OrganizationText.objects.bulk_create(texts)
    Location.objects.bulk_create([row for rows in locations.values() for row in rows])

    activities, specs = [], []
    for ngo, organization, _rows in organizations:
        here = locations[ngo.slug]
        for spec in ngo.activities:
            start, end = _times_of(spec)
            # With a rhythm and its times, the portal says the times in words itself
            # ("Joka lauantai klo 11-14"); the words would only repeat it.
            when = ("", "") if start else spec.when
            activities.append(
                Activity(
                    organization=organization,
                    kind=spec.kind,
                    name_fi=spec.name[0],
                    name_en=spec.name[1],
                    description_fi=spec.description[0],
                    description_en=spec.description[1],
                    schedule_description_fi=when[0],
                    schedule_description_en=when[1],
                    recurrence=spec.recurrence,
                    start_time=start,
                    end_time=end,
                    location=None if spec.online or not here else here[0],
                    online=spec.online,
                    registration_required=spec.registration_required,
                )
            )
            specs.append((ngo, spec))
    Activity.objects.bulk_create(activities)
    activity_links = {"languages": [], "themes": [], "target_groups": []}
    for activity, (ngo, spec) in zip(activities, specs, strict=True):
        activity_links["languages"] += [
            Activity.languages.through(activity=activity, language=languages[c])
            for c in _codes(spec.languages) or _codes(ngo.languages)
        ]
        activity_links["themes"] += [
            Activity.themes.through(activity=activity, theme=themes[s])
            for s in _codes(spec.themes) or _codes(ngo.themes)[:1]
        ]
        activity_links["target_groups"] += [
            Activity.target_groups.through(activity=activity, targetgroup=target_groups[s])
            for s in _codes(ngo.target_groups)
        ]
    for name, rows in activity_links.items():
        getattr(Activity, name).through.objects.bulk_create(rows)

    summary.organizations = len(organizations)
    summary.activities = len(activities)
    summary.locations = sum(len(rows) for rows in locations.values())
    summary.opening_hours = len(hours)
    summary.texts = len(texts)
    summary.new_organizations = [o for ngo, o, _ in organizations if ngo.slug not in existing]
    return summary


@contextmanager
def _history_off():
    """django-simple-history's switch, for the bulk refresh of invented data."""
    from django.test.utils import override_settings

    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        yield


def load_demo(coordinator=None, representative=None) -> Summary:
    """Units and NGOs in one transaction, then the search vectors (PostgreSQL only)."""
    with transaction.atomic():
        with _history_off():
            units = load_units(representative)
            summary = load_organizations(coordinator)
        summary.units = len(units)
        Organization.history.bulk_history_create(
            summary.new_organizations, default_change_reason="seed_demo"
        )
    update_search_vectors(
        Organization.objects.filter(slug__in=[ngo.slug for ngo in ORGANIZATIONS]).values_list(
            "pk", flat=True
        )
    )
    return summary

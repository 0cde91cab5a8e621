# ruff: noqa: RUF001 (en dashes in Finnish times)
"""The demo networks and meetings that `manage.py seed_demo` loads after the demo NGOs and
units: three invented networks of the Vantaa-Kerava demo area ("Demo: " names, demo-
slugs), their members and named representatives, a monthly meetup series, a quarterly
joint meeting, a yearly facilitated event, a thematic network's meetings, the NGO
advisory board, a group visit hosted by an NGO, board posts, and some meetings already
held, with attendance and minutes, so that the planner has history.

No e-mail is sent. The rows are written here, not through networks.services, whose
scheduling hands new invitations to the outbox on commit. An invitation whose time has
come is stored as already sent (the meeting's SEQUENCE), and a reminder already due as
sent, so neither seeding nor the outbox's next scan mails anyone about the past. What is
still ahead (invitations to later occurrences, their reminders) is left to the outbox,
which mails it when its time comes, as for any meeting; every address is @demo.example
or @members.demo.example (the .example domain is reserved and never delivered).

Safe to run again: networks by slug, memberships by member, series by network and title,
occurrences by (series, RECURRENCE-ID), single meetings by a fixed UID and posts by
text. Existing meetings are left as they are, so a second run the same day changes
nothing, and times chosen relative to the first run do not drift."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from coact.models import User
from organizations.models import Language, Organization, ServiceUnit, Theme, WelfareArea

from . import selectors, services
from .models import (
    DEFAULT_DURATION,
    DEFAULT_REMINDER_OFFSETS,
    MEETING_TIME_ZONE,
    BoardPost,
    Guest,
    Invitation,
    Meeting,
    MeetingFormat,
    MeetingKind,
    MeetingSeries,
    Network,
    NetworkMembership,
    Reminder,
)

AREA = "vantaa-kerava"
ONLINE = "https://meet.demo.example/"
# Invented people who represent the other demo members. They cannot sign in.
PEOPLE = {
    "hodan": ("hodan@members.demo.example", "Hodan (demo)", "en"),
    "olena": ("olena@members.demo.example", "Olena (demo)", "en"),
    "leena": ("leena@members.demo.example", "Leena (demo)", "fi"),
    "mikko": ("mikko@members.demo.example", "Mikko (demo)", "fi"),
    "sara": ("sara@members.demo.example", "Sara (demo)", "sv"),
    "ahmad": ("ahmad@members.demo.example", "Ahmad (demo)", "fi"),
}
# The demo sign-ins, passed in by seed_demo.
SIGN_INS = ("coordinator", "ngo_admin", "unit_worker")


@dataclass(frozen=True)
class DemoNetwork:
    slug: str
    kind: str
    name: tuple[str, str, str]
    purpose: tuple[str, str, str]
    # (ngo or unit, slug, representatives by PEOPLE or SIGN_INS key)
    members: tuple[tuple[str, str, tuple[str, ...]], ...]
    theme: str = ""


NETWORKS = (
    DemoNetwork(
        slug="demo-itaisen-alueen-monikulttuurinen-verkosto",
        kind=Network.Kind.REGIONAL,
        name=(
            "Demo: Itäisen alueen monikulttuurinen verkosto",
            "Demo: Östra områdets mångkulturella nätverk",
            "Demo: Multicultural network of the eastern district",
        ),
        purpose=(
            "Itäisen alueen järjestöjen ja hyvinvointialueen työntekijöiden yhteinen verkosto: "
            "tutustumme toisiimme, kerromme ajankohtaisesta toiminnasta ja sovimme, miten "
            "ohjaamme asukkaita toistemme luo.",
            "Ett gemensamt nätverk för organisationerna i det östra området och "
            "välfärdsområdets anställda: vi lär känna varandra, berättar om aktuell "
            "verksamhet och kommer överens om hur vi hänvisar invånare till varandra.",
            "A shared network of the eastern district's NGOs and the wellbeing services "
            "county's staff: we get to know each other, share what is going on and agree how "
            "we point residents to one another.",
        ),
        members=(
            ("ngo", "demo-monikulttuurinen-perheyhdistys", ("ngo_admin",)),
            ("ngo", "demo-somali-mental-health-evenings", ("hodan",)),
            ("ngo", "demo-vantaa-ukrainian-families", ("olena",)),
            ("ngo", "demo-kerava-womens-living-room", ("leena",)),
            ("unit", "demo-koto-vantaa", ("unit_worker",)),
            ("unit", "demo-perhekeskus-tikkurila", ("mikko",)),
        ),
    ),
    DemoNetwork(
        slug="demo-mielenterveys-ja-paihdeverkosto",
        kind=Network.Kind.THEMATIC,
        theme="mental-health",
        name=(
            "Demo: Mielenterveys- ja päihdeverkosto",
            "Demo: Nätverket för psykisk hälsa och missbruk",
            "Demo: Mental health and substance use network",
        ),
        purpose=(
            "Mielenterveys- ja päihdetyötä tekevät järjestöt ja palvelut: yhteiset "
            "käytännöt, matalan kynnyksen ryhmät ja anonyymi tapauskeskustelu. "
            "Asiakkaiden tietoja ei käsitellä.",
            "Organisationer och tjänster inom psykisk hälsa och missbruk: gemensam praxis, "
            "lågtröskelgrupper och anonym falldiskussion. Inga klientuppgifter behandlas.",
            "NGOs and services working on mental health and substance use: shared practice, "
            "low-threshold groups and anonymous case discussion. No client data is handled.",
        ),
        members=(
            ("ngo", "demo-somali-mental-health-evenings", ("hodan",)),
            ("ngo", "demo-vantaa-peer-circle", ("sara",)),
            ("ngo", "demo-vantaa-house-of-hope", ("ahmad",)),
            ("ngo", "demo-tikkurila-wellbeing-advice", ()),
            ("unit", "demo-koto-vantaa", ("unit_worker",)),
        ),
    ),
    DemoNetwork(
        slug="demo-jarjestoneuvottelukunta",
        kind=Network.Kind.ADVISORY_BOARD,
        name=(
            "Demo: Järjestöneuvottelukunta",
            "Demo: Organisationsdelegationen",
            "Demo: NGO advisory board",
        ),
        purpose=(
            "Maahanmuuttajia tukevien järjestöjen neuvottelukunta: järjestöjen ääni "
            "hyvinvointialueen suunnitteluun, lausuntoihin ja avustusten periaatteisiin.",
            "Delegationen för organisationer som stöder invandrare: organisationernas röst i "
            "välfärdsområdets planering, utlåtanden och principerna för understöd.",
            "The advisory board of NGOs that support immigrants: the NGOs' voice in the "
            "wellbeing services county's planning, statements and grant principles.",
        ),
        members=(
            ("ngo", "demo-monikulttuurinen-perheyhdistys", ("ngo_admin",)),
            ("ngo", "demo-vantaa-ukrainian-families", ("olena",)),
            ("ngo", "demo-vantaa-house-of-hope", ("ahmad",)),
            ("ngo", "demo-vantaa-work-path", ()),
            ("ngo", "demo-vantaa-permit-advice", ()),
        ),
    ),
)
REGIONAL, THEMATIC, ADVISORY = (network.slug for network in NETWORKS)


@dataclass(frozen=True)
class DemoSeries:
    network: str
    title: str
    kind: str
    rrule: str
    start_time: time
    # The first occurrence is looked for from the first of the month this many months
    # before the first run: the occurrences since then are history.
    months_back: int
    format: str
    languages: str
    address: str = ""
    online: str = ""
    public: bool = False
    host_unit: str = ""
    agenda: str = ""
    accessibility: str = ""
    guests: tuple[str, ...] = ()
    # Occurrences in these months are cancelled (a summer break).
    cancelled_months: tuple[int, ...] = ()


SERIES = (
    DemoSeries(
        network=REGIONAL,
        title="Kuukausikahvit / Monthly meetup",
        kind=MeetingKind.MEETUP,
        rrule="FREQ=MONTHLY;BYDAY=1TU",
        start_time=time(16, 30),
        months_back=3,
        format=MeetingFormat.HYBRID,
        address="Demo: Hakunilan asukastila, Kuuntelijantie 8, 01200 Vantaa",
        online="itainen-kuukausikahvit",
        languages="fi en",
        public=True,
        host_unit="demo-koto-vantaa",
        agenda=(
            "30 minuuttia: kuulumiset, ajankohtaiset ryhmät ja kysymykset KOTO-tiimille.\n"
            "30 minutes: news, current groups and questions for the KOTO team."
        ),
        accessibility="Esteetön sisäänkäynti pihan puolelta. / Step-free entrance from the yard.",
        guests=("coordinator",),
        cancelled_months=(7,),
    ),
    DemoSeries(
        network=REGIONAL,
        title="Yhteinen kokous: esittäytyminen ja palvelut",
        kind=MeetingKind.JOINT_MEETING,
        rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=2TH",
        start_time=time(13, 0),
        months_back=4,
        format=MeetingFormat.ON_SITE,
        address="Demo: KOTO-tiimin neuvotteluhuone, Palvelukuja 2, 01300 Vantaa",
        languages="fi en",
        host_unit="demo-koto-vantaa",
        agenda=(
            "1. Työntekijät ja järjestöt esittäytyvät\n"
            "2. Mitä palvelumme tarkoittavat käytännössä\n"
            "3. Miten ohjaamme asiakkaita toisillemme"
        ),
    ),
    DemoSeries(
        network=REGIONAL,
        title="Vuosittainen yhteistyöpäivä / Yearly Co-Act day",
        kind=MeetingKind.FACILITATED_EVENT,
        rrule="FREQ=YEARLY;BYDAY=2WE;BYMONTH={month}",
        start_time=time(12, 0),
        months_back=10,
        format=MeetingFormat.HYBRID,
        address="Demo: Tikkurilan monitoimitalo, Perhekuja 3 A, 01300 Vantaa",
        online="yhteistyopaiva",
        languages="fi en sv",
        public=True,
        agenda=(
            "Fasilitoitu keskustelu: vastuut, työnjako ja anonyymi tapauskeskustelu.\n"
            "Facilitated discussion: responsibilities, division of tasks and an anonymous "
            "case discussion."
        ),
    ),
    DemoSeries(
        network=THEMATIC,
        title="Mielenterveys- ja päihdeverkoston tapaaminen",
        kind=MeetingKind.NETWORK_MEETING,
        rrule="FREQ=MONTHLY;INTERVAL=2;BYDAY=3WE",
        start_time=time(14, 0),
        months_back=4,
        format=MeetingFormat.ONLINE,
        online="mielenterveysverkosto",
        languages="fi en",
        agenda="Ajankohtaiset ryhmät, odotusajat ja anonyymi tapauskeskustelu.",
    ),
)


@dataclass(frozen=True)
class DemoMeeting:
    key: str
    network: str
    title: str
    kind: str
    # Days from the first run (negative: already held), at this Helsinki time.
    days: int
    at: time
    format: str
    languages: str
    address: str = ""
    online: str = ""
    public: bool = False
    host_organization: str = ""
    host_unit: str = ""
    agenda: str = ""
    guests: tuple[str, ...] = ()
    minutes: bool = True  # for a meeting already held


MEETINGS = (
    DemoMeeting(
        key="group-visit-perheyhdistys",
        network=REGIONAL,
        title="Ryhmävierailu: Monikulttuurinen perheyhdistys",
        kind=MeetingKind.GROUP_VISIT,
        days=12,
        at=time(10, 0),
        format=MeetingFormat.ON_SITE,
        address="Demo: Perhetila, Perhekuja 3 A, 01300 Vantaa",
        languages="fi so",
        host_organization="demo-monikulttuurinen-perheyhdistys",
        agenda="KOTO-tiimi tutustuu perhekerhoon ja läksykerhoon.",
    ),
    DemoMeeting(
        key="group-visit-hiiraan",
        network=REGIONAL,
        title="Ryhmävierailu: Hiiraan mielenterveystuki",
        kind=MeetingKind.GROUP_VISIT,
        days=-33,
        at=time(17, 0),
        format=MeetingFormat.ON_SITE,
        address="Demo: Kuuntelijantie 8, 01200 Vantaa",
        languages="fi en so",
        host_organization="demo-somali-mental-health-evenings",
    ),
    DemoMeeting(
        key="group-visit-toivon-talo",
        network=THEMATIC,
        title="Ryhmävierailu: Toivon talo",
        kind=MeetingKind.GROUP_VISIT,
        days=-3,
        at=time(14, 0),
        format=MeetingFormat.ON_SITE,
        address="Demo: Toivontie 6, 01450 Vantaa",
        languages="fi",
        host_organization="demo-vantaa-house-of-hope",
        minutes=False,  # the host still has to file them: the planner shows it waiting
    ),
    DemoMeeting(
        key="advisory-board-next",
        network=ADVISORY,
        title="Järjestöneuvottelukunnan kokous",
        kind=MeetingKind.NETWORK_MEETING,
        days=20,
        at=time(17, 30),
        format=MeetingFormat.HYBRID,
        address="Demo: Kokoustila Verso, Palvelukuja 2, 01300 Vantaa",
        online="neuvottelukunta",
        languages="fi en",
        public=True,
        agenda=(
            "1. Lausuntopyyntö: järjestöavustusten periaatteet\n"
            "2. Yhteistyöpäivän suunnittelu\n"
            "3. Muut asiat"
        ),
        guests=("coordinator",),
    ),
    DemoMeeting(
        key="advisory-board-previous",
        network=ADVISORY,
        title="Järjestöneuvottelukunnan kokous",
        kind=MeetingKind.NETWORK_MEETING,
        days=-62,
        at=time(17, 30),
        format=MeetingFormat.HYBRID,
        address="Demo: Kokoustila Verso, Palvelukuja 2, 01300 Vantaa",
        online="neuvottelukunta",
        languages="fi en",
        public=True,
        guests=("coordinator",),
    ),
)

MINUTES = {
    MeetingKind.MEETUP: (
        "Demomuistio. Kuulumiset järjestöiltä ja KOTO-tiimiltä. Syksyn ryhmät ja "
        "kerhot jaettiin verkoston taululle. Sovittiin, että seuraavalla kerralla "
        "perhekeskus kertoo neuvolan vertaisryhmistä.\n\n"
        "Demo minutes. News from the NGOs and the KOTO team; autumn groups posted on the "
        "board; next time the family centre presents its peer groups."
    ),
    MeetingKind.JOINT_MEETING: (
        "Demomuistio. Työntekijät ja järjestöt esittäytyivät. Käytiin läpi, millaisia "
        "asiakkaita KOTO-tiimi ohjaa järjestöihin ja miten järjestöt voivat kysyä "
        "neuvoa yhteyspisteestä."
    ),
    MeetingKind.FACILITATED_EVENT: (
        "Demomuistio. Fasilitoitu keskustelu vastuista ja työnjaosta. Anonyymissa "
        "tapauskeskustelussa tunnistettiin kolme kohtaa, joissa asiakas putoaa "
        "palveluiden väliin. Työnjakomateriaali julkaistaan verkoston sivulla."
    ),
    MeetingKind.NETWORK_MEETING: (
        "Demomuistio. Ajankohtaiset asiat jäseniltä; kevään toimintasuunnitelma hyväksyttiin."
    ),
    MeetingKind.GROUP_VISIT: (
        "Demomuistio. Vierailimme järjestön tiloissa ja tutustuimme sen ryhmiin. "
        "Järjestö toivoo lähetteitä erityisesti iltaryhmiin."
    ),
}

POSTS = (
    (
        REGIONAL,
        "ngo_admin",
        BoardPost.Kind.ACTIVITY,
        "Perhekerho jatkuu lauantaisin klo 11–14 Tikkurilassa, somaliksi, arabiaksi ja "
        "suomeksi. Tervetuloa tutustumaan! / Our family club goes on, Saturdays 11–14.",
        2,
        60,
    ),
    (
        REGIONAL,
        "unit_worker",
        BoardPost.Kind.OBSERVATION,
        "Yleinen havainto: moni perhe kysyy syksyn kerhoista jo elokuussa. Kertokaa omista "
        "ryhmistänne tällä taululla, niin osaamme ohjata.",
        9,
        None,
    ),
    (
        THEMATIC,
        "sara",
        BoardPost.Kind.ACTIVITY,
        "Naisten vertaispiiri keskiviikkoisin klo 18–20 Myyrmäessä. Uudet tervetulleita.",
        5,
        90,
    ),
    (
        THEMATIC,
        "unit_worker",
        BoardPost.Kind.OBSERVATION,
        "Yleinen havainto: odotusajat mielenterveyspalveluihin ovat pidentyneet, joten "
        "järjestöjen matalan kynnyksen ryhmät ovat tärkeitä odotusaikana.",
        14,
        None,
    ),
    (
        ADVISORY,
        "coordinator",
        BoardPost.Kind.ACTIVITY,
        "Lausuntopyyntö: järjestöavustusten periaatteet. Kommentit neuvottelukunnan "
        "seuraavaan kokoukseen mennessä.",
        4,
        30,
    ),
)


@dataclass
class NetworkSummary:
    networks: int = 0
    memberships: int = 0
    meetings: int = 0
    held: int = 0
    invitations: int = 0
    posts: int = 0

    def __str__(self) -> str:
        return (
            f"{self.networks} demo networks ({self.memberships} members), {self.meetings} "
            f"meetings ({self.held} held), {self.invitations} invitations, {self.posts} "
            "board posts"
        )


# --- loading ------------------------------------------------------------------------------


def _people(sign_ins: dict) -> dict:
    people = dict(sign_ins)
    for key, (email, name, language) in PEOPLE.items():
        user, _ = User.objects.update_or_create(
            email=email, defaults={"name": name, "preferred_language": language, "is_active": True}
        )
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people[key] = user
    return people


def _networks(area, people, coordinator) -> dict[str, Network]:
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    organizations = Organization.objects.in_bulk(
        [slug for spec in NETWORKS for kind, slug, _ in spec.members if kind == "ngo"],
        field_name="slug",
    )
    units = ServiceUnit.objects.in_bulk(
        [slug for spec in NETWORKS for kind, slug, _ in spec.members if kind == "unit"],
        field_name="slug",
    )
    networks = {}
    for spec in NETWORKS:
        name_fi, name_sv, name_en = spec.name
        purpose_fi, purpose_sv, purpose_en = spec.purpose
        network, _ = Network.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "kind": spec.kind,
                "welfare_area": area,
                "theme": themes.get(spec.theme) if spec.theme else None,
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
                "purpose_fi": purpose_fi,
                "purpose_sv": purpose_sv,
                "purpose_en": purpose_en,
            },
        )
        network.coordinators.set([coordinator])
        kept = []
        for kind, slug, representatives in spec.members:
            member = {"organization": organizations[slug]} if kind == "ngo" else {}
            member = member or {"service_unit": units[slug]}
            membership, _ = NetworkMembership.objects.get_or_create(network=network, **member)
            membership.representatives.set([people[key] for key in representatives])
            kept.append(membership.pk)
        network.memberships.exclude(pk__in=kept).delete()
        networks[spec.slug] = network
    return networks


def _languages(codes: str) -> list[Language]:
    return [Language.objects.get_or_create(code=code)[0] for code in codes.split()]


def _stable(text: str) -> int:
    return zlib.crc32(text.encode())


def _invite_quietly(meeting: Meeting, now: datetime) -> None:
    """The invitation and reminder rows meeting_invitations_sync would make, without the outbox:
    what is already due is stored as sent; a meeting already held gets its replies and
    attendance."""
    existing = {email.lower() for email in meeting.invitations.values_list("email", flat=True)}
    people = [p for p in selectors.invitees(meeting) if p.email.lower() not in existing]
    if not people:
        return
    held = meeting.start <= now
    invited = meeting.invite_at <= now
    sent_at = min(meeting.invite_at, now)
    rows = []
    base = _stable(meeting.uid)
    for index, person in enumerate(sorted(people, key=lambda p: p.email)):
        # Distinct rolls within a meeting: every held meeting has someone who came.
        roll = (base + 3 * index) % 10
        response = Invitation.Response.NONE
        if held or (invited and roll < 6):
            response = (
                Invitation.Response.NO
                if roll in (3, 7)
                else Invitation.Response.MAYBE
                if roll == 5 and not held
                else Invitation.Response.YES
            )
        rows.append(
            Invitation(
                meeting=meeting,
                user_id=person.user_id,
                email=person.email,
                name=person.name,
                language=person.language,
                membership_id=person.membership_id,
                response=response,
                responded_at=min(sent_at + timedelta(days=1), now) if response else None,
                sent_sequence=meeting.sequence if invited else None,
                sent_at=sent_at if invited else None,
                attended=(response == Invitation.Response.YES and roll != 9) if held else None,
            )
        )
    invitations = Invitation.objects.bulk_create(rows)
    reminders = []
    for invitation in invitations:
        for offset in selectors.reminder_offsets(meeting):
            due_at = meeting.start - timedelta(minutes=offset)
            reminder = Reminder(invitation=invitation, offset_minutes=offset, due_at=due_at)
            if meeting.is_cancelled or invitation.declined:
                reminder.skipped_at = min(due_at, now)
            elif due_at <= now:
                reminder.sent_at, reminder.sent_sequence = due_at, meeting.sequence
            reminders.append(reminder)
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True)


def _mark_held(meeting: Meeting, *, minutes: bool, now: datetime) -> None:
    if minutes:
        meeting.minutes = MINUTES[meeting.kind]
        filed = min(meeting.end + timedelta(days=1), now)
        meeting.minutes_filed_at = meeting.attendance_confirmed_at = filed
    else:
        # Asked for already: the outbox does not mail the organiser again.
        meeting.minutes_reminder_sent_at = min(meeting.start + timedelta(days=1), now)
    meeting.save(
        update_fields=[
            "minutes",
            "minutes_filed_at",
            "attendance_confirmed_at",
            "minutes_reminder_sent_at",
        ]
    )


def _guests(keys, people) -> list[Guest]:
    return [
        Guest(
            user=people[key],
            email=people[key].email,
            name=people[key].name,
            language=people[key].preferred_language,
        )
        for key in keys
    ]


def _first_of_month(today: date, months_back: int) -> date:
    month = today.month - months_back
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def _series(spec: DemoSeries, network, people, units, now) -> None:
    series = MeetingSeries.objects.filter(network=network, title=spec.title).first()
    if series is None:
        starts_on = _first_of_month(
            timezone.localtime(now, MEETING_TIME_ZONE).date(), spec.months_back
        )
        series = MeetingSeries.objects.create(
            title=spec.title,
            kind=spec.kind,
            network=network,
            welfare_area=network.welfare_area,
            host_unit=units.get(spec.host_unit),
            format=spec.format,
            address=spec.address,
            accessibility=spec.accessibility,
            online_url=ONLINE + spec.online if spec.online else "",
            duration_minutes=DEFAULT_DURATION[spec.kind],
            agenda=spec.agenda,
            public=spec.public,
            organiser=people["coordinator"],
            rrule=spec.rrule.format(month=starts_on.month),
            starts_on=starts_on,
            start_time=spec.start_time,
            reminder_offsets=list(DEFAULT_REMINDER_OFFSETS),
        )
        series.languages.set(_languages(spec.languages))
        for guest in _guests(spec.guests, people):
            guest.series = series
            guest.save()
    languages = list(series.languages.all())
    first = selectors.local_to_aware(series.local_start) - timedelta(minutes=1)
    have = set(series.occurrences.values_list("recurrence_id", flat=True))
    for local_start in selectors.occurrence_starts(
        series, after=first, until=now + services.SERIES_HORIZON
    ):
        start = selectors.local_to_aware(local_start)
        if start in have:
            continue
        meeting = selectors.occurrence_from(series, local_start)
        meeting.uid = f"demo-{slugify(series.title)}-{start:%Y%m%d}@coact"
        if local_start.month in spec.cancelled_months and start > now:
            meeting.status, meeting.sequence = Meeting.Status.CANCELLED, 1
        meeting.save()
        meeting.languages.set(languages)
        _invite_quietly(meeting, now)  # before the replies of a held meeting are counted
        if meeting.start <= now and not meeting.is_cancelled:
            _mark_held(meeting, minutes=True, now=now)


def _single(spec: DemoMeeting, network, people, organizations, units, now) -> None:
    uid = f"demo-{spec.key}@coact"
    if Meeting.objects.filter(uid=uid).exists():
        return
    local_day = timezone.localtime(now, MEETING_TIME_ZONE).date() + timedelta(days=spec.days)
    while local_day.weekday() >= 5:  # on a working day, away from today
        local_day += timedelta(days=-1 if spec.days < 0 else 1)
    start = selectors.local_to_aware(datetime.combine(local_day, spec.at))
    meeting = Meeting.objects.create(
        uid=uid,
        title=spec.title,
        kind=spec.kind,
        network=network,
        welfare_area=network.welfare_area,
        host_organization=organizations.get(spec.host_organization),
        host_unit=units.get(spec.host_unit),
        format=spec.format,
        address=spec.address,
        online_url=ONLINE + spec.online if spec.online else "",
        duration_minutes=DEFAULT_DURATION[spec.kind],
        agenda=spec.agenda,
        public=spec.public,
        organiser=people["coordinator"],
        start=start,
        invite_at=min(now, start - timedelta(days=28)),
    )
    meeting.languages.set(_languages(spec.languages))
    for guest in _guests(spec.guests, people):
        guest.meeting = meeting
        guest.save()
    _invite_quietly(meeting, now)
    if meeting.start <= now:
        _mark_held(meeting, minutes=spec.minutes, now=now)


def _posts(networks, people, now) -> None:
    for slug, author, kind, body, days_ago, shown_for in POSTS:
        created_at = now - timedelta(days=days_ago)
        BoardPost.objects.get_or_create(
            network=networks[slug],
            body=body,
            defaults={
                "author": people[author],
                "kind": kind,
                "created_at": created_at,
                "expires_on": (created_at + timedelta(days=shown_for)).date()
                if shown_for
                else None,
            },
        )


def load_demo_networks(*, coordinator, ngo_admin, unit_worker, now=None) -> NetworkSummary:
    """Create the demo networks and their meetings, or add only what is missing. Call
    inside seed_demo's transaction, after the demo NGOs and units."""
    now = now or timezone.now()
    summary = NetworkSummary()
    area = WelfareArea.objects.get(code=AREA)
    people = _people(
        {"coordinator": coordinator, "ngo_admin": ngo_admin, "unit_worker": unit_worker}
    )
    networks = _networks(area, people, coordinator)
    organizations = Organization.objects.in_bulk(
        [spec.host_organization for spec in MEETINGS if spec.host_organization], field_name="slug"
    )
    units = ServiceUnit.objects.in_bulk(
        [s.host_unit for s in (*SERIES, *MEETINGS) if s.host_unit], field_name="slug"
    )
    for spec in SERIES:
        _series(spec, networks[spec.network], people, units, now)
    for spec in MEETINGS:
        _single(spec, networks[spec.network], people, organizations, units, now)
    _posts(networks, people, now)

    demo = Network.objects.filter(slug__in=[spec.slug for spec in NETWORKS])
    meetings = Meeting.objects.filter(network__in=demo)
    # A representative new in the data is invited to the meetings made by an earlier run.
    for meeting in meetings.filter(start__gt=now).exclude(status=Meeting.Status.CANCELLED):
        _invite_quietly(meeting, now)
    summary.networks = demo.count()
    summary.memberships = NetworkMembership.objects.filter(network__in=demo).count()
    summary.meetings = meetings.count()
    summary.held = meetings.filter(minutes_filed_at__isnull=False).count()
    summary.invitations = Invitation.objects.filter(meeting__in=meetings).count()
    summary.posts = BoardPost.objects.filter(network__in=demo).count()
    return summary

"""Referrals in a chosen state, made through the services, and a reader of the figures
page's tables (the Python standard library's HTML parser)."""

from __future__ import annotations

from html.parser import HTMLParser

from django.db import transaction

from referrals import services
from referrals.models import Referral, State
from tests.referrals.helpers import client_data, send


def make_referrals(world: dict, state: str, n: int = 1, *, outcome: str = "takes_part", **client):
    """`n` referrals from the world's unit to its NGO, moved to `state` by the people who
    would move them."""
    made = []
    handler, worker = world["handler"], world["worker"]
    for _ in range(n):
        referral = send(world, client=client_data(**client))
        if state in (State.ACCEPTED, State.CONTACTED, State.MET, State.CLOSED):
            services.referral_accept(referral=referral, by=handler)
        if state in (State.CONTACTED, State.MET, State.CLOSED):
            services.referral_contact_attempt(referral=referral, by=handler, reached=True)
        if state in (State.MET, State.CLOSED):
            services.referral_meeting_record(referral=referral, by=handler)
        if state == State.CLOSED:
            services.referral_close(referral=referral, by=handler, outcome=outcome)
        if state == State.DECLINED:
            services.referral_decline(referral=referral, by=handler, reason="no_capacity")
        if state == State.WITHDRAWN:
            services.referral_withdraw(referral=referral, by=worker, method="verbal_phone")
        if state == State.EXPIRED:
            with transaction.atomic():
                locked = Referral.objects.select_for_update().get(pk=referral.pk)
                services.transition(locked, "expire", by=None)
        made.append(Referral.objects.get(pk=referral.pk))
    return made


class _Tables(HTMLParser):
    """Each table's caption (without its note) and rows: the header cell's text and the
    count's text, leaving out text only for screen readers."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, dict[str, str]] = {}
        self._stack: list[tuple[str, bool]] = []
        self._caption = ""
        self._row: list[str] = []
        self._text: list[str] = []
        self._in = None

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self._stack)

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        skip = "visually-hidden" in classes or "figures-table__note" in classes
        self._stack.append((tag, skip))
        if tag in ("caption", "th", "td"):
            self._in, self._text = tag, []
        elif tag == "tr":
            self._row = []

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break
        text = " ".join("".join(self._text).split())
        if tag == "caption":
            self._caption = text
            self.tables[text] = {}
        elif tag in ("th", "td"):
            self._row.append(text)
        elif tag == "tr" and len(self._row) == 2 and self._caption:
            label, count = self._row
            self.tables[self._caption][label] = count
        if tag in ("caption", "th", "td"):
            self._in = None

    def handle_data(self, data):
        if self._in and not self._skipping():
            self._text.append(data)


def figure_tables(html: str) -> dict[str, dict[str, str]]:
    """{caption: {row label: count as shown}} of every table on the page."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables

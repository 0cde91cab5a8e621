"""Client data never leaves the pages meant to show it: marker values typed into every
personal field of the real forms (the referral with its consent, through an error and
sent; the NGO's answers, messages both ways, the outcome, a decline, the withdrawal; a
contact request the other way, answered, closed and withdrawn; the consent text, the
log, the anonymous sheet) appear in no log record (every logger at DEBUG, the SQL
included), no mail, no cache key or value, no session, no audit row or timeline event,
and in no URL: not one asked for, not a redirect, not a response header, and not an
href, action or src of any page. Error pages (404, 403, 400) echo none of them, and every
page that shows one is never stored by a browser or a proxy."""

# ruff: noqa: F811 - the capture fixtures, imported
from __future__ import annotations

import html
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from referrals import services
from referrals.models import ContactRequest, ContactState, Referral, State
from tests.referrals.contact_helpers import ANSWER_MARKER, request_form_data
from tests.referrals.helpers import MARKERS
from tests.referrals.marker_capture import (  # noqa: F401 - fixtures
    MORE,
    cache_traffic,
    captured_mail,
    every_log,
    findings,
    leaks,
)
from tests.referrals.receiving_helpers import when
from tests.referrals.sending_helpers import IDENTITY_CODE, form_data, sending_world

pytestmark = pytest.mark.django_db

# Where a page names another address: links, forms, images, scripts, htmx.
URL_ATTRIBUTE = re.compile(
    r"""\b(?:href|src|srcset|action|formaction|poster|hx-(?:get|post|put|patch|delete)"""
    r"""|data-[\w-]*(?:url|href))\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)


class Pages:
    """The test clients of the people who take part, and every request they make (redirects
    followed included) with its answer."""

    def __init__(self):
        self.seen: list = []

    def of(self, user=None, **options) -> Client:
        client = Client(**options)
        if user is not None:
            client.force_login(user)
        original = client.request

        def recording(**request):
            response = original(**request)
            self.seen.append(response)
            return response

        client.request = recording
        return client


def urls_of(response) -> list[str]:
    """Every address the answer names: the one asked for, the headers (the redirect's
    Location and the cookies included), and every URL attribute of the page."""
    found = [response.wsgi_request.get_full_path(), *map(str, response.headers.values())]
    found += [morsel.OutputString() for morsel in response.cookies.values()]
    if "html" in response.get("Content-Type", ""):
        body = response.content.decode()
        found += [html.unescape(a or b) for a, b in URL_ATTRIBUTE.findall(body)]
    # A tel: or mailto: link is the client's number or address on the page that shows
    # them, to call or write from there: nothing is asked of any server with it.
    return [url for url in found if not url.lower().startswith(("tel:", "mailto:"))]


def body_of(response) -> str:
    content = b"" if getattr(response, "streaming", False) else response.content
    return html.unescape(content.decode(errors="replace"))


def form_errors(response) -> list[str]:
    """The error messages of a form sent back, for a failing assertion to show."""
    return re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]*)', body_of(response))


def sent_referral(worker, data: dict) -> Referral:
    """Send the form; the page of the new referral is where it leads."""
    before = set(Referral.objects.values_list("pk", flat=True))
    response = worker.post("/en/referrals/new/hiiraan/", data, follow=True)
    assert response.redirect_chain, form_errors(response)
    (referral,) = Referral.objects.exclude(pk__in=before)
    assert response.redirect_chain[-1][0] == f"/en/referrals/{referral.pk}/"
    return referral


def answer(handler, referral, action: str, data: dict | None = None, status: int = 302):
    response = handler.post(f"/en/referrals/{referral.pk}/{action}/", data or {})
    assert response.status_code == status, form_errors(response)
    if status == 302:
        handler.get(response["Location"])


def referral_paths(pages: Pages, world) -> dict:
    worker, handler = pages.of(world["worker"]), pages.of(world["handler"])
    refused = []

    # The worker finds the NGO, opens the form and the consent text for the client.
    worker.get("/en/organizations/?accepts_referrals=1")
    worker.get("/en/organizations/hiiraan/")
    worker.get("/en/referrals/new/hiiraan/")
    for lang in ("", "?lang=sv", "?lang=so"):
        assert worker.get(f"/en/referrals/consent-text/hiiraan/{lang}").status_code == 200
    # The form comes back with everything typed: for an identity code in the reason, a
    # missing answer and a date that is none, an address and a number that are none.
    loop_data = form_data(world, purpose=MORE["purpose"])
    for wrong in (
        {"reason": f"{MARKERS['reason']} {IDENTITY_CODE}"},
        {"method": None, "valid_until": "Zyxmarker"},
        {"client_email": "zyxmarker at client", "client_phone": "+358 40 7777 000 zyxmarker"},
    ):
        data = {k: v for k, v in {**loop_data, **wrong}.items() if v is not None}
        response = worker.post("/en/referrals/new/hiiraan/", data)
        assert response.status_code == 400
        refused.append(response)
    assert not Referral.objects.exists()

    # The whole loop, messages both ways, the outcome with a note.
    loop = sent_referral(worker, loop_data)
    now = timezone.now()
    worker.get("/en/referrals/sent/")
    worker.get("/en/me/")
    handler.get("/en/referrals/inbox/")
    handler.get("/en/me/")
    handler.get(f"/en/referrals/{loop.pk}/")
    answer(handler, loop, "accept")
    for reached in ("no", "yes"):
        answer(handler, loop, "contact", {"contact-reached": reached, **when("contact", now)})
    for person in (worker, handler):
        response = person.post(f"/en/referrals/{loop.pk}/messages/", {"text": MORE["message"]})
        person.get(response["Location"])
    response = handler.post(
        f"/en/referrals/{loop.pk}/messages/", {"text": f"{MORE['message']} {IDENTITY_CODE}"}
    )
    assert response.status_code == 400
    refused.append(response)
    answer(handler, loop, "meeting", when("meet", now))
    # Closing without an outcome comes back with the note kept, then it is closed.
    answer(handler, loop, "close", {"close-note": MORE["outcome_note"]}, status=400)
    close = {"close-outcome": "takes_part", "close-note": MORE["outcome_note"]}
    answer(handler, loop, "close", close)
    answer(handler, loop, "close", close, status=400)  # closed already: refused
    worker.get(f"/en/referrals/{loop.pk}/")
    worker.get(f"/en/referrals/{loop.pk}/log/")
    worker.get("/en/referrals/sent/?show=ended")
    handler.get("/en/referrals/inbox/?show=ended")

    # A second referral declined with a note, a third withdrawn by the client.
    declined = sent_referral(worker, form_data(world))
    decline = {"decline-reason": "other", "decline-note": MORE["decline_note"]}
    answer(handler, declined, "decline", decline)
    worker.get(f"/en/referrals/{declined.pk}/")
    withdrawn = sent_referral(worker, form_data(world))
    handler.post(f"/en/referrals/{withdrawn.pk}/messages/", {"text": MORE["message"]})
    worker.get(f"/en/referrals/{withdrawn.pk}/withdraw/")
    response = worker.post(
        f"/en/referrals/{withdrawn.pk}/withdraw/", {"method": "verbal_phone"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/en/referrals/{withdrawn.pk}/"
    worker.get(f"/en/referrals/{withdrawn.pk}/log/")
    handler.get(f"/en/referrals/{withdrawn.pk}/")

    # Without consent: the anonymous sheet, in Arabic and in Finnish.
    for lang in ("ar", "fi"):
        assert worker.get(f"/en/referrals/sheet/hiiraan/?lang={lang}").status_code == 200
    worker.get("/en/referrals/figures/")
    return {
        "referrals": [loop, declined, withdrawn],
        "refused": refused,
        "worker": worker,
        "handler": handler,
    }


def contact_request_paths(pages: Pages, world) -> dict:
    """The NGO asks the unit to contact a client, the unit answers and closes it; a second
    request is withdrawn."""
    worker, handler = pages.of(world["worker"]), pages.of(world["handler"])
    refused = []
    handler.get("/en/units/koto/")
    handler.get("/en/contact-requests/new/koto/")
    data = request_form_data(world, purpose=MORE["purpose"])
    for wrong in (
        {"reason": f"{MARKERS['reason']} {IDENTITY_CODE}"},
        {"client_email": MARKERS["client_email"], "purpose": ""},
    ):
        response = handler.post("/en/contact-requests/new/koto/", {**data, **wrong})
        assert response.status_code == 400
        refused.append(response)
    requests = []
    for _ in range(2):
        response = handler.post("/en/contact-requests/new/koto/", data, follow=True)
        requests.append(ContactRequest.objects.latest("pk"))
        assert response.redirect_chain[-1][0] == f"/en/contact-requests/{requests[-1].pk}/"
    answered, withdrawn = requests

    worker.get("/en/contact-requests/")
    worker.get("/en/me/")
    worker.get(f"/en/contact-requests/{answered.pk}/")
    answer_url = f"/en/contact-requests/{answered.pk}/answer/"
    response = worker.post(answer_url, {"answer": f"{ANSWER_MARKER} {IDENTITY_CODE}"})
    assert response.status_code == 400
    refused.append(response)
    worker.post(answer_url, {"answer": ANSWER_MARKER}, follow=True)
    worker.post(f"/en/contact-requests/{answered.pk}/close/", follow=True)
    handler.get("/en/contact-requests/?side=sent")
    handler.get(f"/en/contact-requests/{answered.pk}/")

    handler.get(f"/en/contact-requests/{withdrawn.pk}/withdraw/")
    handler.post(
        f"/en/contact-requests/{withdrawn.pk}/withdraw/", {"method": "written"}, follow=True
    )
    worker.get(f"/en/contact-requests/{withdrawn.pk}/")
    return {"requests": requests, "refused": refused}


def error_pages(pages: Pages, world, done: dict, contact: dict, monkeypatch) -> list:
    """What a person who may not see a referral, a tampered form and a forged one get."""
    open_one = sent_referral(done["worker"], form_data(world))
    worker, handler = done["worker"], done["handler"]
    outsider = pages.of(world["other_staff"])
    member = pages.of(world["member"])
    marked = {"text": MORE["message"], "decline-note": MORE["decline_note"], **MARKERS}
    answers = []

    def expect(status, response):
        assert response.status_code == status, response.wsgi_request.get_full_path()
        answers.append(response)

    for pk in (open_one.pk, *(referral.pk for referral in done["referrals"]), 2**40):
        expect(404, outsider.get(f"/en/referrals/{pk}/"))
        expect(404, outsider.post(f"/en/referrals/{pk}/messages/", marked))
        expect(404, outsider.post(f"/en/referrals/{pk}/withdraw/", {"method": "written"}))
        expect(404, member.post(f"/en/referrals/{pk}/decline/", marked))
    expect(404, outsider.get(f"/en/contact-requests/{contact['requests'][0].pk}/"))
    expect(404, member.post(f"/en/contact-requests/{contact['requests'][0].pk}/answer/", marked))
    expect(404, outsider.get("/en/referrals/99999999999999999999999/"))  # past a bigint
    # The sending unit sees the referral but does not answer it; the NGO reads no log.
    expect(403, worker.post(f"/en/referrals/{open_one.pk}/decline/", marked))
    expect(403, handler.get(f"/en/referrals/{open_one.pk}/log/"))
    expect(403, handler.post(f"/en/referrals/{open_one.pk}/withdraw/", marked))
    expect(403, member.post("/en/referrals/new/hiiraan/", form_data(world)))
    # Signed out: to the sign-in page, which is told the path and nothing typed.
    anonymous = pages.of()
    expect(302, anonymous.post("/en/referrals/new/hiiraan/", form_data(world)))
    expect(302, anonymous.post(f"/en/referrals/{open_one.pk}/messages/", marked))
    # A control character in what was typed, and a form without its CSRF token.
    nul = {**form_data(world), "reason": f"{MARKERS['reason']}\x00"}
    expect(400, worker.post("/en/referrals/new/hiiraan/", nul))
    expect(400, handler.post(f"/en/referrals/{open_one.pk}/decline/", {**marked, "x": "\x07"}))
    forged = pages.of(world["worker"], enforce_csrf_checks=True)
    expect(403, forged.post("/en/referrals/new/hiiraan/", form_data(world)))
    expect(403, forged.post(f"/en/referrals/{open_one.pk}/messages/", marked))

    # A failure nobody expected while a message is saved: the 500 page, and the error logged.
    def failing(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "referral_message_post", failing)
    broken = pages.of(world["handler"], raise_request_exception=False)
    expect(500, broken.post(f"/en/referrals/{open_one.pk}/messages/", marked))
    # A tampered answer: a reason that is not on the list, on a referral that is open.
    expect(400, handler.post(f"/en/referrals/{open_one.pk}/decline/", {
        "decline-reason": "zyxmarker", "decline-note": MORE["decline_note"]}))  # fmt: skip
    # Somebody else's unit, a wrong activity: the form is sent back, the data not sent.
    expect(400, worker.post("/en/referrals/new/hiiraan/", form_data(
        world, unit=world["other_unit"].pk, activity=2**40)))  # fmt: skip
    assert Referral.objects.get(pk=open_one.pk).state == State.SENT
    return answers[:-2]  # the last two are the forms sent back, which keep what was typed


@pytest.fixture
def world():
    return sending_world()


def test_no_marker_reaches_a_url_a_log_a_mail_a_cache_or_an_error_page(
    world, every_log, cache_traffic, monkeypatch
):
    pages = Pages()

    done = referral_paths(pages, world)
    contact = contact_request_paths(pages, world)
    errors = error_pages(pages, world, done, contact, monkeypatch)

    # Every path was taken.
    states = [Referral.objects.get(pk=r.pk).state for r in done["referrals"]]
    assert states == [State.CLOSED, State.DECLINED, State.WITHDRAWN]
    states = [ContactRequest.objects.get(pk=r.pk).state for r in contact["requests"]]
    assert states == [ContactState.CLOSED, ContactState.WITHDRAWN]
    # The forms sent back with errors kept what was typed: the markers were there to leak.
    for response in done["refused"] + contact["refused"]:
        assert leaks(body_of(response)), response.wsgi_request.get_full_path()

    # What was captured is there to be searched: the guards fail if a capture broke.
    records = every_log.records
    assert {"django.db.backends", "django.request", "django.security.csrf"} <= {
        record.name for record in records
    }
    assert any(record.exc_info and record.name == "django.request" for record in records)
    assert cache_traffic, "no cache call was recorded"
    queued, delivered = captured_mail()
    assert len({m.key.split("-to-")[0] for m in queued}) >= 10  # mail of 10 events or more
    assert len(delivered) == len(queued)
    shown = [r for r in pages.seen if leaks(body_of(r))]
    assert len(shown) >= 15, "the pages that show client data were not reached"
    assert len(pages.seen) >= 100

    found = findings(
        records=records, cache_traffic=cache_traffic, queued=queued, delivered=delivered
    )
    for response in pages.seen:
        for url in urls_of(response):
            if hit := leaks(url):
                found.setdefault("page url", []).append((url, hit))
        if response in shown and "no-store" not in response.get("Cache-Control", ""):
            found.setdefault("stored", []).append(response.wsgi_request.get_full_path())
    for response in errors:
        if hit := leaks(body_of(response)):
            path = response.wsgi_request.get_full_path()
            found.setdefault("error page", []).append((response.status_code, path, hit))
    for session in Session.objects.all():
        if hit := leaks(repr(session.get_decoded())):
            found.setdefault("session", []).append(hit)

    assert found == {}

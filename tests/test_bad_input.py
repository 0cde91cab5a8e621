"""Bad input never breaks a page (issue 9, parts 6 and 7).

Every URL of the portal (from the URL resolver, with real objects for its path
parameters), anonymous and signed in as a coordinator, gets NUL bytes and other control
characters, huge, negative and non-numeric numbers and very long text: in every query
parameter its view reads, in each path parameter, and in every field of the forms its
page shows. Not one answer may be a server error. A URL added to the project without
an entry in SWEPT fails test_every_url_is_swept.
"""

from __future__ import annotations

import inspect
import re
from html.parser import HTMLParser
from importlib import import_module
from urllib.parse import urlencode, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic import RedirectView

from coact.filters import AuditEventFilter
from networks.forms.networks import NetworkFilterForm
from networks.selectors import rsvp_token
from organizations import hsds
from organizations.directory_query import KNOWN_PARAMETERS
from organizations.services import invitation_token
from tests.test_permission_matrix import matrix_world  # noqa: F401 - a fixture
from tests.test_permission_matrix_referrals import referral_world  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(request):
    """The permission matrix's world: people of every role, and one object of each kind
    (a referral from the unit to the NGO too)."""
    return request.getfixturevalue("referral_world")


LONG_TEXT = " ".join(["mielenterveys"] * 400)
HUGE = "9" * 26
# Huge (past bigint), negative and non-numeric numbers ("²" passes str.isdigit), long
# text and quotes. Each goes into all the parameters of a request at once, and HUGE into
# each parameter and form field on its own too (the others keep their values), so that a
# refusal of one parameter cannot hide what another does with it.
BAD_VALUES = [HUGE, str(2**63), "-1", "-99999999999999999999", "²", "1.5", "' OR 1=1 --", LONG_TEXT]
# Refused by the request guard wherever they are.
CONTROL_VALUES = ["\x00", "a\x1bb"]
BAD_PATH_VALUES = ["%00", "a%00b", HUGE, str(2**63), "-1", "x" * 300]

# Every URL name with the arguments of a real object of matrix_world. Admin URLs are left
# out: only superusers reach them, and they are Django's own.
SWEPT = {
    # coact
    "healthz": None, "readyz": None, "home": None, "landing": None, "profile": None,
    "switch_membership": None, "audit_log": None, "audit_log_export": None,
    "set_language": None,
    "generated_file": lambda w: [w["generated_file"].pk],
    "generated_file_status": lambda w: [w["generated_file"].pk],
    "generated_file_download": lambda w: [w["generated_file"].pk],
    # the directory, its APIs and the units
    "directory": None, "unit_list": None, "organization_apply": None,
    "organization_apply_sent": None, "coordination": None, "freshness": None,
    "organization_detail": lambda w: [w["organization"].slug],
    "organization_members": lambda w: [w["organization"].slug],
    "unit_detail": lambda w: [w["unit"].slug],
    "unit_members": lambda w: [w["unit"].slug],
    "area_coordinators": lambda w: [w["area"].code],
    "application_review": lambda w: [w["application"].pk],
    "membership_remove": lambda w: [w["membership"].pk],
    "invitation_revoke": lambda w: [w["invitation"].pk],
    "invitation_accept": lambda w: [invitation_token(w["invitation"])],
    "organization_edit": lambda w: [w["organization"].slug],
    "organization_activities": lambda w: [w["organization"].slug],
    "activity_edit": lambda w: [w["organization"].slug, w["activity"].pk],
    "activity_delete": lambda w: [w["organization"].slug, w["activity"].pk],
    "organization_locations": lambda w: [w["organization"].slug],
    "location_edit": lambda w: [w["organization"].slug, w["location"].pk],
    "location_delete": lambda w: [w["organization"].slug, w["location"].pk],
    "organization_confirm": lambda w: [w["organization"].slug],
    "organization_verify": lambda w: [w["organization"].slug],
    "organization_history": lambda w: [w["organization"].slug],
    "organization_texts": lambda w: [w["organization"].slug],
    "api:openapi-json": None, "api:api-root": None, "api:api_organizations": None,
    "api:api_units": None, "api:api_meetings": None,
    "api:api_organization": lambda w: [w["organization"].slug],
    "hsds_root": None, "hsds_services": None, "hsds_organizations": None,
    "hsds_taxonomy_terms": None,
    "hsds_service": lambda w: [hsds.service_uuid(w["activity"].pk)],
    "hsds_organization": lambda w: [hsds.organization_uuid(w["organization"].pk)],
    # networks and meetings
    "network_list": None, "my_meetings": None, "meeting_new": None, "meeting_planner": None,
    "calendar_subscription": None,
    "network_detail": lambda w: [w["network"].slug],
    "network_board_post": lambda w: [w["network"].slug],
    "network_board_delete": lambda w: [w["network"].slug, w["board_post"].pk],
    "network_members": lambda w: [w["network"].slug],
    "network_member_edit": lambda w: [w["network"].slug, w["network_membership"].pk],
    "meeting_reply": lambda w: [rsvp_token(w["meeting_invitation"])],
    "meeting_reply_ics": lambda w: [rsvp_token(w["meeting_invitation"])],
    "network_new": None,
    "network_edit": lambda w: [w["network"].slug],
    "meeting_detail": lambda w: [w["meeting"].pk],
    "meeting_ics": lambda w: [w["meeting"].pk],
    "meeting_edit": lambda w: [w["meeting"].pk],
    "meeting_cancel": lambda w: [w["meeting"].pk],
    "meeting_after": lambda w: [w["past_meeting"].pk],
    "series_detail": lambda w: [w["series"].pk],
    "series_edit": lambda w: [w["series"].pk],
    "personal_feed": lambda w: [w["calendar_feed"].token],
    "network_feed": lambda w: [w["network"].slug],
    # referrals
    "referral_sheet": lambda w: [w["organization"].slug],
    "referral_sheet_pdf": lambda w: [w["organization"].slug],
    "referral_sent_list": None, "referral_inbox": None, "referral_figures": None,
    "referral_new": lambda w: [w["organization"].slug],
    "referral_consent_text": lambda w: [w["organization"].slug],
    **{
        name: lambda w: [w["referral"].pk]
        for name in (
            "referral_detail", "referral_message", "referral_log", "referral_withdraw",
            "referral_accept", "referral_decline", "referral_contact", "referral_meeting",
            "referral_close",
        )
    },
    "contact_request_list": None,
    "contact_request_new": lambda w: [w["unit"].slug],
    **{
        name: lambda w: [w["contact_request"].pk]
        for name in (
            "contact_request_detail", "contact_request_answer", "contact_request_close",
            "contact_request_withdraw",
        )
    },
    # allauth: signing in, passwords, two-factor authentication, sessions
    "account_login": None, "account_logout": None, "account_inactive": None,
    "account_signup": None, "account_reauthenticate": None, "account_email": None,
    "account_email_verification_sent": None, "account_change_password": None,
    "account_set_password": None, "account_reset_password": None,
    "account_confirm_login_code": None, "account_reset_password_from_key_done": None,
    "account_reset_password_done": None,
    "account_confirm_email": lambda w: ["not-a-key"],
    "account_reset_password_from_key": lambda w: ["2s", "set-password"],
    "mfa_index": None, "mfa_authenticate": None, "mfa_reauthenticate": None,
    "mfa_activate_totp": None, "mfa_deactivate_totp": None, "mfa_view_recovery_codes": None,
    "mfa_generate_recovery_codes": None, "mfa_download_recovery_codes": None,
    "socialaccount_login_cancelled": None, "socialaccount_login_error": None,
    "socialaccount_signup": None, "socialaccount_connections": None,
    "openid_connect_login": lambda w: ["welfare-area"],
    "openid_connect_callback": lambda w: ["welfare-area"],
    "usersessions_list": None,
}  # fmt: skip

# Parameters that views read through a filter set, a form or a loop, which the search of
# their source below cannot see.
EXTRA_PARAMETERS = {
    "directory": KNOWN_PARAMETERS,
    "audit_log": set(AuditEventFilter.base_filters),
    "audit_log_export": set(AuditEventFilter.base_filters),
    "network_list": set(NetworkFilterForm.base_fields),
    "network_members": {"member"},
    "hsds_services": {"per_page", "modified_after"},
    "hsds_organizations": {"per_page", "modified_after"},
    "hsds_taxonomy_terms": {"per_page", "modified_after"},
}
# Every view is also given these: the names most often read, whether or not it does.
ALWAYS = {"page", "next", "lang", "q"}

_READS = re.compile(
    r"""(?:request\.(?:GET|POST)|source|params)(?:\.get|\.getlist)?[\(\[]\s*["']([\w-]+)["']"""
    r"""|_whole_number\(\s*request,\s*["']([\w-]+)["']"""
)


def _patterns(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield pattern, namespace


def _name(pattern: URLPattern, namespace: str | None) -> str:
    return f"{namespace}:{pattern.name}" if namespace else pattern.name


def _is_swept(pattern: URLPattern, namespace: str | None) -> bool:
    view_class = getattr(pattern.callback, "view_class", None)
    redirect_only = view_class is not None and issubclass(view_class, RedirectView)
    return namespace != "admin" and not redirect_only


def _view_of(url_name: str):
    for pattern, namespace in _patterns():
        if _name(pattern, namespace) == url_name and _is_swept(pattern, namespace):
            return pattern
    raise LookupError(url_name)


def _api_parameters(pattern: URLPattern) -> set[str]:
    """The query parameters the JSON API's operation at `pattern` takes: from the OpenAPI
    document, which ninja generates from the same schemas that read them."""
    from coact.api import api

    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
    document = api.get_openapi_schema()
    operations = document["paths"].get(reverse("api:api-root") + route, {})
    return {
        parameter["name"]
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    }


def parameters_read(url_name: str) -> set[str]:
    """The query and form parameters that the view's module reads (found in its
    source), plus those it reads through a filter set or form, plus ALWAYS."""
    pattern = _view_of(url_name)
    if url_name.startswith("api:"):
        return _api_parameters(pattern) | ALWAYS
    view = inspect.unwrap(pattern.callback)
    view = getattr(view, "view_class", view)
    source = inspect.getsource(import_module(view.__module__))
    found = {name for match in _READS.finditer(source) for name in match.groups() if name}
    return found | EXTRA_PARAMETERS.get(url_name, set()) | ALWAYS


def test_every_url_is_swept():
    names = {_name(*entry) for entry in _patterns() if _is_swept(*entry)}

    assert names - set(SWEPT) == set(), "add these URLs to SWEPT in tests/test_bad_input.py"
    assert set(SWEPT) - names == set(), "these URLs are gone: remove them from SWEPT"


def test_the_source_search_finds_what_views_read():
    # A guard against a search that finds nothing and so sweeps nothing.
    assert {"area", "page"} <= parameters_read("unit_list")
    assert {"network", "kind", "host", "month"} <= parameters_read("meeting_new")
    assert {"network", "page"} <= parameters_read("api:api_meetings")
    assert {"network", "page", "lang"} <= _api_parameters(_view_of("api:api_meetings"))
    assert parameters_read("api:api_organizations") >= KNOWN_PARAMETERS
    assert {"theme", "target_group", "escort"} <= parameters_read("directory")
    assert {"per_page", "modified_after"} <= parameters_read("hsds_services")


class _Forms(HTMLParser):
    """The POST forms of a page: their action and fields with the values shown."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = None
            if (attrs.get("method") or "").lower() == "post":
                self._form = {"action": attrs.get("action") or "", "fields": {}}
                self.forms.append(self._form)
        elif tag == "option" and self._form is not None and self._select:
            if "selected" in attrs:
                self._form["fields"][self._select].append(attrs.get("value", ""))
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].setdefault(attrs["name"], [])
            elif kind not in ("submit", "button", "file", "image"):
                self._form["fields"].setdefault(attrs["name"], []).append(attrs.get("value", ""))
        elif tag == "select":
            self._select = attrs["name"]
            self._form["fields"].setdefault(self._select, [])
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form["fields"].setdefault(self._textarea, [""])
        elif tag == "button" and attrs.get("value") is not None:
            self._form["fields"].setdefault(attrs["name"], [attrs["value"]])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] = [data]


class Sweep:
    """Sends the requests and keeps every answer of 500 or more (and every exception)."""

    def __init__(self, client):
        self.client = client
        self.failures: list[str] = []
        self.sent = 0

    def send(self, method: str, path: str, data=None) -> int | None:
        self.sent += 1
        try:
            response = getattr(self.client, method)(path, data or {})
        except Exception as error:  # every kind of crash is what we look for
            self.failures.append(f"{method.upper()} {path!r:.200} {data!r:.200}: {error!r:.300}")
            return None
        if response.status_code >= 500:
            self.failures.append(
                f"{method.upper()} {path!r:.200} {data!r:.200}: {response.status_code}"
            )
        return response.status_code


def _with_bad_segment(path: str, value: str, bad: str) -> str:
    """The path with the segment `value` (a path parameter) replaced by `bad`."""
    matches = list(re.finditer(rf"(?<=[/-]){re.escape(value)}(?=[/.-]|$)", path))
    assert matches, (path, value)
    last = matches[-1]
    return path[: last.start()] + bad + path[last.end() :]


def _query(path: str, params: dict) -> str:
    return f"{path}?{urlencode(params, doseq=True)}"


def sweep_url(sweep: Sweep, url_name: str, args: list) -> None:
    path = reverse(url_name, args=args)
    names = sorted(parameters_read(url_name))
    for value in BAD_VALUES:
        sweep.send("get", _query(path, dict.fromkeys(names, value)))
    for name in names:
        sweep.send("get", _query(path, {name: HUGE}))
    for value in CONTROL_VALUES:
        assert sweep.send("get", _query(path, dict.fromkeys(names, value))) in (400, None)
        assert sweep.send("get", _query(path, {value: "1"})) in (400, None)
        assert sweep.send("post", path, dict.fromkeys(names, value)) in (400, None)
    for arg in args:
        for bad in BAD_PATH_VALUES:
            sweep.send("get", _with_bad_segment(path, str(arg), bad))
    sweep.send("post", path, dict.fromkeys(names, HUGE))
    sweep_forms(sweep, path)


def sweep_forms(sweep: Sweep, path: str) -> None:
    """The forms on the page that post to the page itself: every field at once with
    each bad value, and each field on its own with a huge number."""
    response = sweep.client.get(path)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    parser = _Forms()
    parser.feed(response.content.decode())
    for form in parser.forms:
        if urlsplit(form["action"]).path not in ("", path):
            continue  # the header's sign-out, the membership switch: swept at their URLs
        fields = [name for name in form["fields"] if name != "csrfmiddlewaretoken"]
        for value in BAD_VALUES:
            sweep.send("post", path, {**form["fields"], **dict.fromkeys(fields, value)})
        for name in fields:
            sweep.send("post", path, {**form["fields"], name: HUGE})


PERSONAS = ["anonymous", "coordinator"]
# Changes that would take the ground from under the URLs after them: swept last.
DESTRUCTIVE = ("_delete", "_remove", "_revoke", "_cancel", "account_logout", "mfa_deactivate")
GROUPS = {
    "organizations": lambda name: name.startswith(("organization", "unit", "area", "activity",
                                                   "location", "membership", "invitation",
                                                   "application", "coordination", "freshness",
                                                   "directory")),
    "networks": lambda name: name.startswith(("network", "meeting", "series", "my_meetings",
                                              "calendar", "personal_feed")),
    "apis": lambda name: name.startswith(("api:", "hsds_")),
    "accounts": lambda name: name.startswith(("account_", "mfa_", "socialaccount_",
                                              "openid_connect", "usersessions")),
}  # fmt: skip


def group_of(url_name: str) -> str:
    return next((group for group, test in GROUPS.items() if test(url_name)), "coact")


def urls_of(group: str) -> list[str]:
    names = sorted(name for name in SWEPT if group_of(name) == group)
    return sorted(names, key=lambda name: any(part in name for part in DESTRUCTIVE))


@pytest.mark.timeout(900)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("group", [*GROUPS, "coact"])
def test_no_bad_input_is_a_server_error(client, objects, group, persona):
    sweep = Sweep(client)
    for url_name in urls_of(group):
        if persona != "anonymous":
            client.force_login(objects["people"][persona])  # again after a sign-out
        builder = SWEPT[url_name]
        sweep_url(sweep, url_name, builder(objects) if builder else [])

    assert sweep.sent > len(urls_of(group)) * len(BAD_VALUES)
    assert sweep.failures == []


# --- The inputs the outside test reported --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "signed_in", "status"),
    [
        ("/calendar/%00.ics", False, 400),
        ("/api/v1/meetings/?network=%00", False, 400),
        ("/fi/units/?area=%00", False, 400),
        ("/api/v1/units/?area=%00", False, 400),
        ("/fi/meetings/new/?network=%00", True, 400),
        ("/api/v1/meetings/?page=1710434505790600872198144", False, 400),
        ("/api/v1/meetings/?page=2", False, 404),
        ("/api/v1/meetings/?page=0", False, 400),
        ("/fi/meetings/99999999999999999999999999/", True, 404),
        (f"/fi/meetings/{2**63}/calendar.ics", False, 404),
        (f"/fi/organizations/?page={2**70}", False, 200),
        ("/api/v1/organizations/?page=99999", False, 404),
        ("/api/v1/organizations/?page=99999999999999999999", False, 400),
        ("/api/v1/organizations/?page=²", False, 400),
    ],
)
def test_the_reported_inputs(client, objects, path, signed_in, status):
    if signed_in:
        client.force_login(objects["people"]["coordinator"])

    assert client.get(path).status_code == status


def test_a_nul_byte_is_a_translated_error_page(client):
    response = client.get("/sv/units/", {"area": "\x00"})

    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="sv"' in html
    assert "innehöll tecken som portalen inte godtar" in html


def test_a_nul_byte_in_the_api_is_json(client):
    response = client.get("/api/v1/organizations/", {"q": "a\x00"})

    assert response.status_code == 400
    assert "control character" in response.json()["error"]


def test_a_nul_byte_in_a_form_is_refused_before_anything_is_saved(client, objects):
    from organizations.models import Organization

    before = Organization.objects.count()
    response = client.post(
        "/en/organizations/apply/",
        {"organization_name": "Tuki\x00 ry", "email": "a@b.example"},
    )

    assert response.status_code == 400
    assert Organization.objects.count() == before


def test_a_cookie_with_a_nul_byte_is_dropped_not_an_error(client, objects):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"

    assert client.get("/fi/organizations/").status_code == 200

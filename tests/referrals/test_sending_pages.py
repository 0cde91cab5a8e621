"""The sending unit's pages: "Refer a client" on an NGO's profile, the referral form (it
keeps everything typed through any error), the referral's page on both sides, the
client's withdrawal (the data is gone from the rows and the NGO is told), who saw the
data (the log), the unit's sent referrals and its "My work" panel."""

import re

import pytest
from django.db import connection

from coact.models import AuditEvent
from organizations.models import Activity, Membership, Role
from referrals import services
from referrals.models import Referral, ReferralMessage, State
from tests.factories import OrganizationFactory, sent_mail
from tests.query_budget import MENU_PERMISSIONS, SIGNED_IN
from tests.referrals.helpers import MARKERS, send
from tests.referrals.sending_helpers import IDENTITY_CODE, form_data, sending_world, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return sending_world()


def new_url(world, lang="en") -> str:
    return f"/{lang}/referrals/new/{world['organization'].slug}/"


# --- "Refer a client" on the NGO's profile -----------------------------------------------


def test_the_profile_offers_unit_staff_a_referral_to_the_ngo_and_each_activity(client, world):
    activity = Activity.objects.create(organization=world["organization"], name_fi="Naisten ryhmä")
    client.force_login(world["worker"])

    html = client.get(f"/en/organizations/{world['organization'].slug}/").content.decode()

    assert f'href="{new_url(world)}"' in html
    assert f'href="{new_url(world)}?activity={activity.pk}"' in html
    assert f'href="/en/referrals/sheet/{world["organization"].slug}/"' in html


@pytest.mark.parametrize(
    ("who", "says"),
    [
        ("member", "you need to belong to a service unit"),
        (None, "Sign in to send a referral"),
    ],
)
def test_the_profile_says_who_may_refer(client, world, who, says):
    if who:
        client.force_login(world[who])

    html = client.get(f"/en/organizations/{world['organization'].slug}/").content.decode()

    assert says in html
    assert new_url(world) not in html
    assert f"/en/referrals/sheet/{world['organization'].slug}/" in html


def test_the_profile_says_when_nobody_receives_referrals_yet(client, world):
    Membership.objects.filter(organization=world["organization"]).exclude(
        role=Role.NGO_MEMBER
    ).delete()
    client.force_login(world["worker"])

    html = client.get(f"/en/organizations/{world['organization'].slug}/").content.decode()

    assert "Nobody there has been named to receive referrals in the portal yet" in html
    assert new_url(world) not in html
    # The form itself says the same, without a form.
    page = client.get(new_url(world))
    assert "nobody there has been named to receive them" in text_of(page)
    assert '<form method="post" class="form referral-form"' not in page.content.decode()


def test_the_profile_of_an_ngo_without_referrals_says_so(client, world):
    closed = OrganizationFactory(welfare_area=world["area"], slug="closed", accepts_referrals=False)
    client.force_login(world["worker"])

    html = client.get("/en/organizations/closed/").content.decode()

    assert "does not take referrals through the portal" in html
    assert "/en/referrals/new/closed/" not in html
    assert "/en/referrals/sheet/closed/" in html
    page = client.get(new_url({"organization": closed}))
    assert "does not take referrals in the portal" in text_of(page)


def test_the_home_page_leads_unit_staff_to_referrals(client, world):
    client.force_login(world["worker"])
    html = client.get("/en/").content.decode()
    assert 'href="/en/organizations/?accepts_referrals=1"' in html
    assert 'href="/en/referrals/sent/"' in html

    client.force_login(world["member"])
    assert 'href="/en/referrals/sent/"' not in client.get("/en/").content.decode()


def test_only_unit_staff_open_the_form(client, world):
    client.force_login(world["member"])

    assert client.get(new_url(world)).status_code == 403


# --- The form ----------------------------------------------------------------------------


def test_the_form_shows_the_recipient_and_a_default_validity(client, world):
    client.force_login(world["worker"])

    response = client.get(new_url(world))

    text = text_of(response)
    assert "Recipient: Hiiraan tuki ry" in text
    assert "Sending unit: KOTO-tiimi" in text
    html = response.content.decode()
    default = services.consent_valid_until_default().isoformat()
    assert f'name="valid_until" value="{default}"' in html
    assert f'href="/en/referrals/consent-text/{world["organization"].slug}/"' in html


def test_the_form_keeps_everything_through_an_identity_code_error(client, world):
    client.force_login(world["worker"])
    reason = f"Asiakas {IDENTITY_CODE} tarvitsee vertaistukea"

    response = client.post(new_url(world), form_data(world, reason=reason))

    assert response.status_code == 400
    assert not Referral.objects.exists()
    html = response.content.decode()
    assert "contains a Finnish personal identity code" in html
    for field in ("client_name", "client_phone", "client_email", "contact_times"):
        assert f'value="{MARKERS[field]}"' in html
    assert reason in html  # the text area keeps it, so that the worker can remove the code
    assert re.search(r'name="client_languages" value="so" id="[^"]+" checked', html)
    assert '<option value="so" selected>' in html  # the consent's language
    assert "Vertaistukiryhmään kutsuminen" in html


def test_a_field_of_a_category_not_ticked_must_stay_empty(client, world):
    client.force_login(world["worker"])
    data = form_data(world, categories=["name", "email"])

    response = client.post(new_url(world), data)

    assert not Referral.objects.exists()
    html = response.content.decode()
    # Phone, contact times, the languages with the interpreter, and the reason.
    for field in ("client_phone", "contact_times", "client_languages", "interpreter_needed",
                  "reason"):  # fmt: skip
        error = html[html.index(f'id="id_{field}_error"') :]
        assert error.index("The client did not agree to share this") < error.index("</ul>")
    assert 'id="id_client_email_error"' not in html
    assert f'value="{MARKERS["client_phone"]}"' in html  # kept, for the worker to decide


def test_every_problem_shows_at_once(client, world):
    client.force_login(world["worker"])
    data = form_data(
        world, categories=[], client_phone="", client_email="", method="", reason=IDENTITY_CODE
    )

    html = client.post(new_url(world), data).content.decode()

    assert "Tick at least one kind of information" in html
    assert "Give a phone number or an e-mail address" in html
    assert "contains a Finnish personal identity code" in html
    assert "Choose how the client gave consent." in html


def test_sending_records_the_consent_and_tells_the_ngo(client, world):
    activity = Activity.objects.create(organization=world["organization"], name_fi="Ryhmä")
    client.force_login(world["worker"])

    response = client.post(new_url(world), form_data(world, activity=activity.pk))

    referral = Referral.objects.get()
    assert response["Location"] == f"/en/referrals/{referral.pk}/"
    assert referral.state == State.SENT
    assert referral.activity == activity
    assert referral.client_name == MARKERS["client_name"]
    assert referral.client_languages == ["so", "fi"]
    assert referral.consent.method == "verbal_in_person"
    assert referral.consent.interpreter_used is True
    assert referral.consent.recorded_by == world["worker"]
    page = client.get(response["Location"])
    assert f"Referral no. {referral.pk} was sent to Hiiraan tuki ry." in text_of(page)
    assert [m.to for m in sent_mail()] == [["handler@ngo.example"]]


def test_a_worker_of_several_units_chooses_the_sending_unit(client, world):
    Membership.objects.create(
        user=world["worker"], service_unit=world["other_unit"], role=Role.UNIT_STAFF
    )
    client.force_login(world["worker"])

    html = client.get(new_url(world)).content.decode()
    assert 'type="radio" name="unit"' in html

    client.post(new_url(world), form_data(world, unit=world["other_unit"].pk))
    assert Referral.objects.get().sending_unit == world["other_unit"]


def test_a_unit_the_worker_is_not_in_is_refused(client, world):
    client.force_login(world["worker"])

    response = client.post(new_url(world), form_data(world, unit=world["other_unit"].pk))

    assert response.status_code == 400
    assert not Referral.objects.exists()


# --- The referral's page -----------------------------------------------------------------


def test_the_detail_shows_the_client_data_and_audits_the_read(client, world):
    referral = send(world)
    client.force_login(world["handler"])

    text = text_of(client.get(f"/en/referrals/{referral.pk}/"))

    for marker in MARKERS.values():
        assert marker in text
    assert "Somali, Finnish" in text
    read = AuditEvent.objects.filter(
        action=AuditEvent.Action.CLIENT_DATA_VIEWED, object_id=str(referral.pk)
    ).get()
    assert read.actor == world["handler"]
    assert read.details == {"what": "detail"}


def test_the_detail_has_the_timeline_in_words(client, world):
    referral = send(world)
    services.referral_decline(referral=referral, by=world["handler"], reason="no_capacity")
    client.force_login(world["worker"])

    text = text_of(client.get(f"/en/referrals/{referral.pk}/"))

    timeline = text.split("Timeline")[1].split("Messages")[0]
    assert "Sent KOTO-tiimi" not in timeline  # who did it is named after what
    assert f"Sent {world['worker']} (KOTO-tiimi)" in timeline
    assert f"Declined : No room at the moment {world['handler']} (Hiiraan tuki ry)" in timeline


def test_messages_go_both_ways(client, world):
    referral = send(world)
    client.force_login(world["worker"])
    sent_mail().clear()

    response = client.post(f"/en/referrals/{referral.pk}/messages/", {"text": "Soittakaa iltaisin"})

    assert response["Location"] == f"/en/referrals/{referral.pk}/#messages"
    assert ReferralMessage.objects.get().text == "Soittakaa iltaisin"
    assert [m.to for m in sent_mail()] == [["handler@ngo.example"]]
    text = text_of(client.get(f"/en/referrals/{referral.pk}/"))
    assert "Soittakaa iltaisin" in text
    assert f"{world['worker']} (KOTO-tiimi)" in text.split("Messages")[-1]  # whose side


def test_a_message_with_an_identity_code_is_refused_and_kept(client, world):
    referral = send(world)
    client.force_login(world["handler"])
    text = f"Hetu on {IDENTITY_CODE}"

    response = client.post(f"/en/referrals/{referral.pk}/messages/", {"text": text})

    assert response.status_code == 400
    assert not ReferralMessage.objects.exists()
    assert "contains a Finnish personal identity code" in response.content.decode()
    assert text in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/en/referrals/{pk}/", "/en/referrals/{pk}/log/", "/en/referrals/{pk}/withdraw/"]
)
@pytest.mark.parametrize("who", ["other_staff", "member", "coordinator"])
def test_a_referral_is_a_404_for_everyone_else(client, world, path, who):
    referral = send(world)
    client.force_login(world[who])

    assert client.get(path.format(pk=referral.pk)).status_code == 404
    assert client.post(path.format(pk=referral.pk), {"method": "verbal_phone"}).status_code == 404
    assert Referral.objects.get().state == State.SENT


@pytest.mark.parametrize("path", ["/en/referrals/{pk}/log/", "/en/referrals/{pk}/withdraw/"])
def test_the_ngo_cannot_withdraw_or_read_the_units_log(client, world, path):
    referral = send(world)
    client.force_login(world["handler"])

    assert client.get(path.format(pk=referral.pk)).status_code == 403
    assert client.post(path.format(pk=referral.pk), {"method": "verbal_phone"}).status_code == 403


# --- Withdrawal --------------------------------------------------------------------------


def raw_personal_columns(pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.client_name, r.client_phone, r.client_email, r.contact_times, r.reason,"
            " c.purpose FROM referrals_referral r JOIN referrals_consent c"
            " ON c.id = r.consent_id WHERE r.id = %s",
            [pk],
        )
        return cursor.fetchone()


def test_withdrawal_erases_the_personal_data_and_tells_the_ngo(client, world):
    referral = send(world)
    services.referral_message_post(referral=referral, by=world["handler"], text="Kiitos")
    assert all(raw_personal_columns(referral.pk))  # ciphertext before
    client.force_login(world["worker"])
    page = client.get(f"/en/referrals/{referral.pk}/withdraw/").content.decode()
    # The way the consent was given is chosen already: one click to record it.
    assert re.search(r'value="verbal_in_person"[^>]* checked', page)
    sent_mail().clear()

    response = client.post(f"/en/referrals/{referral.pk}/withdraw/", {"method": "verbal_phone"})

    assert response["Location"] == f"/en/referrals/{referral.pk}/"
    assert raw_personal_columns(referral.pk) == ("", "", "", "", "", "")
    assert not ReferralMessage.objects.exists()
    referral.refresh_from_db()
    assert referral.state == State.WITHDRAWN
    assert referral.consent.withdrawal_method == "verbal_phone"
    assert [m.to for m in sent_mail()] == [["handler@ngo.example"]]
    page = client.get(f"/en/referrals/{referral.pk}/")
    text = text_of(page)
    assert "The withdrawal was recorded." in text
    assert "The client withdrew the consent on" in text
    assert "personal data was erased on" in text
    for marker in MARKERS.values():
        assert marker not in text
    assert f"/referrals/{referral.pk}/withdraw/" not in page.content.decode()  # done


def test_an_ended_referral_has_nothing_to_withdraw(client, world):
    referral = send(world)
    services.referral_decline(referral=referral, by=world["handler"], reason="other")
    client.force_login(world["worker"])

    response = client.post(f"/en/referrals/{referral.pk}/withdraw/", {"method": "verbal_phone"})

    assert response["Location"] == f"/en/referrals/{referral.pk}/"
    assert Referral.objects.get().state == State.DECLINED


# --- Who saw the data --------------------------------------------------------------------


def test_the_log_lists_who_saw_the_data_and_is_itself_audited(client, world):
    referral = send(world)
    client.force_login(world["handler"])
    client.get(f"/en/referrals/{referral.pk}/")
    client.force_login(world["worker"])

    text = text_of(client.get(f"/en/referrals/{referral.pk}/log/"))

    assert "handler@ngo.example" in text
    assert "Opened the referral and saw the client's data" in text
    assert "Sent the referral with the client's data" in text
    assert "worker@unit.example" in text
    assert AuditEvent.objects.filter(object_id=str(referral.pk), details={"what": "log"}).exists()
    for marker in MARKERS.values():
        assert marker not in text


# --- The unit's sent referrals -----------------------------------------------------------


def test_the_sent_list_names_no_client(client, world):
    referral = send(world)
    client.force_login(world["worker"])

    text = text_of(client.get("/en/referrals/sent/"))

    assert f"No. {referral.pk}" in text
    assert "Hiiraan tuki ry" in text
    assert "Waiting for the organisation's answer, due by" in text
    for marker in MARKERS.values():
        assert marker not in text
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CLIENT_DATA_VIEWED).exists()


def test_the_sent_list_is_the_units_and_filters_open_and_ended(client, world):
    open_one = send(world)
    ended = send(world)
    services.referral_decline(referral=ended, by=world["handler"], reason="no_capacity")
    client.force_login(world["other_staff"])
    assert "No. " not in text_of(client.get("/en/referrals/sent/"))

    client.force_login(world["worker"])
    opened = text_of(client.get("/en/referrals/sent/"))
    closed = text_of(client.get("/en/referrals/sent/", {"show": "ended"}))

    assert f"No. {open_one.pk}" in opened
    assert f"No. {ended.pk}" not in opened
    assert f"No. {ended.pk}" in closed
    assert f"No. {open_one.pk}" not in closed
    assert "Declined: No room at the moment." in closed


@pytest.mark.parametrize("count", [1, 12])
def test_the_sent_list_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, count
):
    for _n in range(count):
        send(world)
    client.force_login(world["worker"])
    client.get("/en/referrals/sent/")  # the first request of a session stamps it

    # Around the page (tests/query_budget.py), then the page: the count for the paginator
    # and one page of referrals with their NGOs, activities and units (2).
    with django_assert_num_queries(SIGNED_IN + MENU_PERMISSIONS + 2):
        response = client.get("/en/referrals/sent/")
    assert response.status_code == 200


# --- "My work" ---------------------------------------------------------------------------


def test_my_work_shows_the_units_open_and_answered_referrals(client, world):
    waiting = send(world)
    answered = send(world)
    services.referral_accept(referral=answered, by=world["handler"])
    client.force_login(world["worker"])

    html = client.get("/en/me/").content.decode()
    panel = html[html.index('id="work-referrals-heading"') :]
    panel = panel[: panel.index("</section>")]

    assert f'href="/en/referrals/{waiting.pk}/"' in panel
    assert f"No. {answered.pk} to Hiiraan tuki ry" in panel.split("Open, oldest first")[0]
    assert MARKERS["client_name"] not in panel


def test_my_work_has_no_referral_panel_for_an_ngo(client, world):
    send(world)
    client.force_login(world["member"])

    assert 'id="work-referrals-heading"' not in client.get("/en/me/").content.decode()

"""When a referral page fails with a server error and error reports are on (ADMINS, as a
county's operations team would set it), the report names the failure but carries none of
what the worker typed: the client's details are hidden from it like passwords are."""

import pytest
from django.core import mail
from django.test import Client

from referrals import services
from tests.referrals.helpers import MARKERS
from tests.referrals.sending_helpers import form_data, sending_world

pytestmark = pytest.mark.django_db


def test_a_failed_referral_post_reports_the_error_without_the_client_data(settings, monkeypatch):
    settings.ADMINS = [("Operations", "ops@county.example")]
    world = sending_world()

    def broken(**kwargs):
        raise RuntimeError("the service failed")

    monkeypatch.setattr(services, "referral_send", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world["worker"])  # sending_world gives the staff an authenticator

    response = client.post(
        f"/en/referrals/new/{world['organization'].slug}/", form_data(world, **MARKERS)
    )

    assert response.status_code == 500
    reports = [m for m in mail.outbox if m.to == ["ops@county.example"]]
    assert reports, "no error report was sent"
    report = reports[0].message().as_string()
    assert "RuntimeError" in report
    for value in MARKERS.values():
        assert value not in report
    assert "zyxmarker" not in report.lower()

"""The directory's acceptance walk-through on the demo data: a signed-out worker finds
the NGOs that serve a Somali-speaking client in Vantaa with mental-health support in the
evening, opens one; the NGO's admin corrects a field in Swedish and confirms the
profile; the change shows on /sv/ at once."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from organizations.models import Membership, Organization, Role
from tests.browser.test_people_pages_accessibility import sign_in, translated
from tests.factories import UserFactory, with_totp

pytestmark = pytest.mark.django_db(transaction=True)


def test_find_open_edit_in_swedish_and_confirm(live_server, page, browser, reference_data):
    call_command("seed_demo")
    # The two demo NGOs that serve Somali speakers in Vantaa-Kerava with mental-health
    # support in the evening or at weekends.
    expected = {"Demo: Hiiraan mielenterveystuki ry", "Demo: Vantaan vertaispiiri"}

    # Signed out, with the keyboard-and-mouse form a worker would use.
    page.goto(f"{live_server.url}/en/organizations/")
    page.get_by_label("Language served").select_option("so")
    page.get_by_label("Welfare area").select_option("vantaa-kerava")
    page.get_by_role("checkbox", name="Mental health").check()
    page.get_by_role("checkbox", name="Open evenings or weekends").check()
    page.get_by_role("button", name="Show results").click()
    page.wait_for_url("**outside_office_hours=1**")
    page.wait_for_load_state("networkidle")

    found = {name.strip() for name in page.locator("#results .result__name").all_inner_texts()}
    assert found == expected
    first = sorted(expected)[0]
    page.get_by_role("link", name=first).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first)
    organization = Organization.objects.get(name=first)

    # The NGO's admin, in the Swedish interface, corrects the Swedish description and
    # confirms that the information is current.
    admin_context = browser.new_context()
    admin = admin_context.new_page()
    user = with_totp(UserFactory(email="admin@hiiraan.example", preferred_language="sv"))
    Membership.objects.create(user=user, role=Role.NGO_ADMIN, organization=organization)
    sign_in(admin, live_server, user)
    admin.goto(f"{live_server.url}/sv/organizations/{organization.slug}/edit/")
    admin.locator('[name="description_sv"]').fill("Samtalsstöd på somaliska på kvällarna.")
    admin.get_by_role(
        "button", name=translated("sv", "Save, and our information is current")
    ).click()
    expect(admin.get_by_role("status")).to_be_visible()
    admin_context.close()

    organization.refresh_from_db()
    assert organization.last_confirmed_at is not None
    page.goto(f"{live_server.url}/sv/organizations/{organization.slug}/")
    expect(page.locator("main")).to_contain_text("Samtalsstöd på somaliska på kvällarna.")

"""A coordinator gives a new partner's staff member access in Debian's chromium, without IT;
the invitee chooses a password through the e-mailed link and logs in. The member pages meet
WCAG 2.1 AA, on a desktop and at 320 px (Playwright against a live server)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from lagesbild.organisations.models import Membership
from lagesbild.testing import Cast
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import assert_accessible, assert_reflows, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW = "ett-eget-langt-losenord-2026"


def test_a_coordinator_adds_a_member_who_sets_a_password_and_logs_in(
    cast: Cast, browsing, axe_source: str
) -> None:
    page = browsing.page(DESKTOP)
    log_in(page, "cecilia")
    page.get_by_role("link", name="Medlemmar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medlemmar, Exempeltorp")
    assert_accessible(page, axe_source, "the member page")

    page.get_by_label("E-postadress").fill("inte-en-adress")
    page.get_by_role("button", name="Lägg till medlemmen").click()
    expect(page.get_by_label("E-postadress")).to_have_accessible_description(re.compile("giltig"))
    assert_accessible(page, axe_source, "the member page with an error")

    page.get_by_label("E-postadress").fill("nora@bostad.example")
    page.get_by_role("combobox", name="Organisation").select_option(label="Exempeltorpshem")
    page.get_by_label("Roll").select_option(label="Rapportör")
    page.get_by_label("Förnamn (nytt konto)").fill("Nora")
    page.get_by_label("Efternamn (nytt konto)").fill("Ny")
    page.get_by_role("button", name="Lägg till medlemmen").click()
    expect(page.locator(".messages")).to_contain_text("Nora Ny är nu rapportör i Exempeltorpshem.")
    row = page.locator(f"section[aria-labelledby=org-{cast.bostad.pk}] tbody tr")
    expect(row.filter(has_text="Nora Ny")).to_contain_text("har inte valt lösenord")

    page.set_viewport_size({"width": 320, "height": 700})
    assert_reflows(page, "the member page")
    assert_accessible(page, axe_source, "the member page at 320 px")

    (invitation,) = mail.outbox
    link = re.search(r"https?://\S+/konto/aterstall/\S+/", str(invitation.body))
    assert link is not None
    invitee = browsing.page()
    invitee.goto(link.group(0))
    invitee.get_by_label(re.compile("^Nytt lösenord")).fill(NEW)
    invitee.get_by_label("Bekräfta nytt lösenord").fill(NEW)
    invitee.get_by_role("button", name="Spara lösenordet").click()
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Lösenordet är bytt")
    assert get_user_model().objects.get(email="nora@bostad.example").check_password(NEW)

    # The coordinator ends the membership on its own page.
    membership = Membership.objects.get(user__email="nora@bostad.example")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/medlemmar/{membership.pk}/")
    assert_accessible(page, axe_source, "a membership's page")
    page.get_by_role("button", name="Avsluta", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("till och med")
    membership.refresh_from_db()
    assert membership.ends_on is not None

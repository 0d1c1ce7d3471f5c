"""A partner resets a forgotten password in Debian's chromium: the pages meet WCAG 2.1 AA and
an error is read with its field (Playwright against a live server)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from lagesbild.accounts.password_reset import finish_sending
from lagesbild.testing import Cast
from lagesbild.web.tests.test_browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW = "ett-nytt-langt-losenord-2026"


def test_a_partner_resets_the_password_from_the_login_page(
    cast: Cast, browsing, axe_source: str
) -> None:
    cast.hugo.email = "hugo@bostad.example"
    cast.hugo.save()
    page = browsing.page()
    page.goto("/logga-in/")
    page.get_by_role("link", name="Glömt lösenordet?").click()
    assert_accessible(page, axe_source, "the reset page")
    page.get_by_role("button", name="Skicka länken").click()
    expect(page.get_by_label("E-postadress")).to_have_accessible_description(
        re.compile("Den adress som ditt konto.*(fält|obligatoriskt)", re.IGNORECASE)
    )
    page.get_by_label("E-postadress").fill("hugo@bostad.example")
    page.get_by_role("button", name="Skicka länken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kolla din e-post")
    assert_accessible(page, axe_source, "the page after the request")

    finish_sending()
    link = re.search(r"https?://\S+/konto/aterstall/\S+/", str(mail.outbox[-1].body))
    assert link is not None
    page.goto(link.group(0))
    page.get_by_label(re.compile("^Nytt lösenord")).fill("kort")
    page.get_by_label("Bekräfta nytt lösenord").fill("kort")
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.get_by_label("Bekräfta nytt lösenord")).to_have_accessible_description(
        re.compile("för kort")
    )
    assert_accessible(page, axe_source, "the new password form with an error")
    page.get_by_label(re.compile("^Nytt lösenord")).fill(NEW)
    page.get_by_label("Bekräfta nytt lösenord").fill(NEW)
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lösenordet är bytt")
    assert_accessible(page, axe_source, "the page after the new password")

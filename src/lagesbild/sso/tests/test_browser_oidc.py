"""The login through the provider in a real browser: Debian's chromium clicks the button, signs
in at the test provider (another process, another host) and lands on the weekly page as the
role its group gives."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lagesbild.testing_browser import DESKTOP
from lagesbild.testing_sso import PASSWORD, PROVIDER_NAME, TestProvider
from lagesbild.web.tests.test_browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_coordinator_logs_in_through_the_provider_and_lands_on_the_weekly_page(
    browsing, axe_source, configured: TestProvider, mapped
) -> None:
    configured.set_user("kim", PASSWORD, "lb-samordnare")
    page = browsing.page(DESKTOP)
    page.goto("/logga-in/?next=/vecka/")
    assert_accessible(page, axe_source, "the login page with the provider's button")
    page.get_by_role("link", name=f"Logga in med {PROVIDER_NAME}").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/vecka/"))
    expect(page.locator("footer")).to_contain_text("Inloggad som kim")
    expect(page.locator("footer")).to_contain_text("Samordnare")
    expect(page.get_by_role("link", name="Granska")).to_be_visible()


def test_a_person_without_a_mapped_group_sees_why(
    browsing, axe_source, configured: TestProvider, mapped
) -> None:
    configured.set_user("ulla", PASSWORD, "ekonomi")
    page = browsing.page(DESKTOP)
    page.goto("/logga-in/")
    page.get_by_role("link", name=f"Logga in med {PROVIDER_NAME}").click()
    page.get_by_label("Username").fill("ulla")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Ingen behörighet i Lägesbild")).to_be_visible()
    expect(page.locator("main")).to_contain_text("ekonomi")
    assert_accessible(page, axe_source, "the page of a person without a mapped group")

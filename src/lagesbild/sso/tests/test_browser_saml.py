"""The SAML login in a real browser: Debian's chromium clicks the SAML button, signs in at the
test SAML provider (another process, another host), whose page posts the signed response back
(HTTP-POST binding, a cross-site POST), and lands on the weekly page as the role its group
gives."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lagesbild.testing_browser import DESKTOP
from lagesbild.testing_saml import SAML_PASSWORD, SAML_PROVIDER_NAME, TestSamlProvider

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_coordinator_logs_in_through_the_saml_provider_and_lands_on_the_weekly_page(
    browsing, saml_configured: TestSamlProvider, saml_mapped, settings
) -> None:
    # As in production (DEBUG off): the SAML session cookie must be SameSite=None to come back
    # with the provider's cross-site POST, and a browser keeps such a cookie only when it is
    # Secure (chromium allows Secure cookies on http://localhost).
    settings.SESSION_COOKIE_SECURE = True
    saml_configured.set_user("kim", SAML_PASSWORD, "lb-samordnare")
    page = browsing.page(DESKTOP)
    page.goto("/logga-in/?next=/vecka/")
    page.get_by_role("link", name=f"Logga in med {SAML_PROVIDER_NAME}").click()
    expect(page.get_by_role("heading", name="Test SAML identity provider")).to_be_visible()
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill(SAML_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/vecka/"))
    expect(page.locator("footer")).to_contain_text("Inloggad som kim")
    expect(page.locator("footer")).not_to_contain_text("@testkommun.se")  # no address kept
    expect(page.locator("footer")).to_contain_text("Samordnare")
    expect(page.get_by_role("link", name="Granska")).to_be_visible()

"""A police analyst sets up two-factor login in Debian's chromium and later logs in with a
recovery code (Playwright against a live server; fixtures in lagesbild.testing_browser)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from lagesbild.accounts.tests.helpers import code_for
from lagesbild.testing import PASSWORD, STOCKHOLM, Cast, file_report
from lagesbild.testing_browser import DESKTOP
from lagesbild.web.tests.test_browser import assert_accessible

pytestmark = [
    pytest.mark.browser,
    # The live server answers from another thread: no rolled-back transaction to hide in.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WEEK = "2024-W37"
WEEK_HEADING = f"Lägesbild Exempeltorp, vecka {WEEK}"


def log_in_with_password(page: Page, username: str) -> None:
    page.goto(f"/vecka/{WEEK}/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_a_police_analyst_sets_up_two_factor_and_logs_in_again_with_a_recovery_code(
    cast: Cast, browsing, axe_source: str, settings
) -> None:
    settings.LAGESBILD_REQUIRE_2FA = True
    file_report(
        cast.polisen,
        "organiserad",
        datetime(2024, 9, 11, 22, 15, tzinfo=STOCKHOLM),
        Cast.SODER_POINT,
        "Samma bil vid förrådet varje natt.",
    )
    page = browsing.page(DESKTOP)

    # The password alone does not reach the analyst's pages: first the app is set up.
    log_in_with_password(page, "anders")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lägg upp tvåstegsverifiering")
    device = TOTPDevice.objects.get(user=cast.anders, confirmed=False)
    page.get_by_label("Kod från appen").fill(code_for(device))
    page.get_by_role("button", name="Bekräfta").click()

    # Ten recovery codes, shown once.
    expect(page.get_by_role("heading", level=1)).to_have_text("Dina reservkoder")
    codes = page.get_by_role("list", name="Reservkoder").locator("code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", c) for c in codes)
    assert_accessible(page, axe_source, "the recovery codes page")
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WEEK_HEADING)

    # The phone is gone: the next login uses a recovery code instead of the app.
    page.get_by_role("button", name="Logga ut").click()
    log_in_with_password(page, "anders")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tvåstegsverifiering")
    assert_accessible(page, axe_source, "the code page")
    page.get_by_label("Kod från appen eller reservkod").fill(codes[0])
    page.get_by_role("button", name="Fortsätt").click()
    expect(page).to_have_url(re.compile(f"/vecka/{WEEK}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(WEEK_HEADING)
    expect(page.locator(".messages")).to_contain_text("Du har 9 reservkoder kvar")

    left = StaticToken.objects.filter(device__user=cast.anders).values_list("token", flat=True)
    assert codes[0].replace("-", "") not in left and len(left) == 9
    traffic = browsing.traffic(page)
    assert not traffic.foreign_requests(browsing.url) and not traffic.page_errors

"""Between the password and the code the header offers only logging out: every other link
would bounce back to the code page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagesbild.accounts.tests.helpers import logged_in, verified
from lagesbild.testing import Cast

WEEK_LINK = f'href="{reverse("week-current")}"'
LOGOUT = f'action="{reverse("logout")}"'


@pytest.fixture(autouse=True)
def required(settings) -> None:
    settings.LAGESBILD_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def header_and_footer(html: str) -> str:
    return html.split("<main")[0] + html.split("</main>")[1]


@pytest.mark.parametrize("page", ["two-factor", "two-factor-setup"])
def test_the_code_pages_show_the_site_name_and_log_out_only(cast: Cast, page: str) -> None:
    # cecilia has an app (the code page); anders has none yet (the set-up page).
    if page == "two-factor":
        TOTPDevice.objects.create(user=cast.cecilia, name="app", confirmed=True)
    response = logged_in(cast.cecilia if page == "two-factor" else cast.anders).get(reverse(page))
    assert response.status_code == 200
    outside = header_and_footer(response.content.decode())
    assert "Lägesbild" in outside and LOGOUT in outside
    assert WEEK_LINK not in outside and 'href="/"' not in outside
    assert reverse("password-change") not in outside and reverse("report-list") not in outside


def test_after_the_code_the_whole_menu_is_back(cast: Cast) -> None:
    html = verified(cast.cecilia).get(reverse("home"), follow=True).content.decode()
    outside = header_and_footer(html)
    assert WEEK_LINK in outside and LOGOUT in outside and 'href="/"' in outside


def test_someone_not_asked_for_a_code_gets_the_menu(cast: Cast) -> None:
    html = logged_in(cast.sara).get(reverse("home"), follow=True).content.decode()
    assert WEEK_LINK in header_and_footer(html)

"""Recovery codes: ten single-use codes at set-up, shown once, good in place of the app's code."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagesbild.accounts.tests.helpers import code_for, logged_in, verified
from lagesbild.accounts.twofactor import (
    RECOVERY_CODE_COUNT,
    RECOVERY_CREATED,
    RECOVERY_USED,
    new_recovery_codes,
)
from lagesbild.audit.models import AuditEntry
from lagesbild.testing import Cast

WEEK = reverse("week", args=["2024-W37"])
RECOVERY = reverse("two-factor-recovery")


@pytest.fixture(autouse=True)
def required(settings) -> None:
    settings.LAGESBILD_REQUIRE_2FA = True
    # django-otp holds a device back after a wrong code; tested on its own below.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def codes_on(page) -> list[str]:
    return page.context["codes"]


def stored_codes(user) -> set[str]:
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    """An analyst who has set up the app and been given recovery codes."""
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device, new_recovery_codes(user)


def test_setting_up_the_app_gives_ten_codes_shown_only_once(cast: Cast) -> None:
    client = logged_in(cast.anders)
    setup = f"{reverse('two-factor-setup')}?{urlencode({'next': WEEK})}"
    client.get(setup)
    device = TOTPDevice.objects.get(user=cast.anders, confirmed=False)
    done = client.post(setup, {"code": code_for(device, 1), "next": WEEK})
    assert done["Location"] == f"{RECOVERY}?{urlencode({'next': WEEK})}"

    page = client.get(done["Location"])
    shown = codes_on(page)
    html = page.content.decode()
    assert page.status_code == 200 and len(shown) == RECOVERY_CODE_COUNT == 10
    assert len(set(shown)) == 10 and all(code in html for code in shown)
    assert f'href="{WEEK}"' in html  # onwards to the page first asked for
    assert "no-store" in page["Cache-Control"]
    assert {code.replace("-", "") for code in shown} == stored_codes(cast.anders)
    entry = AuditEntry.objects.get(action=RECOVERY_CREATED)
    assert entry.actor == cast.anders and entry.detail == {"count": 10}

    again = client.get(done["Location"])
    assert codes_on(again) == [] and not any(code in again.content.decode() for code in shown)
    assert "Du har 10 oanvända reservkoder" in again.content.decode()


def test_a_recovery_code_logs_in_in_place_of_the_app_and_only_once(cast: Cast) -> None:
    _, codes = enrolled(cast.anders)
    client = logged_in(cast.anders)
    assert client.get(WEEK)["Location"].startswith(reverse("two-factor"))

    used = client.post(reverse("two-factor"), {"code": codes[0], "next": WEEK})
    assert used.status_code == 302 and used["Location"] == WEEK
    week = client.get(WEEK)
    assert week.status_code == 200 and "9 reservkoder kvar" in week.content.decode()
    assert codes[0] not in stored_codes(cast.anders) and len(stored_codes(cast.anders)) == 9
    entry = AuditEntry.objects.get(action=RECOVERY_USED)
    assert entry.actor == cast.anders and entry.detail["left"] == 9

    second = logged_in(cast.anders).post(reverse("two-factor"), {"code": codes[0], "next": WEEK})
    assert second.status_code == 400
    assert "Reservkoden stämmer inte eller är redan använd" in second.content.decode()


def test_a_recovery_code_may_be_typed_in_capitals_with_a_hyphen_or_a_space(cast: Cast) -> None:
    _, codes = enrolled(cast.anders)
    for typed in (f"{codes[0][:4]}-{codes[0][4:]}".upper(), f" {codes[1][:4]} {codes[1][4:]} "):
        response = logged_in(cast.anders).post(reverse("two-factor"), {"code": typed})
        assert response.status_code == 302, typed


SHAPE = "Skriv de sex siffrorna från appen, eller en reservkod med åtta tecken."


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Det här fältet är obligatoriskt."),
        ("12345", SHAPE),
        ("1234567", SHAPE),
        ("hello", SHAPE),
        ("abcd-efg!", SHAPE),
        ("abcd-efg1", SHAPE),  # 1 is no letter of a recovery code
        ("x" * 200, SHAPE),
    ],
)
def test_anything_but_a_code_is_refused_with_a_message(
    cast: Cast, typed: str, message: str
) -> None:
    _, codes = enrolled(cast.anders)
    response = logged_in(cast.anders).post(reverse("two-factor"), {"code": typed})
    assert response.status_code == 400 and message in response.content.decode()
    assert stored_codes(cast.anders) == set(codes)


def test_a_recovery_code_of_another_user_does_not_work(cast: Cast) -> None:
    enrolled(cast.anders)
    _, cecilias = enrolled(cast.cecilia)
    response = logged_in(cast.anders).post(reverse("two-factor"), {"code": cecilias[0]})
    assert response.status_code == 400 and len(stored_codes(cast.cecilia)) == 10


def test_without_recovery_codes_the_page_says_so(cast: Cast) -> None:
    TOTPDevice.objects.create(user=cast.anders, name="app", confirmed=True)
    response = logged_in(cast.anders).post(reverse("two-factor"), {"code": "abcd-efgh"})
    assert response.status_code == 400 and "Du har inga reservkoder" in response.content.decode()


def test_after_a_wrong_recovery_code_the_next_try_must_wait(cast: Cast, settings) -> None:
    settings.OTP_STATIC_THROTTLE_FACTOR = 1
    _, codes = enrolled(cast.anders)
    client = logged_in(cast.anders)
    assert client.post(reverse("two-factor"), {"code": "aaaa-aaaa"}).status_code == 400
    held = client.post(reverse("two-factor"), {"code": codes[0]})
    assert held.status_code == 400 and "innan du skriver koden igen" in held.content.decode()
    assert len(stored_codes(cast.anders)) == 10  # the held-back code was not used up


def test_new_codes_replace_the_old_ones_in_a_verified_session(cast: Cast) -> None:
    device, old = enrolled(cast.anders)
    client = verified(cast.anders, device)
    page = client.get(RECOVERY)
    assert page.status_code == 200 and codes_on(page) == []
    assert "Skapa nya reservkoder" in page.content.decode()

    made = client.post(RECOVERY)
    assert made.status_code == 302 and made["Location"].startswith(RECOVERY)
    new = [code.replace("-", "") for code in codes_on(client.get(made["Location"]))]
    assert len(new) == 10 and not set(new) & set(old) and stored_codes(cast.anders) == set(new)
    assert StaticDevice.objects.filter(user=cast.anders).count() == 1
    made_by_anders = AuditEntry.objects.filter(action=RECOVERY_CREATED, actor_label="anders")
    assert made_by_anders.count() == 2

    refused = logged_in(cast.anders).post(reverse("two-factor"), {"code": old[0]})
    assert refused.status_code == 400
    accepted = logged_in(cast.anders).post(reverse("two-factor"), {"code": new[0]})
    assert accepted.status_code == 302


def test_new_codes_need_a_verified_session_first(cast: Cast) -> None:
    _, old = enrolled(cast.anders)
    client = logged_in(cast.anders)
    response = client.post(RECOVERY)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two-factor')}?{urlencode({'next': RECOVERY})}"
    assert stored_codes(cast.anders) == set(old)
    assert client.get(RECOVERY)["Location"].startswith(reverse("two-factor"))


def test_someone_without_the_app_has_no_recovery_codes_to_make(cast: Cast) -> None:
    """A reporter (no second factor) is sent on, not round between the pages."""
    client = logged_in(cast.sara)
    assert client.get(RECOVERY)["Location"] == reverse("home")
    assert client.post(RECOVERY)["Location"] == reverse("home")
    assert not StaticDevice.objects.filter(user=cast.sara).exists()


def test_the_footer_links_to_the_recovery_codes_in_a_verified_session(cast: Cast) -> None:
    link = f'href="{RECOVERY}"'
    assert link in verified(cast.anders).get(WEEK).content.decode()
    assert link not in logged_in(cast.sara).get(WEEK).content.decode()

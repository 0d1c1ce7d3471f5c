"""An administrator resets a user's second factor (a lost phone): in the admin or by command."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lagesbild.accounts.tests.helpers import logged_in, verified
from lagesbild.accounts.twofactor import RESET, new_recovery_codes
from lagesbild.audit.models import AuditEntry
from lagesbild.testing import PASSWORD, Cast

WEEK = reverse("week", args=["2024-W37"])
USERS = reverse("admin:auth_user_changelist")


@pytest.fixture(autouse=True)
def required(settings) -> None:
    settings.LAGESBILD_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def devices_of(user) -> int:
    return (
        TOTPDevice.objects.filter(user=user).count()
        + StaticDevice.objects.filter(user=user).count()
    )


def with_app_and_codes(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    new_recovery_codes(user)
    return device


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser("driftansvarig", password=PASSWORD)


def reset_in_admin(client, *users):
    return client.post(
        USERS,
        {"action": "reset_two_factor", "_selected_action": [u.pk for u in users]},
        follow=True,
    )


def test_the_admin_action_removes_app_and_codes_and_is_audited(cast: Cast, administrator) -> None:
    anders_session = verified(cast.anders, with_app_and_codes(cast.anders))
    assert anders_session.get(WEEK).status_code == 200
    with_app_and_codes(cast.cecilia)
    admin = verified(administrator)
    assert 'value="reset_two_factor"' in admin.get(USERS).content.decode()

    page = reset_in_admin(admin, cast.anders)
    assert page.status_code == 200
    assert "Tvåstegsverifieringen är återställd för 1 användare" in page.content.decode()
    assert devices_of(cast.anders) == 0 and devices_of(cast.cecilia) == 2
    entry = AuditEntry.objects.get(action=RESET)
    assert entry.actor == administrator and entry.object_type == "auth.user"
    assert entry.object_id == str(get_user_model().objects.get(username="anders").pk)
    assert entry.detail == {"username": "anders", "devices": 2, "via": "admin"}

    # The session confirmed with the deleted app is asked again, and sent on to a new set-up.
    asked = anders_session.get(WEEK)
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("two-factor"))
    assert anders_session.get(asked["Location"])["Location"].startswith(reverse("two-factor-setup"))


def test_staff_without_the_right_to_change_users_cannot_reset(cast: Cast) -> None:
    viewer = get_user_model().objects.create_user("granskare", password=PASSWORD, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_user"))
    with_app_and_codes(cast.anders)
    client = verified(viewer)
    listing = client.get(USERS)
    assert listing.status_code == 200 and "reset_two_factor" not in listing.content.decode()
    page = reset_in_admin(client, cast.anders)
    assert page.status_code == 200
    assert devices_of(cast.anders) == 2 and not AuditEntry.objects.filter(action=RESET).exists()


def test_the_admin_never_shows_recovery_codes(cast: Cast, administrator) -> None:
    codes = new_recovery_codes(cast.anders)
    device = StaticDevice.objects.get(user=cast.anders)
    admin = verified(administrator)
    listing = admin.get(reverse("admin:otp_static_staticdevice_changelist")).content.decode()
    detail = admin.get(reverse("admin:otp_static_staticdevice_change", args=[device.pk]))
    assert detail.status_code == 200
    for html in (listing, detail.content.decode()):
        assert not any(code in html for code in codes)


def test_the_command_resets_and_is_audited(cast: Cast, capsys) -> None:
    with_app_and_codes(cast.anders)
    call_command("reset2fa", "anders")
    assert devices_of(cast.anders) == 0
    assert "reset two-factor login of anders: removed 2 device(s)" in capsys.readouterr().out
    entry = AuditEntry.objects.get(action=RESET)
    assert entry.actor is None
    assert entry.detail == {"username": "anders", "devices": 2, "via": "cli"}

    # At the next login anders sets the app up again.
    client = logged_in(cast.anders)
    to_code = client.get(WEEK)["Location"]
    assert client.get(to_code)["Location"].startswith(reverse("two-factor-setup"))


def test_the_command_names_an_unknown_user_and_a_user_without_devices(cast: Cast, capsys) -> None:
    with pytest.raises(CommandError, match="no user is called 'ingen'"):
        call_command("reset2fa", "ingen")
    call_command("reset2fa", "sara")
    assert "sara had no two-factor device; nothing to reset" in capsys.readouterr().out
    assert AuditEntry.objects.get(action=RESET).detail["devices"] == 0

"""``lagesbild check --deploy`` names production without the second factor (accounts/checks.py)."""

from __future__ import annotations

from django.core.checks import run_checks
from django.test import override_settings

from lagesbild.accounts.checks import SECOND_FACTOR_OFF


def _deploy_ids() -> list[str | None]:
    return [message.id for message in run_checks(include_deployment_checks=True)]


@override_settings(DEBUG=False, LAGESBILD_REQUIRE_2FA=False)
def test_production_without_the_second_factor_is_named() -> None:
    (warning,) = [
        m for m in run_checks(include_deployment_checks=True) if m.id == SECOND_FACTOR_OFF
    ]
    assert warning.msg == (
        "Two-factor login is off (LAGESBILD_REQUIRE_2FA=false): coordinators, admins and police "
        "analysts read the sensitive categories and every organisation's text with a password "
        "alone."
    )
    # Not an ordinary check: the demo and the tests run without it and must stay quiet.
    assert SECOND_FACTOR_OFF not in [message.id for message in run_checks()]


@override_settings(DEBUG=False, LAGESBILD_REQUIRE_2FA=True)
def test_production_with_the_second_factor_is_quiet() -> None:
    assert SECOND_FACTOR_OFF not in _deploy_ids()


@override_settings(DEBUG=True, LAGESBILD_REQUIRE_2FA=False)
def test_a_development_server_without_it_is_quiet() -> None:
    assert SECOND_FACTOR_OFF not in _deploy_ids()

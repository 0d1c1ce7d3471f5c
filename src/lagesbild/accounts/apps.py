from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Logging in: the two-factor step for coordinators and admins, and the lockout page."""

    name = "lagesbild.accounts"

    def ready(self) -> None:
        from django.core.checks import Tags, register

        from lagesbild.accounts.checks import check_second_factor

        register(check_second_factor, Tags.security, deploy=True)
        from lagesbild.accounts import sessions, signals  # noqa: F401  (connect their receivers)

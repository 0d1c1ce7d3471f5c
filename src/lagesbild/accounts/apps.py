from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Logging in: the two-factor step for coordinators and admins, and the lockout page."""

    name = "lagesbild.accounts"

    def ready(self) -> None:
        from lagesbild.accounts import sessions, signals  # noqa: F401  (connect their receivers)

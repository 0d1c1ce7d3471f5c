"""``lagesbild reset2fa USERNAME``: reset a user's two-factor login, e.g. after a lost phone."""

from __future__ import annotations

import argparse
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lagesbild.accounts.twofactor import reset_second_factor


class Command(BaseCommand):
    help = (
        "Delete a user's authenticator app and recovery codes, so that they set up two-factor "
        "login again at their next login (their signed-in sessions are asked again at once). "
        "Audited as lagesbild.auth.two_factor_reset."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("username", help="the user's login name")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user is called {username!r}") from None
        removed = reset_second_factor(user, actor=None, via="cli")
        if removed:
            self.stdout.write(
                f"reset two-factor login of {username}: removed {removed} device(s); "
                "they set it up again at their next login"
            )
        else:
            self.stdout.write(f"{username} had no two-factor device; nothing to reset (logged)")

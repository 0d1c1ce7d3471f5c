from __future__ import annotations

import getpass
import sys

from axes.utils import reset as reset_lockouts
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lagesbild.organisations.models import Organisation, Role
from lagesbild.organisations.services import NewUser, create_user


class Command(BaseCommand):
    help = (
        "Create a user with an organisation and a role "
        "(reporter, analyst, coordinator, admin, reader). For an existing user: a new password "
        "and role, and a login lockout is lifted."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--organisation", required=True, help="the organisation's short name (slug)"
        )
        parser.add_argument(
            "--municipality", help="municipality code, if the slug is used in several"
        )
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="read from the terminal when left out")

    def handle(self, *args, **options) -> None:
        if not options["password"] and not sys.stdin.isatty():
            # Before anything else: cron or a pipe cannot answer the question.
            raise CommandError(
                "give --password: standard input is not a terminal, so it cannot be asked for"
            )
        organisations = Organisation.objects.filter(slug=options["organisation"])
        if options["municipality"]:
            organisations = organisations.filter(municipality__code=options["municipality"])
        if organisations.count() != 1:
            known = (
                ", ".join(Organisation.objects.values_list("slug", flat=True).distinct())
                or "none yet"
            )
            raise CommandError(
                f"no single organisation {options['organisation']!r} (known: {known})"
            )
        password = options["password"] or self._ask_password()
        try:
            user = create_user(
                NewUser(
                    options["username"],
                    password,
                    organisations.get(),
                    Role(options["role"]),
                    options["email"],
                )
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        # A new password for a locked-out person works at once, as one set in the admin does.
        reset_lockouts(username=user.get_username())
        self.stdout.write(
            f"created {user.username} ({options['role']} in {options['organisation']})"
        )

    @staticmethod
    def _ask_password() -> str:
        """Read the password at the terminal; without one (cron, a pipe) ask for --password."""
        try:
            return getpass.getpass("Password: ")
        except EOFError:
            raise CommandError("no password given") from None

from __future__ import annotations

import getpass
import sys

from axes.utils import reset as reset_lockouts
from django.contrib.auth import get_user_model
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
        organisation = _organisation(options["organisation"], options["municipality"])
        password = options["password"] or self._ask_password()
        existed = get_user_model().objects.filter(username=options["username"]).exists()
        try:
            user = create_user(
                NewUser(
                    options["username"],
                    password,
                    organisation,
                    Role(options["role"]),
                    options["email"],
                )
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        # A new password for a locked-out person works at once, as one set in the admin does.
        reset_lockouts(username=user.get_username())
        # Where: a person of several municipalities is given one membership per run.
        where = f"{organisation.municipality.code} {organisation.municipality.name}"
        said = f"{user.username} ({options['role']} in {organisation.slug}, {where})"
        if existed:
            count = user.memberships.count()
            self.stdout.write(f"updated {said}: {count} membership{'s' if count != 1 else ''}")
        else:
            self.stdout.write(f"created {said}")

    @staticmethod
    def _ask_password() -> str:
        """Read the password at the terminal; without one (cron, a pipe) ask for --password."""
        try:
            return getpass.getpass("Password: ")
        except EOFError:
            raise CommandError("no password given") from None


def _organisation(slug: str, code: str | None) -> Organisation:
    """The one organisation ``slug`` (in municipality ``code``), or a CommandError that says
    what to give: a slug in several municipalities needs --municipality."""
    found = Organisation.objects.filter(slug=slug).select_related("municipality")
    if code:
        found = found.filter(municipality__code=code)
    matches = list(found[:20])
    if len(matches) == 1:
        return matches[0]
    if matches:
        codes = ", ".join(sorted(o.municipality.code for o in matches))
        raise CommandError(
            f"organisation {slug!r} is in several municipalities ({codes}): add --municipality CODE"
        )
    known = ", ".join(sorted(set(Organisation.objects.values_list("slug", flat=True))))
    where = f" in municipality {code}" if code else ""
    raise CommandError(f"no organisation {slug!r}{where} (known: {known or 'none yet'})")

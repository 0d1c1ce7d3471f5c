"""``lagesbild token create|revoke|list``: API tokens for partner systems."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lagesbild.api.models import ApiToken, Scope
from lagesbild.api.services import TokenError, create_token, revoke_token
from lagesbild.organisations.models import Organisation
from lagesbild.reports.cli import OptionError, find_organisation


def _when(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else "-"


class Command(BaseCommand):
    help = (
        "Create, revoke or list the API tokens organisations' systems use. A secret is shown once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        # Django's CommandParser gives its subparsers called_from_command_line: a subcommand's
        # option error is one line too (cli.py).
        create = sub.add_parser("create", help="issue a token and print its secret once")
        create.add_argument("--org", required=True, help="the organisation's short name (slug)")
        create.add_argument(
            "--municipality", help="four-digit municipality code, if the slug is used in several"
        )
        create.add_argument(
            "--name", required=True, help="what the token is for, e.g. the partner's system"
        )
        create.add_argument(
            "--scope",
            action="append",
            required=True,
            choices=Scope.values,
            help="repeat for several; a system that pushes reports needs report:write",
        )
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix", help="the 8 characters after lb_ (as 'token list' shows)")
        listing = sub.add_parser("list", help="list tokens (never their secrets)")
        listing.add_argument("--org", help="only this organisation's tokens (slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except (OptionError, TokenError) as exc:
            raise CommandError(str(exc)) from None

    def _create(self, options: dict[str, Any]) -> None:
        organisation = find_organisation(options["org"], options.get("municipality"))
        try:
            issued = create_token(organisation, options["name"], options["scope"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"created token lb_{issued.token.prefix} for {organisation} "
            f"({', '.join(issued.token.scopes)})"
        )
        self.stdout.write("secret (shown only now; store it in the partner's system):")
        self.stdout.write(issued.secret)

    def _revoke(self, options: dict[str, Any]) -> None:
        token = revoke_token(options["prefix"])
        self.stdout.write(f"revoked lb_{token.prefix} ({token.name}, {token.organisation})")

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("organisation")
        if options.get("org"):
            if not Organisation.objects.filter(slug=options["org"]).exists():
                raise OptionError(f"no organisation {options['org']!r}")
            tokens = tokens.filter(organisation__slug=options["org"])
        self.stdout.write("prefix    organisation / name / scopes / created / last used / revoked")
        for token in tokens:
            times = (token.created_at, token.last_used_at, token.revoked_at)
            fields = [
                token.organisation.slug,
                token.name,
                ",".join(token.scopes),
                *map(_when, times),
            ]
            self.stdout.write(f"lb_{token.prefix}  {' / '.join(fields)}")

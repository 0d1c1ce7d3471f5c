"""``lagesbild municipality add|list``: set up a municipality for the collaboration, or list them.

``add`` takes the SCB code or the name (any of Brå's or the police's spellings) and makes the
municipality with its own organisation and the local police's (``organisations.setup``); run
again, it adds only what is missing. Then the first coordinator (``lagesbild createuser``), who
uploads the districts on the data page and adds the partners and their members on the member
page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lagesbild.areas.models import Municipality
from lagesbild.official.municipalities import resolve
from lagesbild.organisations.setup import (
    DEFAULT_MUNICIPAL_NAME,
    MUNICIPAL_SLUG,
    POLICE_SLUG,
    set_up_municipality,
)


class Command(BaseCommand):
    help = "Set up a municipality with its own and the local police's organisation; or list them."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        # Django's CommandParser gives its subparsers called_from_command_line: a subcommand's
        # option error is one line too (cli.py).
        add = actions.add_parser("add", help="create a municipality (idempotent)")
        add.add_argument("municipality", help="SCB code (1283) or name (Helsingborg)")
        add.add_argument(
            "--municipal-name",
            default=DEFAULT_MUNICIPAL_NAME,
            help=f"the municipality's own organisation (default: {DEFAULT_MUNICIPAL_NAME})",
        )
        add.add_argument(
            "--police-name", default="", help="default: Lokalpolisområde <municipality>"
        )
        actions.add_parser("list", help="the municipalities set up here, with their organisations")

    def handle(self, *args, **options) -> None:
        if options["action"] == "list":
            self._list()
            return
        found = resolve(options["municipality"])
        if found is None:
            raise CommandError(
                f"{options['municipality']!r} is no Swedish municipality: give its four-digit "
                "SCB code or its name"
            )
        code, name = found
        try:
            done = set_up_municipality(
                code, name, options["municipal_name"].strip(), options["police_name"].strip()
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        what = "created" if done.created else "already set up"
        self.stdout.write(f"{name} ({code}): {what}")
        for organisation in done.organisations:
            new = " (new)" if organisation in done.added else ""
            self.stdout.write(f"  {organisation.slug}: {organisation.name}{new}")
        for slug in (MUNICIPAL_SLUG, POLICE_SLUG):
            self.stdout.write(
                f"Next: lagesbild createuser NAME --organisation {slug} --municipality {code} "
                "--role coordinator --email ADDRESS"
            )
        self.stdout.write(
            "Then the coordinator uploads the districts (GeoJSON) at /data/ (or: lagesbild "
            f"import areas FILE --municipality {code}) and adds the partners and members at "
            "/medlemmar/; the police's coordinator gives the police's roles."
        )

    def _list(self) -> None:
        municipalities = Municipality.objects.prefetch_related("organisations").order_by("code")
        if not municipalities:
            self.stdout.write("no municipality yet: lagesbild municipality add CODE")
        for municipality in municipalities:
            slugs = ", ".join(o.slug for o in municipality.organisations.order_by("slug"))
            self.stdout.write(f"{municipality.code} {municipality.name}: {slugs}")

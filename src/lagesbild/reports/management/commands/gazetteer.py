"""``lagesbild gazetteer import FILE --municipality CODE`` and ``lagesbild gazetteer regeocode``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lagesbild.areas.models import Municipality
from lagesbild.places.importing import GazetteerImportFailed, import_gazetteer
from lagesbild.reports.geocoding import regeocode


def _municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        known = ", ".join(Municipality.objects.values_list("code", flat=True)) or "none yet"
        raise CommandError(f"no municipality with code {code!r} (known: {known})")
    return municipality


class Command(BaseCommand):
    help = (
        "The gazetteer of named places and addresses: import a CSV or GeoJSON file (all or "
        "nothing, idempotent), or re-geocode the reports without a pin against it."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "import",
            help="import places from CSV (name, latitude, longitude[, kind]) or GeoJSON points",
        )
        load.add_argument("file", help="a CSV or GeoJSON file in WGS 84")
        load.add_argument("--municipality", required=True, help="four-digit municipality code")
        load.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        again = sub.add_parser("regeocode", help="place reports without a pin by their place text")
        again.add_argument("--municipality", required=True, help="four-digit municipality code")
        again.add_argument("--dry-run", action="store_true", help="count, write nothing")

    def handle(self, *args, **options) -> None:
        municipality = _municipality(options["municipality"])
        if options["action"] == "regeocode":
            done = regeocode(municipality, dry_run=options["dry_run"])
            self.stdout.write(
                f"{municipality.code}: {done.checked} reports without a pin checked, "
                f"{done.moved} moved, {done.unplaced} name no known place"
            )
            return
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        try:
            summary = import_gazetteer(data, path.name, municipality, dry_run=options["dry_run"])
        except GazetteerImportFailed as exc:
            raise CommandError(str(exc)) from None
        if summary.errors:
            lines = [f"{e.source}:{e.line}: {e.reason}" for e in summary.errors]
            raise CommandError("nothing imported:\n" + "\n".join(lines))
        self.stdout.write(
            f"{path.name}: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged" + (" (dry run)" if summary.dry_run else "")
        )

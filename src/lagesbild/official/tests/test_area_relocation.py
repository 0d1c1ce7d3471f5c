"""Districts drawn anew, or imported after the first reports: every report with a point moves to
the area its point lies in now, in the areas import's transaction, and the rollup follows."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Sum

from lagesbild.areas.services import locate_area
from lagesbild.audit.models import AuditEntry
from lagesbild.official.area_import import import_areas
from lagesbild.reports.importing import import_reports
from lagesbild.reports.models import Report, ReportCount
from lagesbild.testing import Cast, file_report, make_cast, square

WHEN = datetime(2024, 9, 11, 22, 15, tzinfo=ZoneInfo("Europe/Stockholm"))
IN_NORR, IN_SODER, NORTH_OF_BOTH = (56.015, 13.005), (56.005, 13.005), (56.035, 13.005)


def areas_file(*features: tuple[str, str, dict]) -> bytes:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": c, "name": n}, "geometry": g}
            for c, n, g in features
        ],
    }
    return json.dumps(collection).encode()


# Norr grows north over the third point; Söder moves east, away from the second.
REDRAWN = areas_file(
    ("norr", "Norr", square(13.0, 56.01, 0.03)), ("soder", "Söder", square(13.02, 56.0))
)


def area_codes() -> dict[str, str | None]:
    return {
        r.description: (r.area.code if r.area else None)
        for r in Report.objects.select_related("area")
    }


def rollup_by_area(cast: Cast) -> dict[int | None, int]:
    cells = ReportCount.objects.filter(municipality=cast.municipality).values("area_id")
    return {row["area_id"]: row["n"] for row in cells.annotate(n=Sum("reports")) if row["n"]}


def raw_by_area(cast: Cast) -> dict[int | None, int]:
    rows = Report.objects.counted().filter(municipality=cast.municipality).values("area_id")
    return {row["area_id"]: row["n"] for row in rows.annotate(n=Count("pk"))}


def file_three(cast: Cast) -> None:
    for point, text in ((IN_NORR, "a"), (IN_SODER, "b"), (NORTH_OF_BOTH, "c")):
        file_report(cast.bevakning, "klotter", WHEN, point, text)


def test_redrawn_districts_move_the_reports_and_the_rollup_follows(cast: Cast) -> None:
    file_three(cast)
    assert area_codes() == {"a": "norr", "b": "soder", "c": None}
    summary = import_areas(REDRAWN, "stadsdelar.geojson", cast.municipality)
    assert (summary.updated, summary.relocated) == (2, 2)
    assert area_codes() == {"a": "norr", "b": None, "c": "norr"}
    assert rollup_by_area(cast) == raw_by_area(cast) == {cast.norr.pk: 2, None: 1}
    entry = AuditEntry.objects.get(action="lagesbild.report.relocated")
    assert entry.detail == {"moved": 2}
    assert AuditEntry.objects.get(action="lagesbild.import.areas").detail["relocated"] == 2


def test_the_same_file_again_moves_nothing(cast: Cast) -> None:
    file_three(cast)
    import_areas(REDRAWN, "stadsdelar.geojson", cast.municipality)
    again = import_areas(REDRAWN, "stadsdelar.geojson", cast.municipality)
    assert (again.unchanged, again.relocated) == (2, 0)
    assert AuditEntry.objects.filter(action="lagesbild.report.relocated").count() == 1


def test_a_dry_run_says_how_many_would_move_and_moves_nothing(cast: Cast) -> None:
    file_three(cast)
    before = rollup_by_area(cast)
    summary = import_areas(REDRAWN, "stadsdelar.geojson", cast.municipality, dry_run=True)
    assert (summary.updated, summary.relocated) == (2, 2)
    assert "2 rapporter skulle hamna i ett annat område" in summary.line()
    assert area_codes() == {"a": "norr", "b": "soder", "c": None}
    assert rollup_by_area(cast) == before
    assert {a.code: a.geometry for a in cast.municipality.areas.all()}["norr"] == square(
        13.0, 56.01
    )
    assert not AuditEntry.objects.filter(action__startswith="lagesbild.import.areas").exists()
    # The areas' point index is not left with the previewed polygons.
    assert locate_area(cast.municipality, *NORTH_OF_BOTH) is None


def test_a_point_from_the_gazetteer_outside_every_area_keeps_its_district(cast: Cast) -> None:
    file_three(cast)
    # "b"'s point came from a named place; the district it has is the one its reporter chose.
    Report.objects.filter(description="b").update(geocoded=True)
    import_areas(REDRAWN, "stadsdelar.geojson", cast.municipality)
    assert area_codes() == {"a": "norr", "b": "soder", "c": "norr"}


def test_a_point_from_the_gazetteer_stays_in_the_district_its_reporter_chose(cast: Cast) -> None:
    file_three(cast)
    # "b" and "c" got their points from a named place; "b"'s reporter had chosen Söder.
    Report.objects.filter(description__in="bc").update(geocoded=True)
    Report.objects.filter(description="b").update(chosen_area=cast.soder)
    norr_over_all = areas_file(
        ("norr", "Norr", square(13.0, 56.0, 0.04)), ("soder", "Söder", square(13.05, 56.0))
    )
    import_areas(norr_over_all, "stadsdelar.geojson", cast.municipality)
    assert area_codes() == {"a": "norr", "b": "soder", "c": "norr"}
    assert rollup_by_area(cast) == raw_by_area(cast)


def test_the_command_says_how_many_moved(cast: Cast, tmp_path) -> None:
    file_three(cast)
    path = tmp_path / "stadsdelar.geojson"
    path.write_bytes(REDRAWN)
    out = StringIO()
    call_command("import", "areas", str(path), "--municipality", "0999", stdout=out)
    assert "2 rapporter ligger nu i ett annat område, där deras punkt ligger." in out.getvalue()


# --- reports written while the areas change ------------------------------------------------

PARTNER_FILE = (
    "Externt id;Kategori;Från;Till;Latitud;Longitud;Stadsdel;Plats;Beskrivning;Otrygghet;Antal\n"
    "P-1;klotter;2024-09-11 22:15;;56.005;13.005;;;b;2;\n"
    "P-2;klotter;2024-09-11 23:15;;56.035;13.005;;;c;2;\n"
).encode()


def test_a_partner_file_checked_while_the_areas_were_redrawn_lies_in_the_new_areas(
    cast: Cast,
) -> None:
    """A partner's file is placed while it is checked, before its transaction; districts drawn
    anew in between (an areas import committed meanwhile) moved every report but the file's, so
    the import moves its own rows when it writes them."""

    def redrawn_while_checking(items, label):
        if str(label) == "kontrollerar":
            import_areas(REDRAWN, "stadsdelar.geojson", cast.municipality)
        return items

    summary = import_reports(
        PARTNER_FILE, "partner.csv", cast.bevakning, progress=redrawn_while_checking
    )
    assert summary.created == 2
    assert area_codes() == {"b": None, "c": "norr"}
    assert rollup_by_area(cast) == raw_by_area(cast)


def test_a_partner_file_checked_in_unchanged_areas_moves_nothing_else(cast: Cast) -> None:
    file_three(cast)
    import_reports(PARTNER_FILE, "partner.csv", cast.bevakning)
    assert not AuditEntry.objects.filter(action="lagesbild.report.relocated").exists()
    assert area_codes() == {"a": "norr", "b": "soder", "c": None}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_filed_during_an_areas_import_waits_and_lies_in_the_new_areas() -> None:
    """PostgreSQL: an areas import that has drawn the districts anew but not committed holds
    the municipality; a report filed meanwhile waits for it, then is placed in the new areas
    (had it been placed before, in the old ones, the import could not have moved it: it
    cannot see a report that is not committed)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: the file's write waits for the import")
    cast = make_cast()
    importing = threading.Event()
    done = threading.Event()

    def areas_import() -> None:
        try:
            with transaction.atomic():
                import_areas(REDRAWN, "stadsdelar.geojson", cast.municipality)
                importing.set()
                done.wait(timeout=30)
        finally:
            connection.close()

    importer = threading.Thread(target=areas_import)
    importer.start()
    assert importing.wait(timeout=30)
    filing = threading.Thread(target=_file_in_thread, args=(cast, IN_SODER, "b"))
    filing.start()
    assert _a_connection_waits_for_a_lock(), "the report was not held back by the import"
    done.set()
    importer.join(timeout=30)
    filing.join(timeout=30)
    assert area_codes() == {"b": None}
    assert rollup_by_area(cast) == raw_by_area(cast)


def _file_in_thread(cast: Cast, point: tuple[float, float], text: str) -> None:
    try:
        file_report(cast.bevakning, "klotter", WHEN, point, text)
    finally:
        connection.close()


def _a_connection_waits_for_a_lock(seconds: float = 30) -> bool:
    """Poll PostgreSQL until another connection of this database waits for a row lock."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity, pg_sleep(0.005)"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
    return False

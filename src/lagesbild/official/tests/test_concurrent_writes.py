"""Every writer of one municipality's reports at once, on PostgreSQL: API pushes, the review, a
partner's file and two areas imports that draw the districts anew. They take the municipality's
lock first (``areas.services.lock_municipality``) and the report rows after it, so none
deadlocks, every report with a point ends in the area its point lies in under the areas that
won, and the rollup equals a direct count."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import timedelta

import pytest
from django.db import connection

from lagesbild.categories.models import Category
from lagesbild.official.area_import import import_areas
from lagesbild.official.tests.test_area_relocation import (
    REDRAWN,
    WHEN,
    areas_file,
    raw_by_area,
    rollup_by_area,
)
from lagesbild.reports.geocoding import reports_to_move
from lagesbild.reports.importing import import_reports
from lagesbild.reports.models import Report
from lagesbild.reports.review import Correction, accept_report, correct_and_accept, merge_reports
from lagesbild.reports.services import NewReport, upsert_report
from lagesbild.testing import Cast, file_report, make_cast, square

ROUNDS = 4
# Each round every writer starts one step at the same moment (a barrier); the areas imports
# alternate between these drawings, so every round moves reports one way or the other.
ORIGINAL = areas_file(("norr", "Norr", square(13.0, 56.01)), ("soder", "Söder", square(13.0, 56.0)))
SHIFTED = areas_file(
    ("norr", "Norr", square(13.01, 56.01, 0.02)), ("soder", "Söder", square(13.0, 56.0, 0.02))
)
DRAWINGS = [REDRAWN, SHIFTED, ORIGINAL]
# Points that lie in different districts (or none) under the drawings above.
POINTS = [
    (56.005, 13.005),
    (56.015, 13.005),
    (56.035, 13.005),
    (56.005, 13.025),
    (56.015, 13.015),
    (56.025, 13.025),
]


def point(i: int) -> tuple[float, float]:
    return POINTS[i % len(POINTS)]


def partner_file(round_: int) -> bytes:
    """The partner's file of a round: the same ids each round, their points moved along."""
    header = (
        "Externt id;Kategori;Från;Till;Latitud;Longitud;Stadsdel;Plats;Beskrivning;Otrygghet;Antal"
    )
    rows = [header]
    for i in range(8):
        lat, lon = point(i + round_)
        rows.append(f"P-{i};klotter;2024-09-11 2{i % 4}:15;;{lat};{lon};;;p{i};2;")
    return "\n".join([*rows, ""]).encode()


def pushed(cast: Cast, i: int, round_: int) -> NewReport:
    """An API push: ids 0–3 are pushed every round (updated), one new id per round."""
    lat, lon = point(i + round_)
    return NewReport(
        organisation=cast.bostad,
        category=Category.objects.get(code="klotter"),
        occurred_from=WHEN + timedelta(minutes=i),
        latitude=lat,
        longitude=lon,
        description=f"api {i}",
        source=Report.Source.API,
        external_id=f"A-{i}",
    )


def points(source: str) -> dict[str, tuple[float, float]]:
    reports = Report.objects.filter(source=source)
    return {r.external_id: (r.latitude, r.longitude) for r in reports}


def _run_together(writers: Mapping[str, Callable[[int], object]]) -> list[str]:
    """Run each writer's step ``ROUNDS`` times in its own thread, every round started at once;
    return what any of them raised."""
    barrier = threading.Barrier(len(writers), timeout=60)
    failures: list[str] = []

    def run(name: str, step: Callable[[int], object]) -> None:
        try:
            for round_ in range(ROUNDS):
                barrier.wait()
                step(round_)
        except threading.BrokenBarrierError:
            pass  # another writer failed; its error is reported
        except Exception as error:  # every failure is reported by the test
            failures.append(f"{name} (round {round_}): {type(error).__name__}: {error}")
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in writers.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    return failures


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_writer_at_once_neither_deadlocks_nor_leaves_a_report_in_an_old_area() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: the writes cannot interleave")
    cast = make_cast()
    pending = [
        file_report(cast.bevakning, "klotter", WHEN + timedelta(minutes=i), point(i), f"r{i}")
        for i in range(4 * ROUNDS)
    ]
    for i in range(4):
        upsert_report(pushed(cast, i, -1))
    import_reports(partner_file(-1), "partner.csv", cast.bevakning)
    reviewer = cast.cecilia

    def push(round_: int) -> None:
        for i in [*range(4), 4 + round_]:
            upsert_report(pushed(cast, i, round_))

    def review(round_: int) -> None:
        first, second, primary, duplicate = pending[4 * round_ : 4 * round_ + 4]
        accept_report(first, reviewer)
        correct_and_accept(second, Correction(point=point(round_ + 3)), reviewer)
        merge_reports(primary, [duplicate], reviewer)

    def partner(round_: int) -> None:
        summary = import_reports(partner_file(round_), "partner.csv", cast.bevakning)
        assert not summary.errors

    def areas(first: int) -> Callable[[int], object]:
        def redraw(round_: int) -> None:
            drawing = DRAWINGS[(first + round_) % len(DRAWINGS)]
            assert not import_areas(drawing, "stadsdelar.geojson", cast.municipality).errors

        return redraw

    writers = {
        "API": push,
        "review": review,
        "partner file": partner,
        "areas import 1": areas(0),
        "areas import 2": areas(1),
    }
    assert _run_together(writers) == []
    last = ROUNDS - 1
    assert points(Report.Source.API) == {f"A-{i}": point(i + last) for i in range(4)} | {
        f"A-{4 + r}": point(4 + r + r) for r in range(ROUNDS)
    }
    assert points(Report.Source.IMPORT) == {f"P-{i}": point(i + last) for i in range(8)}
    assert Report.objects.filter(review_status=Report.Review.MERGED).count() == ROUNDS
    assert reports_to_move(cast.municipality) == {}
    assert rollup_by_area(cast) == raw_by_area(cast)

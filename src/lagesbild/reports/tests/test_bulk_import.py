"""The bulk path of partner imports: all or nothing, idempotent, exact counts, constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lagesbild.audit.models import AuditEntry
from lagesbild.reports.importing import DEFAULT_COLUMNS, import_reports
from lagesbild.reports.models import Report, ReportCount
from lagesbild.reports.rollup import rebuild_counts
from lagesbild.testing import Cast

pytestmark = pytest.mark.django_db


def _row(number: int) -> str:
    month, day = 1 + number % 3, 1 + number % 7  # a few weeks: the rollup's cells stay few
    category = ("klotter", "hot", "skadegorelse")[number % 3]
    point = ";" if number % 2 else "56,005;13,005"
    district = "Söder" if number % 2 else ""
    return (
        f"B-{number};{category};2024-{month:02d}-{day:02d} 22:15;;{point};{district};"
        f"Gatan {number};Klotter nummer {number}, ring 070-123 45 {number % 100:02d};2;"
    )


def _file(rows: list[str]) -> bytes:
    return ("\n".join([";".join(DEFAULT_COLUMNS.values()), *rows]) + "\n").encode()


def _import(cast: Cast, data: bytes, **options):
    organisation: Any = cast.bevakning
    return import_reports(data, "partner.csv", organisation, **options)


def _cells() -> set[tuple]:
    fields = [f.attname for f in ReportCount._meta.concrete_fields if not f.primary_key]
    return set(ReportCount.objects.values_list(*fields))


@pytest.mark.parametrize("bad_at", [0, 7, 19])
def test_a_bad_row_anywhere_imports_nothing_and_names_file_line_and_reason(
    cast: Cast, bad_at: int
) -> None:
    rows = [_row(n) for n in range(20)]
    rows[bad_at] = rows[bad_at].replace(";klotter;", ";okand;").replace(";hot;", ";okand;")
    rows[bad_at] = rows[bad_at].replace(";skadegorelse;", ";okand;")
    summary = _import(cast, _file(rows))
    assert summary.rejected and summary.created == 0
    [error] = summary.errors
    assert (error.source, error.line) == ("partner.csv", bad_at + 2)  # the header is line 1
    assert "okand" in error.reason
    assert not Report.objects.exists() and not ReportCount.objects.exists()


def test_the_same_file_twice_changes_nothing_and_its_audit_entry_says_0_new(cast: Cast) -> None:
    data = _file([_row(n) for n in range(30)])
    first = _import(cast, data)
    stored = set(Report.objects.values_list("pk", "updated_at", "description"))
    cells = _cells()
    again = _import(cast, data)
    assert (first.created, again.created, again.updated, again.unchanged) == (30, 0, 0, 30)
    assert set(Report.objects.values_list("pk", "updated_at", "description")) == stored
    assert _cells() == cells
    entries = list(AuditEntry.objects.order_by("pk").values_list("action", "detail"))
    assert [action for action, _ in entries] == ["lagesbild.reports.imported"] * 2
    assert entries[1][1]["created"] == 0 and entries[1][1]["unchanged"] == 30


def test_new_text_is_scrubbed_on_the_bulk_path(cast: Cast) -> None:
    _import(cast, _file([_row(5)]))
    assert Report.objects.get().description == "Klotter nummer 5, ring [telefonnummer]"


def test_the_rollup_equals_a_direct_count_after_an_import_and_an_update(cast: Cast) -> None:
    municipality: Any = cast.municipality
    rows = [_row(n) for n in range(40)]
    _import(cast, _file(rows))
    after_import = _cells()
    rebuild_counts(municipality.pk)
    assert after_import and _cells() == after_import
    # A changed row moves its report to another week: both weeks are counted again.
    rows[3] = rows[3].replace("2024-01-04", "2024-11-20")
    assert _import(cast, _file(rows)).updated == 1
    after_update = _cells()
    rebuild_counts(municipality.pk)
    assert _cells() == after_update != after_import


def _queries(cast: Cast, rows: list[str]) -> int:
    with CaptureQueriesContext(connection) as queries:
        summary = _import(cast, _file(rows))
    assert not summary.errors
    return len(queries)


def test_the_queries_of_an_import_do_not_grow_with_its_rows(cast: Cast) -> None:
    _queries(cast, [_row(0)])  # the districts' index is built once per process and kept
    Report.objects.all().delete()
    few = _queries(cast, [_row(n) for n in range(3)])
    Report.objects.all().delete()
    many = _queries(cast, [_row(n) for n in range(300)])
    assert many == few
    # Re-importing (all unchanged) and updating every row are constant too.
    assert _queries(cast, [_row(n) for n in range(300)]) <= few
    changed = [_row(n).replace(";2;", ";3;") for n in range(300)]
    # Updates go in batches (on SQLite a few dozen rows per UPDATE, by its parameter limit).
    assert _queries(cast, changed) <= few + 300 // 40


def test_one_audit_entry_per_import_whatever_its_size(cast: Cast) -> None:
    _import(cast, _file([_row(n) for n in range(50)]), actor=cast.sara)
    [entry] = AuditEntry.objects.all()
    assert entry.action == "lagesbild.reports.imported" and entry.detail["created"] == 50

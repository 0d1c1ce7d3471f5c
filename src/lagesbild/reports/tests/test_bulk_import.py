"""The bulk path of partner imports: all or nothing, idempotent, exact counts, constant queries."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lagesbild.audit.models import AuditEntry
from lagesbild.core.privacy import scrubbed_texts
from lagesbild.privacy.retention import purge_old_text
from lagesbild.reports.importing import DEFAULT_COLUMNS, import_reports
from lagesbild.reports.models import Report, ReportCount
from lagesbild.reports.rollup import rebuild_counts
from lagesbild.reports.services import keyed_digest, source_hash
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
    # The districts' index and the gazetteer (row 1 has no pin) are read once per process and kept.
    _queries(cast, [_row(0), _row(1)])
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


def _scrubbed_while(action) -> int:
    """How many texts the scrubber was given while ``action`` ran (its own counter)."""
    before = scrubbed_texts()
    action()
    return scrubbed_texts() - before


def test_an_unchanged_re_import_scrubs_nothing(cast: Cast) -> None:
    data = _file([_row(n) for n in range(30)])
    assert _scrubbed_while(lambda: _import(cast, data)) == 60  # place text and description
    assert _scrubbed_while(lambda: _import(cast, data)) == 0


def test_the_same_text_twice_in_a_file_is_scrubbed_once(cast: Cast) -> None:
    rows = [
        f"T-{n};klotter;2024-01-0{n + 1} 22:15;;;;Söder;Gatan 1;Klotter igen, ring 070-123 45 67;2;"
        for n in range(3)
    ]
    assert _scrubbed_while(lambda: _import(cast, _file(rows))) == 2  # place text, description
    assert set(Report.objects.values_list("description", flat=True)) == {
        "Klotter igen, ring [telefonnummer]"
    }


def test_the_fingerprint_is_keyed_and_holds_no_personal_data(cast: Cast) -> None:
    _import(cast, _file([_row(7)]))
    report = Report.objects.get()
    raw = "Klotter nummer 7, ring 070-123 45 07"
    assert re.fullmatch(r"[0-9a-f]{64}", report.source_hash)
    plain = json.dumps(["Gatan 7", raw, report.place_text, report.description], ensure_ascii=False)
    # Without the key it cannot be recomputed from a guessed original: no plain hash gives it.
    unkeyed = {hashlib.new(name, plain.encode()).hexdigest() for name in ("sha256", "sha3_256")}
    assert report.source_hash not in unkeyed
    assert report.source_hash == source_hash("Gatan 7", raw, report.place_text, report.description)
    with override_settings(SECRET_KEY="another-key-" + "x" * 50):
        assert report.source_hash != source_hash(
            "Gatan 7", raw, report.place_text, report.description
        )


def test_the_keyed_digest_is_the_hmac_under_the_derived_key_at_every_call() -> None:
    # Stored fingerprints and content ids were made with this formula: it must not drift.
    key = hashlib.sha256(b"lagesbild.saltsecret").digest()
    for data in ("", "Gatan 7", "å" * 300, "Gatan 7"):
        expected = hmac.new(key, data.encode(), "sha256").hexdigest()
        assert keyed_digest("lagesbild.salt", data, "secret") == expected
    assert keyed_digest("lagesbild.salt", "Gatan 7", "other") != expected


def test_text_changed_since_the_import_is_scrubbed_again_and_restored(cast: Cast) -> None:
    data = _file([_row(n) for n in range(3)])
    _import(cast, data)
    Report.objects.filter(external_id="B-1").update(description="Ändrad text")
    scrubbed = _scrubbed_while(lambda: _import(cast, data))
    assert scrubbed == 1  # the changed description only
    assert Report.objects.get(external_id="B-1").description == (
        "Klotter nummer 1, ring [telefonnummer]"
    )


def test_a_report_without_a_fingerprint_gets_one_at_its_first_unchanged_re_import(
    cast: Cast,
) -> None:
    data = _file([_row(n) for n in range(5)])
    _import(cast, data)
    stored = set(Report.objects.values_list("pk", "updated_at", "description", "source_hash"))
    Report.objects.update(source_hash="")  # as after the migration that added the field
    again = _import(cast, data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert set(Report.objects.values_list("pk", "updated_at", "description", "source_hash")) == (
        stored
    )
    assert _scrubbed_while(lambda: _import(cast, data)) == 0


def test_the_retention_purge_empties_the_fingerprint_with_the_text(cast: Cast) -> None:
    _import(cast, _file([_row(n) for n in range(3)]))
    assert all(Report.objects.values_list("source_hash", flat=True))
    purge_old_text(days=0, now=timezone.now() + timedelta(days=1))
    assert set(Report.objects.values_list("description", "source_hash")) == {("", "")}


def test_an_import_runs_without_collector_passes_and_leaves_no_garbage(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from lagesbild.reports import importing

    seen: list[bool] = []
    check_rows = importing.check_rows

    def checking(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return check_rows(*args, **kwargs)

    monkeypatch.setattr(importing, "check_rows", checking)
    _import(cast, _file([_row(n) for n in range(5)]))  # the first import fills lazy caches
    gc.collect()
    summary = _import(cast, _file([_row(n) for n in range(5, 40)]))
    assert summary.created == 35 and seen == [False, False]
    # The paused collector missed nothing: the import's objects form no reference cycles.
    assert gc.isenabled() and gc.collect() == 0


def test_the_collector_runs_again_after_an_import_that_fails(cast: Cast) -> None:
    import gc

    from lagesbild.reports.importing import ParseError

    with pytest.raises(ParseError):
        _import(cast, b"")
    assert gc.isenabled()


def test_the_reports_of_a_file_are_reported_and_stored_at_one_time_each(cast: Cast) -> None:
    before = timezone.now()
    _import(cast, _file([_row(n) for n in range(5)]))
    times = set(Report.objects.values_list("reported_at", "created_at", "updated_at"))
    [(reported_at, created_at, updated_at)] = times
    # Reported when the file was read; created and updated by the one insert after it.
    assert before <= reported_at <= created_at == updated_at <= timezone.now()

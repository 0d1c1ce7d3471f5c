"""Importing police event notices: the real snapshots, the archive, upserts and edits."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import date
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import translation

from lagesbild.audit.models import AuditEntry
from lagesbild.core.parsers.polisen import latest_by_id, parse_events
from lagesbild.core.privacy import scrubbed_texts
from lagesbild.core.tests.samples import sample_path
from lagesbild.official.importing import import_polisen
from lagesbild.official.models import PoliceEvent
from lagesbild.official.queries import police_event_counts

pytestmark = pytest.mark.django_db

SNAPSHOTS = (
    "events-dnouri.json",
    "events-dnouri-2025-06-07.json",
    "events-mindriddler-2023-03-07.json",
    "events-gob449-2023-04-20.json",
)
HISTORY = ("polisen", "history", "events-2022-09-to-2026-08.jsonl.gz")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _snapshot(name: str) -> bytes:
    return sample_path("polisen", name).read_bytes()


def _import(name: str, **options):
    return import_polisen(_snapshot(name), name, **options)


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_each_real_snapshot_imports_its_500_events_with_their_ids(name: str) -> None:
    summary = _import(name)
    ids = {item["id"] for item in json.loads(_snapshot(name))}
    assert summary.ok and summary.created == 500 and summary.updated == 0
    assert set(PoliceEvent.objects.values_list("event_id", flat=True)) == ids


def test_ten_events_of_the_2025_snapshot_are_in_helsingborg_by_their_title() -> None:
    _import("events-dnouri-2025-06-07.json")
    helsingborg = PoliceEvent.objects.filter(municipality_code="1283")
    assert helsingborg.count() == 10
    assert set(helsingborg.values_list("municipality_name", flat=True)) == {"Helsingborg"}


def test_county_only_locations_of_2026_still_give_helsingborg_from_the_title() -> None:
    _import("events-dnouri.json")
    event = PoliceEvent.objects.get(event_id=650213)
    assert event.location_name == "Skåne län"
    assert (event.municipality_name, event.municipality_code) == ("Helsingborg", "1283")
    assert event.type == "Trafikolycka, singel" and not event.county_level
    assert (event.latitude, event.longitude) == (55.990257, 13.595769)
    expected = sum(
        1
        for item in json.loads(_snapshot("events-dnouri.json"))
        if item["name"].endswith(", Helsingborg")
    )
    assert PoliceEvent.objects.filter(municipality_code="1283").count() == expected > 0


def test_types_are_mapped_to_categories_and_unknown_types_keep_their_raw_name() -> None:
    _import("events-dnouri-2025-06-07.json")
    assault = PoliceEvent.objects.filter(type="Misshandel").first()
    assert assault is not None and assault.category is not None
    assert assault.category.code == "misshandel"
    other = PoliceEvent.objects.filter(type="Övrigt").first()
    assert other is not None and other.category is None and other.type_raw == "Övrigt"


def test_importing_the_same_file_again_changes_nothing() -> None:
    first = _import("events-dnouri-2025-06-07.json")
    before = list(PoliceEvent.objects.order_by("event_id").values())
    second = _import("events-dnouri-2025-06-07.json")
    assert (first.created, second.created, second.updated, second.unchanged) == (500, 0, 0, 500)
    assert list(PoliceEvent.objects.order_by("event_id").values()) == before


def test_an_edited_event_with_a_later_publish_time_replaces_the_stored_one() -> None:
    _import("events-dnouri-2025-06-07.json")
    edited = {
        "id": 588092,
        "datetime": "2025-06-06 9:10:00 +02:00",
        "name": "05 juni 23.45, Misshandel, grov, Helsingborg",
        "summary": "Taxichaufför svårt misshandlad, Ödåkra. Ring 070-123 45 67.",
        "url": "/aktuellt/handelser/2025/juni/5/05-juni-23.45-misshandel-grov-helsingborg/",
        "type": "Misshandel, grov",
        "location": {"name": "Helsingborg", "gps": "56.046467,12.694512"},
    }
    older = {**edited, "datetime": "2025-06-06 5:00:00 +02:00", "summary": "Äldre version."}
    first_seen = PoliceEvent.objects.get(event_id=588092).first_seen_at
    summary = import_polisen(json.dumps([edited]).encode(), "edit.json")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    event = PoliceEvent.objects.get(event_id=588092)
    assert event.type == "Misshandel, grov" and event.summary.startswith("Taxichaufför svårt")
    assert "070-123" not in event.summary and event.first_seen_at == first_seen
    stale = import_polisen(json.dumps([older]).encode(), "older.json")
    assert (stale.updated, stale.unchanged) == (0, 1)
    assert PoliceEvent.objects.get(event_id=588092).summary == event.summary


def test_roll_ups_are_stored_but_not_counted() -> None:
    _import("events-dnouri-2025-06-07.json")
    rollups = PoliceEvent.objects.filter(is_summary=True)
    assert rollups.exists() and all(e.type.startswith("Sammanfattning") for e in rollups)
    helsingborg_rollups = rollups.filter(municipality_code="1283").count()
    counts = police_event_counts("1283", date(2025, 5, 1), date(2025, 6, 30), "type")
    assert not any(key.startswith("Sammanfattning") for key, _ in counts.counts)
    assert (
        counts.total
        == PoliceEvent.objects.filter(municipality_code="1283", is_summary=False).count()
    )
    assert counts.excluded_summaries == helsingborg_rollups


def test_a_dry_run_reports_the_same_figures_and_writes_nothing() -> None:
    dry = _import("events-gob449-2023-04-20.json", dry_run=True)
    assert (dry.created, dry.dry_run) == (500, True)
    assert not PoliceEvent.objects.exists() and not AuditEntry.objects.exists()


def test_an_import_is_audited_with_its_figures() -> None:
    _import("events-gob449-2023-04-20.json")
    entry = AuditEntry.objects.get(action="lagesbild.import.polisen")
    assert (
        entry.detail["created"] == 500 and entry.detail["file"] == "events-gob449-2023-04-20.json"
    )


def test_a_file_with_a_bad_event_imports_nothing_and_names_file_line_and_reason() -> None:
    items = json.loads(_snapshot("events-gob449-2023-04-20.json"))[:3]
    items[1]["datetime"] = "igår"
    summary = import_polisen(json.dumps(items).encode(), "trasig.json")
    (error,) = summary.errors
    assert (error.source, error.line) == ("trasig.json", 2) and "datetime" in error.reason
    assert summary.created == 0 and not PoliceEvent.objects.exists()


@pytest.mark.parametrize(
    ("language", "event_label", "latitude_label"),
    [("sv", "händelsen", "gps-latituden"), ("en", "the event", "the gps latitude")],
)
def test_a_bad_event_or_gps_is_named_in_the_readers_language(
    language: str, event_label: str, latitude_label: str
) -> None:
    # The names are translated only for a bad record, not for every record checked.
    items: list[Any] = json.loads(_snapshot("events-gob449-2023-04-20.json"))[:3]
    items[1] = "ingen händelse"
    items[2]["location"]["gps"] = "norr,12.69"
    with translation.override(language):
        summary = import_polisen(json.dumps(items).encode(), "trasig.json")
    reasons = {error.line: error.reason for error in summary.errors}
    assert reasons[2].startswith(event_label + " ")
    assert reasons[3].startswith(f"{latitude_label} 'norr' ")
    assert summary.created == 0 and not PoliceEvent.objects.exists()


def test_the_whole_archive_imports_and_helsingborgs_2025_months_match_the_file() -> None:
    path = sample_path(*HISTORY)
    data = path.read_bytes()
    summary = import_polisen(data, path.name)
    assert summary.ok and summary.created == 85_011
    assert PoliceEvent.objects.count() == 85_011
    events = latest_by_id(parse_events(gzip.decompress(data), path.name).records)
    expected = Counter(
        e.event_time.astimezone(STOCKHOLM).strftime("%Y-%m")
        for e in events
        if e.municipality == "Helsingborg"
        and not e.is_summary
        and e.event_time
        and e.event_time.astimezone(STOCKHOLM).year == 2025
    )
    out = StringIO()
    call_command(
        "stats",
        "events",
        "--municipality",
        "1283",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--by",
        "month",
        "--json",
        stdout=out,
    )
    counts = json.loads(out.getvalue())
    assert counts["counts"] == {
        f"2025-{m:02d}": expected.get(f"2025-{m:02d}", 0) for m in range(1, 13)
    }
    assert counts["total"] == sum(expected.values()) > 300
    assert "Polismyndigheten" in counts["source"]


def _lines(items: list[dict]) -> bytes:
    return "\n".join(json.dumps(item, ensure_ascii=False) for item in items).encode()


def test_an_unchanged_archive_is_skipped_by_fingerprint_and_changes_nothing() -> None:
    items = json.loads(_snapshot(SNAPSHOTS[0]))[:40]
    first = import_polisen(_lines(items), "arkiv.jsonl")
    stored = set(PoliceEvent.objects.values_list("pk", "updated_at", "summary", "source_hash"))
    again = import_polisen(_lines(items), "arkiv.jsonl")
    assert (first.created, again.created, again.updated, again.unchanged) == (40, 0, 0, 40)
    assert set(PoliceEvent.objects.values_list("pk", "updated_at", "summary", "source_hash")) == (
        stored
    )
    assert all(fingerprint for *_, fingerprint in stored)
    entries = AuditEntry.objects.filter(action="lagesbild.import.polisen")
    assert entries.count() == 2 and entries.latest("pk").detail["created"] == 0


def test_towns_named_like_people_stay_in_summaries_and_people_do_not() -> None:
    # Real summaries of the archive that the scrubber took for names, and one with a name.
    summaries = (
        "Brand på boende, Helsingborg.",
        "Bilist och cyklist i kollision i Nora.",
        "Sidokrock mellan två fordon, Västra Mark.",
        "Polisen är på plats i de västra delarna av Nora kommun.",
        "Kalle Anka greps i Nora, Örebro län.",
    )
    items = json.loads(_snapshot(SNAPSHOTS[0]))[: len(summaries)]
    for item, summary in zip(items, summaries, strict=True):
        item["summary"] = summary
    assert import_polisen(_lines(items), "arkiv.jsonl").created == len(summaries)
    stored = PoliceEvent.objects.filter(event_id__in=[item["id"] for item in items])
    assert set(stored.values_list("summary", flat=True)) == {
        *summaries[:-1],
        "[namn] greps i Nora, Örebro län.",
    }


def test_an_unchanged_re_import_scrubs_nothing() -> None:
    data = _snapshot(SNAPSHOTS[0])
    before = scrubbed_texts()
    assert import_polisen(data, "api.json").created > 0
    assert scrubbed_texts() > before
    before = scrubbed_texts()
    assert import_polisen(data, "api.json").created == 0
    assert scrubbed_texts() == before


def test_a_bad_line_among_known_ones_still_stops_the_file() -> None:
    items = json.loads(_snapshot(SNAPSHOTS[0]))[:10]
    import_polisen(_lines(items), "arkiv.jsonl")
    broken = _lines(items).decode() + '\n{"id": -5}\n'
    summary = import_polisen(broken.encode(), "arkiv.jsonl")
    assert not summary.ok and [error.line for error in summary.errors] == [11]
    assert PoliceEvent.objects.count() == 10


def test_the_queries_of_an_event_import_do_not_grow_with_its_events() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    items = json.loads(_snapshot(SNAPSHOTS[0]))
    counts = []
    for size in (5, 400):
        PoliceEvent.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            assert import_polisen(_lines(items[:size]), "arkiv.jsonl").created == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_small_file_looks_up_its_own_fingerprints_among_many_stored_events() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    items = json.loads(_snapshot(SNAPSHOTS[0]))
    import_polisen(_lines(items[:100]), "arkiv.jsonl")
    # Two known events and three new ones: few against the 100 stored, so they are looked up.
    with CaptureQueriesContext(connection) as queries:
        summary = import_polisen(_lines(items[98:103]), "arkiv.jsonl")
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 2)
    lookups = [
        q["sql"] for q in queries if q["sql"].startswith("SELECT") and 'source_hash" IN' in q["sql"]
    ]
    assert len(lookups) == 1
    assert PoliceEvent.objects.count() == 103
    again = import_polisen(_lines(items[98:103]), "arkiv.jsonl")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_a_value_too_long_for_its_column_names_its_line_and_field_and_stores_nothing() -> None:
    items = json.loads(_snapshot(SNAPSHOTS[0]))[:4]
    items[1]["location"] = {**items[1]["location"], "name": "L" * 101}
    items[3]["type"] = "T" * 201
    summary = import_polisen(json.dumps(items).encode(), "api.json")
    where = [(error.source, error.line) for error in summary.errors]
    assert where == [("api.json", 2), ("api.json", 4)]
    assert "location_name" in summary.errors[0].reason and "101" in summary.errors[0].reason
    assert "type_raw" in summary.errors[1].reason and "201" in summary.errors[1].reason
    assert not PoliceEvent.objects.exists()


def _hash_lookups(queries: Any) -> tuple[list[str], list[str]]:
    """The fingerprint look-ups among ``queries``: by the ids' range, and by the fingerprints."""
    selects = [q["sql"] for q in queries if q["sql"].startswith('SELECT "official_policeevent"')]
    fingerprints = [sql for sql in selects if "source_hash" in sql.split("FROM")[0]]
    return (
        [sql for sql in fingerprints if "BETWEEN" in sql],
        [sql for sql in fingerprints if 'source_hash" IN' in sql],
    )


def test_an_api_answer_looks_up_the_fingerprints_of_its_id_range() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    items = json.loads(_snapshot(SNAPSHOTS[0]))
    import_polisen(json.dumps(items[:100]).encode(), "api.json")
    # Two known events and three new ones, their ids close together: one read of that range.
    answer = items[98:103]
    assert max(i["id"] for i in answer) - min(i["id"] for i in answer) < 4 * len(answer)
    with CaptureQueriesContext(connection) as queries:
        summary = import_polisen(json.dumps(answer).encode(), "api.json")
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 2)
    assert [len(found) for found in _hash_lookups(queries)] == [1, 0]
    edited = [{**answer[0], "summary": "Ändrad.", "datetime": "2030-01-01 10:00:00 +01:00"}]
    again = import_polisen(json.dumps(answer[1:] + edited).encode(), "api.json")
    assert (again.created, again.updated, again.unchanged) == (0, 1, 4)
    assert PoliceEvent.objects.get(event_id=answer[0]["id"]).summary == "Ändrad."


def test_an_answer_with_scattered_ids_looks_up_its_own_fingerprints() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    items = json.loads(_snapshot(SNAPSHOTS[0]))
    import_polisen(json.dumps(items[:100]).encode(), "api.json")
    # Far apart (the range would hold many more stored events than the answer has): by index.
    scattered = [items[0], items[99], {**items[1], "id": items[1]["id"] + 10**6}]
    with CaptureQueriesContext(connection) as queries:
        summary = import_polisen(json.dumps(scattered).encode(), "api.json")
    assert (summary.created, summary.updated, summary.unchanged) == (1, 0, 2)
    assert [len(found) for found in _hash_lookups(queries)] == [0, 1]
    # No item with an id a stored event could have: nothing is looked up.
    with CaptureQueriesContext(connection) as queries:
        refused = import_polisen(json.dumps([{**items[2], "id": "x"}]).encode(), "api.json")
    assert not refused.ok and [error.line for error in refused.errors] == [1]
    assert [len(found) for found in _hash_lookups(queries)] == [0, 0]


def test_an_event_import_runs_without_collector_passes_and_leaves_no_garbage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from lagesbild.official import importing

    seen: list[bool] = []
    plan_events = importing._plan_events

    def planning(rows: Any) -> Any:
        seen.append(gc.isenabled())
        return plan_events(rows)

    monkeypatch.setattr(importing, "_plan_events", planning)
    items = json.loads(_snapshot("events-gob449-2023-04-20.json"))
    import_polisen(json.dumps(items[:10]).encode(), "first.json")  # fills lazy caches
    gc.collect()
    summary = import_polisen(json.dumps(items[10:]).encode(), "rest.json")
    assert summary.created == 490 and seen == [False, False]
    # The paused collector missed nothing: the import's objects form no reference cycles.
    assert gc.isenabled() and gc.collect() == 0


def test_the_collector_runs_again_after_an_event_import_that_fails() -> None:
    import gc

    from lagesbild.official.importing import ImportFailed

    with pytest.raises(ImportFailed):
        import_polisen(b"{not json", "trasig.json")
    assert gc.isenabled()


def test_events_written_as_values_are_stored_as_model_objects_would_be() -> None:
    from datetime import UTC, datetime

    from lagesbild.categories.models import Category
    from lagesbild.web.bulk import insert_new, insert_rows, new_instance

    values = {
        "published_at": datetime(2025, 3, 30, 1, 30, tzinfo=UTC),  # the night of summer time
        "event_time": None,
        "type_raw": "Brand ",
        "type": "Brand",
        "category_id": Category.objects.values_list("pk", flat=True)[0],
        "municipality_name": "Lund",
        "municipality_code": "1281",
        "county_level": False,
        "location_name": "Skåne län",
        "latitude": 55.7,
        "longitude": 13.19,
        "summary": "Brand i ett förråd, åäö.",
        "url": "https://polisen.se/aktuellt/handelser/1/",
        "is_summary": False,
        "source_hash": "a" * 40,
        "first_seen_at": datetime(2025, 3, 30, 2, 0, 0, 123456, tzinfo=STOCKHOLM),
        "updated_at": datetime(2025, 12, 24, 18, 0, tzinfo=STOCKHOLM),
    }
    insert_new(PoliceEvent, [new_instance(PoliceEvent, {**values, "event_id": 1})])
    insert_rows(PoliceEvent, [*values, "event_id"], [(*values.values(), 2)])
    fields = [f.attname for f in PoliceEvent._meta.concrete_fields if f.attname not in {"id"}]
    one, two = (PoliceEvent.objects.filter(event_id=n).values(*fields).get() for n in (1, 2))
    assert {**one, "event_id": 2} == two and two["updated_at"] == values["updated_at"]


def test_values_for_every_stored_field_are_required() -> None:
    from lagesbild.web.bulk import insert_rows

    with pytest.raises(ValueError, match="needs exactly the fields"):
        insert_rows(PoliceEvent, ["event_id", "summary"], [(1, "x")])

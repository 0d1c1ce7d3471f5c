"""Tests for the polisen.se events parser, against the real snapshots."""

from __future__ import annotations

import functools
import gzip
import json
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagesbild.core.parsers.common import ParseError
from lagesbild.core.parsers.polisen import (
    DEFAULT_RATE_LIMIT,
    SWEDISH_MONTHS,
    PoliceEvent,
    RateLimitPolicy,
    build_events_url,
    latest_by_id,
    next_allowed_call,
    parse_event_time,
    parse_events,
    parse_new_events,
    parse_published_at,
)
from lagesbild.core.tests.known import known
from lagesbild.core.tests.samples import sample_path

SNAPSHOTS = (
    "events-dnouri.json",
    "events-dnouri-2025-06-07.json",
    "events-mindriddler-2023-03-07.json",
    "events-gob449-2023-04-20.json",
)
HISTORY = ("polisen", "history", "events-2022-09-to-2026-08.jsonl.gz")
CEST = timezone(timedelta(hours=2))
CET = timezone(timedelta(hours=1))
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _parse_snapshot(name: str):
    path = sample_path("polisen", name)
    return parse_events(path.read_bytes(), path.name)


def _by_id(events: tuple[PoliceEvent, ...]) -> dict[int, PoliceEvent]:
    return {event.id: event for event in events}


def _good_row(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": 1,
        "datetime": "2025-06-06 6:39:43 +02:00",
        "name": "05 juni 23.45, Misshandel, Helsingborg",
        "summary": "Taxichaufför misshandlad, Ödåkra.",
        "url": "/aktuellt/handelser/2025/juni/5/05-juni-23.45-misshandel-helsingborg/",
        "type": "Misshandel",
        "location": {"name": "Helsingborg", "gps": "56.046467,12.694512"},
    }
    row.update(changes)
    return row


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_each_real_snapshot_parses_into_500_events_without_errors(name: str) -> None:
    result = _parse_snapshot(name)
    raw_ids = [item["id"] for item in json.loads(sample_path("polisen", name).read_bytes())]
    assert len(result.records) == 500
    assert result.errors == ()
    assert [event.id for event in result.records] == raw_ids


def test_the_2025_snapshot_has_ten_helsingborg_events_by_title_and_by_location() -> None:
    events = _parse_snapshot("events-dnouri-2025-06-07.json").records
    assert sum(event.municipality == "Helsingborg" for event in events) == 10
    assert sum(event.location_name == "Helsingborg" for event in events) == 10
    # SOURCES.md: 369 of 500 have a municipality in location.name.
    assert sum(not event.location_name.endswith(" län") for event in events) == 369


def test_the_2026_snapshot_finds_helsingborg_only_through_the_title() -> None:
    events = _parse_snapshot("events-dnouri.json").records
    assert all(event.location_name.endswith(" län") for event in events)
    assert sum(event.location_name == "Helsingborg" for event in events) == 0
    assert sum(event.municipality == "Helsingborg" for event in events) == 8


def test_the_documented_2025_sample_record_is_parsed_exactly() -> None:
    event = _by_id(_parse_snapshot("events-dnouri-2025-06-07.json").records)[588092]
    assert event == PoliceEvent(
        id=588092,
        published_at=datetime(2025, 6, 6, 6, 39, 43, tzinfo=CEST),
        event_time=datetime(2025, 6, 5, 23, 45, tzinfo=STOCKHOLM),
        type_raw="Misshandel",
        type="Misshandel",
        municipality="Helsingborg",
        county_level=False,
        location_name="Helsingborg",
        lat=56.046467,
        lon=12.694512,
        summary="Taxichaufför misshandlad, Ödåkra.",
        url="https://polisen.se/aktuellt/handelser/2025/juni/5/05-juni-23.45-misshandel-helsingborg/",
        is_summary=False,
    )


def test_the_2026_sample_keeps_a_comma_type_and_reads_the_place_from_the_title() -> None:
    event = _by_id(_parse_snapshot("events-dnouri.json").records)[650213]
    assert event.type == "Trafikolycka, singel"
    assert event.municipality == "Helsingborg"
    assert event.county_level is False
    assert event.location_name == "Skåne län"
    assert (event.lat, event.lon) == (55.990257, 13.595769)
    assert event.published_at == datetime(2026, 8, 21, 13, 33, 17, tzinfo=CEST)
    assert event.event_time == datetime(2026, 8, 21, 13, 13, tzinfo=STOCKHOLM)


def test_an_unpadded_publish_hour_is_parsed() -> None:
    assert parse_published_at("2025-06-07 7:32:06 +02:00") == datetime(
        2025, 6, 7, 7, 32, 6, tzinfo=CEST
    )


@pytest.mark.parametrize(
    "text",
    [
        "2025-06-07 07:32:06 +02:00",
        "2025-01-31 23:59:59 -05:30",
        "2024-02-29 0:00:00 +00:00",
        "2023-02-29 10:00:00 +01:00",  # no such day
        "2025-06-07 24:00:00 +02:00",
        "2025-06-07 12:60:00 +02:00",
        "2025-06-07 12:00:61 +02:00",
        "2025-13-07 12:00:00 +02:00",
        "2025-06-07 12:00:00 +24:00",
        "2025-06-07 12:00:00 +02:75",
        "2025-06-07 12:00:00 +0200",  # spellings the fast path leaves to strptime
        "2025-6-7 12:00:00 +02:00",
        "2025-06-07  12:00:00 Z",
        "2025-06-07T12:00:00 +02:00",
    ],
)
def test_a_publish_time_reads_as_strptime_reads_it(text: str) -> None:
    try:
        expected = datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        with pytest.raises(ValueError):
            parse_published_at(text)
        return
    parsed = parse_published_at(text)
    assert parsed == expected and parsed.utcoffset() == expected.utcoffset()


def test_titles_with_hh_colon_mm_and_hh_dot_mm_give_the_same_time() -> None:
    published = datetime(2023, 3, 7, 23, 1, 29, tzinfo=CET)
    colon = parse_event_time("07 mars 21:00, Misshandel, Sundbyberg", published)
    dot = parse_event_time("07 mars 21.00, Misshandel, Sundbyberg", published)
    assert colon == dot == datetime(2023, 3, 7, 21, 0, tzinfo=STOCKHOLM)


def test_an_unpadded_day_in_the_title_is_accepted() -> None:
    published = datetime(2024, 7, 5, 1, 0, tzinfo=CEST)
    assert parse_event_time("4 juli 23:30, Brand, Lund", published) == datetime(
        2024, 7, 4, 23, 30, tzinfo=STOCKHOLM
    )


def test_an_event_on_new_years_eve_published_on_new_years_day_belongs_to_the_old_year() -> None:
    published = datetime(2026, 1, 1, 0, 5, 56, tzinfo=CET)
    assert parse_event_time(
        "31 december 23.08, Vållande till kroppsskada, Solna", published
    ) == datetime(2025, 12, 31, 23, 8, tzinfo=STOCKHOLM)


def test_a_january_event_announced_in_late_december_belongs_to_the_new_year() -> None:
    published = datetime(2025, 12, 30, 12, 0, tzinfo=CET)
    assert parse_event_time(
        "02 januari 10.00, Polisinsats/kommendering, Malmö", published
    ) == datetime(2026, 1, 2, 10, 0, tzinfo=STOCKHOLM)


def test_the_real_new_year_cases_in_the_history_get_the_previous_year() -> None:
    events = _by_id(_history().records)
    # "31 december 23.42, Misshandel, Malmö", published 2026-01-01 6:53:32.
    new_year = [
        e for e in events.values() if e.published_at.month == 1 and known(e.event_time).month == 12
    ]
    assert new_year, "the history holds New Year events"
    assert all(known(e.event_time).year == e.published_at.year - 1 for e in new_year)


def test_a_title_without_a_time_prefix_gives_no_event_time() -> None:
    published = datetime(2025, 6, 6, tzinfo=CEST)
    assert parse_event_time("Trafikolycka, Helsingborg", published) is None


def test_an_impossible_title_date_is_a_row_error() -> None:
    rows = [
        _good_row(name="31 februari 10.00, Brand, Lund"),
        _good_row(id=2, name="05 jani 10.00, Brand, Lund"),
    ]
    result = parse_events(json.dumps(rows).encode(), "bad.json")
    assert [(error.line, "name" in error.reason) for error in result.errors] == [
        (1, True),
        (2, True),
    ]


def test_misshandel_grov_keeps_its_comma_and_the_place_is_the_last_segment() -> None:
    row = _good_row(name="05 juni 23.45, Misshandel, grov, Helsingborg", type="Misshandel, grov")
    (event,) = parse_events(json.dumps([row]).encode(), "x.json").records
    assert event.type == "Misshandel, grov"
    assert event.municipality == "Helsingborg"


def test_a_county_as_the_last_title_segment_means_a_county_level_event() -> None:
    row = _good_row(
        name="21 mars 06:00, Sammanfattning natt, Hallands län", type="Sammanfattning natt"
    )
    (event,) = parse_events(json.dumps([row]).encode(), "x.json").records
    assert (event.municipality, event.county_level, event.is_summary) == (None, True, True)


def test_an_empty_place_in_the_title_is_county_level_not_an_error() -> None:
    # Real case: id 643427, "20 juni 16.00, Brand, " with location "Kronobergs län".
    event = _by_id(_history().records)[643427]
    assert (event.municipality, event.county_level, event.location_name) == (
        None,
        True,
        "Kronobergs län",
    )


def test_a_trailing_space_in_the_type_is_stripped_but_kept_raw() -> None:
    row = _good_row(
        type="Lagen om hundar och katter ", name="05 juni 23.45, Lagen om hundar och katter , Lund"
    )
    (event,) = parse_events(json.dumps([row]).encode(), "x.json").records
    assert (event.type_raw, event.type) == (
        "Lagen om hundar och katter ",
        "Lagen om hundar och katter",
    )


def test_unknown_types_are_accepted() -> None:
    row = _good_row(type="Helt ny händelsetyp", name="05 juni 23.45, Helt ny händelsetyp, Lund")
    result = parse_events(json.dumps([row]).encode(), "x.json")
    assert [event.type for event in result.records] == ["Helt ny händelsetyp"]


def test_malformed_rows_are_reported_with_line_and_reason_while_good_rows_parse() -> None:
    bad_id = _good_row()
    del bad_id["id"]
    rows = [
        _good_row(id=10),
        bad_id,
        _good_row(id=12, datetime="2025-06-06T06:39:43+02:00"),
        _good_row(id=13, location={"name": "Lund", "gps": "abc"}),
        _good_row(id=14),
        "not an object",
        _good_row(id=16, url="https://evil.example/x"),
    ]
    result = parse_events(json.dumps(rows).encode(), "mixed.json")
    assert [event.id for event in result.records] == [10, 14]
    reasons = {error.line: error.reason for error in result.errors}
    assert set(reasons) == {2, 3, 4, 6, 7}
    assert "'id'" in reasons[2]
    assert "datetime" in reasons[3]
    assert "gps" in reasons[4] and "abc" in reasons[4]
    assert all(error.source == "mixed.json" for error in result.errors)


def test_json_lines_report_a_broken_line_by_its_line_number() -> None:
    lines = [json.dumps(_good_row(id=1)), "{broken", "", json.dumps(_good_row(id=4))]
    result = parse_events("\n".join(lines).encode(), "x.jsonl")
    assert [event.id for event in result.records] == [1, 4]
    assert [(error.line, "JSON" in error.reason) for error in result.errors] == [(2, True)]


def test_gzipped_json_array_parses_like_the_plain_one() -> None:
    raw = sample_path("polisen", "events-gob449-2023-04-20.json").read_bytes()
    assert parse_events(gzip.compress(raw), "x.json.gz") == parse_events(raw, "x.json.gz")


def test_input_that_is_not_json_raises_one_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_events(b"<html>Service unavailable</html>", "x.json")
    with pytest.raises(ParseError):
        parse_events(b"[1, 2", "x.json")


@functools.cache
def _history():
    # Parsing 85,011 events takes a couple of seconds; do it once.
    path = sample_path(*HISTORY)
    return parse_events(path.read_bytes(), path.name)


def test_the_history_file_parses_completely_and_has_85011_distinct_events() -> None:
    result = _history()
    assert len(result.records) == 85011
    assert result.errors == ()
    assert len(latest_by_id(result.records)) == 85011
    assert len({event.type for event in result.records}) == 97


def test_helsingborg_in_the_history_has_1216_events_185_of_them_filed_under_skane_lan() -> None:
    # FORMATS.md says 1,219, counted over every version in the git history;
    # this file keeps only each event's last version, and 3 events evidently
    # moved away from Helsingborg in a later edit (2024: 316 vs 317, 2025:
    # 420 vs 422). The split 1,031 + 185 "Skåne län" = 1,216 is consistent.
    helsingborg = [e for e in _history().records if e.municipality == "Helsingborg"]
    assert len(helsingborg) == 1216
    assert sum(e.location_name == "Skåne län" for e in helsingborg) == 185
    by_year = Counter(e.event_time.year for e in helsingborg)
    assert by_year == {2022: 1, 2023: 274, 2024: 316, 2025: 420, 2026: 205}


def test_latest_by_id_keeps_the_most_recently_published_version() -> None:
    old, new, other = (
        parse_events(json.dumps([row]).encode(), "x").records[0]
        for row in (
            _good_row(id=5, summary="first"),
            _good_row(id=5, summary="edited", datetime="2025-06-06 9:00:00 +02:00"),
            _good_row(id=3),
        )
    )
    assert latest_by_id([new, old, other]) == (other, new)
    assert latest_by_id([old, new]) == (new,)


def test_build_events_url_encodes_filters_over_https() -> None:
    url = build_events_url("Helsingborg;Höganäs", "2018-03-05 21", ["Misshandel", "Rån"])
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "polisen.se", "/api/events")
    assert "DateTime=2018-03-05%2021" in url
    assert "type=Misshandel;R%C3%A5n" in url
    assert parse_qs(parts.query) == {
        "locationname": ["Helsingborg;Höganäs"],
        "DateTime": ["2018-03-05 21"],
        "type": ["Misshandel;Rån"],
    }
    assert build_events_url(None, None, None) == "https://polisen.se/api/events"


@pytest.mark.parametrize("bad", [{"date": "5 mars"}, {"location": ""}, {"type_": []}])
def test_build_events_url_rejects_invalid_filters(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        build_events_url(**bad)  # type: ignore[arg-type]


NOW = datetime(2026, 8, 22, 12, 0, tzinfo=UTC)


def test_the_default_policy_matches_the_published_limits() -> None:
    assert DEFAULT_RATE_LIMIT == RateLimitPolicy(timedelta(seconds=10), 60, 1440)


def test_a_first_call_is_allowed_now() -> None:
    assert next_allowed_call([], NOW) == NOW


def test_calls_must_be_at_least_ten_seconds_apart() -> None:
    assert next_allowed_call([NOW - timedelta(seconds=3)], NOW) == NOW + timedelta(seconds=7)
    assert next_allowed_call([NOW - timedelta(seconds=30)], NOW) == NOW


def test_the_61st_call_in_an_hour_waits_until_the_oldest_leaves_the_window() -> None:
    history = [
        NOW - timedelta(minutes=59, seconds=30) + timedelta(seconds=59 * i) for i in range(60)
    ]
    assert next_allowed_call(history, NOW) == history[0] + timedelta(hours=1)


def test_the_1441st_call_in_a_day_waits_a_day_after_the_oldest() -> None:
    start = NOW - timedelta(hours=23)
    history = [start + timedelta(seconds=57 * i) for i in range(1440)]
    assert next_allowed_call(history, NOW) == start + timedelta(days=1)


def test_naive_datetimes_are_rejected_by_the_rate_limiter() -> None:
    with pytest.raises(ValueError):
        next_allowed_call([datetime(2026, 1, 1)], NOW)


# The nearest-year rule, checked against every candidate year (the shortcut for a time within
# half a year of publishing must pick what comparing all three picks).
_MONTH_NAMES = {number: name for name, number in SWEDISH_MONTHS.items()}


@settings(max_examples=400)
@given(
    published=st.datetimes(
        min_value=datetime(2001, 1, 1), max_value=datetime(2098, 12, 31), timezones=st.just(UTC)
    ),
    month=st.integers(1, 12),
    day=st.integers(1, 31),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
)
def test_the_event_year_is_the_one_nearest_the_publish_time(
    published: datetime, month: int, day: int, hour: int, minute: int
) -> None:
    title = f"{day} {_MONTH_NAMES[month]} {hour:02d}.{minute:02d}, Brand, Lund"
    zone = ZoneInfo("Europe/Stockholm")
    local_year = published.astimezone(zone).year
    candidates = []
    for year in (local_year - 1, local_year, local_year + 1):
        try:
            candidates.append(datetime(year, month, day, hour, minute, tzinfo=zone))
        except ValueError:
            continue
    if not candidates:
        with pytest.raises(ValueError):
            parse_event_time(title, published)
        return
    nearest = min(candidates, key=lambda moment: abs(moment - published))
    found = parse_event_time(title, published)
    assert found == nearest
    assert found.replace(tzinfo=None) == nearest.replace(tzinfo=None)


@pytest.mark.parametrize("as_lines", [False, True])
def test_stored_fingerprints_asked_for_the_inputs_records_leave_out_what_a_set_does(
    as_lines: bool,
) -> None:
    data = sample_path("polisen", SNAPSHOTS[0]).read_bytes()
    if as_lines:
        data = "\n".join(json.dumps(item) for item in json.loads(data)).encode()
    everything = parse_new_events(data, "x.json", set())
    stored = {digest for _, _, digest in everything.records[::3]}
    asked: list[list[str]] = []
    ids: list[list[int | None] | None] = []

    def known(digests: list[str], named: list[int | None] | None) -> set[str]:
        asked.append(digests)
        ids.append(named)
        return stored & set(digests)

    by_set = parse_new_events(data, "x.json", stored)
    by_function = parse_new_events(data, "x.json", known)
    assert by_function == by_set
    assert by_function.known == len(stored) > 0
    assert len(asked) == 1 and len(asked[0]) == len(everything.records)
    # An array's items name their ids (the stored events they could be); lines are not decoded.
    assert ids == [None if as_lines else [event.id for event, _, _ in everything.records]]

"""Tests for the police.uk street-level crime parsers."""

from __future__ import annotations

import functools
import json
from collections import Counter

import pytest

from lagesbild.core.parsers.categories import TOP_LEVEL_CATEGORIES
from lagesbild.core.parsers.common import ParseError
from lagesbild.core.parsers.policeuk import (
    CSV_CRIME_TYPES,
    UK_CATEGORY_MAP,
    PoliceUkCrime,
    parse_street_crimes,
    parse_street_crimes_csv,
    parse_street_crimes_json,
    top_category,
)
from lagesbild.core.tests.samples import sample_path

LEICESTER = ("policeuk", "crimes-street-all-crime-leicester-2023-01-wbeeker.json")

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
    "LSOA name,Crime type,Last outcome category,Context"
)
PERSISTENT = "b5b1a3c7e3f0a4d2" * 4
# The example row quoted in FORMATS.md §6.
ASB_ROW = (
    ",2012-01,Avon and Somerset Constabulary,Avon and Somerset Constabulary,-2.516919,51.423683,"
    "On or near A4175,E01014399,Bath and North East Somerset 001A,Anti-social behaviour,,"
)
CSV_TEXT = "\n".join(
    [
        HEADER,
        ASB_ROW,
        f"{PERSISTENT},2023-01,Leicestershire Police,Leicestershire Police,-1.137632,52.627433,"
        "On or near Winifred Street,E01013648,Leicester 034A,Violence and sexual offences,"
        '"Unable to prosecute suspect",',
        ASB_ROW,
        ",2023-01,Leicestershire Police,Leicestershire Police,,,No Location,,,Burglary,,",
        "x,2023-13,Leicestershire Police,Leicestershire Police,-1.1,52.6,On or near A,,,Drugs,,",
        "y,2023-01,Leicestershire Police,Leicestershire Police,-1.1,52.6,On or near B,,,"
        "Brand new type,,",
    ]
)


@functools.cache
def _leicester():
    path = sample_path(*LEICESTER)
    return parse_street_crimes_json(path.read_bytes(), path.name), json.loads(path.read_bytes())


def test_all_1448_real_leicester_crimes_parse_without_errors() -> None:
    result, raw = _leicester()
    assert len(raw) == len(result.records) == 1448
    assert result.errors == result.skipped == ()


def test_category_counts_equal_a_direct_count_over_the_json() -> None:
    result, raw = _leicester()
    assert Counter(c.category for c in result.records) == Counter(item["category"] for item in raw)
    assert Counter(c.category for c in result.records)["violent-crime"] == 515


def test_the_documented_first_element_is_parsed_exactly() -> None:
    result, _ = _leicester()
    assert result.records[0] == PoliceUkCrime(
        id="107770574",
        month="2023-01",
        category="anti-social-behaviour",
        lat=52.627433,
        lon=-1.137632,
        street="On or near Winifred Street",
        outcome=None,
        line=1,
    )


def test_ids_are_persistent_ids_or_the_numeric_id_and_unique() -> None:
    result, raw = _leicester()
    assert len({c.id for c in result.records}) == 1448
    numeric = [c for c, item in zip(result.records, raw, strict=True) if not item["persistent_id"]]
    assert len(numeric) == 95
    assert all(c.id.isdigit() for c in numeric)
    with_outcome = [c for c in result.records if c.outcome is not None]
    assert len(with_outcome) == 1363


def test_every_real_category_maps_to_a_top_level_code() -> None:
    result, _ = _leicester()
    assert {c.category for c in result.records} == set(UK_CATEGORY_MAP)
    assert set(UK_CATEGORY_MAP.values()) <= set(TOP_LEVEL_CATEGORIES)
    assert set(CSV_CRIME_TYPES.values()) == set(UK_CATEGORY_MAP)
    assert top_category("public-order") == "ordning"
    assert top_category("criminal-damage-arson") == "skadegorelse"
    assert top_category("something-new") == "ovrigt"


def test_the_bulk_csv_parses_and_reports_bad_rows_with_their_lines() -> None:
    result = parse_street_crimes_csv(CSV_TEXT.encode("utf-8"), "2023-01-street.csv")
    first, second, third, fourth = result.records
    assert (first.category, first.month, first.lat, first.lon, first.street, first.outcome) == (
        "anti-social-behaviour",
        "2012-01",
        51.423683,
        -2.516919,
        "On or near A4175",
        None,
    )
    assert (second.id, second.category, second.outcome) == (
        PERSISTENT,
        "violent-crime",
        "Unable to prosecute suspect",
    )
    assert fourth.category == "brand-new-type"
    assert [(e.line, e.reason.split()[0]) for e in result.errors] == [
        (5, "koordinater"),
        (6, "month"),
    ]
    # Identical anti-social behaviour rows get stable, distinct derived ids.
    assert first.id.startswith("derived-") and third.id.startswith("derived-")
    assert first.id != third.id and first.id[:-2] == third.id[:-2]
    again = parse_street_crimes_csv(CSV_TEXT.encode("utf-8"), "2023-01-street.csv")
    assert [c.id for c in again.records] == [c.id for c in result.records]


def test_parse_street_crimes_recognises_csv_and_json() -> None:
    assert len(parse_street_crimes(CSV_TEXT.encode(), "x").records) == 4
    raw = sample_path(*LEICESTER).read_bytes()
    assert len(parse_street_crimes(raw, "x").records) == 1448


def test_a_csv_with_another_header_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_street_crimes_csv(b"a,b,c\n1,2,3\n", "x.csv")


def test_malformed_api_elements_are_row_errors() -> None:
    good = {
        "category": "drugs",
        "location": {
            "latitude": "52.6",
            "longitude": "-1.1",
            "street": {"id": 1, "name": "On or near X"},
        },
        "outcome_status": None,
        "persistent_id": "",
        "id": 7,
        "month": "2023-01",
    }
    bad_lat = json.loads(json.dumps(good))
    bad_lat["location"]["latitude"] = "abc"
    no_id = {**good, "id": None}
    result = parse_street_crimes_json(json.dumps([good, bad_lat, no_id, []]).encode(), "x.json")
    assert [c.id for c in result.records] == ["7"]
    assert [e.line for e in result.errors] == [2, 3, 4]

"""Tests for the Kolada data parser.

There is no real Kolada answer in shared/realdata (its SOURCES.md explains
why); the answers below follow the documented v2/v3 nesting.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from lagesbild.core.parsers.common import ParseError
from lagesbild.core.parsers.kolada import KpiValue, next_page_url, parse_kpi_values
from lagesbild.core.tests.samples import sample_path


def _answer(rows: list[Any], **extra: Any) -> bytes:
    return json.dumps({"count": len(rows), "values": rows, **extra}).encode()


def _row(municipality: str | int = "1283", period: Any = 2023, **changes: Any) -> dict[str, Any]:
    row = {
        "kpi": "N07403",
        "municipality": municipality,
        "period": period,
        "values": [
            {"gender": "T", "count": 1, "status": "", "value": 1012.4},
            {"gender": "K", "count": 1, "status": "", "value": None},
        ],
    }
    row.update(changes)
    return row


def test_the_documented_kolada_source_note_is_present() -> None:
    # Guards the claim in the module docstring: there is no real sample.
    assert "No real recorded Kolada API response" in sample_path("kolada", "SOURCES.md").read_text(
        "utf-8"
    )


def test_each_gender_value_becomes_a_record() -> None:
    result = parse_kpi_values(_answer([_row(), _row("0180", period="2022")]), "k.json")
    assert result.errors == ()
    assert result.records == (
        KpiValue("N07403", "1283", 2023, "T", 1012.4, ""),
        KpiValue("N07403", "1283", 2023, "K", None, ""),
        KpiValue("N07403", "0180", 2022, "T", 1012.4, ""),
        KpiValue("N07403", "0180", 2022, "K", None, ""),
    )


def test_callers_can_pick_the_total_gender() -> None:
    records = parse_kpi_values(_answer([_row()]), "k.json").records
    assert [r.value for r in records if r.gender == "T"] == [1012.4]


def test_bad_rows_are_reported_by_position_and_good_rows_kept() -> None:
    rows = [
        _row(),
        _row(municipality=1283),
        _row(period="2023H1"),
        _row(values=[{"gender": "X", "value": 1}]),
        _row(values=[{"gender": "T", "value": "12,3"}]),
        _row(isdeleted=True),
        "junk",
    ]
    result = parse_kpi_values(_answer(rows), "k.json")
    assert len(result.records) == 2
    assert [e.line for e in result.errors] == [2, 3, 4, 5, 7]
    assert [s.line for s in result.skipped] == [6]


def test_a_row_or_value_that_is_no_object_is_named() -> None:
    rows = [_row(values=["junk"]), 12]
    reasons = [e.reason for e in parse_kpi_values(_answer(rows), "k.json").errors]
    assert reasons == ["värdet per kön är inget JSON-objekt", "raden är inget JSON-objekt"]


def test_an_answer_without_values_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_kpi_values(b'{"error": "not found"}', "k.json")
    with pytest.raises(ParseError):
        parse_kpi_values(b"<html>", "k.json")


def test_next_page_url_reads_v3_and_v2_names_and_ends_on_the_last_page() -> None:
    url = "https://api.kolada.se/v3/data/kpi/N07403/year/2023?page=2&per_page=5000"
    assert next_page_url(_answer([], next_url=url)) == url
    assert next_page_url(_answer([], next_page=url)) == url
    assert next_page_url(_answer([])) is None
    assert next_page_url({"values": [], "next_url": None}) is None


def test_a_next_page_that_leaves_https_is_refused() -> None:
    with pytest.raises(ParseError):
        next_page_url(_answer([], next_url="http://api.kolada.se/v3/x"))

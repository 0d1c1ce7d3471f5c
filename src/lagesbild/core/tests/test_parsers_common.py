"""Tests for the shared parser helpers and the real-data locator."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from lagesbild.core.parsers.common import (
    ParseError,
    RowProblem,
    decode_text,
    iter_csv_rows,
    load_json_records,
    load_new_json_records,
    maybe_gunzip,
    normalise_text,
    parse_swedish_int,
    parse_swedish_number,
    record_digest,
    require_float,
    require_mapping,
)
from lagesbild.core.tests import samples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234", 1234.0),
        ("1\u00a0234", 1234.0),
        ("1\u202f234\u202f567", 1234567.0),
        ("1 234,5", 1234.5),
        ("12,3", 12.3),
        ("181.0", 181.0),
        ("-4", -4.0),
        ("\u22124,5", -4.5),
        (" 7 ", 7.0),
    ],
)
def test_swedish_numbers_are_parsed(text: str, expected: float) -> None:
    assert parse_swedish_number(text) == expected


@pytest.mark.parametrize("text", ["", "..", "-", "\u2013", "   ", None])
def test_missing_markers_mean_no_value(text: str | None) -> None:
    assert parse_swedish_number(text) is None


@pytest.mark.parametrize("text", ["abc", "1,2.3", "1 2a", "nan", "inf", "1_000", "١٢"])
def test_non_numbers_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        parse_swedish_number(text)


def test_whole_numbers_reject_fractions_but_accept_pandas_floats() -> None:
    assert parse_swedish_int("181.0") == 181
    assert parse_swedish_int("2 537") == 2537
    with pytest.raises(ValueError):
        parse_swedish_int("12,5")


def test_text_is_decoded_from_utf8_with_or_without_bom_and_from_cp1252() -> None:
    assert decode_text("\ufeffÅre".encode("utf-8"), "x") == "Åre"
    assert decode_text("Åre".encode(), "x") == "Åre"
    assert decode_text("Åre".encode("cp1252"), "x") == "Åre"
    assert decode_text("\ufeffÅre".encode("utf-16-le"), "x") == "Åre"
    assert decode_text(gzip.compress("Åre".encode()), "x") == "Åre"


def test_broken_gzip_raises_parse_error() -> None:
    with pytest.raises(ParseError):
        maybe_gunzip(b"\x1f\x8b\x08garbage", "x.gz")


def test_json_arrays_are_numbered_by_index_and_json_lines_by_line() -> None:
    assert load_json_records(b' [{"a": 1}, {"a": 2}]', "x") == ([(1, {"a": 1}), (2, {"a": 2})], [])
    items, errors = load_json_records(b'{"a": 1}\n\n{"a": 3}\nnope\n', "x")
    assert items == [(1, {"a": 1}), (3, {"a": 3})]
    assert [e.line for e in errors] == [4]


@pytest.mark.parametrize("data", [b"", b"nope", b"[1,", b'{"a": NaN}'])
def test_unreadable_json_raises_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError):
        load_json_records(data, "x")


def test_csv_rows_carry_the_line_where_they_start() -> None:
    text = 'a;b\r\n\r\n"multi\r\nline";2\r\nc;3\r\n'
    assert list(iter_csv_rows(text, "x", ";")) == [
        (1, ["a", "b"]),
        (3, ["multi\r\nline", "2"]),
        (5, ["c", "3"]),
    ]


def test_names_are_normalised_for_case_dashes_and_spaces() -> None:
    assert normalise_text("Malung\u2013Sälen") == normalise_text(" malung-SÄLEN ")
    assert normalise_text("Upplands\u00a0Väsby") == "upplands väsby"


def test_the_samples_are_inside_the_repository() -> None:
    assert (samples.SAMPLES / "FORMATS.md").is_file()
    assert samples.SAMPLES.parent.parent == Path(__file__).resolve().parents[4]


def test_a_missing_sample_fails_loudly() -> None:
    with pytest.raises(samples.SampleMissing):
        samples.sample_path("polisen", "missing.json")


def test_a_label_given_as_a_function_is_asked_only_for_a_bad_value() -> None:
    asked: list[str] = []

    def label() -> str:
        asked.append("label")
        return "latituden"

    assert require_float("56.05", label) == 56.05
    assert require_mapping({"id": 1}, label) == {"id": 1}
    assert asked == []
    with pytest.raises(RowProblem, match="^latituden 'norr' "):
        require_float("norr", label)
    with pytest.raises(RowProblem, match="^latituden "):
        require_mapping([1], label)
    assert asked == ["label", "label"]
    with pytest.raises(RowProblem, match="^longituden 'x' "):
        require_float("x", "longituden")


def test_an_array_items_fingerprint_is_that_of_its_canonical_json() -> None:
    # Stored events keep these fingerprints: the canonical form must not drift.
    items = [
        {"name": "Brand, Nora", "id": 2, "location": {"gps": "59.5,15.0", "name": "Nora"}},
        {"summary": "Skadegörelse i Malmö – ”klotter”", "id": 3, "lat": 55.6, "ok": True},
    ]
    loaded = load_new_json_records(json.dumps(items).encode(), "x.json", set())
    expected = [
        record_digest(json.dumps(item, sort_keys=True, ensure_ascii=False)) for item in items
    ]
    assert [digest for _line, _item, digest in loaded.items] == expected
    known = load_new_json_records(json.dumps(items).encode(), "x.json", {expected[1]})
    assert [item["id"] for _line, item, _digest in known.items] == [2] and known.known == 1


def test_a_field_beyond_the_csv_limit_is_named_in_swedish_with_its_line() -> None:
    """The csv module's own English ('field larger than field limit (131072)') was passed on; the
    usual cause is a quote that opens a field and never closes, swallowing the rest of the file."""
    text = 'stadsdel;år;folkmängd\nNorr;2024;1\n"Söder;2024;' + "x" * 200_000 + "\n"
    with pytest.raises(ParseError) as error:
        list(iter_csv_rows(text, "fil.csv", ";"))
    assert str(error.value) == (
        'fil.csv:3: ett fält är längre än 131 072 tecken; oftast öppnar ett citattecken (") '
        "ett fält som aldrig stängs"
    )

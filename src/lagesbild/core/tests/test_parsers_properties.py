"""Property tests: parsers never fail except with ParseError; numbers round-trip."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lagesbild.core.parsers import bra, kolada, policeuk, polisen, scb
from lagesbild.core.parsers.common import (
    ParseError,
    ParseResult,
    parse_swedish_int,
    parse_swedish_number,
)

CODES = {"helsingborg": "1283", "ale": "1440"}

PARSERS: dict[str, Callable[[bytes], Any]] = {
    "polisen": lambda data: polisen.parse_events(data, "x"),
    "bra-yearly": lambda data: bra.parse_municipality_csv(data, "x", year=2023, codes=CODES),
    "bra-sol": lambda data: bra.parse_sol_extract(data, "x", codes=CODES),
    "scb": lambda data: scb.parse_population(data, "x"),
    "kolada": lambda data: kolada.parse_kpi_values(data, "x"),
    "kolada-next": lambda data: kolada.next_page_url(data, "x"),
    "policeuk": lambda data: policeuk.parse_street_crimes(data, "x"),
    "policeuk-json": lambda data: policeuk.parse_street_crimes_json(data, "x"),
    "policeuk-csv": lambda data: policeuk.parse_street_crimes_csv(data, "x"),
}

# Field names of every format, so random JSON reaches the row validators.
KEYS = st.sampled_from(
    [
        "id",
        "datetime",
        "name",
        "summary",
        "url",
        "type",
        "location",
        "gps",
        "count",
        "values",
        "kpi",
        "municipality",
        "period",
        "gender",
        "value",
        "status",
        "isdeleted",
        "next_url",
        "class",
        "dimension",
        "size",
        "category",
        "index",
        "label",
        "Region",
        "Tid",
        "ContentsCode",
        "dataset",
        "latitude",
        "longitude",
        "street",
        "persistent_id",
        "month",
        "outcome_status",
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(KEYS | st.text(max_size=5), children, max_size=6)
    ),
    max_leaves=30,
)
CSV_CELLS = st.text(alphabet=st.sampled_from(list('abcÅ0129 ,;."\r\n\u00a0-')), max_size=12)


def _call_all(data: bytes) -> None:
    for name, parse in PARSERS.items():
        try:
            outcome = parse(data)
        except ParseError:
            continue
        assert outcome is None or isinstance(outcome, (ParseResult, str)), name


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_parsers_only_raise_parse_error_on_arbitrary_bytes(data: bytes) -> None:
    _call_all(data)
    _call_all(gzip.compress(data))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_VALUES)
def test_parsers_only_raise_parse_error_on_arbitrary_json(value: Any) -> None:
    _call_all(json.dumps(value).encode())
    _call_all(json.dumps([value, value]).encode())


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CSV_CELLS, max_size=6), max_size=6))
def test_parsers_only_raise_parse_error_on_csv_like_text(rows: list[list[str]]) -> None:
    header_sol = ",".join(bra.SOL_COLUMNS)
    header_uk = ",".join(policeuk.CSV_COLUMNS)
    for separator, header in (
        (";", "Kommun;Antal"),
        (",", header_sol),
        (",", header_uk),
        (";", ""),
    ):
        body = "\r\n".join(separator.join(row) for row in rows)
        _call_all(f"{header}\r\n{body}".encode())


def _with_separators(number: int, separator: str) -> str:
    digits = str(abs(number))
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ("-" if number < 0 else "") + separator.join(groups)


@given(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from([" ", "\u00a0", "\u202f", ""]),
)
def test_formatted_integers_round_trip_through_the_swedish_number_parser(
    number: int, separator: str
) -> None:
    text = _with_separators(number, separator)
    assert parse_swedish_int(text) == number
    assert parse_swedish_number(text) == float(number)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_decimal_commas_are_read_as_decimal_points(whole: int, hundredths: int) -> None:
    text = f"{_with_separators(whole, chr(0xA0))},{hundredths:02d}"
    assert parse_swedish_number(text) == float(f"{whole}.{hundredths:02d}")


# --- one field of a valid document replaced by anything ------------------------

VALID_DOCUMENTS: dict[str, tuple[Any, Callable[[bytes], Any]]] = {
    "polisen": (
        [
            {
                "id": 1,
                "datetime": "2025-06-06 6:39:43 +02:00",
                "name": "05 juni 23.45, Misshandel, Helsingborg",
                "summary": "s",
                "url": "/a/",
                "type": "Misshandel",
                "location": {"name": "Helsingborg", "gps": "56.046467,12.694512"},
            }
        ],
        PARSERS["polisen"],
    ),
    "policeuk": (
        [
            {
                "category": "drugs",
                "location": {
                    "latitude": "52.6",
                    "longitude": "-1.1",
                    "street": {"id": 1, "name": "X"},
                },
                "outcome_status": {"category": "c", "date": "2023-01"},
                "persistent_id": "",
                "id": 7,
                "month": "2023-01",
            }
        ],
        PARSERS["policeuk-json"],
    ),
    "kolada": (
        {
            "count": 1,
            "values": [
                {
                    "kpi": "N07403",
                    "municipality": "1283",
                    "period": 2023,
                    "values": [{"gender": "T", "count": 1, "status": "", "value": 1.5}],
                }
            ],
        },
        PARSERS["kolada"],
    ),
    "scb": (
        {
            "class": "dataset",
            "id": ["Region", "ContentsCode", "Tid"],
            "size": [1, 1, 2],
            "dimension": {
                "Region": {"category": {"index": {"1283": 0}, "label": {"1283": "Helsingborg"}}},
                "ContentsCode": {"category": {"index": ["BE0101N1"]}},
                "Tid": {"category": {"index": {"2022": 0, "2023": 1}}},
            },
            "value": [149280, 151000],
        },
        PARSERS["scb"],
    ),
}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        found += _paths(child, (*prefix, key))
    return found


def _replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(document))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


FIELD_TEXT = st.text(alphabet="0123456789 .,:-+abcjunimaräö", max_size=30)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_replacing_any_field_of_a_valid_document_never_escapes_as_another_exception(
    data: st.DataObject,
) -> None:
    name = data.draw(st.sampled_from(sorted(VALID_DOCUMENTS)))
    document, parse = VALID_DOCUMENTS[name]
    path = data.draw(st.sampled_from(_paths(document)))
    value = data.draw(JSON_VALUES | FIELD_TEXT)
    try:
        result = parse(json.dumps(_replace(document, path, value)).encode())
    except ParseError:
        return
    assert isinstance(result, ParseResult)

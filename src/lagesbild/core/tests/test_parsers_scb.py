"""Tests for the SCB JSON-stat population parser and the PxWeb query builder.

No real SCB answer exists in shared/realdata, so the answers are built here
following the JSON-stat specification: values are row-major over the
dimensions in ``id`` order, the last dimension varying fastest.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from lagesbild.core.parsers.common import ParseError
from lagesbild.core.parsers.scb import Population, parse_population, population_query
from lagesbild.core.tests.samples import sample_path


def _dimension(codes: list[str], labels: list[str], label: str) -> dict[str, Any]:
    return {
        "label": label,
        "category": {
            "index": {code: position for position, code in enumerate(codes)},
            "label": dict(zip(codes, labels, strict=True)),
        },
    }


def _jsonstat2(
    regions: list[str], region_labels: list[str], years: list[str], values: Any
) -> dict[str, Any]:
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Folkmängden efter region och år",
        "source": "SCB",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [len(regions), 1, len(years)],
        "dimension": {
            "Region": _dimension(regions, region_labels, "region"),
            "ContentsCode": _dimension(["BE0101N1"], ["Folkmängd"], "tabellinnehåll"),
            "Tid": _dimension(years, years, "år"),
        },
        "value": values,
    }


def _jsonstat1(dataset2: dict[str, Any]) -> dict[str, Any]:
    """The same data as PxWeb v1's JSON-stat 1.x bundle."""
    dimension = dict(dataset2["dimension"])
    dimension["id"] = dataset2["id"]
    dimension["size"] = dataset2["size"]
    dimension["role"] = {"time": ["Tid"], "metric": ["ContentsCode"]}
    return {
        "dataset": {"dimension": dimension, "label": dataset2["label"], "value": dataset2["value"]}
    }


def _encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


TWO_BY_TWO = _jsonstat2(
    ["1283", "1280"], ["Helsingborg", "Malmö"], ["2022", "2023"], [149280, 151000, 357377, 362133]
)


@pytest.mark.parametrize("wrap", [lambda d: d, _jsonstat1], ids=["json-stat2", "json-stat1"])
def test_values_are_read_row_major_in_id_order(wrap) -> None:
    result = parse_population(_encode(wrap(TWO_BY_TWO)), "scb.json")
    assert result.errors == result.skipped == ()
    assert result.records == (
        Population("1283", 2022, 149280),
        Population("1283", 2023, 151000),
        Population("1280", 2022, 357377),
        Population("1280", 2023, 362133),
    )


def test_dimension_order_follows_id_not_the_dimension_object() -> None:
    document = json.loads(json.dumps(TWO_BY_TWO))
    document["id"] = ["Tid", "ContentsCode", "Region"]
    document["size"] = [2, 1, 2]
    document["value"] = [149280, 357377, 151000, 362133]
    result = parse_population(_encode(document), "scb.json")
    assert sorted(result.records, key=lambda p: (p.municipality_code, p.year)) == [
        Population("1280", 2022, 357377),
        Population("1280", 2023, 362133),
        Population("1283", 2022, 149280),
        Population("1283", 2023, 151000),
    ]


def test_code_and_name_labels_are_reduced_to_the_four_digit_code() -> None:
    document = _jsonstat2(["1283 Helsingborg"], ["1283 Helsingborg"], ["2023"], [151000])
    assert parse_population(_encode(document), "x").records == (Population("1283", 2023, 151000),)
    by_label = _jsonstat2(["K1"], ["1283 Helsingborg"], ["2023"], [151000])
    assert parse_population(_encode(by_label), "x").records == (Population("1283", 2023, 151000),)


def test_the_country_and_counties_are_skipped_not_errors() -> None:
    document = _jsonstat2(
        ["00", "12", "1283"],
        ["Riket", "Skåne län", "Helsingborg"],
        ["2023"],
        [10551707, 1414000, 151000],
    )
    result = parse_population(_encode(document), "x")
    assert result.records == (Population("1283", 2023, 151000),)
    assert result.errors == ()
    assert [skip.line for skip in result.skipped] == [1, 2]


def test_a_missing_value_is_a_row_error_at_its_cell_position() -> None:
    document = _jsonstat2(["1283", "1280"], ["Helsingborg", "Malmö"], ["2023"], [151000, None])
    result = parse_population(_encode(document), "x")
    assert result.records == (Population("1283", 2023, 151000),)
    assert [(e.line, "1280" in e.reason) for e in result.errors] == [(2, True)]


def test_sparse_values_of_json_stat2_are_accepted() -> None:
    document = _jsonstat2(["1283", "1280"], ["Helsingborg", "Malmö"], ["2023"], {"1": 362133})
    assert parse_population(_encode(document), "x").records == (Population("1280", 2023, 362133),)


def test_other_contents_codes_are_skipped() -> None:
    document = _jsonstat2(["1283"], ["Helsingborg"], ["2023"], [151000, 1720])
    document["size"] = [1, 2, 1]
    document["dimension"]["ContentsCode"] = _dimension(
        ["BE0101N1", "BE0101N2"], ["Folkmängd", "Folkökning"], "tabellinnehåll"
    )
    result = parse_population(_encode(document), "x")
    assert result.records == (Population("1283", 2023, 151000),)
    assert [skip.line for skip in result.skipped] == [2]


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(value=[1, 2, 3]),
        lambda d: d["dimension"].pop("Tid"),
        lambda d: d.update(id=["Region", "ContentsCode"], size=[2, 1]),
        lambda d: d.update(
            id=["Region", "ContentsCode", "Tid", "Kon"],
            size=[2, 1, 2, 2],
            dimension={**d["dimension"], "Kon": _dimension(["1", "2"], ["män", "kvinnor"], "kön")},
        ),
    ],
    ids=["wrong-cell-count", "dimension-missing", "no-time", "unsummed-extra-dimension"],
)
def test_documents_with_an_unusable_layout_raise_parse_error(mutate) -> None:
    document = json.loads(json.dumps(TWO_BY_TWO))
    mutate(document)
    with pytest.raises(ParseError):
        parse_population(_encode(document), "x")


def test_the_query_has_the_shape_of_the_real_pxweb_query_body() -> None:
    real = json.loads(
        sample_path("scb", "pxweb-v1-query-jsonstat-rOpenGov-pxweb.json").read_bytes()
    )
    query = population_query(["1283", "1280"], [2022, "2023"])
    assert query.keys() == real.keys()
    assert query["response"] == real["response"] == {"format": "json-stat"}
    assert all(item.keys() == real["query"][0].keys() for item in query["query"])
    assert all(
        item["selection"].keys() == real["query"][0]["selection"].keys() for item in query["query"]
    )
    assert query["query"] == [
        {
            "code": "Region",
            "selection": {"filter": "vs:RegionKommun07", "values": ["1283", "1280"]},
        },
        {"code": "ContentsCode", "selection": {"filter": "item", "values": ["BE0101N1"]}},
        {"code": "Tid", "selection": {"filter": "item", "values": ["2022", "2023"]}},
    ]
    # The real body asks for the same ContentsCode.
    assert "BE0101N1" in real["query"][0]["selection"]["values"]


@pytest.mark.parametrize(("codes", "years"), [(["12"], [2023]), (["1283"], ["23"]), ([], [2023])])
def test_the_query_rejects_bad_codes_and_years(codes: list[str], years: list[Any]) -> None:
    with pytest.raises(ValueError):
        population_query(codes, years)

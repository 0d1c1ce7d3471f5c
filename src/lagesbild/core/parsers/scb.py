"""Parser for SCB population figures delivered as JSON-stat by PxWeb.

Table BE0101N1 ("Folkmängd", population on 31 December) is read from
``BE/BE0101/BE0101A/BefolkningNy``. PxWeb v1 answers a query with
``"response": {"format": "json-stat"}`` in JSON-stat 1.x, a bundle
``{"dataset": {"dimension": {…, "id": […], "size": […]}, "value": […]}}``;
PxWebApi 2 (``outputFormat=json-stat2``) answers in JSON-stat 2.0, a single
object with ``"class": "dataset"`` and ``id``/``size`` at the top. Both are
read here. In both, ``value`` is a flat row-major array over the dimensions in
``id`` order (or, in 2.0, an object of sparse ``{"index": value}``).

No real SCB response was available (``shared/realdata/scb/SOURCES.md``),
so this follows the JSON-stat specification and the real query body.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lagesbild.core.i18n import gettext as _

from .common import (
    ParseError,
    ParseResult,
    RowProblem,
    collect_rows,
    load_json_document,
    skip_row,
)

__all__ = [
    "POPULATION_CONTENTS_CODE",
    "POPULATION_URL",
    "REGION_FILTER",
    "Population",
    "parse_population",
    "population_query",
]

#: PxWeb v1 address of the population table (POST a query body here).
POPULATION_URL = "https://api.scb.se/OV0104/v1/doris/sv/ssd/START/BE/BE0101/BE0101A/BefolkningNy"
#: ContentsCode of "Folkmängd" in that table.
POPULATION_CONTENTS_CODE = "BE0101N1"
#: Value set that selects municipalities (kommuner, 2007 division).
REGION_FILTER = "vs:RegionKommun07"

_REGION, _TIME, _CONTENTS = "Region", "Tid", "ContentsCode"
# "1283", "1283 Helsingborg", "12", "12 Skåne län", "00 Riket".
_REGION_CODE = re.compile(r"(\d{4}|\d{2})(?:\s.*)?", re.DOTALL)
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class Population:
    """Population of one municipality on 31 December of a year.

    Attributes
    ----------
    municipality_code : str
        Four-digit SCB code ("1283").
    year : int
        The year.
    population : int
        Number of inhabitants.
    """

    municipality_code: str
    year: int
    population: int


@dataclass(frozen=True, slots=True)
class _Cube:
    """The parts of a JSON-stat dataset this parser needs."""

    ids: tuple[str, ...]
    sizes: tuple[int, ...]
    categories: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, Mapping[str, str]]
    values: tuple[tuple[int, Any], ...]


def parse_population(data: bytes, source: str) -> ParseResult[Population]:
    """Parse a JSON-stat (1.x bundle or 2.0 dataset) population answer.

    Cells for the whole country ("00") and counties (two-digit codes) are
    recorded as skipped, as are cells of other ContentsCodes such as
    BE0101N2 (Folkökning). Each cell's "line" is its position in the flat
    ``value`` array plus one.

    Parameters
    ----------
    data : bytes
        The response body, optionally gzipped.
    source : str
        Label used in errors.

    Returns
    -------
    ParseResult of Population
        One record per municipality and year.

    Raises
    ------
    ParseError
        If the body is not JSON-stat with Region and Tid dimensions, or has
        another dimension with more than one category (summing those is the
        caller's decision, not the parser's).
    """
    cube = _read_cube(load_json_document(data, source), source)
    rows = ((index + 1, _coordinates(cube, index, value)) for index, value in cube.values)
    records, errors, skipped = collect_rows(rows, source, _population_cell)
    return ParseResult(tuple(records), tuple(errors), tuple(skipped))


def _read_cube(document: Any, source: str) -> _Cube:
    dataset = _find_dataset(document, source)
    dimension = dataset.get("dimension")
    if not isinstance(dimension, Mapping):
        raise ParseError(source, _("JSON-stat-datasetet saknar objektet dimension"))
    # JSON-stat 2.0 keeps id/size on the dataset, 1.x inside "dimension".
    ids = _string_list(dataset.get("id", dimension.get("id")), "id", source)
    sizes = _size_list(dataset.get("size", dimension.get("size")), len(ids), source)
    categories = {name: _category_codes(dimension.get(name), name, source) for name in ids}
    for name, size in zip(ids, sizes, strict=True):
        if len(categories[name]) != size:
            raise ParseError(
                source,
                _("dimensionen %(name)r har %(found)d kategorier men size anger %(size)d")
                % {"name": name, "found": len(categories[name]), "size": size},
            )
    _check_dimensions(ids, sizes, source)
    labels = {name: _category_labels(dimension.get(name)) for name in ids}
    values = _values(dataset.get("value"), math.prod(sizes), source)
    return _Cube(tuple(ids), tuple(sizes), categories, labels, values)


def _find_dataset(document: Any, source: str) -> Mapping[str, Any]:
    if not isinstance(document, Mapping):
        raise ParseError(source, _("JSON-stat-svaret är inget objekt"))
    if document.get("class") == "dataset":
        return document
    # A 1.x bundle: {"<name>": {dataset}}; PxWeb names it "dataset".
    for candidate in document.values():
        if isinstance(candidate, Mapping) and "dimension" in candidate:
            return candidate
    raise ParseError(source, _("inget JSON-stat-dataset hittades"))


def _string_list(value: Any, what: str, source: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ParseError(
            source, _("JSON-stat-fältet %(what)s är ingen lista av texter") % {"what": what}
        )
    if len(set(value)) != len(value):
        raise ParseError(
            source, _("JSON-stat-fältet %(what)s upprepar en dimension") % {"what": what}
        )
    return value


def _size_list(value: Any, length: int, source: str) -> list[int]:
    if (
        not isinstance(value, list)
        or len(value) != length
        or not all(
            isinstance(item, int) and not isinstance(item, bool) and item >= 0 for item in value
        )
    ):
        raise ParseError(source, _("JSON-stat-fältet size stämmer inte med id"))
    return value


def _category_codes(dimension: Any, name: str, source: str) -> tuple[str, ...]:
    category = dimension.get("category") if isinstance(dimension, Mapping) else None
    if not isinstance(category, Mapping):
        raise ParseError(source, _("dimensionen %(name)r saknar category") % {"name": name})
    index = category.get("index")
    if index is None and isinstance(category.get("label"), Mapping) and len(category["label"]) == 1:
        # The spec lets a single-category dimension omit its index.
        return tuple(category["label"])
    if isinstance(index, list) and all(isinstance(code, str) for code in index):
        if len(set(index)) != len(index):
            raise ParseError(
                source, _("dimensionen %(name)r upprepar en kategori") % {"name": name}
            )
        return tuple(index)
    if isinstance(index, Mapping):
        return _ordered_index(index, name, source)
    raise ParseError(
        source, _("dimensionen %(name)r saknar ett användbart kategoriindex") % {"name": name}
    )


def _ordered_index(index: Mapping[str, Any], name: str, source: str) -> tuple[str, ...]:
    positions = list(index.values())
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in positions) or sorted(
        positions
    ) != list(range(len(positions))):
        raise ParseError(
            source, _("dimensionen %(name)r har ett trasigt kategoriindex") % {"name": name}
        )
    return tuple(sorted(index, key=index.__getitem__))


def _category_labels(dimension: Any) -> Mapping[str, str]:
    category = dimension.get("category") if isinstance(dimension, Mapping) else None
    labels = category.get("label") if isinstance(category, Mapping) else None
    if not isinstance(labels, Mapping):
        return {}
    return {code: label for code, label in labels.items() if isinstance(label, str)}


def _check_dimensions(ids: Sequence[str], sizes: Sequence[int], source: str) -> None:
    for required in (_REGION, _TIME):
        if required not in ids:
            raise ParseError(
                source, _("JSON-stat-svaret saknar dimensionen %(name)r") % {"name": required}
            )
    for name, size in zip(ids, sizes, strict=True):
        if name not in (_REGION, _TIME, _CONTENTS) and size > 1:
            raise ParseError(
                source,
                _("dimensionen %(name)r har %(size)d kategorier; välj en (eller eliminera den)")
                % {"name": name, "size": size},
            )


def _values(value: Any, total: int, source: str) -> tuple[tuple[int, Any], ...]:
    if isinstance(value, list):
        if len(value) != total:
            raise ParseError(
                source,
                _("value har %(cells)d celler men dimensionerna ger %(total)d")
                % {"cells": len(value), "total": total},
            )
        return tuple(enumerate(value))
    if isinstance(value, Mapping):
        return tuple(sorted(_sparse_cell(key, cell, total, source) for key, cell in value.items()))
    raise ParseError(source, _("JSON-stat-fältet value är varken en lista eller ett objekt"))


def _sparse_cell(key: str, cell: Any, total: int, source: str) -> tuple[int, Any]:
    if not (key.isascii() and key.isdigit() and int(key) < total):
        raise ParseError(source, _("nyckeln %(key)r i value är inget cellindex") % {"key": key})
    return int(key), cell


def _coordinates(
    cube: _Cube, index: int, value: Any
) -> tuple[dict[str, str], Mapping[str, Mapping[str, str]], Any]:
    # Row-major: the last dimension in `id` varies fastest.
    codes: dict[str, str] = {}
    for name, size in zip(reversed(cube.ids), reversed(cube.sizes), strict=True):
        index, position = divmod(index, size)
        codes[name] = cube.categories[name][position]
    return codes, cube.labels, value


def _population_cell(
    cell: tuple[dict[str, str], Mapping[str, Mapping[str, str]], Any], line: int
) -> Population:
    codes, labels, value = cell
    contents = codes.get(_CONTENTS, POPULATION_CONTENTS_CODE)
    if contents != POPULATION_CONTENTS_CODE:
        raise skip_row(_("ContentsCode %(code)r är inte folkmängd") % {"code": contents})
    region = _municipality(codes[_REGION], labels.get(_REGION, {}).get(codes[_REGION], ""))
    year = codes[_TIME]
    if not _YEAR.fullmatch(year):
        raise RowProblem(_("Tid %(value)r är inget årtal") % {"value": year})
    return Population(region, int(year), _inhabitants(value, region, year))


def _municipality(code: str, label: str) -> str:
    # Some tables put the name in the code ("1283 Helsingborg"); others
    # have a bare code and the name in the label. Try the code, then the label.
    for text in (code.strip(), label.strip()):
        match = _REGION_CODE.fullmatch(text)
        if match is None:
            continue
        digits = match.group(1)
        if len(digits) == 2 or digits.startswith("00"):
            raise skip_row(_("regionen %(region)r är riket eller ett län") % {"region": text})
        return digits
    raise RowProblem(_("regionen %(region)r har ingen kommunkod från SCB") % {"region": code})


def _inhabitants(value: Any, region: str, year: str) -> int:
    if value is None:
        raise RowProblem(
            _("inget värde för %(region)s %(year)s") % {"region": region, "year": year}
        )
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RowProblem(
            _("värdet %(value)r för %(region)s %(year)s är inget tal")
            % {"value": value, "region": region, "year": year}
        )
    if not float(value).is_integer() or value < 0:
        raise RowProblem(
            _("värdet %(value)r för %(region)s %(year)s är inget antal personer")
            % {"value": value, "region": region, "year": year}
        )
    return int(value)


def population_query(
    codes: Iterable[str],
    years: Iterable[int | str],
    *,
    response_format: str = "json-stat",
) -> dict[str, Any]:
    """Build a PxWeb v1 query body for Folkmängd by municipality and year.

    The shape follows the real query body in ``shared/realdata/scb`` and
    FORMATS.md §4; Alder, Kon and Civilstand are left out so that PxWeb
    eliminates (sums) them.

    Parameters
    ----------
    codes : iterable of str
        Four-digit municipality codes, e.g. ``["1283"]``.
    years : iterable of int or str
        Years, e.g. ``[2022, 2023]``.
    response_format : str, optional
        ``"json-stat"`` (default) or ``"json-stat2"``.

    Returns
    -------
    dict
        The JSON-serialisable request body for :data:`POPULATION_URL`.

    Raises
    ------
    ValueError
        For a code that is not four digits, a year that is not four digits,
        or an empty selection.
    """
    region_values = _checked(codes, re.compile(r"\d{4}"), "municipality code")
    year_values = _checked((str(year) for year in years), _YEAR, "year")
    return {
        "query": [
            _selection(_REGION, REGION_FILTER, region_values),
            _selection(_CONTENTS, "item", [POPULATION_CONTENTS_CODE]),
            _selection(_TIME, "item", year_values),
        ],
        "response": {"format": response_format},
    }


def _checked(values: Iterable[str], pattern: re.Pattern[str], what: str) -> list[str]:
    checked = list(dict.fromkeys(values))
    if not checked:
        raise ValueError(f"no {what} given")
    for value in checked:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(f"invalid {what} {value!r}")
    return checked


def _selection(code: str, filter_: str, values: list[str]) -> dict[str, Any]:
    return {"code": code, "selection": {"filter": filter_, "values": values}}

"""Parser for Kolada KPI values (``https://api.kolada.se/v3/data/…``).

A data answer (``/v3/data/kpi/{kpi}/municipality/{id}/year/{y}``) looks like::

    {"count": 1,
     "values": [{"kpi": "N07403", "municipality": "1283", "period": 2023,
                 "values": [{"gender": "T", "count": 1, "status": "", "value": 12.3}]}],
     "next_url": "https://api.kolada.se/v3/…&page=2"}

This is the nesting documented for v2 (Hypergene/kolada README), which v3
keeps; v3 renames the pagination field ``next_page`` → ``next_url`` and adds
an ``isdeleted`` flag on data rows. No real recorded answer was available
(``shared/realdata/kolada/SOURCES.md``), so both pagination names are read,
``period`` is accepted as a number or a digit string, and rows flagged
deleted are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lagesbild.core.i18n import gettext as _

from .common import (
    ParseError,
    ParseResult,
    RowProblem,
    collect_rows,
    load_json_document,
    require_mapping,
    require_str,
    skip_row,
)

__all__ = ["GENDERS", "KpiValue", "next_page_url", "parse_kpi_values"]

#: Kolada's gender codes: T total, K kvinnor (women), M män (men).
GENDERS = frozenset({"T", "K", "M"})

_MUNICIPALITY = re.compile(r"\d{4}")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class KpiValue:
    """One KPI value for one municipality, year and gender.

    Attributes
    ----------
    kpi : str
        KPI id, e.g. "N07403".
    municipality_code : str
        Four-digit id as Kolada writes it ("1283"; "0000" is the country,
        regions have ids such as "0012").
    year : int
        The period.
    gender : str
        "T" (total, what callers normally want), "K" or "M".
    value : float or None
        The value; None when Kolada has no value.
    status : str
        Kolada's status text, usually empty.
    """

    kpi: str
    municipality_code: str
    year: int
    gender: str
    value: float | None
    status: str


def parse_kpi_values(data: bytes, source: str) -> ParseResult[KpiValue]:
    """Parse one page of a Kolada data answer.

    Each gender value becomes a record. The "line" of errors and skips is the
    1-based position of the outer row in ``values``.

    Parameters
    ----------
    data : bytes
        The response body, optionally gzipped.
    source : str
        Label used in errors (e.g. the request URL).

    Returns
    -------
    ParseResult of KpiValue
        Records in answer order.

    Raises
    ------
    ParseError
        If the body is not a JSON object with a ``values`` list.
    """
    rows = _rows(load_json_document(data, source), source)
    groups, errors, skipped = collect_rows(
        [(index + 1, row) for index, row in enumerate(rows)], source, _parse_row
    )
    records = tuple(value for group in groups for value in group)
    return ParseResult(records, tuple(errors), tuple(skipped))


def _rows(document: Any, source: str) -> list[Any]:
    if not isinstance(document, Mapping) or not isinstance(document.get("values"), list):
        raise ParseError(source, _("inget svar från Kolada: listan 'values' saknas"))
    return document["values"]


def _parse_row(raw: Any, line: int) -> tuple[KpiValue, ...]:
    row = require_mapping(raw, lambda: _("raden"))
    if row.get("isdeleted") is True:
        raise skip_row(_("raden är markerad som borttagen"))
    kpi = require_str(row, "kpi").strip()
    municipality = require_str(row, "municipality").strip()
    if not _MUNICIPALITY.fullmatch(municipality):
        raise RowProblem(_("kommunen %(value)r är ingen fyrsiffrig kod") % {"value": municipality})
    year = _year(row.get("period"))
    genders = row.get("values")
    if not isinstance(genders, list) or not genders:
        raise RowProblem(_("raden saknar listan 'values'"))
    values = tuple(_gender_value(item, kpi, municipality, year) for item in genders)
    if len({value.gender for value in values}) != len(values):
        raise RowProblem(_("ett kön förekommer två gånger på samma rad"))
    return values


def _year(period: Any) -> int:
    # v2 documents period as a string, answers carry a number; take both.
    if isinstance(period, int) and not isinstance(period, bool):
        period = str(period)
    if not isinstance(period, str) or not _YEAR.fullmatch(period):
        raise RowProblem(_("perioden %(value)r är inget årtal") % {"value": period})
    return int(period)


def _gender_value(raw: Any, kpi: str, municipality: str, year: int) -> KpiValue:
    item = require_mapping(raw, lambda: _("värdet per kön"))
    gender = item.get("gender")
    if not isinstance(gender, str) or gender not in GENDERS:
        raise RowProblem(_("kön %(value)r är inte T, K eller M") % {"value": gender})
    status = item.get("status") or ""
    if not isinstance(status, str):
        raise RowProblem(_("status %(value)r är ingen text") % {"value": status})
    return KpiValue(kpi, municipality, year, gender, _number(item.get("value")), status)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RowProblem(_("värdet %(value)r är inget tal") % {"value": value})
    return float(value)


def next_page_url(data: bytes | Mapping[str, Any], source: str = "kolada") -> str | None:
    """Return the URL of the next page, or None on the last page.

    Parameters
    ----------
    data : bytes or Mapping
        The response body, or the already decoded JSON object.
    source : str, optional
        Label used in errors.

    Returns
    -------
    str or None
        ``next_url`` (v3) or ``next_page`` (v2) when it is a non-empty
        HTTPS URL.

    Raises
    ------
    ParseError
        If ``data`` is bytes that are not a JSON object, or the next page
        is not an HTTPS URL (following it would leave the API).
    """
    document = load_json_document(data, source) if isinstance(data, (bytes, bytearray)) else data
    if not isinstance(document, Mapping):
        raise ParseError(source, _("inget svar från Kolada: inget JSON-objekt"))
    url = document.get("next_url", document.get("next_page"))
    if url is None or url == "":
        return None
    if not isinstance(url, str) or not url.startswith("https://"):
        raise ParseError(source, _("nästa sida %(url)r är ingen HTTPS-adress") % {"url": url})
    return url

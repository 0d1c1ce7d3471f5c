"""The statistics explorer's figures as JSON, as a table (CSV, Excel) and as charts (SVG, PNG).

Every output is built from one ``Exploration``; none computes a figure of its own.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from typing import Any

from lagesbild.analysis.explorer import COUNT, CategoryRow, Exploration, YearCell
from lagesbild.core.charts import BRAND, PEER_GREY, data_uri, render_png, render_svg
from lagesbild.core.exports import DECIMAL, Column, Sheet, to_csv, to_xlsx
from lagesbild.core.i18n import format_number
from lagesbild.core.i18n import gettext as _
from lagesbild.core.narrative import format_count, no_trend_reason, trend_is_stated

TABLE_FORMATS = ("csv", "xlsx")
CHART_FORMATS = ("svg", "png")
PEER_MEDIAN = "Median, jämförbara kommuner"
PEER_ONE = "Jämförbar kommun"  # one peer in every year: its value, not a median


def _number(value: float | None, digits: int = 4) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits)


# --- JSON --------------------------------------------------------------------------------------


def exploration_dict(e: Exploration) -> dict[str, Any]:
    """The API's answer: the query, the peers and per category the years and sentences."""
    return {
        "municipality": e.municipality_code,
        "municipality_name": e.municipality_name,
        "from": e.query.first_year,
        "to": e.query.last_year,
        "measure": e.query.measure,
        "peers": {
            "rule": "chosen" if e.query.peer_codes is not None else "band",
            "band": None
            if e.band is None
            else {"lower": e.band.lower, "upper": e.band.upper, "label": e.band.label},
            "band_year": e.band_year,
            "municipalities": [asdict(p) for p in e.peers],
        },
        "categories": [_row_dict(row, e.preliminary) for row in e.rows],
        "partial_notes": list(e.partial_notes),
        "synthetic": e.synthetic,
        "source": e.source,
    }


def _row_dict(row: CategoryRow, preliminary: frozenset[int]) -> dict[str, Any]:
    return {
        "category": row.key,
        "label": row.label,
        "level": row.level,
        "years": [
            {
                "year": cell.year,
                "preliminary": cell.year in preliminary,
                "count": cell.count,
                "population": cell.population,
                "rate_per_100k": _number(cell.rate),
                "peers": None
                if cell.peers is None
                else {
                    "n": cell.peers.n,
                    "median": _number(cell.peers.median),
                    "low": _number(cell.peers.low),
                    "high": _number(cell.peers.high),
                },
            }
            for cell in row.cells
        ],
        "statements": [{"kind": s.kind, "text": s.text} for s in row.statements],
        "no_change": row.no_change,
        # "significant" is what the sentences state (rules 12-14), as the statutory API says it:
        # a p below 0.05 from three years, or from a handful of crimes, is no trend.
        "trend": None
        if row.trend is None
        else {
            "method": row.trend.method,
            "annual_change": _number(row.trend.annual_change),
            "p_value": _number(row.trend.p_value),
            "significant": trend_is_stated(row.trend),
            "trend_reason": no_trend_reason(row.trend),
        },
    }


# --- the table ---------------------------------------------------------------------------------


def table(e: Exploration) -> tuple[list[Column], list[dict[str, Any]]]:
    """One row per category and year: the municipality's count, population and rate, and the
    peers' number, median, lowest and highest in the measure chosen.

    One peer's value is no median and no range: its lowest and highest are left empty, and
    when every category has one peer in every year the column is headed as the page heads
    it (``PEER_ONE``). A year with preliminary Brå figures says so, as the page's head does.
    Headings and words are in the requester's language, as the page is."""
    unit = {"unit": _("antal") if e.query.measure == COUNT else _("per 100 000")}
    single = bool(e.rows) and all(row.single_peer for row in e.rows)
    peer_heading = (
        _("Jämförbar kommun (%(unit)s)") if single else _("Jämförbara, median (%(unit)s)")
    )
    columns = [
        Column("category", _("Kategori")),
        Column("code", _("Kod")),
        Column("year", _("År")),
        Column("count", _("Anmälda brott")),
        Column("population", _("Folkmängd")),
        Column("rate", _("Per 100 000 invånare"), DECIMAL),
        Column("peers", _("Jämförbara kommuner med siffror")),
        Column("peer_median", peer_heading % unit, DECIMAL),
        Column("peer_low", _("Jämförbara, lägst (%(unit)s)") % unit, DECIMAL),
        Column("peer_high", _("Jämförbara, högst (%(unit)s)") % unit, DECIMAL),
        Column("preliminary", _("Preliminära siffror")),
    ]
    rows = []
    # Without any Brå figure the files are the headings and the note, as the page shows no table.
    for row in e.rows if e.has_figures else ():
        for cell in row.cells:
            summary = cell.peers
            ranged = summary is not None and summary.n > 1
            rows.append(
                {
                    "category": row.label,
                    "code": row.key,
                    "year": cell.year,
                    "preliminary": _("ja") if cell.year in e.preliminary else "",
                    "count": cell.count,
                    "population": cell.population,
                    "rate": _number(cell.rate, 1),
                    "peers": summary.n if summary else 0,
                    "peer_median": _number(summary.median, 1) if summary else None,
                    "peer_low": _number(summary.low, 1) if summary and ranged else None,
                    "peer_high": _number(summary.high, 1) if summary and ranged else None,
                }
            )
    return columns, rows


def table_file(e: Exploration, fmt: str) -> bytes:
    """The table as CSV, or as Excel with the sentences and the peers on sheets of their own."""
    columns, rows = table(e)
    if fmt == "csv":
        return to_csv(rows, columns)
    # The page's text beside the table: each category's sentences, or why it has none.
    sentences = [
        {"category": row.label, "kind": s.kind, "text": s.text}
        for row in e.rows
        for s in row.statements
    ] + [
        {"category": row.label, "kind": _("ingen förändring beskrivs"), "text": row.no_change}
        for row in e.rows
        if row.no_change
    ]
    peers = [{"code": p.code, "name": p.name, "population": p.population} for p in e.peers]
    return to_xlsx(
        [
            Sheet(_("Statistik"), columns, rows),
            Sheet(
                _("Beskrivning"),
                [
                    Column("category", _("Kategori")),
                    Column("kind", _("Jämförelse")),
                    Column("text", _("Text")),
                ],
                sentences,
            ),
            Sheet(
                _("Jämförbara kommuner"),
                [
                    Column("code", _("Kod")),
                    Column("name", _("Kommun")),
                    Column("population", _("Folkmängd")),
                ],
                peers,
            ),
            Sheet(_("Om"), [Column("text", _("Om tabellen"))], [{"text": t} for t in notes(e)]),
        ]
    )


def no_figures_note(e: Exploration) -> str:
    """The page's sentence when the municipality has no Brå figure at all."""
    return _(
        "Det finns ännu inga Brå-siffror för %(municipality)s, så statistiken kan inte visas."
    ) % {"municipality": e.municipality_name}


def notes(e: Exploration) -> list[str]:
    """What the page says about the table as a whole, for the Excel file's "Om" sheet."""
    said = []
    if not e.has_figures:
        said.append(no_figures_note(e))
    if e.synthetic:
        said.append(
            _(
                "Brå-siffrorna och folkmängden för kommunen är syntetiska demodata, inte verklig "
                "statistik."
            )
        )
    said += list(e.partial_notes)
    if e.preliminary:
        years = ", ".join(str(year) for year in sorted(e.preliminary))
        said.append(_("Brå-siffrorna för %(years)s är preliminära.") % {"years": years})
    said.append(_("Källa: %(source)s") % {"source": _(e.source)} + ".")
    return said


# --- the chart ---------------------------------------------------------------------------------


def chart_spec(e: Exploration, row: CategoryRow) -> dict[str, Any]:
    """A line of the municipality's figures beside the peers' median, over their range."""
    measure = e.query.measure
    # The chart is read on the page, in its language, as the files are.
    peer_series = _(PEER_ONE) if row.single_peer else _(PEER_MEDIAN)
    values: list[dict[str, Any]] = []
    for cell in row.cells:
        year = str(cell.year)
        own = cell.value(measure)
        if own is not None:
            values.append({"år": year, "serie": e.municipality_name, "värde": own})
        if cell.peers is not None:
            values.append({"år": year, "serie": peer_series, "värde": cell.peers.median})
        if cell.peers is not None and cell.peers.n > 1:
            values.append({"år": year, "lägst": cell.peers.low, "högst": cell.peers.high})
    title = _("Anmälda brott") if measure == COUNT else _("Anmälda brott per 100 000 invånare")
    shaded = "" if row.single_peer else _("; grått fält: lägst–högst bland jämförbara kommuner")
    # A downloaded chart travels without the page: a preliminary year is named on it.
    preliminary = sorted(year for year in e.preliminary if year in e.years)
    marked = (
        [
            _("Brå-siffrorna för %(years)s är preliminära.")
            % {"years": ", ".join(map(str, preliminary))}
        ]
        if preliminary
        else []
    )
    x = {"field": "år", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": {
            "text": row.label,
            "subtitle": [
                f"{title} {e.years.start}–{e.years.stop - 1}{shaded}.",
                *marked,
                _("Källa: %(source)s") % {"source": _(e.source)},
            ],
        },
        "width": 520,
        "height": 220,
        "data": {"values": values},
        "layer": [
            {
                "transform": [{"filter": "isValid(datum['lägst'])"}],
                "mark": {"type": "area", "color": PEER_GREY, "opacity": 0.25},
                "encoding": {
                    "x": x,
                    "y": {"field": "lägst", "type": "quantitative"},
                    "y2": {"field": "högst"},
                },
            },
            {
                "transform": [{"filter": "isValid(datum['serie'])"}],
                "mark": {"type": "line", "point": {"filled": True, "size": 40}, "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "värde",
                        "type": "quantitative",
                        "title": _("Antal") if measure == COUNT else _("Per 100 000"),
                        "scale": {"zero": True},
                        "axis": {"format": ",d", "tickCount": 5},
                    },
                    "color": {
                        "field": "serie",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": [e.municipality_name, peer_series],
                            "range": [BRAND, PEER_GREY],
                        },
                        "legend": {"orient": "bottom"},
                    },
                    "strokeDash": {
                        "field": "serie",
                        "type": "nominal",
                        "scale": {
                            "domain": [e.municipality_name, peer_series],
                            "range": [[1, 0], [5, 3]],
                        },
                        "legend": None,
                    },
                },
            },
        ],
    }


def _shown(value: float | None, measure: str = COUNT) -> str:
    """A count as a whole number; a rate with one decimal, as the page's table writes it (a
    rate of 0,4 per 100 000 is not 0)."""
    if value is None:
        return "–"
    return format_count(round(value)) if measure == COUNT else format_number(value, 1)


def _peer_words(cell: YearCell, measure: str = COUNT) -> str:
    if cell.peers is None:
        return ""
    value = _shown(cell.peers.median, measure)
    if cell.peers.n == 1:
        return " " + _("(1 jämförbar kommun: %(value)s)") % {"value": value}
    return " " + _("(median %(value)s)") % {"value": value}


def chart_alt(e: Exploration, row: CategoryRow) -> str:
    """The chart in words: every year's value and the peers' median (one peer: its value)."""
    measure = e.query.measure
    years = "; ".join(
        f"{cell.year}: {_shown(cell.value(measure), measure)}{_peer_words(cell, measure)}"
        for cell in row.cells
    )
    peers = (
        _("värdet för den jämförbara kommunen")
        if row.single_peer
        else _("medianen för jämförbara kommuner")
    )
    return _(
        "Linjediagram: %(category)s, %(municipality)s, %(measure)s, med %(peers)s inom "
        "parentes. %(years)s."
    ) % {
        "category": row.label.lower(),
        "municipality": e.municipality_name,
        "measure": _(e.measure_label),
        "peers": peers,
        "years": years,
    }


def chart_file(e: Exploration, row: CategoryRow, fmt: str) -> bytes:
    spec = chart_spec(e, row)
    return render_svg(spec).encode("utf-8") if fmt == "svg" else render_png(spec)


def chart_uri(e: Exploration, row: CategoryRow) -> str:
    return data_uri(render_svg(chart_spec(e, row)))

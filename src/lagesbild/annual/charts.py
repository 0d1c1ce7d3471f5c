"""Charts of the yearly report (rendered by ``core/charts.py``: Vega-Lite → SVG)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from lagesbild.annual.services import BRA_SOURCE, AnnualReport, CategoryReport
from lagesbild.annual.templatetags.annual_report import signed_text
from lagesbild.core.charts import (
    BRAND,
    DOWN,
    INK,
    PEER_GREY,
    UP,
    Chart,
    data_uri,
    render_svg,
)
from lagesbild.core.narrative import format_count, percent_is_stated


@dataclass(frozen=True)
class ReportCharts:
    series: dict[str, Chart] = field(default_factory=dict)
    peers: dict[str, Chart] = field(default_factory=dict)
    change: Chart | None = None


def _title(text: str, subtitle: str) -> dict[str, Any]:
    return {"text": text, "subtitle": subtitle}


def series_spec(category: CategoryReport) -> dict[str, Any]:
    """Return the spec of a category's yearly counts as a line with points."""
    values = [{"år": str(p.year), "antal": p.count} for p in category.series if p.count is not None]
    first, last = category.series[0].year, category.series[-1].year
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": _title(
            category.label,
            _("Anmälda brott %(first)s–%(last)s. %(source)s")
            % {"first": first, "last": last, "source": _(BRA_SOURCE)},
        ),
        "width": 460,
        "height": 150,
        "data": {"values": values},
        "mark": {
            "type": "line",
            "point": {"filled": True, "size": 40},
            "color": BRAND,
            "strokeWidth": 2,
        },
        "encoding": {
            "x": {"field": "år", "type": "ordinal", "title": None, "axis": {"labelAngle": 0}},
            "y": {
                "field": "antal",
                "type": "quantitative",
                "title": _("Antal"),
                "scale": {"zero": True},
                "axis": {"format": ",d", "tickCount": 4},
            },
        },
    }


def change_spec(report: AnnualReport) -> dict[str, Any] | None:
    """Return the spec of each top-level category's change against the base year, as bars.

    A bar is drawn only where the sentence gives a percentage (both counts at least
    ``MIN_COUNT``, rule 5), and labelled with the whole percent the table and sentence print.
    """
    rows = [c for c in ([report.total] if report.total else []) + list(report.top_categories)]
    bars = [
        (
            c.label,
            c.base.change.relative,
            signed_text(c.base.percent, c.base.change.relative < 0),
        )
        for c in rows
        if c.base is not None
        and c.base.change.relative is not None
        and c.base.percent is not None
        and percent_is_stated(c.base.change.from_value, c.base.change.to_value)
    ]
    values = [
        {"kategori": label, "förändring": relative, "etikett": text}
        for label, relative, text in bars
    ]
    if not values:
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": _title(
            _("Förändring %(base)s–%(year)s") % {"base": report.base_year, "year": report.year},
            _("Anmälda brott. %(source)s") % {"source": _(BRA_SOURCE)},
        ),
        "width": 420,
        "data": {"values": values},
        "encoding": {
            # The largest decrease on top. An explicit list: a field sort is dropped when the
            # filtered label layers are merged into one scale.
            "y": {
                "field": "kategori",
                "type": "nominal",
                "title": None,
                "sort": [bar[0] for bar in sorted(bars, key=lambda bar: bar[1])],
            },
            "x": {
                "field": "förändring",
                "type": "quantitative",
                "title": None,
                "axis": {"format": "+.0%", "tickCount": 5},
                # Room for the labels at both ends of the bars.
                "scale": {"padding": 40},
            },
        },
        "layer": [
            {
                "mark": {"type": "bar", "height": {"band": 0.7}},
                "encoding": {
                    "color": {
                        "condition": {"test": "datum['förändring'] < 0", "value": DOWN},
                        "value": UP,
                    }
                },
            },
            # Labels beyond the bar ends: left of decreases, right of increases.
            _bar_label("datum['förändring'] < 0", "right", -4),
            _bar_label("datum['förändring'] >= 0", "left", 4),
        ],
    }


def _bar_label(test: str, align: str, dx: int) -> dict[str, Any]:
    return {
        "transform": [{"filter": test}],
        "mark": {"type": "text", "align": align, "dx": dx, "color": INK, "fontSize": 10},
        "encoding": {"text": {"field": "etikett"}},
    }


def peers_spec(category: CategoryReport) -> dict[str, Any] | None:
    """Return the spec of the rate per 100 000 against similar municipalities, as bars."""
    peers = category.peers
    if peers is None or len(peers.peers) < 2:
        return None
    values = [{"kommun": p.name, "per100k": p.rate, "egen": p.is_self} for p in peers.peers]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "height": {"band": 0.7}},
            "encoding": {
                "color": {"condition": {"test": "datum.egen", "value": BRAND}, "value": PEER_GREY},
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "color": INK, "fontSize": 10},
            "encoding": {"text": {"field": "per100k", "format": ",.0f"}},
        },
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": _title(
            _("%(label)s: per 100 000 invånare %(year)s")
            % {"label": category.label, "year": peers.year},
            _("Kommuner med liknande folkmängd (±25 %%). %(source)s; SCB, folkmängd")
            % {"source": _(BRA_SOURCE)},
        ),
        "width": 400,
        "data": {"values": values},
        "encoding": {
            "y": {
                "field": "kommun",
                "type": "nominal",
                "title": None,
                "sort": {"field": "per100k", "op": "sum", "order": "descending"},
            },
            "x": {
                "field": "per100k",
                "type": "quantitative",
                "title": None,
                "axis": {"format": ",d"},
            },
        },
        "layer": layers,
    }


def _series_alt(category: CategoryReport) -> str:
    points = [(p.year, p.count) for p in category.series if p.count is not None]
    (first_year, first), (last_year, last) = points[0], points[-1]
    return _(
        "Linjediagram: anmälda brott, %(label)s, %(first_year)s–%(last_year)s, "
        "från %(first)s till %(last)s. %(source)s."
    ) % {
        "label": category.label.lower(),
        "first_year": first_year,
        "last_year": last_year,
        "first": format_count(first),
        "last": format_count(last),
        "source": _(BRA_SOURCE),
    }


def _peers_alt(category: CategoryReport) -> str:
    assert category.peers is not None
    names = ", ".join(f"{p.name} {format_count(round(p.rate))}" for p in category.peers.peers)
    return _("Stapeldiagram: %(label)s, anmälda brott per 100 000 invånare: %(names)s.") % {
        "label": category.label.lower(),
        "names": names,
    }


def report_charts(report: AnnualReport) -> ReportCharts:
    """Render every chart of the report."""
    everything = ([report.total] if report.total else []) + list(report.categories)
    series = {
        c.code: Chart(data_uri(render_svg(series_spec(c))), _series_alt(c)) for c in everything
    }
    peers = {}
    for c in everything:
        spec = peers_spec(c)
        if spec is not None:
            peers[c.code] = Chart(data_uri(render_svg(spec)), _peers_alt(c))
    change = change_spec(report)
    change_chart = None
    if change is not None:
        alt = _(
            "Stapeldiagram: förändring i procent per kategori mellan %(base)s och %(year)s."
        ) % {"base": report.base_year, "year": report.year}
        change_chart = Chart(data_uri(render_svg(change)), alt)
    return ReportCharts(series=series, peers=peers, change=change_chart)

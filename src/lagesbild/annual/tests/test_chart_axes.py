"""The yearly report's bar charts: the value axis's labels stand apart, none set against the next.

Vega sets an axis's first and last label flush with the chart's edge by default, so the last
label ended where its tick stood and nearly touched the one before: "1 400 1 600" under the
comparison with similar municipalities, "+10 % +15 %" under the change chart.
"""

from __future__ import annotations

import re

from lagesbild.annual.charts import change_spec, peers_spec
from lagesbild.annual.services import build_annual_report
from lagesbild.core.charts import render_svg
from lagesbild.organisations.access import viewer_for

# DejaVu Sans at the axis's 11 px: digits, spaces and signs are at most 0.64 em wide.
CHAR_WIDTH = 11 * 0.64
MIN_GAP = 8  # px between the ends of two neighbouring labels

LABEL = re.compile(
    r'<text[^>]*text-anchor="(start|middle|end)"[^>]*'
    r'transform="translate\(([\d.\-]+),([\d.\-]+)\)"[^>]*>([^<]*)</text>'
)


def x_axis_labels(svg: str) -> list[tuple[float, float, str]]:
    """Return the (left, right, text) of each label on the chart's horizontal axis, left first:
    of the groups Vega marks ``role-axis-label``, the one whose labels share one height."""
    for group in re.findall(r'class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.S):
        found = LABEL.findall(group)
        if len(found) > 1 and len({y for _, _, y, _ in found}) == 1:
            return sorted(_extent(anchor, float(x), text) for anchor, x, _, text in found)
    raise AssertionError("no horizontal axis with labels")


def _extent(anchor: str, x: float, text: str) -> tuple[float, float, str]:
    width = len(text) * CHAR_WIDTH
    left = x - {"start": 0, "middle": width / 2, "end": width}[anchor]
    return left, left + width, text


def assert_apart(svg: str) -> None:
    labels = x_axis_labels(svg)
    assert len(labels) >= 3, labels
    for (_, right, text), (left, _, following) in zip(labels, labels[1:], strict=False):
        assert left - right >= MIN_GAP, (text, following, round(left - right, 1))


def test_the_value_axes_labels_stand_apart(helsingborg) -> None:
    report = build_annual_report("1283", 2021, viewer_for(helsingborg.helena))
    peer_charts = [peers_spec(c) for c in report.categories]
    specs = [s for s in [change_spec(report), *peer_charts] if s is not None]
    assert len(specs) >= 2, "the fixture draws the change chart and at least one peer chart"
    for spec in specs:
        assert_apart(render_svg(spec))

"""Charts rendered on the server: Vega-Lite → SVG with vl-convert, Swedish number formats.

The SVG is embedded as a ``data:`` image: the CSP allows ``img-src data:``, and an image's own
styles are not subject to the page's ``style-src``, which inline ``<svg>`` would be. WeasyPrint
draws the same images in a PDF. The data is inline in each spec and external URLs are refused
(``allowed_base_urls=[]``): nothing is fetched while rendering.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import vl_convert

from lagesbild.core.i18n import is_english

VL_VERSION = "6.4"
FONT = "DejaVu Sans"
INK, MUTED, BRAND, DOWN, UP = "#1b1f24", "#4f5660", "#0b4f8a", "#1d6b34", "#a1260d"
PEER_GREY = "#8a929c"
# Swedish d3 number format: decimal comma, no-break space between thousands and before "%",
# and a true minus sign.
SWEDISH_NUMBERS = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", "\u00a0kr"],
    "percent": "\u00a0%",
    "minus": "\u2212",
}
# English: decimal point, comma thousands, a true minus sign.
ENGLISH_NUMBERS = {
    "decimal": ".",
    "thousands": ",",
    "grouping": [3],
    "currency": ["", "\u00a0kr"],
    "percent": "%",
    "minus": "\u2212",
}
CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelColor": INK, "titleColor": INK, "labelFontSize": 11, "titleFontSize": 11},
    # Vega sets the first and last label flush with the plot's edge, so the last one ended at
    # its tick and ran into the label before ("1 400 1 600"); centred, each stands under its tick.
    "axisX": {"labelFlush": False},
    "title": {
        "anchor": "start",
        "color": INK,
        "fontSize": 13,
        "subtitleColor": MUTED,
        "subtitleFontSize": 10,
    },
}


@dataclass(frozen=True)
class Chart:
    uri: str
    alt: str


#: How many rendered charts a process keeps (an SVG is 10–60 kB).
SVG_CACHE_SIZE = 256
_svgs: OrderedDict[tuple[str, bool], str] = OrderedDict()
_svgs_lock = threading.Lock()


def render_svg(spec: dict[str, Any]) -> str:
    """Render a Vega-Lite spec to SVG with the active language's number formats (Swedish by
    default; see ``core.i18n``).

    A chart already drawn from the same spec in the same language is given again: the spec
    holds its data, so the same spec is the same picture, and vl-convert takes 0.1–0.2 s a chart
    (the yearly report's fifteen took 2.4 s on every view).
    """
    english = is_english()
    key = (_fingerprint(spec), english)
    with _svgs_lock:
        if key in _svgs:
            _svgs.move_to_end(key)
            return _svgs[key]
    svg = _to_svg(spec, english)
    with _svgs_lock:
        _svgs[key] = svg
        while len(_svgs) > SVG_CACHE_SIZE:
            _svgs.popitem(last=False)
    return svg


def warm_up() -> None:
    """Draw one small chart, uncached, so that this process's first real chart is fast.

    vl-convert starts its JavaScript engine and loads Vega on the first chart a process draws
    (0.4 s on a quiet machine, over 1 s on a busy one); gunicorn's workers call this before they
    take requests (``web.gunicorn_config``).
    """
    _to_svg({"data": {"values": [{"x": 1}]}, "mark": "bar", "encoding": {"x": {"field": "x"}}})


def _to_svg(spec: dict[str, Any], english: bool = False) -> str:
    return vl_convert.vegalite_to_svg(
        vl_spec=spec,
        vl_version=VL_VERSION,
        config=CONFIG,
        format_locale=ENGLISH_NUMBERS if english else SWEDISH_NUMBERS,
        time_format_locale="en-GB" if english else "sv-SE",
        allowed_base_urls=[],
    )


def _fingerprint(spec: dict[str, Any]) -> str:
    """A digest of the spec; a value JSON cannot write is written with its type, so that no two
    different specs share one."""
    text = json.dumps(spec, sort_keys=True, default=lambda o: f"{type(o).__qualname__}:{o!r}")
    return hashlib.sha256(text.encode()).hexdigest()


def render_png(spec: dict[str, Any], scale: float = 2) -> bytes:
    """Render a Vega-Lite spec to PNG (``scale`` times the spec's size) as ``render_svg`` does."""
    return vl_convert.vegalite_to_png(
        vl_spec=spec,
        vl_version=VL_VERSION,
        scale=scale,
        config=CONFIG,
        format_locale=SWEDISH_NUMBERS,
        time_format_locale="sv-SE",
        allowed_base_urls=[],
    )


SVG_URI_PREFIX = "data:image/svg+xml;base64,"


def data_uri(svg: str) -> str:
    """Return the SVG as a base64 ``data:`` URI for an ``<img>``."""
    return SVG_URI_PREFIX + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def png_of_data_uri(uri: str, scale: float = 2) -> bytes:
    """Return the PNG of a chart given as ``data_uri`` (``scale`` times its size): the very
    picture the page and the PDF show, for a Word file, which cannot be relied on to show SVG."""
    if not uri.startswith(SVG_URI_PREFIX):
        raise ValueError("not a chart drawn by data_uri")
    svg = base64.b64decode(uri[len(SVG_URI_PREFIX) :]).decode("utf-8")
    return bytes(vl_convert.svg_to_png(svg, scale=scale))

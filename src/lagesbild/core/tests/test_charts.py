"""Charts drawn once per spec and language (``core.charts.render_svg``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import vl_convert

from lagesbild.core import charts, i18n


def _spec(values: list[int] | list[float]) -> dict:
    return {
        "data": {"values": [{"year": 2020 + i, "n": v} for i, v in enumerate(values)]},
        "mark": "line",
        "encoding": {
            "x": {"field": "year", "type": "ordinal"},
            "y": {"field": "n", "type": "quantitative", "axis": {"format": ",.1f"}},
        },
    }


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict]]:
    """The specs vl-convert really draws (it still draws them), with an empty cache."""
    calls: list[dict] = []
    real = vl_convert.vegalite_to_svg

    def drawing(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", drawing)
    monkeypatch.setattr(charts, "_svgs", type(charts._svgs)())
    yield calls


def _in(language: str, spec: dict) -> str:
    previous = i18n._language
    i18n._language = lambda: language
    try:
        return charts.render_svg(spec)
    finally:
        i18n._language = previous


def test_the_same_spec_is_drawn_once_and_given_again(drawn: list[dict]) -> None:
    first = _in("sv", _spec([1200.5, 1300.25]))
    again = _in("sv", _spec([1200.5, 1300.25]))
    assert again == first and len(drawn) == 1
    assert "1\u00a0200,5" in first  # Swedish numbers


def test_other_data_or_another_language_is_drawn_anew(drawn: list[dict]) -> None:
    swedish = _in("sv", _spec([1200.5, 1300.25]))
    english = _in("en", _spec([1200.5, 1300.25]))
    other = _in("sv", _spec([1200.5, 1400.25]))
    assert len(drawn) == 3 and len({swedish, english, other}) == 3
    assert "1,200.5" in english


def test_values_json_cannot_write_are_told_apart_by_their_type() -> None:
    class Odd:
        def __init__(self, text: str) -> None:
            self.text = text

        def __repr__(self) -> str:
            return self.text

    assert charts._fingerprint({"v": Odd("1")}) != charts._fingerprint({"v": "1"})
    assert charts._fingerprint({"v": Odd("1")}) != charts._fingerprint({"v": Odd("2")})
    assert charts._fingerprint({"a": 1, "b": 2}) == charts._fingerprint({"b": 2, "a": 1})


def test_the_oldest_chart_is_forgotten_beyond_the_cache_size(
    drawn: list[dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(charts, "SVG_CACHE_SIZE", 2)
    for values in ([1], [2], [1], [3]):  # [1] used again: [2] is the oldest when [3] comes
        _in("sv", _spec(values))
    _in("sv", _spec([1]))
    assert len(drawn) == 3
    _in("sv", _spec([2]))
    assert len(drawn) == 4

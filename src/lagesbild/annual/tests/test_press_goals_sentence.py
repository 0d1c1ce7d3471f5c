"""The press release's sentence on the agreement's goals, in Swedish word order.

It read "… och 3 inte i fas, medan 1 går ännu inte att bedöma": in a subordinate clause "inte"
stands before the verb ("medan 1 ännu inte går att bedöma"); and with indicators both too early
and without data it said "medan" twice.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.utils import translation

from lagesbild.annual.press import press_release
from lagesbild.annual.services import build_annual_report
from lagesbild.organisations.access import viewer_for


@pytest.fixture
def report(helsingborg):
    return build_annual_report("1283", 2021, viewer_for(helsingborg.helena))


def _with(report, **counts: int):
    summary = {"indicators": 9, "on_track": 5, "off_track": 3, "too_early": 0, "no_data": 0}
    return replace(report, goal_summary=summary | counts)


def test_an_indicator_too_early_to_judge_in_swedish_word_order(report) -> None:
    with translation.override("sv"):
        text = press_release(_with(report, too_early=1)).as_text()
    assert "För 2021 är 5 i fas och 3 inte i fas, medan 1 ännu inte går att bedöma." in text
    assert "går ännu inte" not in text


def test_too_early_and_without_data_in_one_clause(report) -> None:
    with translation.override("sv"):
        sv = press_release(_with(report, too_early=1, no_data=2, on_track=3)).as_text()
    with translation.override("en"):
        en = press_release(_with(report, too_early=1, no_data=2, on_track=3)).as_text()
    assert "3 inte i fas, medan 1 ännu inte går att bedöma och 2 saknar underlag." in sv
    assert sv.count("medan") == 1
    assert "while 1 cannot yet be assessed and 2 lack data." in en

"""The statutory document's figures are written by ``core.i18n.format_number``, Swedish in
either language of the interface: a count or one decimal (``num``), a rate with one decimal
(``rate``), '–' when missing; the Word file writes the same cells with plain spaces."""

from __future__ import annotations

import pytest
from django.utils import translation

from lagesbild.statutory.exports import _n
from lagesbild.statutory.templatetags.statutory import num, rate, trend

NBSP = "\u00a0"
MINUS = "\u2212"


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "–"),
        (0, "0"),
        (0.0, "0"),
        (7, "7"),
        (2584, f"2{NBSP}584"),
        (2584.0, f"2{NBSP}584"),
        (1234567, f"1{NBSP}234{NBSP}567"),
        (-12, f"{MINUS}12"),
        (-2584, f"{MINUS}2{NBSP}584"),
        (3.25, "3,2"),  # half to even, as Python rounds the binary 3.25
        (41.66, "41,7"),
        (1234.5, f"1{NBSP}234,5"),
        (-0.5, f"{MINUS}0,5"),
        (-0.04, "0,0"),  # never "−0,0"
    ],
)
def test_num_writes_a_count_or_one_decimal_the_swedish_way(language, value, expected) -> None:
    with translation.override(language):
        assert num(value) == expected


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "–"),
        (0, "0,0"),
        (0.0, "0,0"),
        (12.345, "12,3"),
        (3972.25, f"3{NBSP}972,2"),
        (3972.3, f"3{NBSP}972,3"),
        (123456.78, f"123{NBSP}456,8"),
        (999.96, f"1{NBSP}000,0"),
        (-0.5, f"{MINUS}0,5"),  # had read "0,5": int("-0") lost the sign
        (-0.04, "0,0"),  # rounds to zero: no sign
        (-7.25, f"{MINUS}7,2"),
        (-1306.5, f"{MINUS}1{NBSP}306,5"),
    ],
)
def test_rate_writes_one_decimal_the_swedish_way_and_keeps_its_sign(
    language, value, expected
) -> None:
    with translation.override(language):
        assert rate(value) == expected


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_word_files_cells_are_the_pages_with_plain_spaces(language) -> None:
    with translation.override(language):
        assert [_n(v) for v in (None, 2584, 1234.5, -0.5)] == ["–", "2 584", "1 234,5", "−0,5"]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (None, "–"),
        ({"annual_change": None}, "–"),
        ({"annual_change": -0.031, "significant": True}, f"{MINUS}3,1{NBSP}% per år (säkerställd)"),
        # A significant trend is never printed as zero (rule 12): it had read "−0,0 %".
        (
            {"annual_change": -0.0004, "significant": True},
            f"{MINUS}0,04{NBSP}% per år (säkerställd)",
        ),
        ({"annual_change": 0.0004, "significant": False}, f"±0{NBSP}% per år (ej säkerställd)"),
        ({"annual_change": 0.125, "significant": False}, f"+12,5{NBSP}% per år (ej säkerställd)"),
    ],
)
def test_a_trend_is_signed_as_the_yearly_report_signs_it(
    language: str, data: dict | None, expected: str
) -> None:
    with translation.override(language):
        assert trend(data) == expected

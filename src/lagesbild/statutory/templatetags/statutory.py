"""Number formats and text helpers of the statutory document, and who sees its menu link."""

from __future__ import annotations

from typing import Any

from django import template

from lagesbild.core.i18n import NBSP, format_number, keep_numbers
from lagesbild.core.narrative import format_figure, signed_trend_percent
from lagesbild.official.queries import YearColumns
from lagesbild.statutory.generation import (
    PLACEHOLDER,
    missing_bra_text,
    partner_columns,
    partner_when,
    percent_of,
    police_columns,
)

register = template.Library()

# Shape as well as colour, so the status reads without colour vision (WCAG 1.4.1).
STATUS_SYMBOLS = {"green": "●", "yellow": "▲", "red": "■", "none": "○"}
#: What a table cell says when its value is missing, on the page, in the PDF and in the Word file.
EMPTY_CELL = "–"
#: The language of the document's figures, whatever the interface's.
DOCUMENT_FIGURES = "sv"


@register.filter
def police_year_columns(figures: dict[str, Any]) -> YearColumns:
    return police_columns(figures)


@register.filter
def partner_year_columns(figures: dict[str, Any]) -> YearColumns:
    return partner_columns(figures)


@register.filter
def partner_period(figures: dict[str, Any]) -> str:
    """The period the partner reports cover, as the sentences name it ("under november–december
    2026", "år 2025")."""
    return partner_when(figures)


@register.filter
def missing_bra(figures: dict[str, Any]) -> str:
    """Section 1's sentence on a year without Brå figures, beside table 1.1's place."""
    return missing_bra_text(figures)


@register.filter
def or_dash(value: object) -> str:
    """A text cell's content; the dash where the text is missing or blank.

    The one rule for an empty cell: the page and the PDF use it as a filter, the Word file on
    every cell it writes, so the three never differ (a blank cell reads as a lost value).
    """
    text = "" if value is None else str(value).strip()
    return text or EMPTY_CELL


@register.filter
def num(value: float | None) -> str:
    """Format a count with a no-break space between thousands, any other figure with one decimal
    and a decimal comma; '–' when missing (:func:`~lagesbild.core.narrative.format_figure`).

    The document is Swedish in either language of the interface (its sentences, its trends
    "−1,0 % per år"), so its figures are too: in the English interface a count had read
    "2,584" beside them."""
    return format_figure(value, DOCUMENT_FIGURES, space=NBSP)


@register.filter
def rate(value: float | None) -> str:
    """Format a rate per 100 000 with one decimal and a decimal comma, Swedish as :func:`num`
    (in the English interface 3 972,3 had read "3,972,3"); '–' when missing."""
    return EMPTY_CELL if value is None else format_number(value, 1, DOCUMENT_FIGURES)


@register.filter
def signed_percent(value: int | None) -> str:
    """Format a whole percent change as '−15 %'; '–' when undefined."""
    if value is None:
        return "–"
    sign = "−" if value < 0 else ("+" if value > 0 else "±")
    return f"{sign}{abs(value)}\u00a0%"


def base_change(row: dict[str, Any]) -> tuple[str, str]:
    """Table 1.1's change against the base year and its qualifier, for the page, the PDF and
    the Word file alike: "−20 %" and "säkerställd, mot 2019"; the two counts ("3 → 14") where
    the sentence gives no percentage (rules 5 and 6); "–" and "" without a base year."""
    if not row.get("base_year"):
        return "–", ""
    percent = row.get("change_base_percent")
    if percent is None and row.get("base") is not None:
        main = f"{num(row['base'])} → {num(row['count'])}"
    else:
        main = signed_percent(percent)
    verdict = "säkerställd, " if row.get("etest_significant") else ""
    return main, f"{verdict}mot {row['base_year']}"


@register.filter
def base_change_value(row: dict[str, Any]) -> str:
    """The change against the base year as table 1.1 gives it (:func:`base_change`)."""
    return base_change(row)[0]


@register.filter
def base_change_note(row: dict[str, Any]) -> str:
    """The qualifier of the change against the base year (:func:`base_change`)."""
    return base_change(row)[1]


@register.filter
def share(value: float | None) -> str:
    """Format a share (0–1) as a whole percent."""
    return "–" if value is None else f"{percent_of(value, 1)}\u00a0%"


@register.filter
def trend(data: dict[str, Any] | None) -> str:
    """Format a trend as "−3,1 % per år (säkerställd)" or "… (ej säkerställd)", signed as the
    yearly report signs it (``signed_trend_percent``: a significant trend never "−0,0 %")."""
    if not data or data.get("annual_change") is None:
        return "–"
    stated = bool(data.get("significant"))
    pct = signed_trend_percent(data["annual_change"], stated, DOCUMENT_FIGURES)
    return f"{pct} per år ({'säkerställd' if stated else 'ej säkerställd'})"


@register.filter
def paragraphs(text: str) -> list[dict[str, Any]]:
    """Split text into paragraphs, marking those the coordinator still has to complete; a line
    never breaks inside a number or p-value (``keep_numbers``, as in the yearly report)."""
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [{"text": keep_numbers(b), "todo": PLACEHOLDER in b} for b in blocks if b]


@register.filter
def status_symbol(status: str) -> str:
    """Return the shape shown beside a follow-up status."""
    return STATUS_SYMBOLS.get(status, "○")


@register.filter
def get_item(mapping: dict, key: str) -> Any:
    """Look ``key`` up in ``mapping``."""
    return mapping.get(key) if mapping else None

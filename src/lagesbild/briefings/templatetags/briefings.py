"""Filters for the weekly lägesbild and the tertial analysis."""

from __future__ import annotations

from django import template

from lagesbild.briefings.formats import percent_plain, share_percent
from lagesbild.briefings.notes import first_week_note, method_label, method_note, waiting_note
from lagesbild.core.i18n import format_number, language
from lagesbild.core.narrative import format_p, p_text, share_is_stated
from lagesbild.core.stats.surveillance import farrington_history_weeks

register = template.Library()

register.filter("method_label", method_label)
register.filter("first_week_note", first_week_note)
register.filter("waiting_note", waiting_note)
register.simple_tag(method_note)
register.filter("percent_plain", percent_plain)
register.filter("share_percent", share_percent)
register.simple_tag(farrington_history_weeks)


@register.filter
def expected_count(value: float | None) -> str:
    """An alert's expected count in the table, with one decimal, but one above 0 never as 0,0:
    beside "omkring 0,03" in the alert's sentence and its larmgräns, "0,0" read as if nothing at
    all were expected. Below 0,05 it gets two decimals (at least 0,01), as the sentence does."""
    if value is None:
        return "–"
    if 0 < value < 0.05:
        return format_number(max(value, 0.01), 2)
    return format_number(value, 1)


@register.filter
def p_value(value: float | None) -> str:
    """A p-value's figure for a table's cell, as the sentences print it (``core.narrative``
    rule 15): '< 0,001', '0,29', '0,0496'; '–' when there is none."""
    if value is None:
        return "–"
    return p_text(value, language())


@register.filter
def p_statement(value: float | None) -> str:
    """A p-value in a sentence: 'p = 0,29', 'p < 0,001'."""
    if value is None:
        return "–"
    return format_p(value, language())


@register.filter
def ratio(part: float | None, whole: float | None) -> float | None:
    """part / whole, or None when the whole is 0 or missing."""
    if part is None or not whole:
        return None
    return part / whole


@register.filter
def share_stated(whole: int | None) -> bool:
    """Whether shares of ``whole`` reports are given in per cent (rule 5: at least 20)."""
    return whole is not None and share_is_stated(whole)

"""Filters for the weekly lägesbild and the tertial analysis."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from lagesbild.briefings.formats import percent_plain, share_percent
from lagesbild.core.i18n import language
from lagesbild.core.narrative import format_p, p_text, share_is_stated

register = template.Library()

_METHODS = {
    "farrington_flexible": "Farrington",
    "ears_c1": "EARS C1",
    "insufficient_history": "för kort historik",
}


@register.filter
def method_label(code: str) -> str:
    """Name a detector for people: 'Farrington', 'EARS C1'."""
    return _(_METHODS.get(code, code))


register.filter("percent_plain", percent_plain)
register.filter("share_percent", share_percent)


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

"""Number formats of the yearly report, and who sees its menu link."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from lagesbild.core.i18n import format_number, keep_numbers
from lagesbild.core.narrative import (
    format_figure,
    percent_is_stated,
    signed_trend_percent,
    trend_is_stated,
)

register = template.Library()


@register.filter
def count(value: float | str | None) -> str:
    """Format a count with a space between thousands; '–' when missing (a lookup through a
    missing part, such as the comparison with a base year without data, gives the template's
    empty string)."""
    return format_figure(None if isinstance(value, str) else value)


@register.filter
def rate(value: float | None) -> str:
    """Format a rate per 100 000 with one decimal and a decimal comma."""
    if value is None:
        return "–"
    return format_number(value, 1, space=" ")


@register.filter
def signed_percent(summary) -> str:
    """Format a ChangeSummary as '−15 %', rounded exactly as the sentences round it; '–' where
    the sentence gives only the counts (either below ``MIN_COUNT``, or from 0: rules 5 and 6)."""
    if summary is None or summary.percent is None:
        return "–"
    if not percent_is_stated(summary.change.from_value, summary.change.to_value):
        return "–"
    return signed_text(summary.percent, summary.change.to_value < summary.change.from_value)


def signed_text(percent: int, negative: bool) -> str:
    """A whole percent with its sign, as the tables and the chart print it: '−15 %', '±0 %'."""
    if percent == 0:
        return "±0\u00a0%"
    return f"{'−' if negative else '+'}{percent}\u00a0%"


@register.filter
def change_direction(summary) -> str:
    """Return the CSS class of a change: 'down', 'up' or 'flat'."""
    if summary is None or summary.direction in ("unchanged",):
        return "flat"
    return "down" if summary.change.to_value < summary.change.from_value else "up"


@register.filter
def stated_trend(trend) -> bool:
    """Whether the narrative rules call this a trend (marked with an asterisk)."""
    return trend is not None and trend_is_stated(trend)


@register.filter
def trend_per_year(trend) -> str:
    """Format a trend's annual change as '−3,1 % per år', signed as the tables sign a change: a
    stated trend with the decimals that keep it off zero (rule 12), another with one decimal,
    and one that rounds to nothing '±0 % per år' (``signed_trend_percent``; it was
    '+0,0 %'); '–' when none was estimated."""
    if trend is None or trend.annual_change is None:
        return "–"
    change = signed_trend_percent(trend.annual_change, trend_is_stated(trend))
    return _("%(change)s per år") % {"change": change}


@register.filter
def preliminary_year(year: int, report) -> str:
    """' (prel.)' after a year whose Brå figures are preliminary in the report, else ''."""
    if year in getattr(report, "preliminary_years", ()):
        return " " + _("(prel.)")
    return ""


@register.filter
def get_item(mapping: dict, key: str):
    """Look ``key`` up in ``mapping`` (charts by category code)."""
    return mapping.get(key) if mapping else None


# The spaces inside numbers and p-values, no-break: the one rule, shared with the statutory
# document's sections.
register.filter("keep_numbers", keep_numbers)

"""How the lägesbild writes a share and a day, for its templates (``templatetags/briefings.py``)
and for the apps that write the same figures in sentences (the meeting agenda, the analysis
map)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.core.i18n import format_number, short_day_text
from lagesbild.core.weeks import IsoWeek


def week_day(day: date | datetime | None, week: IsoWeek | None = None) -> str:
    """A day in a list or table, in the active language (``core.i18n.short_day_text``), with
    its year when it lies outside ``week``'s years (a due date next year, a report last year)."""
    if day is None:
        return "–"
    if isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    years = {week.monday.year, week.sunday.year} if week is not None else {day.year}
    return short_day_text(day, year=day.year not in years)


def percent_plain(value: float | None) -> str:
    """Format a share as '12 %' (one decimal below 10 %), '–' when undefined."""
    if value is None:
        return "–"
    pct = value * 100
    # One decimal only where it carries information: 2,5 %, but 1 % and 40 %. Rounded, not cut
    # as Django's number_format cuts a float (12,9 % was "12 %").
    digits = 1 if 0 < abs(pct) < 10 and round(pct, 1) != round(pct) else 0
    return f"{format_number(pct, digits)}\u00a0%"


def share_percent(value: float | None) -> str:
    """Format a share of a whole as :func:`percent_plain` does, but one above 0 that would print
    as 0 as 'under 0,1 %' and one below the whole that would print as 100 as 'över 99 %': a
    focus area of one small H3 cell is not "0 %" of the town beside a PAI of 95, and 249 of 250
    reports are not all of them."""
    text = percent_plain(value)
    if value is not None and value > 0 and not any(digit in text for digit in "123456789"):
        return _("under %(share)s") % {"share": percent_plain(0.001)}
    if value is not None and value < 1 and text == percent_plain(1.0):
        return _("över %(share)s") % {"share": percent_plain(0.99)}
    return text

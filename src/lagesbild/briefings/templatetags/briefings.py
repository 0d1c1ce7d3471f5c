"""Filters for the weekly lägesbild and the tertial analysis."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Any

from django import template
from django.utils.translation import gettext as _

from lagesbild.briefings import places
from lagesbild.briefings.formats import percent_plain, share_percent, week_day
from lagesbild.briefings.notes import (
    first_week_note,
    method_label,
    method_note,
    no_alarm_note,
    sensitive_included_note,
    waiting_note,
    week_in_progress_note,
)
from lagesbild.briefings.services import WeeklyPicture
from lagesbild.core.i18n import format_number, language, span_text
from lagesbild.core.narrative import format_p, p_text, share_is_stated
from lagesbild.core.stats.surveillance import farrington_history_weeks, printed_expectation
from lagesbild.core.weeks import IsoWeek
from lagesbild.official.queries import police_event_span

register = template.Library()

register.filter("method_label", method_label)
register.filter("first_week_note", first_week_note)
register.filter("waiting_note", waiting_note)
register.filter("week_in_progress_note", week_in_progress_note)
register.filter("sensitive_included_note", sensitive_included_note)
register.simple_tag(method_note)
register.filter("percent_plain", percent_plain)
register.filter("share_percent", share_percent)
register.simple_tag(farrington_history_weeks)


@register.simple_tag
def no_police_events(picture: WeeklyPicture) -> str:
    """What a week without a police notice means: the stored notices (``police_event_span``)
    may not reach it, and then it has no figure, not no events (rule 13, as the police events
    page says; the agenda leaves such a week's section out). A running week's none is so far."""
    span = police_event_span(picture.municipality_code)
    if span is None:
        return _("Inga notiser från polisen är lagrade för kommunen än: veckan saknar uppgifter.")
    if span.last < picture.week.monday or span.first > picture.week.sunday:
        return _(
            "Inga notiser från polisen är lagrade för denna vecka (de lagrade gäller %(span)s): "
            "veckan saknar uppgifter, det betyder inte att inget hände."
        ) % {"span": span_text(span.first, span.last)}
    if picture.in_progress:
        return _("Inga händelser från polisen hittills denna vecka.")
    return _("Inga händelser från polisen denna vecka.")


@register.simple_tag
def no_alarms(analysis: Any, in_progress: bool) -> str:
    """The week's sentence when it has no alarm (``WeeklyAnalysis.no_alarm_note``)."""
    return analysis.no_alarm_note(in_progress)


@register.simple_tag
def hotspot_legend(analysis: Any, in_progress: bool) -> str:
    """The hotspots' entry in the map's legend (``WeeklyAnalysis.hotspot_legend``)."""
    return analysis.hotspot_legend(in_progress)


@register.simple_tag
def no_alarm_section(section: Any) -> str:
    """The sentence of a stored agenda's alerts section without an alarm (its stored flags;
    one stored before ``held_back`` reads as it did)."""
    return no_alarm_note(
        section.get("judged"), bool(section.get("in_progress")), section.get("held_back") or 0
    )


@register.filter
def expected_count(value: float | None) -> str:
    """An alert's expected count in the table (``surveillance.printed_expectation``)."""
    if value is None:
        return "–"
    return format_number(*printed_expectation(value))


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


@register.filter
def short_day(day: date | datetime | None, week: IsoWeek | None = None) -> str:
    """A day in a list or table, its year when outside ``week``'s (``formats.week_day``)."""
    return week_day(day, week)


@register.filter
def place_share(hotspot: Any) -> str | None:
    """How many of its named repeat place's reports a hotspot holds (``places.place_share``)."""
    return places.place_share(hotspot)


@register.filter
def focus_name(focus: Any) -> str:
    """A focus area's name with its shape (``places.focus_name``): a PAI row of the analysis,
    or a focus area of the agenda (``district`` and ``h3_cells`` in both)."""
    get = focus.get if isinstance(focus, dict) else partial(getattr, focus)
    return places.focus_name(get("label", ""), get("district", None), get("h3_cells", None) or ())

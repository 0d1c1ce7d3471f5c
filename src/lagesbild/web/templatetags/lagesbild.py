from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.utils import timezone

from lagesbild.core.i18n import format_number
from lagesbild.core.narrative import rounded_percent
from lagesbild.core.weeks import IsoWeek, WeekError, is_in_progress, parse_iso_week

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """Format a relative change as '+20 %' / '−15 %' (true minus sign), '–' when undefined;
    rounded as the sentences round (``core.narrative.rounded_percent``)."""
    if value is None:
        return "–"
    rounded = rounded_percent(value)
    sign = "+" if rounded > 0 else "−" if rounded < 0 else "±"
    return f"{sign}{abs(rounded)}\u00a0%"


@register.filter
def whole(value: float | None) -> str:
    """A count written as the sentences write it: '1 558' (no-break space; '1,558' in
    English), '–' when missing. A bare ``{{ n }}`` had printed '1558' beside them."""
    if value is None:
        return "–"
    return format_number(value, 0)


@register.filter
def one_decimal(value: float | None) -> str:
    """A number with one decimal, written as the sentences write it (``format_number``)."""
    if value is None:
        return "–"
    return format_number(value, 1)


@register.filter
def change_class(value: float | None) -> str:
    """The colour of a change, decided on the printed whole percent: "±0 %" is never a rise."""
    if value is None or rounded_percent(value) == 0:
        return "flat"
    return "up" if value > 0 else "down"


@register.filter
def week_in_progress(week: object) -> bool:
    """Tell whether a week (an IsoWeek or '2024-W37') has not ended yet: the page says "pågår"."""
    try:
        iso_week = week if isinstance(week, IsoWeek) else parse_iso_week(str(week))
    except WeekError:
        return False
    return is_in_progress(iso_week, timezone.localdate())


@register.filter
def live_regions(messages: Iterable[Message]) -> list[tuple[str, list[Message]]]:
    """Messages shown after a redirect, grouped by the live region that announces them.

    A refusal or warning interrupts (role="alert"); a success or note waits for a pause
    (role="status"). Alerts come first; an empty group gets no region. Iterating marks the
    messages as shown, as the template's own loop did.
    """
    alerts: list[Message] = []
    statuses: list[Message] = []
    for message in messages:
        (alerts if message.level >= constants.WARNING else statuses).append(message)
    return [(role, group) for role, group in (("alert", alerts), ("status", statuses)) if group]

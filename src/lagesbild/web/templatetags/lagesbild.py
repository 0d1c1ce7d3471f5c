from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lagesbild.core.disclosure import Cell, Total
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


# The symbols that stand for a figure not shown. A screen reader reads "–" as nothing or "dash"
# and "·" as nothing at all: where one is drawn, the eye sees it and the ear hears the words.
UNSHOWN_SYMBOLS = ("–", "·")


def spoken_symbol(symbol: str, words: str) -> SafeString:
    """The symbol hidden from screen readers, and the words that say what it means, visually
    hidden (the web's ``.visually-hidden``; the PDFs keep the bare symbol and their notes)."""
    return format_html(
        '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>', symbol, words
    )


@register.filter
def unshown(text: object, words: str) -> object:
    """A cell's text, spoken as ``words`` when it is a bare symbol for a figure not shown:
    ``{{ row.change|percent|unshown:no_percent }}``."""
    return spoken_symbol(str(text), words) if str(text) in UNSHOWN_SYMBOLS else text


@register.filter
def disclosed(figure: Cell | Total) -> object:
    """A published count or total (``core.disclosure``) as the public page shows it, its hidden
    counts in the page's own words: '<5' is "dolt, under 5", the guard '·' "dolt, minst 5", a
    total of hidden counts only '–' "inget antal visas"."""
    if isinstance(figure, Total):
        return (
            spoken_symbol(figure.display, _("inget antal visas"))
            if figure.empty
            else figure.display
        )
    if not figure.suppressed:
        return figure.display
    n = figure.threshold
    words = _("dolt antal, minst %(n)s") if figure.guard else _("dolt antal, under %(n)s")
    return spoken_symbol(figure.display, words % {"n": n})


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


@register.simple_tag
def scroll_frame(
    *label_parts: object, focusable: object = True, extra_class: str = ""
) -> SafeString:
    """The attributes of a table's frame (``.table-wrap``) that scrolls sideways on a phone.

    With nothing focusable inside, a keyboard scrolls the frame only if the frame takes focus
    (WCAG 2.1.1, axe's scrollable-region-focusable), and a tab stop must say what it is: so it
    is a group named by the table's caption or heading (the id joined from ``label_parts``),
    and the site's :focus-visible ring shows it. On paper (``focusable`` false: the PDF and
    Word renderings) or without a label it is only the frame. A table that fits every screen
    (two columns, or a block per row on a phone) gets a plain ``class="table-wrap"``: a tab
    stop that scrolls nothing is one more key press for nothing.
    """
    label = "".join(str(part) for part in label_parts)
    classes = f"table-wrap {extra_class}".strip()
    if not (focusable and label):
        return format_html('class="{}"', classes)
    return format_html('class="{}" tabindex="0" role="group" aria-labelledby="{}"', classes, label)

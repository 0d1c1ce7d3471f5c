"""How the lägesbild writes a share, for its templates (``templatetags/briefings.py``) and for
the apps that write the same figures in sentences (the meeting agenda)."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def percent_plain(value: float | None) -> str:
    """Format a share as '12 %' (one decimal below 10 %), '–' when undefined."""
    if value is None:
        return "–"
    pct = value * 100
    # One decimal only where it carries information: 2,5 %, but 1 % and 40 %.
    digits = 1 if 0 < abs(pct) < 10 and round(pct, 1) != round(pct) else 0
    return f"{number_format(pct, decimal_pos=digits)}\u00a0%"


def share_percent(value: float | None) -> str:
    """Format a share of a whole as :func:`percent_plain` does, but one above 0 that would print
    as 0 as 'under 0,1 %': a focus area of one small H3 cell is not "0 %" of the town beside a
    PAI of 95."""
    text = percent_plain(value)
    if value is not None and value > 0 and not any(digit in text for digit in "123456789"):
        return _("under %(share)s") % {"share": percent_plain(0.001)}
    return text

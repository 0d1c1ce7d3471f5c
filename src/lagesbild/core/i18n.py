"""The core's one hook for language: translated sentences and how a number is written.

The core cannot import Django, yet its sentences (alerts, narrative, evaluation) must come out in
the viewer's language. So core modules write ``from lagesbild.core.i18n import gettext as _`` and
mark their Swedish source strings as the apps do; Django installs its own ``gettext`` and
``get_language`` here when it starts (``web.apps.WebConfig.ready``), so the active request language
and the same catalogue (``locale/en/LC_MESSAGES/django.po``, which ``make messages`` also fills
from the core) serve the core and the apps alike. Without Django (scripts, doctests) the source
strings are used: Swedish.

``format_number`` is the one place that says how a number is written in each language: decimal
comma and a no-break space between thousands in Swedish (``1 234,5``), decimal point and comma
thousands in English (``1,234.5``); a true minus sign (U+2212) in both. ``keep_numbers`` is
the one rule that keeps a number whole at a line break in running text (the yearly report's
statements, the statutory document's sections).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

__all__ = [
    "MINUS",
    "NBSP",
    "format_number",
    "gettext",
    "install",
    "is_english",
    "keep_numbers",
    "language",
    "month_names",
    "ngettext",
    "short_day_text",
]

NBSP = "\u00a0"
MINUS = "\u2212"

# Spaces a line must not break at: between digit groups ("2 584": running text writes plain
# spaces, so that it may be edited as typed) and inside "p < 0,001" / "p = 0,27".
_GROUP_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_P_VALUE = re.compile(r"\bp ([<=]) ")

_MONTH_NAMES = {
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip


def _source(message: str) -> str:
    return message


def _source_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def _swedish() -> str | None:
    return "sv"


_gettext: Callable[[str], str] = _source
_ngettext: Callable[[str, str, int], str] = _source_plural
_language: Callable[[], str | None] = _swedish


def install(
    gettext: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    get_language: Callable[[], str | None],
) -> None:
    """Let the core translate through the given functions (Django's, installed at start-up)."""
    global _gettext, _ngettext, _language
    _gettext, _ngettext, _language = gettext, ngettext, get_language


def gettext(message: str) -> str:
    """Return ``message`` (Swedish source) in the active language."""
    return _gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural form for ``n`` in the active language."""
    return _ngettext(singular, plural, n)


def language() -> str:
    """Return the active language's code, ``"sv"`` when none is active."""
    return _language() or "sv"


def is_english(lang: str | None = None) -> bool:
    """Whether ``lang`` (default: the active language) is English."""
    return (lang or language()).startswith("en")


def format_number(
    value: float, decimals: int = 0, lang: str | None = None, *, space: str = NBSP
) -> str:
    """Write a number in ``lang`` (default: the active language).

    Parameters
    ----------
    value : float
        The number.
    decimals : int, default 0
        Digits after the decimal sign.
    lang : str, optional
        ``"sv"`` or ``"en"``; the active language when not given.
    space : str, default U+00A0
        The Swedish thousands separator (running text that allows a break may pass ``" "``).

    Returns
    -------
    str
        E.g. ``"12 345,7"`` in Swedish and ``"12,345.7"`` in English; negatives with U+2212.

    Examples
    --------
    >>> format_number(1234.5, 1, "sv") == "1\\u00a0234,5"
    True
    >>> format_number(1234.5, 1, "en")
    '1,234.5'
    >>> format_number(-0.258, 2, "sv") == "\\u22120,26"
    True
    """
    text = f"{abs(value):,.{decimals}f}"
    if not is_english(lang):
        text = text.replace(",", space).replace(".", ",")
    # Never "−0": a value that rounds to zero carries no sign.
    return f"{MINUS}{text}" if value < 0 and round(abs(value), decimals) > 0 else text


def day_text(day: date, lang: str | None = None, year: bool = True) -> str:
    """A day as the texts write it: "3 november 2024" (English "3 November 2024")."""
    text = f"{day.day} {month_names(lang)[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def short_day_text(day: date, lang: str | None = None, year: bool = False) -> str:
    """A day as lists and tables write it: "11/7" in Swedish, "11 Jul" in English (where 11/7
    reads as 7 November to many), with the year when asked: "11/7 2025", "11 Jul 2025"."""
    if is_english(lang):
        text = f"{day.day} {month_names(lang)[day.month - 1][:3]}"
    else:
        text = f"{day.day}/{day.month}"
    return f"{text} {day.year}" if year else text


def span_text(first: date, last: date, lang: str | None = None) -> str:
    """Two days as a span, the year once when they share it: "3 november–24 november 2024"."""
    return f"{day_text(first, lang, year=first.year != last.year)}–{day_text(last, lang)}"


def months_text(first: int, last: int, lang: str | None = None) -> str:
    """Months ``first`` to ``last`` (1–12) as written: "maj", "januari–september"."""
    names = month_names(lang)
    return names[first - 1] if first == last else f"{names[first - 1]}–{names[last - 1]}"


def month_names(lang: str | None = None) -> tuple[str, ...]:
    """The twelve month names of ``lang`` (default: the active language), January first."""
    return _MONTH_NAMES["en" if is_english(lang) else "sv"]


def keep_numbers(text: str) -> str:
    """Replace the spaces inside numbers and p-values with no-break spaces, so that a line never
    breaks inside one ("från 2 381 till 2" | "584 år 2025").

    >>> keep_numbers("från 2 381 till 2 584 år 2025 (p = 0,27)") == (
    ...     "från 2\u00a0381 till 2\u00a0584 år 2025 (p\u00a0=\u00a00,27)"
    ... )
    True
    """
    return _P_VALUE.sub(f"p{NBSP}\\1{NBSP}", _GROUP_SPACE.sub(NBSP, text))

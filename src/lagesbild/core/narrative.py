"""Honest sentences about change in reported crime, in Swedish and English.

The register imitates a municipality's press release on its collaboration
report ("Jämfört med år 2020 har antalet anmälningar kopplat till
skadegörelse minskat med 15 procent"), but every sentence carries its
number and its periods, and each assertion is also returned as a
:class:`Claim` holding the figure behind it, so a test can check that every
claim in a press release is backed by a figure in the JSON report.

Wording rules
-------------
The rules, each with its constant, are listed in ``docs/statistics.md``
("Narrative rules"). In short: directions are decided on exact integer
ratios (halving, doubling) and on the *printed* whole percent (the band
"i stort sett oförändrat" is 0–2 printed percent, :data:`UNCHANGED_PERCENT`);
below :data:`MIN_COUNT` in either year only the counts are given; a test is
on the quantity its sentence names (counts, or rates per 100 000 with the
populations as exposures) and allows for the series' overdispersion; a
reference year outside the prediction interval of the years before is named
as unusual; a partial year is named and not compared with full years; a
trend is claimed only from :data:`MIN_TREND_YEARS` years averaging at least
:data:`MIN_COUNT`, and never when a one-break level shift fits as well.

Examples
--------
>>> from lagesbild.core.stats.change import change_between
>>> c = change_between({2020: 1000, 2021: 850}, 2020, 2021)
>>> print(describe_change("Skadegörelse", c, None, None).text)  # doctest: +NORMALIZE_WHITESPACE
Antalet anmälda brott i kategorin skadegörelse har minskat med 15 procent
jämfört med 2020, från 1 000 till 850 år 2021.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from lagesbild.core.i18n import MINUS, NBSP, format_number, months_text
from lagesbild.core.stats.change import SMALL_COUNT_THRESHOLD, Change, unusual_reference
from lagesbild.core.stats.etest import QUASI_POISSON_TEST, ETestResult, quasi_poisson_test
from lagesbild.core.stats.trend import (
    ALL_ZERO,
    MIN_YEARS,
    NOT_ESTIMABLE,
    NOT_FITTED,
    TOO_FEW_YEARS,
    TrendResult,
    poisson_trend,
)

__all__ = [
    "LANGUAGES",
    "MIN_COUNT",
    "MIN_TREND_YEARS",
    "UNCHANGED_PERCENT",
    "SIGNIFICANCE_LEVEL",
    "UNCHANGED_BAND",
    "Claim",
    "Sentence",
    "classify_change",
    "comparison_fit",
    "comparison_test",
    "describe_change",
    "describe_trend",
    "format_count",
    "format_level",
    "format_p",
    "p_text",
    "off_zero",
    "percent_is_stated",
    "preliminary_mark",
    "share_is_stated",
    "heaviest_with_ties",
    "trend_is_stated",
    "no_trend_reason",
    "trend_percent",
    "rounded_percent",
    "whole_percent",
    "off_landmark",
    "LANDMARK_PERCENTS",
]

#: Relative changes with ``|r|`` strictly below this are "i stort sett oförändrat"; the
#: decision is taken on the printed whole percent (:data:`UNCHANGED_PERCENT`).
#: Three percent is below what a reader would call a change, and for counts up
#: to about 1 100 it is within one Poisson standard error (1/sqrt(1100) = 3 %),
#: i.e. indistinguishable from year-to-year noise for most municipal categories.
UNCHANGED_BAND: float = 0.03

#: The band is decided on the whole percent that is printed: a change printed as
#: 0, 1 or 2 percent is "i stort sett oförändrat", one printed as 3 percent is a change.
UNCHANGED_PERCENT: int = 3

#: Below this count in either year no percentage headline is given ("från 12 till 6"),
#: no "halverats"/"fördubblats", and no trend is stated from a series averaging less.
MIN_COUNT: int = SMALL_COUNT_THRESHOLD

#: Fewest years from which a trend is claimed.
MIN_TREND_YEARS: int = 5

#: p-values below this make a change "statistiskt säkerställd" and a trend a trend.
SIGNIFICANCE_LEVEL: float = 0.05

LANGUAGES: tuple[str, ...] = ("sv", "en")

_MINUS = "\u2212"
_NUMBER_WORDS = {
    "sv": ("", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio",
           "elva", "tolv"),
    "en": ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten", "eleven", "twelve"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Claim:
    """One figure a sentence asserts.

    Attributes
    ----------
    kind : str
        ``"count"``, ``"relative_change"``, a direction (``"decreased"``,
        ``"increased"``, ``"unchanged"``, ``"halved"``, ``"more_than_halved"``,
        ``"doubled"``, ``"more_than_doubled"``, ``"increased_from_zero"``),
        ``"significant"``, ``"not_significant"``, ``"trend"``, ``"no_trend"``
        or ``"small_counts"``.
    value : float or int or None
        The unrounded figure: a count, the relative change, a p-value, the
        annual trend change, or the smaller count for ``"small_counts"``.
    periods : tuple of int
        Year(s) the figure refers to.
    category : str
        The category label as written in the text.
    """

    kind: str
    value: float | int | None
    periods: tuple[int, ...]
    category: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """Text with the claims it makes.

    Attributes
    ----------
    text : str
        One or more sentences.
    claims : tuple of Claim
        Every figure the text asserts.
    """

    text: str
    claims: tuple[Claim, ...]


def whole_percent(reference: int, current: int) -> int:
    """Absolute relative change in whole percent, rounded half up.

    Parameters
    ----------
    reference, current : int
        Counts in the reference and compared period; ``reference > 0``.

    Returns
    -------
    int
        ``round_half_up(|current - reference| / reference * 100)``.

    Notes
    -----
    Integer arithmetic avoids floating-point artefacts such as
    ``0.145 * 100 = 14.4999…``, so 1000 -> 855 is 15 %, not 14 %.

    A change that is not exactly 50 or 100 % is never rounded onto them
    (:func:`off_landmark`): 1000 -> 1999 is 99 %, not 100 %, which reads as doubled.

    Examples
    --------
    >>> whole_percent(1000, 855), whole_percent(1000, 500), whole_percent(200, 199)
    (15, 50, 1)
    >>> whole_percent(1000, 1999), whole_percent(1000, 496), whole_percent(10_000, 1)
    (99, 51, 99)
    """
    if reference <= 0:
        raise ValueError("reference must be positive")
    rounded = (200 * abs(current - reference) + reference) // (2 * reference)
    return off_landmark(rounded, Fraction(100 * abs(current - reference), reference))


#: Percentages that read as a verb: halved (50), doubled or gone (100).
LANDMARK_PERCENTS = (50, 100)


def off_landmark(rounded: int, exact: Fraction | float) -> int:
    """``rounded`` (a whole percent), moved one point towards ``exact`` when rounding put it on
    a landmark (50 or 100) that the exact percentage does not reach.

    "Ökat med 100 procent" for 1 000 -> 1 999 says doubled; "minskat med 100 procent" for
    10 000 -> 1 says gone. One point of rounding error is the lesser misreading.

    >>> off_landmark(100, 99.95), off_landmark(50, 50.4), off_landmark(50, 50)
    (99, 51, 50)
    """
    if rounded in LANDMARK_PERCENTS and exact != rounded:
        return rounded + (1 if exact > rounded else -1)
    return rounded


def rounded_percent(relative: float) -> int:
    """A relative change (0.125 for +12.5 %) in signed whole percent, rounded half away from
    zero as :func:`whole_percent` rounds, so a table and a sentence print the same figure.

    The value is first cut to nine decimals: 0.145 * 100 is 14.4999… in binary.

    >>> [rounded_percent(r) for r in (0.125, -0.145, 0.005, -0.004)]
    [13, -15, 1, 0]
    """
    points = round(abs(relative) * 100, 9)
    whole = off_landmark(int(points + 0.5), points)
    return whole if relative >= 0 else -whole


def format_figure(value: float | None, lang: str | None = None, *, space: str = " ") -> str:
    """Format a figure for a table: a count with a space between thousands, otherwise one
    decimal with a decimal comma (in English: comma thousands, decimal point); '–' when missing.
    ``lang`` defaults to the active language (:mod:`lagesbild.core.i18n`); ``space`` is the
    Swedish thousands separator (a table cell that must not break passes U+00A0).

    >>> format_figure(2584.0, "sv"), format_figure(-1234.56, "sv"), format_figure(1234.5, "en")
    ('2 584', '\u22121 234,6', '1,234.5')
    """
    if value is None:
        return "–"
    return format_number(value, 0 if float(value).is_integer() else 1, lang, space=space)


def format_count(n: int, lang: str | None = None) -> str:
    """Format a count with the language's thousands separator.

    Parameters
    ----------
    n : int
        The count.
    lang : str, optional
        ``"sv"`` (space) or ``"en"`` (comma); the active language when not given.

    Returns
    -------
    str
        The formatted count.

    Examples
    --------
    >>> format_count(1000), format_count(12345, "en")
    ('1 000', '12,345')
    """
    return format_number(n, 0, lang, space=" ")


def classify_change(change: Change) -> str:
    """Direction word of a change, by the wording rules in the module docstring.

    Parameters
    ----------
    change : Change
        The comparison.

    Returns
    -------
    str
        One of ``"more_than_halved"``, ``"halved"``, ``"more_than_doubled"``,
        ``"doubled"``, ``"unchanged"``, ``"decreased"``, ``"increased"``,
        ``"increased_from_zero"``.

    Examples
    --------
    >>> from lagesbild.core.stats.change import change_between
    >>> classify_change(change_between({1: 1000, 2: 504}, 1, 2))
    'decreased'
    >>> classify_change(change_between({1: 1000, 2: 500}, 1, 2))
    'halved'
    """
    a, b = change.from_value, change.to_value
    if a == 0:
        return "unchanged" if b == 0 else "increased_from_zero"
    if min(a, b) < MIN_COUNT:
        return "small_counts"
    # Integer comparisons make the halving and doubling edges exact.
    if 2 * b <= a:
        return "halved" if 2 * b == a else "more_than_halved"
    if b >= 2 * a:
        return "doubled" if b == 2 * a else "more_than_doubled"
    # The band is decided on the printed (rounded) percent, never on the unrounded value.
    if whole_percent(a, b) < UNCHANGED_PERCENT:
        return "unchanged"
    return "decreased" if b < a else "increased"


def _label(label: str) -> str:
    # Lower-case a capitalised word inside the sentence, but keep acronyms.
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def _span(years: int, lang: str) -> str:
    words = _NUMBER_WORDS[lang]
    number = words[years] if 0 < years < len(words) else str(years)
    if lang == "sv":
        return f"på {number} år"
    return "in one year" if years == 1 else f"over {number} years"


def _percent(percent: int, lang: str) -> str:
    """A whole percent as the sentences write it, with the thousands separator of the counts
    (rule 1): 20 -> 2 000 is "9 900 procent", not "9900 procent"."""
    return f"{format_count(percent, lang)} {_TEMPLATES[lang]['percent']}"


def _signed(percent: int, negative: bool, lang: str) -> str:
    sign = _MINUS if negative and percent else ""
    return f"{sign}{_percent(percent, lang)}"


def _decimal(x: float, decimals: int, lang: str | None) -> str:
    return format_number(x, decimals, lang, space=" ")  # never "−0,0"


_TEMPLATES = {
    "sv": {
        "subject": "Antalet anmälda brott i kategorin {label}",
        "all_subject": "Antalet anmälda brott",
        "decreased": "{s} har minskat med {p} jämfört med {y0}, från {a} till {b} år {y1}{pre}.",
        "increased": "{s} har ökat med {p} jämfört med {y0}, från {a} till {b} år {y1}{pre}.",
        "unchanged": "{s} är i stort sett oförändrat jämfört med {y0}, från {a} till {b} år {y1}"
        "{pre} ({sp}).",
        "both_zero": "{s} var 0 både år {y0} och år {y1}{pre}.",
        "halved": "{s} har halverats {span}, från {a} år {y0} till {b} år {y1}{pre} "
        "(en minskning med {p}).",
        "more_than_halved": "{s} har mer än halverats {span}, från {a} år {y0} till {b} år {y1}"
        "{pre} (en minskning med {p}).",
        "doubled": "{s} har fördubblats {span}, från {a} år {y0} till {b} år {y1}{pre} "
        "(en ökning med {p}).",
        "more_than_doubled": "{s} har mer än fördubblats {span}, från {a} år {y0} till {b} år "
        "{y1}{pre} (en ökning med {p}).",
        "increased_from_zero": "{s} har ökat från {a} år {y0} till {b} år {y1}{pre}; en "
        "procentuell förändring kan inte beräknas.",
        "small_counts": "{s} har gått från {a} år {y0} till {b} år {y1}{pre}. {few}, så ingen "
        "procentuell förändring anges.",
        "few_both": "Båda antalen är under {m}",
        "few_one": "Antalet år {y} är under {m}",
        "preliminary": " (preliminära siffror)",
        "partial": "Siffrorna för {y1} gäller bara {months} och är inte ett helt år; de jämförs "
        "därför inte med hela år. {s} var {b} under {months} {y1}{pre}.",
        "rate": "Per 100 000 invånare har antalet {verb}, från {ra} år {y0} till {rb} år {y1}.",
        "rate_levels": "Per 100 000 invånare var antalet {ra} år {y0} och {rb} år {y1}.",
        "rate_decreased": "minskat med {p}",
        "rate_increased": "ökat med {p}",
        "rate_unchanged": "i stort sett inte förändrats ({sp})",
        "count_subject": "Förändringen i antal",
        "rate_subject": "Förändringen per 100 000 invånare",
        "not_significant": "{subject} ligger inom den normala variationen och är inte "
        "statistiskt säkerställd ({test}, {pv}).",
        "significant": "{subject} är statistiskt säkerställd ({test}, {pv}).",
        "small_significant": "{subject} är liten men statistiskt säkerställd ({test}, {pv}).",
        "near_zero_below": "strax under 0",
        "near_zero_above": "strax över 0",
        "e_test": "E-test",
        "quasi_test": "test med hänsyn till seriens variation mellan åren, spridningsfaktor {phi}",
        "unusual": "Jämförelseåret {y0} var ovanligt: {a} ligger utanför det intervall som åren "
        "före gav (i genomsnitt {level} per år {yb}).",
        "unusual_one": "Jämförelseåret {y0} var ovanligt: {a} ligger utanför det intervall som "
        "året före gav ({level} år {yb}).",
        "unusual_one_earlier": "Jämförelseåret {y0} var ovanligt: {a} ligger utanför det "
        "intervall som det senaste året före med uppgifter gav ({level} år {yb}).",
        "unusual_trend": "Jämförelseåret {y0} var ovanligt: {a} ligger utanför det intervall som "
        "trenden åren {yb} pekade mot (omkring {level}).",
        "unusual_then": "År {y1} ligger {p} {side} den nivån.",
        "unusual_near": "År {y1} ligger i stort sett på den nivån ({sp}).",
        "unusual_small": "År {y1} var antalet {b}.",
        "above": "över",
        "below": "under",
        "trend": "Under perioden {t0}–{t1} finns {dir} trend, i genomsnitt {ac} per år "
        "(95 % konfidensintervall {lo} till {hi} procent).",
        "decreasing": "en minskande",
        "increasing": "en ökande",
        "no_trend": "Under perioden {t0}–{t1} finns ingen statistiskt säkerställd trend ({pv}).",
        "step": "Under perioden {t0}–{t1} finns ingen jämn trend utan ett nivåskifte: i "
        "genomsnitt {lb} {unit} {t0}–{tb} och {la} {unit} {ta}–{t1}.",
        "per_year": "per år",
        "per_100k_year": "per 100 000 invånare och år",
        "short_series": "Serien {t0}–{t1} har för få år med uppgifter ({n}, minst {m} behövs) för "
        "att bedöma en trend.",
        "not_estimable": "Serien {t0}–{t1} går inte att beskriva med en trend (alla anmälda "
        "brott ligger i ett enda år).",
        "not_fitted": "Serien {t0}–{t1} går inte att beskriva med en trend (modellen går inte "
        "att anpassa till så ojämna värden).",
        "few_events": "Antalen {t0}–{t1} är för små (i genomsnitt {mean} per år, minst {m} "
        "behövs) för att bedöma en trend.",
        "per_100k": "per 100 000 invånare",
        "trend_per_100k": "Trendbedömningen gäller antalet per 100 000 invånare.",
        "percent": "procent",
    },
    "en": {
        "subject": "The number of reported offences in the category {label}",
        "all_subject": "The number of reported offences",
        "decreased": "{s} has decreased by {p} compared with {y0}, from {a} to {b} in {y1}{pre}.",
        "increased": "{s} has increased by {p} compared with {y0}, from {a} to {b} in {y1}{pre}.",
        "unchanged": "{s} is broadly unchanged compared with {y0}, from {a} to {b} in {y1}{pre} "
        "({sp}).",
        "both_zero": "{s} was 0 in both {y0} and {y1}{pre}.",
        "halved": "{s} has halved {span}, from {a} in {y0} to {b} in {y1}{pre} "
        "(a decrease of {p}).",
        "more_than_halved": "{s} has more than halved {span}, from {a} in {y0} to {b} in {y1}{pre} "
        "(a decrease of {p}).",
        "doubled": "{s} has doubled {span}, from {a} in {y0} to {b} in {y1}{pre} "
        "(an increase of {p}).",
        "more_than_doubled": "{s} has more than doubled {span}, from {a} in {y0} to {b} in {y1}"
        "{pre} (an increase of {p}).",
        "increased_from_zero": "{s} has increased from {a} in {y0} to {b} in {y1}{pre}; a "
        "percentage change cannot be calculated.",
        "small_counts": "{s} went from {a} in {y0} to {b} in {y1}{pre}. {few}, so no percentage "
        "change is given.",
        "few_both": "Both counts are below {m}",
        "few_one": "The count in {y} is below {m}",
        "preliminary": " (preliminary figures)",
        "partial": "The figures for {y1} cover only {months} and are not a full year; they are "
        "therefore not compared with full years. {s} was {b} in {months} {y1}{pre}.",
        "rate": "Per 100,000 inhabitants the number has {verb}, from {ra} in {y0} to {rb} in {y1}.",
        "rate_levels": "Per 100,000 inhabitants the number was {ra} in {y0} and {rb} in {y1}.",
        "rate_decreased": "decreased by {p}",
        "rate_increased": "increased by {p}",
        "rate_unchanged": "remained broadly unchanged ({sp})",
        "count_subject": "The change in the count",
        "rate_subject": "The change per 100,000 inhabitants",
        "not_significant": "{subject} is within normal variation and not statistically "
        "significant ({test}, {pv}).",
        "significant": "{subject} is statistically significant ({test}, {pv}).",
        "small_significant": "{subject} is small but statistically significant ({test}, {pv}).",
        "near_zero_below": "just below 0",
        "near_zero_above": "just above 0",
        "e_test": "E-test",
        "quasi_test": "test allowing for the series' year-to-year variation, dispersion {phi}",
        "unusual": "The reference year {y0} was unusual: {a} lies outside the range the years "
        "before predicted (on average {level} a year in {yb}).",
        "unusual_one": "The reference year {y0} was unusual: {a} lies outside the range the year "
        "before predicted ({level} in {yb}).",
        "unusual_one_earlier": "The reference year {y0} was unusual: {a} lies outside the range "
        "the latest earlier year with figures predicted ({level} in {yb}).",
        "unusual_trend": "The reference year {y0} was unusual: {a} lies outside the range the "
        "trend of {yb} pointed to (about {level}).",
        "unusual_then": "{y1} is {p} {side} that level.",
        "unusual_near": "{y1} is broadly at that level ({sp}).",
        "unusual_small": "In {y1} the count was {b}.",
        "above": "above",
        "below": "below",
        "trend": "Over {t0}–{t1} there is {dir} trend, on average {ac} per year "
        "(95 % confidence interval {lo} to {hi} per cent).",
        "decreasing": "a decreasing",
        "increasing": "an increasing",
        "no_trend": "Over {t0}–{t1} there is no statistically significant trend ({pv}).",
        "step": "Over {t0}–{t1} there is no steady trend but a change of level: on average {lb} "
        "{unit} in {t0}–{tb} and {la} {unit} in {ta}–{t1}.",
        "per_year": "a year",
        "per_100k_year": "per 100,000 inhabitants a year",
        "short_series": "The series {t0}–{t1} has too few years with figures ({n}, at least {m} "
        "needed) to judge a trend.",
        "not_estimable": "The series {t0}–{t1} cannot be described by a trend (every reported "
        "offence falls in a single year).",
        "not_fitted": "The series {t0}–{t1} cannot be described by a trend (the model cannot be "
        "fitted to values this uneven).",
        "few_events": "The counts in {t0}–{t1} are too small (on average {mean} a year, at least "
        "{m} needed) to judge a trend.",
        "per_100k": "per 100,000 inhabitants",
        "trend_per_100k": "The trend assessment is per 100,000 inhabitants.",
        "percent": "per cent",
    },
}


def format_p(p: float, lang: str) -> str:
    """A p-value as the sentences print it (rule 15): "p < 0,001", "p = 0,27", "p = 0,012",
    "p = 0,0499" where three decimals would show a significant p as 0,050, "p < 0,05" where even
    four would.

    >>> format_p(0.04992, "sv"), format_p(0.0996, "en"), format_p(0.0004, "sv")
    ('p = 0,0499', 'p = 0.10', 'p < 0,001')
    """
    text = p_text(p, lang)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def p_text(p: float, lang: str) -> str:
    """The figure of :func:`format_p` alone, for a table's cell: "< 0,001", "0,27", "0,0499".

    Rounded, never cut: 0,0496 is "0,0496" (three decimals would make it 0,050), not "0,049".

    >>> p_text(0.2899, "sv"), p_text(0.0496, "sv"), p_text(0.0509, "en")
    ('0,29', '0,0496', '0.051')
    """
    if p < 0.001:
        text = "< 0.001"
    else:
        # Two decimals from a printed 0.10 (0.0996 too), three below.
        text = f"{p:.2f}" if round(p, 3) >= 0.1 else f"{p:.3f}"
        # Never let rounding show a significant p as 0.050 or more.
        if p < SIGNIFICANCE_LEVEL <= float(text):
            text = f"{p:.4f}"
        if p < SIGNIFICANCE_LEVEL <= float(text):
            text = f"< {SIGNIFICANCE_LEVEL}"
    return text.replace(".", ",") if lang == "sv" else text


def format_level(x: float, lang: str | None = None) -> str:
    """A mean level: whole numbers from 100 up, one decimal below (2,5 brott per år)."""
    if round(x) >= 100 or float(x).is_integer():
        return format_count(round(x), lang)
    return _decimal(x, 1, lang)


def _percent_of(reference: float, current: float) -> int:
    """|current - reference| / reference in whole percent, half up.

    Rates carry float noise (2 000 per 100 000 is 2000.0000000000002), so the percent is
    first rounded to nine decimals: 12.5 % is printed 13, never 12.
    """
    ratio = round(abs(Fraction(current) - Fraction(reference)) * 100 / Fraction(reference), 9)
    return off_landmark(int(ratio + Fraction(1, 2)), ratio)


def preliminary_mark(preliminary: bool, lang: str) -> str:
    """The mark after a preliminary year, " (preliminära siffror)" (rule 11); else empty."""
    return _TEMPLATES[lang]["preliminary"] if preliminary else ""


def percent_is_stated(reference: int, current: int) -> bool:
    """Whether a percentage change of two counts may be printed: from a reference above 0 and
    with both counts at least :data:`MIN_COUNT` (rules 5 and 6), as the sentences decide.

    >>> percent_is_stated(40, 63), percent_is_stated(3, 14), percent_is_stated(0, 30)
    (True, False, False)
    """
    return reference > 0 and min(reference, current) >= MIN_COUNT


_Ranked = TypeVar("_Ranked")


def heaviest_with_ties(
    ranked: Sequence[_Ranked], top: int, weight: Callable[[_Ranked], float]
) -> list[_Ranked]:
    """The ``top`` first of ``ranked`` (heaviest first) and every one tied with the last of them.

    Rule 17: a ranking names all tied, since which of equal weights made "the three" was the
    sort order's choice, not the data's.

    Examples
    --------
    >>> heaviest_with_ties([11, 9, 6, 6, 6, 2], 3, lambda w: w)
    [11, 9, 6, 6, 6]
    >>> heaviest_with_ties([5, 4], 3, lambda w: w)
    [5, 4]
    """
    if len(ranked) <= top:
        return list(ranked)
    cut = weight(ranked[top - 1])
    return [r for r in ranked if weight(r) >= cut]


def share_is_stated(whole: int) -> bool:
    """Whether a share of ``whole`` counted items may be printed as a percentage: the whole is
    at least :data:`MIN_COUNT` (rule 5; "1 av 3", not "33 %")."""
    return whole >= MIN_COUNT


# The names before they were public.
_format_p = format_p
_pre = preliminary_mark


# The label the reports give all offences together: their sentences say "Antalet anmälda brott",
# not "Antalet anmälda brott i kategorin alla brott".
_ALL_OFFENCES = {"sv": "alla brott", "en": "all crimes"}


def _subject(label: str, lang: str) -> str:
    t = _TEMPLATES[lang]
    if label.casefold() == _ALL_OFFENCES[lang]:
        return t["all_subject"]
    return t["subject"].format(label=label)


def _main_clause(kind: str, change: Change, label: str, lang: str, preliminary: bool) -> str:
    t = _TEMPLATES[lang]
    a, b = change.from_value, change.to_value
    if kind == "unchanged" and a == 0:
        kind = "both_zero"
    pct = whole_percent(a, b) if a > 0 else 0
    return t[kind].format(
        s=_subject(label, lang),
        p=_percent(pct, lang),
        sp=_signed(pct, b < a, lang),
        a=format_count(a, lang),
        b=format_count(b, lang),
        y0=change.from_period,
        y1=change.to_period,
        span=_span(change.years, lang),
        few=_few_counts(change, lang) if kind == "small_counts" else "",
        pre=_pre(preliminary, lang),
    )


def _few_counts(change: Change, lang: str) -> str:
    """Which counts are below :data:`MIN_COUNT`: both, or the one year's."""
    t = _TEMPLATES[lang]
    pairs = ((change.from_period, change.from_value), (change.to_period, change.to_value))
    small = [year for year, n in pairs if n < MIN_COUNT]
    if len(small) == 1:
        return t["few_one"].format(y=small[0], m=MIN_COUNT)
    return t["few_both"].format(m=MIN_COUNT)


def _change_claims(kind: str, change: Change, label: str) -> list[Claim]:
    years = (change.from_period, change.to_period)
    claims = [
        Claim("count", change.from_value, (change.from_period,), label),
        Claim("count", change.to_value, (change.to_period,), label),
        # "small_counts" withholds the relative change: its figure is the smaller count.
        Claim(kind, _smaller(change) if kind == "small_counts" else change.relative, years, label),
    ]
    if change.relative is not None and kind != "small_counts":
        claims.append(Claim("relative_change", change.relative, years, label))
    return claims


def _smaller(change: Change) -> int:
    return min(change.from_value, change.to_value)


def _rate_part(change: Change, label: str, lang: str) -> tuple[str, Claim] | None:
    if change.rate_from is None or change.rate_to is None:
        return None
    t = _TEMPLATES[lang]
    years = (change.from_period, change.to_period)
    if change.rate_relative is None or _smaller(change) < MIN_COUNT:
        # From zero, or on small counts: the rates without a percentage (rules 5 and 6).
        text = t["rate_levels"].format(
            ra=format_level(change.rate_from, lang),
            rb=format_level(change.rate_to, lang),
            y0=change.from_period,
            y1=change.to_period,
        )
        return text, Claim("rates", change.rate_to, years, label)
    pct = _percent_of(change.rate_from, change.rate_to)
    negative = change.rate_to < change.rate_from
    if pct < UNCHANGED_PERCENT:
        verb = t["rate_unchanged"].format(sp=_signed(pct, negative, lang))
    else:
        verb = t["rate_decreased" if negative else "rate_increased"]
        verb = verb.format(p=_percent(pct, lang))
    text = t["rate"].format(
        verb=verb,
        ra=format_level(change.rate_from, lang),
        rb=format_level(change.rate_to, lang),
        y0=change.from_period,
        y1=change.to_period,
    )
    return text, Claim("rate_change", change.rate_relative, years, label)


def comparison_test(etest: ETestResult, trend: TrendResult | None) -> ETestResult:
    """The two-year test a sentence reports: the E-test, widened by the series' dispersion.

    Year-to-year variation beyond Poisson (the quasi-Poisson dispersion of the trend fit
    over the series) widens the comparison of two years; the exact E-test stays when the
    series shows none. Tables and press texts use this so they agree with the sentence.
    """
    if trend is None or trend.dispersion is None or trend.dispersion <= 1.0:
        return etest
    return quasi_poisson_test(
        etest.k1,
        etest.k2,
        etest.n1,
        etest.n2,
        dispersion=trend.dispersion,
        df=trend.n_years - 2,
        alpha=etest.alpha,
    )


def comparison_fit(
    counts: Mapping[int, int], compared_year: int, population: Mapping[int, int] | None = None
) -> TrendResult:
    """The fit whose dispersion widens a two-year test of ``compared_year`` (rule 9): the
    log-linear fit over the other years of ``counts``.

    The compared year is left out so that the change being judged does not widen its own test:
    nine years between 960 and 1 040 and then 1 400 have a dispersion of 12 fitted with it (0,7
    without), and nine years of 20-22 and then 2 400 one of 5 900, so the jump read as "inom den
    normala variationen". Without it the dispersion says how much the other years vary, the
    "normal variation" the sentence names (as ``unusual_reference`` leaves out its year). When
    the other years give no dispersion (fewer than :data:`MIN_YEARS`, or all zero), the fit over
    every year stays, the cautious choice.

    >>> s = {2017: 100, 2018: 104, 2019: 97, 2020: 101, 2021: 160}
    >>> round(poisson_trend(s).dispersion, 1), round(comparison_fit(s, 2021).dispersion, 2)
    (3.6, 0.12)
    """
    others = {y: n for y, n in counts.items() if y != compared_year}
    if len(others) >= MIN_YEARS:
        fit = poisson_trend(others, population)
        if fit.dispersion is not None:
            return fit
    return poisson_trend(counts, population)


def _printed_unchanged(change: Change, on_rates: bool) -> bool:
    """Whether the sentence calls the tested quantity (count or rate) broadly unchanged."""
    if on_rates and change.rate_from and change.rate_to is not None:
        return _percent_of(change.rate_from, change.rate_to) < UNCHANGED_PERCENT
    return classify_change(change) == "unchanged"


def _etest_part(
    etest: ETestResult, trend: TrendResult | None, change: Change, label: str, lang: str
) -> tuple[str, Claim]:
    # The test must be about the very counts the sentence states ...
    if (etest.k1, etest.k2) != (change.from_value, change.to_value):
        raise ValueError("E-test counts do not match the change being described")
    # ... and on the quantity it names: counts, or rates with the years' populations.
    if etest.on_rates and (change.rate_from is None or change.rate_to is None):
        raise ValueError("an E-test on rates needs the populations of both years")
    test = comparison_test(etest, trend)
    t = _TEMPLATES[lang]
    kind = "significant" if test.p_value < SIGNIFICANCE_LEVEL else "not_significant"
    # "i stort sett oförändrat" beside a bare "säkerställd" reads as a contradiction.
    wording = kind
    if kind == "significant" and _printed_unchanged(change, test.on_rates):
        wording = "small_significant"
    name = t["e_test"]
    if test.method == QUASI_POISSON_TEST:
        name = t["quasi_test"].format(phi=format_level(test.dispersion, lang))
    text = t[wording].format(
        subject=t["rate_subject" if test.on_rates else "count_subject"],
        test=name,
        pv=_format_p(test.p_value, lang),
    )
    years = (change.from_period, change.to_period)
    return text, Claim(kind, test.p_value, years, label)


def _unusual_part(
    series: Mapping[int, int], change: Change, label: str, lang: str
) -> tuple[str, Claim, Claim] | None:
    unusual = unusual_reference(series, change.from_period)
    if unusual is None:
        return None
    t = _TEMPLATES[lang]
    baseline = unusual.baseline_years
    kind = (
        "unusual_trend" if unusual.by_trend else "unusual" if len(baseline) > 1 else "unusual_one"
    )
    # One year that is not the year before (a gap bridged) is not "året före".
    if kind == "unusual_one" and baseline[0] != change.from_period - 1:
        kind = "unusual_one_earlier"
    text = t[kind].format(
        y0=change.from_period,
        a=format_count(change.from_value, lang),
        level=format_level(unusual.level, lang),
        yb=years_text(baseline),
    )
    now, to_level = _against_level(unusual.level, change, label, lang)
    claim_kind = "unusual_against_trend" if unusual.by_trend else "unusual_reference"
    return f"{text} {now}", Claim(claim_kind, unusual.level, baseline, label), to_level


def years_text(years: tuple[int, ...]) -> str:
    """Years as written: "2019", "2017–2019", or with a gap "2013–2014, 2016"."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _against_level(level: float, change: Change, label: str, lang: str) -> tuple[str, Claim]:
    """The compared year against the level of the years before, by the rules of a change."""
    t = _TEMPLATES[lang]
    b, y1 = change.to_value, change.to_period
    if min(level, b) < MIN_COUNT:
        text = t["unusual_small"].format(y1=y1, b=format_count(b, lang))
        return text, Claim("count", b, (y1,), label)
    pct = _percent_of(level, b)
    relative = b / level - 1
    if pct < UNCHANGED_PERCENT:
        text = t["unusual_near"].format(y1=y1, sp=_signed(pct, b < level, lang))
    else:
        side = t["above" if b >= level else "below"]
        text = t["unusual_then"].format(y1=y1, p=_percent(pct, lang), side=side)
    return text, Claim("relative_to_level", relative, (y1,), label)


def no_trend_reason(trend: TrendResult) -> str | None:
    """Why the rules call no trend in the series, in the order the sentences decide it (rules
    12 and 14): ``"few_years"``, ``"small_counts"``, ``"not_estimable"`` (every case in the first
    or the last year), ``"not_fitted"`` (the fit failed on an extreme series),
    ``"not_significant"``, ``"level_shift"``; None when a rising or falling trend is stated.

    Ten years of 0 are not "too few years": their mean, 0, is below :data:`MIN_COUNT`.

    >>> from lagesbild.core.stats.trend import poisson_trend
    >>> zeros = ({1: 0, 2: 0, 3: 0}, dict.fromkeys(range(6), 0))
    >>> [no_trend_reason(poisson_trend(s)) for s in zeros]
    ['few_years', 'small_counts']
    >>> no_trend_reason(poisson_trend({1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 30}))
    'not_estimable'
    """
    if trend.method == TOO_FEW_YEARS or trend.n_years < MIN_TREND_YEARS:
        return "few_years"
    if trend.method == ALL_ZERO:
        return "small_counts"
    if trend.method == NOT_FITTED:
        return "not_fitted"
    if not trend.estimated or trend.p_value is None:
        return "not_estimable"
    if trend.mean_count is not None and trend.mean_count < MIN_COUNT:
        return "small_counts"
    if not trend.significant:
        return "not_significant"
    if trend.step is not None:
        return "level_shift"
    return None


def trend_is_stated(trend: TrendResult) -> bool:
    """Whether the rules allow calling the series a rising or falling trend.

    Significant, from at least :data:`MIN_TREND_YEARS` years averaging at least
    :data:`MIN_COUNT` a year, and not better described by a one-break level shift.
    """
    return no_trend_reason(trend) is None


def describe_trend(category_label: str, trend: TrendResult, lang: str = "sv") -> Sentence | None:
    """The trend sentence alone (rules 12–14), for a category with no change to carry it: neither
    the year before nor the base year has a figure. None when fewer than two years have one.

    >>> from lagesbild.core.stats.trend import poisson_trend
    >>> print(describe_trend("Skadegörelse", poisson_trend({2019: 40, 2021: 35})).text)
    Serien 2019–2021 har för få år med uppgifter (2, minst 5 behövs) för att bedöma en trend.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGUAGES}")
    part = _trend_part(trend, _label(category_label), lang)
    return Sentence(text=part[0], claims=(part[1],)) if part is not None else None


def _trend_part(trend: TrendResult, label: str, lang: str) -> tuple[str, Claim] | None:
    part = _trend_assessment(trend, label, lang)
    if part is None or not trend.per_100k or (part[1].kind == "no_trend" and part[1].value is None):
        return part
    # A trend in the rate beside a change in the count: the sentence says which it is.
    return f"{part[0]} {_TEMPLATES[lang]['trend_per_100k']}", part[1]


def _trend_assessment(trend: TrendResult, label: str, lang: str) -> tuple[str, Claim] | None:
    if (
        not trend.estimated
        or trend.p_value is None
        or trend.annual_change is None
        or trend.n_years < MIN_TREND_YEARS
    ):
        return _why_no_trend(trend, label, lang)
    t = _TEMPLATES[lang]
    years = (int(trend.first_year or 0), int(trend.last_year or 0))
    fields = {"t0": years[0], "t1": years[1], "pv": _format_p(trend.p_value, lang)}
    if trend.mean_count is not None and trend.mean_count < MIN_COUNT:
        mean = _decimal(trend.mean_count, 1, lang)
        text = t["few_events"].format(mean=mean, m=MIN_COUNT, **fields)
        return text, Claim("no_trend", None, years, label)
    if trend.p_value >= SIGNIFICANCE_LEVEL:
        return t["no_trend"].format(**fields), Claim("no_trend", trend.p_value, years, label)
    if trend.step is not None:
        step = trend.step
        text = t["step"].format(
            lb=format_level(step.level_before, lang),
            la=format_level(step.level_after, lang),
            unit=t["per_100k_year" if trend.per_100k else "per_year"],
            tb=step.last_year_before,
            ta=step.first_year_after,
            **fields,
        )
        ratio = float(step.level_after / step.level_before - 1) if step.level_before else None
        return text, Claim("step", ratio, years, label)
    direction = "decreasing" if trend.annual_change < 0 else "increasing"
    bounds = (100 * (trend.ci_low or 0.0), 100 * (trend.ci_high or 0.0))
    change = trend_percent(trend.annual_change, lang)
    low, high = (off_zero(x, _places_to_show([x]), lang) for x in bounds)
    text = t["trend"].format(
        dir=t[direction], ac=f"{change} {t['percent']}", lo=low, hi=high, **fields
    )
    return text, Claim("trend", trend.annual_change, years, label)


def trend_percent(annual_change: float, lang: str | None = None) -> str:
    """A stated trend's change a year in per cent, with the decimals that keep it off zero
    (rule 12: a significant trend is never printed as 0,0 or −0,0).

    >>> trend_percent(-0.0004, "sv"), trend_percent(0.125, "en")
    ('−0,04', '12.5')
    """
    estimate = 100 * annual_change
    return _decimal(estimate, _places_to_show([estimate]), lang)


def signed_trend_percent(annual_change: float, stated: bool, lang: str | None = None) -> str:
    """A trend's change a year as the tables print it, signed: a stated trend with the decimals
    that keep it off zero (``trend_percent``), another with one, and one that rounds to nothing
    "±0 %" (it was "+0,0 %"; a stated one had been "−0,0 %", rule 12).

    >>> signed_trend_percent(-0.0004, True, "sv"), signed_trend_percent(0.0004, False, "sv")
    ('−0,04\xa0%', '±0\xa0%')
    >>> signed_trend_percent(0.031, False, "en")
    '+3.1\xa0%'
    """
    change = 100 * annual_change
    if stated:
        text = trend_percent(annual_change, lang)
    elif round(change, 1) == 0:
        return f"±0{NBSP}%"
    else:
        text = format_number(change, 1, lang)
    return f"{text if text.startswith(MINUS) else '+' + text}{NBSP}%"


def _places_to_show(percents: list[float]) -> int:
    """Decimals (one to three) that keep the figures of a significant trend off zero.

    The interval of a significant trend excludes 0, so "−2,5 till 0,0 procent" or "0,0 procent
    per år" would make it look non-significant; the estimate and the two ends each get the
    decimals they need.
    """
    places = 1
    while places < 3 and any(round(x, places) == 0 for x in percents):
        places += 1
    return places


def off_zero(x: float, places: int, lang: str) -> str:
    """``x`` with ``places`` decimals, or "strax under 0"/"strax över 0" when that rounds a value
    that is not 0 to 0 (rule 12: an interval's end is never printed as the 0 it excludes)."""
    if round(x, places) == 0 and x != 0:
        return _TEMPLATES[lang]["near_zero_below" if x < 0 else "near_zero_above"]
    return _decimal(x, places, lang)


def _why_no_trend(trend: TrendResult, label: str, lang: str) -> tuple[str, Claim] | None:
    """Say why no trend was estimated from two or more years (rule 12's "otherwise")."""
    if trend.first_year is None or trend.last_year is None or trend.n_years < 2:
        return None
    t = _TEMPLATES[lang]
    years = (trend.first_year, trend.last_year)
    fields = {"t0": years[0], "t1": years[1]}
    if trend.method == TOO_FEW_YEARS or trend.n_years < MIN_TREND_YEARS:
        text = t["short_series"].format(n=trend.n_years, m=MIN_TREND_YEARS, **fields)
    elif trend.method == NOT_ESTIMABLE:
        text = t["not_estimable"].format(**fields)
    elif trend.method == NOT_FITTED:
        text = t["not_fitted"].format(**fields)
    else:  # all zero: the counts say it all
        return None
    return text, Claim("no_trend", None, years, label)


def _partial_sentence(
    change: Change, label: str, lang: str, months: int, preliminary: bool
) -> Sentence:
    t = _TEMPLATES[lang]
    text = t["partial"].format(
        s=_subject(label, lang),
        b=format_count(change.to_value, lang),
        y1=change.to_period,
        months=months_text(1, months, lang),
        pre=_pre(preliminary, lang),
    )
    claims = (
        Claim("count", change.to_value, (change.to_period,), label),
        Claim("partial_period", months, (change.to_period,), label),
    )
    return Sentence(text=text, claims=claims)


def describe_change(
    category_label_sv: str,
    change: Change,
    etest: ETestResult | None = None,
    trend: TrendResult | None = None,
    lang: str = "sv",
    *,
    category_label_en: str | None = None,
    series: Mapping[int, int] | None = None,
    months: int = 12,
    preliminary: bool = False,
    dispersion_from: TrendResult | None = None,
) -> Sentence:
    """Describe a change in one category, with its test results and caveats.

    Parameters
    ----------
    category_label_sv : str
        Swedish category label, e.g. ``"Skadegörelse"``.
    change : Change
        The two-period comparison to describe.
    etest : ETestResult or None, optional
        E-test of ``change.from_value`` against ``change.to_value``: on counts
        (exposures 1), or on rates with the two years' populations as exposures,
        in which case the sentence also gives the change per 100 000 inhabitants
        and the test is said to be about that.
    trend : TrendResult or None, optional
        Trend over the series; its dispersion also widens the two-year test.
    lang : str, optional
        ``"sv"`` (default) or ``"en"``.
    category_label_en : str or None, optional
        English label; the Swedish label is used in English text if omitted.
    series : Mapping[int, int] or None, optional
        The yearly counts; when given, an unusual reference year is named.
    months : int, optional
        Months of ``change.to_period`` the count covers; below 12 the year is
        named as partial and not compared with full years.
    preliminary : bool, optional
        The compared year's figures are preliminary.
    dispersion_from : TrendResult or None, optional
        The fit whose dispersion widens the two-year test (:func:`comparison_fit`, the
        series without the compared year); without it, ``trend``'s does.

    Returns
    -------
    Sentence
        The text and every claim it makes.

    Raises
    ------
    ValueError
        For an unknown language, an E-test on other counts than ``change``, or
        an E-test on rates without the populations.

    Notes
    -----
    Wording follows the numbered rules in the module docstring and
    ``docs/statistics.md``.

    Examples
    --------
    >>> from lagesbild.core.stats.change import change_between
    >>> from lagesbild.core.stats.etest import e_test
    >>> c = change_between({2020: 100, 2021: 85}, 2020, 2021)
    >>> s = describe_change("Skadegörelse", c, e_test(100, 85), None, lang="en")
    >>> print(s.text)  # doctest: +NORMALIZE_WHITESPACE
    The number of reported offences in the category skadegörelse has decreased by 15 per cent
    compared with 2020, from 100 to 85 in 2021. The change in the count is within normal
    variation and not statistically significant (E-test, p = 0.27).
    >>> [c.kind for c in s.claims]
    ['count', 'count', 'decreased', 'relative_change', 'not_significant']
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGUAGES}")
    if not 1 <= months <= 12:
        raise ValueError("months must be between 1 and 12")
    raw = category_label_en if lang == "en" and category_label_en else category_label_sv
    label = _label(raw)
    if months < 12:
        return _partial_sentence(change, label, lang, months, preliminary)
    kind = classify_change(change)
    parts = [_main_clause(kind, change, label, lang, preliminary)]
    claims = _change_claims(kind, change, label)
    if preliminary:
        claims.append(Claim("preliminary", 1, (change.to_period,), label))
    extras = [
        _unusual_part(series, change, label, lang) if series is not None else None,
        _rate_part(change, label, lang) if etest is not None and etest.on_rates else None,
        _etest_part(etest, dispersion_from or trend, change, label, lang)
        if etest is not None
        else None,
        _trend_part(trend, label, lang) if trend is not None else None,
    ]
    for extra in extras:
        if extra is not None:
            parts.append(extra[0])
            claims.extend(extra[1:])
    return Sentence(text=" ".join(parts), claims=tuple(claims))

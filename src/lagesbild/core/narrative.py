"""Honest sentences about change in reported crime, in Swedish and English.

The register imitates a municipality's press release on its collaboration
report ("Jämfört med år 2020 har antalet anmälningar kopplat till
skadegörelse minskat med 15 procent"), but every sentence carries its
number and its periods, and each assertion is also returned as a
:class:`Claim` holding the figure behind it, so a test can check that every
claim in a press release is backed by a figure in the JSON report.

Wording rules
-------------
Let ``r = (x_t - x_ref) / x_ref`` be the unrounded relative change of the
counts. The rules are decided on unrounded values (exact integer
comparisons for halving and doubling); only the displayed percentage is
rounded, half up, to a whole percent.

1. ``x_t / x_ref < 0.5`` (r < -50 %): "mer än halverats" / "more than halved".
2. ``x_t / x_ref == 0.5`` (r = -50 % exactly): "halverats" / "halved".
   -49.6 % is displayed as 50 percent but is *not* halved: "minskat med 50 procent".
3. ``x_t / x_ref > 2`` (r > +100 %): "mer än fördubblats" / "more than doubled".
4. ``x_t / x_ref == 2`` (r = +100 % exactly): "fördubblats" / "doubled".
5. ``|r| <`` :data:`UNCHANGED_BAND` (3 %): "i stort sett oförändrat" /
   "broadly unchanged"; exactly -3 % or +3 % is a decrease or increase.
6. otherwise "minskat med 15 procent jämfört med 2020" / "ökat med 8 procent
   jämfört med 2020" ("decreased by 15 per cent compared with 2020").
7. ``x_ref = 0``: no percentage is computed; the sentence gives the counts.
8. Trend: "en minskande trend" / "en ökande trend" only when the trend test
   has ``p <`` :data:`SIGNIFICANCE_LEVEL` (0.05); otherwise the sentence says
   there is no statistically significant trend.
9. E-test: when ``p >= 0.05`` the text says the difference is within normal
   variation, "förändringen är inte statistiskt säkerställd"; when
   ``p < 0.05``, "Förändringen är statistiskt säkerställd".
10. Small counts (either count below 20, see
    :data:`lagesbild.core.stats.change.SMALL_COUNT_THRESHOLD`): append
    "Antalen är små och förändringen är osäker." / "Counts are small and the
    change is uncertain."
11. Every text names the category, the periods and the counts
    ("från 1 000 till 850"). Thousands are separated by a plain space in
    Swedish (searchable text; a renderer may substitute a no-break space)
    and by a comma in English.

Examples
--------
>>> from lagesbild.core.stats.change import change_between
>>> c = change_between({2020: 1000, 2021: 850}, 2020, 2021)
>>> print(describe_change("Skadegörelse", c, None, None).text)  # doctest: +NORMALIZE_WHITESPACE
Antalet anmälda brott i kategorin skadegörelse har minskat med 15 procent
jämfört med 2020, från 1 000 till 850 år 2021.
"""

from __future__ import annotations

from dataclasses import dataclass

from lagesbild.core.stats.change import Change
from lagesbild.core.stats.etest import ETestResult
from lagesbild.core.stats.trend import TrendResult

__all__ = [
    "LANGUAGES",
    "SIGNIFICANCE_LEVEL",
    "UNCHANGED_BAND",
    "Claim",
    "Sentence",
    "classify_change",
    "describe_change",
    "format_count",
    "whole_percent",
]

#: Relative changes with ``|r|`` strictly below this are "i stort sett oförändrat".
#: Three percent is below what a reader would call a change, and for counts up
#: to about 1 100 it is within one Poisson standard error (1/sqrt(1100) = 3 %),
#: i.e. indistinguishable from year-to-year noise for most municipal categories.
UNCHANGED_BAND: float = 0.03

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

    Examples
    --------
    >>> whole_percent(1000, 855), whole_percent(1000, 496), whole_percent(200, 199)
    (15, 50, 1)
    """
    if reference <= 0:
        raise ValueError("reference must be positive")
    return (200 * abs(current - reference) + reference) // (2 * reference)


def format_figure(value: float | None) -> str:
    """Format a figure for a table: a count with a space between thousands, otherwise one
    decimal with a decimal comma; '–' when missing."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return format_count(int(value))
    return f"{value:.1f}".replace(".", ",")


def format_count(n: int, lang: str = "sv") -> str:
    """Format a count with the language's thousands separator.

    Parameters
    ----------
    n : int
        The count.
    lang : str, optional
        ``"sv"`` (space) or ``"en"`` (comma).

    Returns
    -------
    str
        The formatted count.

    Examples
    --------
    >>> format_count(1000), format_count(12345, "en")
    ('1 000', '12,345')
    """
    text = f"{n:,}"
    return text.replace(",", " ") if lang == "sv" else text


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
    # Integer comparisons make the halving and doubling edges exact.
    if 2 * b <= a:
        return "halved" if 2 * b == a else "more_than_halved"
    if b >= 2 * a:
        return "doubled" if b == 2 * a else "more_than_doubled"
    r = (b - a) / a
    if abs(r) < UNCHANGED_BAND:
        return "unchanged"
    return "decreased" if r < 0 else "increased"


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


def _signed(percent: int, negative: bool, lang: str) -> str:
    sign = _MINUS if negative and percent else ""
    unit = "procent" if lang == "sv" else "per cent"
    return f"{sign}{percent} {unit}"


def _decimal(x: float, decimals: int, lang: str) -> str:
    text = f"{x:.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")  # no "-0.0"
    text = text.replace("-", _MINUS)
    return text.replace(".", ",") if lang == "sv" else text


_TEMPLATES = {
    "sv": {
        "subject": "Antalet anmälda brott i kategorin {label}",
        "decreased": "{s} har minskat med {p} jämfört med {y0}, från {a} till {b} år {y1}.",
        "increased": "{s} har ökat med {p} jämfört med {y0}, från {a} till {b} år {y1}.",
        "unchanged": "{s} är i stort sett oförändrat jämfört med {y0}, från {a} till {b} år {y1} "
        "({sp}).",
        "both_zero": "{s} var 0 både år {y0} och år {y1}.",
        "halved": "{s} har halverats {span}, från {a} år {y0} till {b} år {y1} "
        "(en minskning med {p}).",
        "more_than_halved": "{s} har mer än halverats {span}, från {a} år {y0} till {b} år {y1} "
        "(en minskning med {p}).",
        "doubled": "{s} har fördubblats {span}, från {a} år {y0} till {b} år {y1} "
        "(en ökning med {p}).",
        "more_than_doubled": "{s} har mer än fördubblats {span}, från {a} år {y0} till {b} år "
        "{y1} (en ökning med {p}).",
        "increased_from_zero": "{s} har ökat från {a} år {y0} till {b} år {y1}; en procentuell "
        "förändring kan inte beräknas.",
        "not_significant": "Skillnaden ligger inom den normala variationen; förändringen är inte "
        "statistiskt säkerställd (E-test, {pv}).",
        "significant": "Förändringen är statistiskt säkerställd (E-test, {pv}).",
        "trend": "Under perioden {t0}–{t1} finns {dir} trend, i genomsnitt {ac} per år "
        "(95 % konfidensintervall {lo} till {hi} procent).",
        "decreasing": "en minskande",
        "increasing": "en ökande",
        "no_trend": "Under perioden {t0}–{t1} finns ingen statistiskt säkerställd trend ({pv}).",
        "small_counts": "Antalen är små och förändringen är osäker.",
        "percent": "procent",
    },
    "en": {
        "subject": "The number of reported offences in the category {label}",
        "decreased": "{s} has decreased by {p} compared with {y0}, from {a} to {b} in {y1}.",
        "increased": "{s} has increased by {p} compared with {y0}, from {a} to {b} in {y1}.",
        "unchanged": "{s} is broadly unchanged compared with {y0}, from {a} to {b} in {y1} ({sp}).",
        "both_zero": "{s} was 0 in both {y0} and {y1}.",
        "halved": "{s} has halved {span}, from {a} in {y0} to {b} in {y1} (a decrease of {p}).",
        "more_than_halved": "{s} has more than halved {span}, from {a} in {y0} to {b} in {y1} "
        "(a decrease of {p}).",
        "doubled": "{s} has doubled {span}, from {a} in {y0} to {b} in {y1} (an increase of {p}).",
        "more_than_doubled": "{s} has more than doubled {span}, from {a} in {y0} to {b} in {y1} "
        "(an increase of {p}).",
        "increased_from_zero": "{s} has increased from {a} in {y0} to {b} in {y1}; a percentage "
        "change cannot be calculated.",
        "not_significant": "The difference is within normal variation; the change is not "
        "statistically significant (E-test, {pv}).",
        "significant": "The change is statistically significant (E-test, {pv}).",
        "trend": "Over {t0}–{t1} there is {dir} trend, on average {ac} per year "
        "(95 % confidence interval {lo} to {hi} per cent).",
        "decreasing": "a decreasing",
        "increasing": "an increasing",
        "no_trend": "Over {t0}–{t1} there is no statistically significant trend ({pv}).",
        "small_counts": "Counts are small and the change is uncertain.",
        "percent": "per cent",
    },
}


def _format_p(p: float, lang: str) -> str:
    if p < 0.001:
        text = "p < 0.001"
    else:
        text = f"p = {p:.2f}" if p >= 0.1 else f"p = {p:.3f}"
        # Never let rounding show a significant p as 0.050 or more.
        if p < SIGNIFICANCE_LEVEL <= float(text[4:]):
            text = f"p = {p:.4f}"
    return text.replace(".", ",") if lang == "sv" else text


def _main_clause(kind: str, change: Change, label: str, lang: str) -> str:
    t = _TEMPLATES[lang]
    a, b = change.from_value, change.to_value
    if kind == "unchanged" and a == 0:
        kind = "both_zero"
    pct = whole_percent(a, b) if a > 0 else 0
    return t[kind].format(
        s=t["subject"].format(label=label),
        p=f"{pct} {t['percent']}",
        sp=_signed(pct, b < a, lang),
        a=format_count(a, lang),
        b=format_count(b, lang),
        y0=change.from_period,
        y1=change.to_period,
        span=_span(change.years, lang),
    )


def _change_claims(kind: str, change: Change, label: str) -> list[Claim]:
    years = (change.from_period, change.to_period)
    claims = [
        Claim("count", change.from_value, (change.from_period,), label),
        Claim("count", change.to_value, (change.to_period,), label),
        Claim(kind, change.relative, years, label),
    ]
    if change.relative is not None:
        claims.append(Claim("relative_change", change.relative, years, label))
    return claims


def _etest_part(etest: ETestResult, change: Change, label: str, lang: str) -> tuple[str, Claim]:
    # The test must be about the very counts the sentence states.
    if (etest.k1, etest.k2) != (change.from_value, change.to_value):
        raise ValueError("E-test counts do not match the change being described")
    kind = "significant" if etest.p_value < SIGNIFICANCE_LEVEL else "not_significant"
    text = _TEMPLATES[lang][kind].format(pv=_format_p(etest.p_value, lang))
    years = (change.from_period, change.to_period)
    return text, Claim(kind, etest.p_value, years, label)


def _trend_part(trend: TrendResult, label: str, lang: str) -> tuple[str, Claim] | None:
    if not trend.estimated or trend.p_value is None or trend.annual_change is None:
        return None
    t = _TEMPLATES[lang]
    years = (int(trend.first_year or 0), int(trend.last_year or 0))
    fields = {"t0": years[0], "t1": years[1], "pv": _format_p(trend.p_value, lang)}
    if trend.p_value >= SIGNIFICANCE_LEVEL:
        return t["no_trend"].format(**fields), Claim("no_trend", trend.p_value, years, label)
    direction = "decreasing" if trend.annual_change < 0 else "increasing"
    text = t["trend"].format(
        dir=t[direction],
        ac=f"{_decimal(100 * trend.annual_change, 1, lang)} {t['percent']}",
        lo=_decimal(100 * (trend.ci_low or 0.0), 1, lang),
        hi=_decimal(100 * (trend.ci_high or 0.0), 1, lang),
        **fields,
    )
    return text, Claim("trend", trend.annual_change, years, label)


def describe_change(
    category_label_sv: str,
    change: Change,
    etest: ETestResult | None = None,
    trend: TrendResult | None = None,
    lang: str = "sv",
    *,
    category_label_en: str | None = None,
) -> Sentence:
    """Describe a change in one category, with its test results and caveats.

    Parameters
    ----------
    category_label_sv : str
        Swedish category label, e.g. ``"Skadegörelse"``.
    change : Change
        The two-period comparison to describe.
    etest : ETestResult or None, optional
        E-test of ``change.from_value`` against ``change.to_value``.
    trend : TrendResult or None, optional
        Trend over the whole series; stated only when estimated.
    lang : str, optional
        ``"sv"`` (default) or ``"en"``.
    category_label_en : str or None, optional
        English label; the Swedish label is used in English text if omitted.

    Returns
    -------
    Sentence
        The text and every claim it makes.

    Raises
    ------
    ValueError
        For an unknown language, or an E-test on other counts than ``change``.

    Notes
    -----
    Wording follows the numbered rules in the module docstring. The E-test is
    Krishnamoorthy & Thomson (2004); the trend a (quasi-)Poisson log-linear
    GLM (see :mod:`lagesbild.core.stats.trend`).

    Examples
    --------
    >>> from lagesbild.core.stats.change import change_between
    >>> from lagesbild.core.stats.etest import e_test
    >>> c = change_between({2020: 100, 2021: 85}, 2020, 2021)
    >>> s = describe_change("Skadegörelse", c, e_test(100, 85), None, lang="en")
    >>> print(s.text)  # doctest: +NORMALIZE_WHITESPACE
    The number of reported offences in the category skadegörelse has decreased by 15 per cent
    compared with 2020, from 100 to 85 in 2021. The difference is within normal variation;
    the change is not statistically significant (E-test, p = 0.27).
    >>> [c.kind for c in s.claims]
    ['count', 'count', 'decreased', 'relative_change', 'not_significant']
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; use one of {LANGUAGES}")
    raw = category_label_en if lang == "en" and category_label_en else category_label_sv
    label = _label(raw)
    kind = classify_change(change)
    parts = [_main_clause(kind, change, label, lang)]
    claims = _change_claims(kind, change, label)
    extras = [
        _etest_part(etest, change, label, lang) if etest is not None else None,
        _trend_part(trend, label, lang) if trend is not None else None,
    ]
    for extra in extras:
        if extra is not None:
            parts.append(extra[0])
            claims.append(extra[1])
    if change.small_counts:
        parts.append(_TEMPLATES[lang]["small_counts"])
        smaller = min(change.from_value, change.to_value)
        claims.append(Claim("small_counts", smaller, (change.from_period, change.to_period), label))
    return Sentence(text=" ".join(parts), claims=tuple(claims))

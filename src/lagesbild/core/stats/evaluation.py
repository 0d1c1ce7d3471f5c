"""Evaluate a measure (åtgärd): did crime fall in the target area, and did it move?

A measure such as extra patrols, lighting or cameras is judged by comparing the
target area before and after with a comparison (control) area, and by checking a
buffer zone around the target for displacement or diffusion of benefits.

The module is pure: plain integers in, frozen dataclasses of plain floats out.
No number in a result is ever NaN or infinite; what cannot be computed is
``None`` together with a reason, so zero counts never crash the caller.

Notation (as in ``METHODS.md``): R or T target area, D buffer, C control, DC the
buffer's own control; subscript b before, a after.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from numbers import Integral
from statistics import NormalDist
from typing import Final, SupportsIndex

from lagesbild.core.i18n import format_number, is_english
from lagesbild.core.narrative import (
    MIN_COUNT,
    UNCHANGED_PERCENT,
    off_zero,
    percent_is_stated,
    rounded_percent,
)

__all__ = [
    "AreaWeights",
    "LENGTH_TOLERANCE",
    "PER_DAYS",
    "buffer_change_is_chance",
    "WeightedWdd",
    "wdd",
    "wdd_harm",
    "DEFAULT_MIN_EVENTS",
    "DifferenceEstimate",
    "Displacement",
    "Evaluation",
    "EvaluationCounts",
    "RelativeEffectSize",
    "Verdict",
    "WeightedDisplacementQuotient",
    "BeforePeak",
    "PEAK_DAYS",
    "before_peak",
    "describe_en",
    "describe_sv",
    "difference_in_differences",
    "evaluate",
    "format_number_en",
    "format_number_sv",
    "lengths_differ",
    "percent_effect_is_stated",
    "relative_effect_size",
    "suggest_control",
    "unequal_lengths",
    "weighted_displacement_difference",
    "weighted_displacement_quotient",
]

#: Minimum number of events, before and after together, in the target area and
#: in the control area. See :func:`evaluate` for the reasoning.
DEFAULT_MIN_EVENTS: Final[int] = 20


#: Periods whose lengths (in days) differ by more than this share are compared per
#: :data:`PER_DAYS` days, not by their counts: the 3 % below which a change is written "i stort
#: sett oförändrat" (``core.narrative.UNCHANGED_PERCENT``), so that a difference in length alone
#: cannot make a change of the counts (100 in 340 days against 104 in 365, +4 %, is −3 % a day).
LENGTH_TOLERANCE: Final[float] = 0.03

#: Counts of periods of different lengths are compared per this many days.
PER_DAYS: Final[int] = 30

_NBSP: Final[str] = "\u00a0"

_EN_DASH: Final[str] = "\u2013"


class Verdict(StrEnum):
    """Overall verdict on the measure's effect in the target area."""

    EFFECT = "effect"
    INCREASE = "increase"
    NO_CLEAR_EFFECT = "no_clear_effect"
    TOO_FEW_EVENTS = "too_few_events"


class Displacement(StrEnum):
    """Verdict on what happened in the buffer zone, read from the WDQ."""

    DIFFUSION = "diffusion"
    DISPLACEMENT = "displacement"
    DISPLACEMENT_ERASED_EFFECT = "displacement_erased_effect"
    NOT_APPLICABLE = "not_applicable"
    UNCLEAR = "unclear"


# --------------------------------------------------------------------------- input


def _check_count(name: str, value: object, *, optional: bool) -> int | None:
    if value is None and optional:
        return None
    # bool is an Integral too, but True as a count is surely a mistake.
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer count, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be non-negative, got {value}")
    return int(value)


@dataclass(frozen=True, init=False)
class EvaluationCounts:
    """Event counts before and after a measure in the areas being compared.

    Parameters
    ----------
    target_before, target_after : int
        Events in the target area (R, T) before and after the measure.
    control_before, control_after : int
        Events in the comparison area (C) before and after.
    buffer_before, buffer_after : int or None
        Events in the buffer zone (D) around the target; give both or neither.
    buffer_control_before, buffer_control_after : int or None
        Events in a separate comparison area for the buffer (DC), used by the
        WDD only; give both or neither, and only together with a buffer. When
        left out, the main control area serves as the buffer's control.

    Notes
    -----
    Counts are validated on construction (non-negative integers; NumPy integers
    are accepted and stored as plain ``int``). Periods before and after should
    be of equal length; the methods here compare counts, not rates.

    Examples
    --------
    >>> counts = EvaluationCounts(207, 110, 308, 318, buffer_before=178, buffer_after=157)
    >>> counts.has_buffer, counts.displacement_control
    (True, (308, 318))
    """

    target_before: int
    target_after: int
    control_before: int
    control_after: int
    buffer_before: int | None = None
    buffer_after: int | None = None
    buffer_control_before: int | None = None
    buffer_control_after: int | None = None

    # Written out (``init=False``) so the signature says what is accepted: any integer with
    # ``__index__`` (NumPy's too); the fields hold it as a plain ``int``.
    def __init__(
        self,
        target_before: SupportsIndex,
        target_after: SupportsIndex,
        control_before: SupportsIndex,
        control_after: SupportsIndex,
        buffer_before: SupportsIndex | None = None,
        buffer_after: SupportsIndex | None = None,
        buffer_control_before: SupportsIndex | None = None,
        buffer_control_after: SupportsIndex | None = None,
    ) -> None:
        required = {
            "target_before": target_before,
            "target_after": target_after,
            "control_before": control_before,
            "control_after": control_after,
        }
        optional = {
            "buffer_before": buffer_before,
            "buffer_after": buffer_after,
            "buffer_control_before": buffer_control_before,
            "buffer_control_after": buffer_control_after,
        }
        for name, value in required.items():
            object.__setattr__(self, name, _check_count(name, value, optional=False))
        for name, maybe in optional.items():
            object.__setattr__(self, name, _check_count(name, maybe, optional=True))
        self._check_pairs()

    def _check_pairs(self) -> None:
        if (self.buffer_before is None) != (self.buffer_after is None):
            raise ValueError("give both buffer_before and buffer_after, or neither")
        if (self.buffer_control_before is None) != (self.buffer_control_after is None):
            raise ValueError("give both buffer_control_before and buffer_control_after, or neither")
        if self.buffer_control_before is not None and not self.has_buffer:
            raise ValueError("a buffer control area needs a buffer area")

    @property
    def has_buffer(self) -> bool:
        """Whether buffer-zone counts were given."""
        return self.buffer_before is not None

    @property
    def has_own_buffer_control(self) -> bool:
        """Whether the buffer has its own control area (else the main control is reused)."""
        return self.buffer_control_before is not None

    @property
    def displacement_control(self) -> tuple[int, int]:
        """(before, after) of the buffer's control: its own if given, else the main control."""
        if self.buffer_control_before is not None and self.buffer_control_after is not None:
            return self.buffer_control_before, self.buffer_control_after
        return self.control_before, self.control_after


# ------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RelativeEffectSize:
    """Relative effect size (odds ratio of counts) with its confidence interval.

    ``res > 1`` means the target area improved relative to the control.
    ``relative_change`` is the same comparison turned round, ``1/RES − 1``, as a
    fraction: −0.485 reads "49 % lower than the control's development predicts".
    Every field but ``reason`` is ``None`` when a count is zero.
    """

    res: float | None
    ci_low: float | None
    ci_high: float | None
    se_log: float | None
    z: float | None
    p_value: float | None
    relative_change: float | None
    relative_change_ci_low: float | None
    relative_change_ci_high: float | None
    reason: str | None = None


@dataclass(frozen=True)
class DifferenceEstimate:
    """A difference of count differences (DiD or WDD) with Poisson uncertainty.

    Negative ``estimate`` means fewer events than the control's change predicts.
    ``z``, ``p_value`` and the interval are ``None`` when the variance is zero
    (all counts zero), because a zero-width interval would claim false certainty.
    """

    estimate: float
    variance: float
    se: float
    z: float | None
    p_value: float | None
    ci_low: float | None
    ci_high: float | None
    includes_buffer: bool


@dataclass(frozen=True)
class WeightedDisplacementQuotient:
    """Bowers & Johnson's WDQ with its parts and the total net effect.

    ``wdq`` is ``None`` (with ``reason``) unless the success measure is negative.
    """

    success_measure: float | None
    buffer_displacement_measure: float | None
    wdq: float | None
    total_net_effect: float | None
    reason: str | None = None


@dataclass(frozen=True)
class Evaluation:
    """Everything :func:`evaluate` found, with the verdicts and why.

    Attributes
    ----------
    counts : EvaluationCounts
        The input.
    relative_effect : RelativeEffectSize
        Target against control; the basis of ``verdict``.
    difference_in_differences : DifferenceEstimate
        Target change minus control change, in counts.
    wdd, wdq : DifferenceEstimate or None, WeightedDisplacementQuotient or None
        Only when buffer counts were given.
    buffer_relative_effect : RelativeEffectSize or None
        Buffer against its control (its own, else the main control): is the
        buffer's change itself beyond chance?
    verdict, displacement : Verdict, Displacement
        The verdicts, each with a short English reason.
    confidence, min_events : float, int
        The settings used, so the texts can state them.
    """

    counts: EvaluationCounts
    relative_effect: RelativeEffectSize
    difference_in_differences: DifferenceEstimate
    wdd: DifferenceEstimate | None
    wdq: WeightedDisplacementQuotient | None
    buffer_relative_effect: RelativeEffectSize | None
    verdict: Verdict
    verdict_reason: str
    displacement: Displacement
    displacement_reason: str
    confidence: float
    min_events: int


# ------------------------------------------------------------------------- helpers


def _check_options(confidence: float, dispersion: float) -> None:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")
    if not (math.isfinite(dispersion) and dispersion > 0.0):
        raise ValueError(f"dispersion must be a positive finite number, got {dispersion}")


def _z_critical(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def _two_sided_p(z: float) -> float:
    # erfc keeps precision far out in the tail, where 1 - cdf would round to 0.
    return math.erfc(abs(z) / math.sqrt(2.0))


# ------------------------------------------------------------ relative effect size


def _log_ratio_effect(
    before: int,
    after: int,
    control_before: int,
    control_after: int,
    confidence: float,
    dispersion: float,
) -> RelativeEffectSize:
    if min(before, after, control_before, control_after) == 0:
        return _undefined_res("a count is zero, so the ratio of ratios is undefined")
    # Work on the log scale: the interval is symmetric there and large counts cannot overflow.
    log_res = (
        math.log(before) + math.log(control_after) - math.log(after) - math.log(control_before)
    )
    se_log = math.sqrt(
        dispersion * (1 / before + 1 / after + 1 / control_before + 1 / control_after)
    )
    half = _z_critical(confidence) * se_log
    res, low, high = math.exp(log_res), math.exp(log_res - half), math.exp(log_res + half)
    return RelativeEffectSize(
        res=res,
        ci_low=low,
        ci_high=high,
        se_log=se_log,
        z=log_res / se_log,
        p_value=_two_sided_p(log_res / se_log),
        # Turning the ratio round swaps the ends of the interval.
        relative_change=1 / res - 1,
        relative_change_ci_low=1 / high - 1,
        relative_change_ci_high=1 / low - 1,
    )


def _undefined_res(reason: str) -> RelativeEffectSize:
    return RelativeEffectSize(None, None, None, None, None, None, None, None, None, reason)


def relative_effect_size(
    counts: EvaluationCounts, *, confidence: float = 0.95, dispersion: float = 1.0
) -> RelativeEffectSize:
    """Relative effect size of the target area against the control area.

    Parameters
    ----------
    counts : EvaluationCounts
        Target and control counts before and after (buffer counts are ignored).
    confidence : float, default 0.95
        Coverage of the confidence interval.
    dispersion : float, default 1.0
        Factor multiplying the Poisson variance; above 1 when counts are
        overdispersed (the Poisson variance is then too small).

    Returns
    -------
    RelativeEffectSize
        RES, its interval, and the reversed ratio ``1/RES − 1`` with its interval.
        All ``None`` (with a reason) if any of the four counts is zero.

    Notes
    -----
    With a, b the target counts before and after and c, d the control counts
    before and after, ``RES = (a·d)/(b·c)`` and ``Var(ln RES) = 1/a + 1/b + 1/c
    + 1/d`` (Welsh & Farrington; e.g. Farrington & Welsh 2002, *Effects of
    improved street lighting on crime*, Home Office Research Study 251). The
    interval is ``exp(ln RES ± z·SE)``; the test is ``z = ln RES / SE``. RES > 1
    means the target improved relative to the control.

    Examples
    --------
    >>> r = relative_effect_size(EvaluationCounts(207, 110, 308, 318))
    >>> round(r.res, 3), round(r.ci_low, 3), round(r.ci_high, 3)
    (1.943, 1.469, 2.569)
    >>> round(r.relative_change, 3)
    -0.485
    """
    _check_options(confidence, dispersion)
    return _log_ratio_effect(
        counts.target_before,
        counts.target_after,
        counts.control_before,
        counts.control_after,
        confidence,
        dispersion,
    )


# --------------------------------------------------------- differences of counts


def _difference_estimate(
    estimate: float, variance: float, confidence: float, dispersion: float, includes_buffer: bool
) -> DifferenceEstimate:
    var = dispersion * variance
    se = math.sqrt(var)
    if se == 0.0:
        # Only when every count is zero: nothing to test, and no honest interval.
        return DifferenceEstimate(
            float(estimate), 0.0, 0.0, None, None, None, None, includes_buffer
        )
    z = estimate / se
    half = _z_critical(confidence) * se
    return DifferenceEstimate(
        estimate=float(estimate),
        variance=var,
        se=se,
        z=z,
        p_value=_two_sided_p(z),
        ci_low=estimate - half,
        ci_high=estimate + half,
        includes_buffer=includes_buffer,
    )


def difference_in_differences(
    counts: EvaluationCounts, *, confidence: float = 0.95, dispersion: float = 1.0
) -> DifferenceEstimate:
    """Target change minus control change, in counts, with a Poisson interval.

    Parameters
    ----------
    counts : EvaluationCounts
        Target and control counts (buffer counts are ignored).
    confidence : float, default 0.95
        Coverage of the confidence interval.
    dispersion : float, default 1.0
        Factor multiplying the Poisson variance.

    Returns
    -------
    DifferenceEstimate
        Negative estimate: fewer events in the target than the control predicts.

    Notes
    -----
    ``Est = (T_a − T_b) − (C_a − C_b)``; counts are taken as independent Poisson
    variables, so ``Var = T_a + T_b + C_a + C_b``. This is the WDD of Wheeler &
    Ratcliffe (2018) without its displacement terms. It assumes the areas would
    have changed by the same *number* of events, so prefer the relative effect
    size when the target and control differ much in level.

    Examples
    --------
    >>> d = difference_in_differences(EvaluationCounts(207, 110, 308, 318))
    >>> d.estimate, d.variance
    (-107.0, 943.0)
    """
    _check_options(confidence, dispersion)
    c = counts
    estimate = (c.target_after - c.target_before) - (c.control_after - c.control_before)
    variance = c.target_before + c.target_after + c.control_before + c.control_after
    return _difference_estimate(estimate, variance, confidence, dispersion, False)


def weighted_displacement_difference(
    counts: EvaluationCounts, *, confidence: float = 0.95, dispersion: float = 1.0
) -> DifferenceEstimate:
    """Weighted displacement difference test (Wheeler & Ratcliffe 2018).

    Parameters
    ----------
    counts : EvaluationCounts
        Must include buffer counts; the buffer's control defaults to the main
        control when not given.
    confidence : float, default 0.95
        Coverage of the confidence interval.
    dispersion : float, default 1.0
        Factor multiplying the Poisson variance.

    Returns
    -------
    DifferenceEstimate
        Net change in target plus buffer, relative to their controls.

    Raises
    ------
    ValueError
        If ``counts`` has no buffer counts.

    Notes
    -----
    ``Est = (T_a − T_b) − (C_a − C_b) + (D_a − D_b) − (DC_a − DC_b)`` and, with
    eight independent Poisson counts, ``Var`` is their sum (Wheeler, A. P. &
    Ratcliffe, J. H. 2018, *A simple weighted displacement difference test to
    evaluate place based crime interventions*, Crime Science 7:7).

    When the main control doubles as the buffer's control, the estimate contains
    ``−2·(C_a − C_b)``, whose variance is ``4·(C_a + C_b)``, not ``2·(C_a + C_b)``:
    the control is one area, not two independent ones, so it is weighted 4 here.
    (The R package ptools instead sets an omitted displacement control to zero;
    reusing the main control keeps the buffer's term a comparison, not a raw change.)

    Examples
    --------
    >>> counts = EvaluationCounts(207, 110, 308, 318, 178, 157, 150, 140)
    >>> w = weighted_displacement_difference(counts)
    >>> w.estimate, w.variance, round(w.z, 2)
    (-118.0, 1568.0, -2.98)
    """
    _check_options(confidence, dispersion)
    d_before, d_after = counts.buffer_before, counts.buffer_after
    if d_before is None or d_after is None:
        raise ValueError("the WDD needs buffer counts")
    c = counts
    dc_before, dc_after = c.displacement_control
    estimate = (
        (c.target_after - c.target_before)
        - (c.control_after - c.control_before)
        + (d_after - d_before)
        - (dc_after - dc_before)
    )
    variance = c.target_before + c.target_after + d_before + d_after
    if c.has_own_buffer_control:
        variance += c.control_before + c.control_after + dc_before + dc_after
    else:
        # One area entering Est twice: Var(2·ΔC) = 4·Var(ΔC).
        variance += 4 * (c.control_before + c.control_after)
    return _difference_estimate(estimate, variance, confidence, dispersion, True)


# ------------------------------------------------- WDD with weights (ptools' form)

Pair = tuple[float, float]


@dataclass(frozen=True)
class AreaWeights:
    """Relative sizes of the four areas of a WDD (any unit; 1 = no weighting)."""

    treated: float = 1.0
    control: float = 1.0
    buffer: float = 1.0
    buffer_control: float = 1.0


@dataclass(frozen=True)
class WeightedWdd:
    """A WDD split into the target's part, the buffer's part and their sum."""

    local: DifferenceEstimate
    displacement: DifferenceEstimate | None
    total: DifferenceEstimate


def _check_pair(name: str, pair: Pair) -> tuple[float, float]:
    before, after = (float(x) for x in pair)
    if not (math.isfinite(before) and math.isfinite(after) and before >= 0 and after >= 0):
        raise ValueError(f"{name} needs two finite non-negative counts (before, after)")
    return before, after


def _weighted_change(
    name: str, pair: Pair, area: float, time_weights: tuple[float, float]
) -> tuple[float, float]:
    """Change per unit of area and time, and its Poisson variance ``Σ count / weight²``."""
    before, after = _check_pair(name, pair)
    w_before, w_after = time_weights[0] * area, time_weights[1] * area
    return after / w_after - before / w_before, after / w_after**2 + before / w_before**2


def wdd(
    treated: Pair,
    control: Pair,
    buffer: Pair | None = None,
    buffer_control: Pair | None = None,
    *,
    time_weights: tuple[float, float] = (1.0, 1.0),
    area_weights: AreaWeights | None = None,
    confidence: float = 0.95,
    dispersion: float = 1.0,
) -> WeightedWdd:
    """Weighted displacement difference with time and area weights (Wheeler & Ratcliffe 2018).

    Parameters
    ----------
    treated, control : (before, after)
        Counts in the target area and its control; they may be fractional
        (aoristic shares) and are then treated as Poisson counts.
    buffer, buffer_control : (before, after), optional
        Counts in the buffer zone and in the buffer's own control area.
        ``buffer_control`` defaults to no control (zero change), as in ptools.
    time_weights : (before, after)
        Lengths of the two periods (e.g. ``(2, 1)`` for two years before
        and one after); estimates are then per unit of time.
    area_weights : AreaWeights, optional
        Sizes of the areas; estimates are then per unit of area.
    confidence : float
        Coverage of the intervals.
    dispersion : float
        Factor on the Poisson variance (an overdispersion estimate).

    Returns
    -------
    WeightedWdd
        ``local`` (target against control), ``displacement`` (buffer against
        its control; ``None`` without a buffer) and ``total``.

    Notes
    -----
    Each count ``x`` with weight ``v = time × area`` enters the estimate as
    ``x / v`` and its variance as ``x / v²``. Est = ΔT − ΔC + ΔD − ΔDC.
    Wheeler & Ratcliffe (2018), Crime Science 7:7; time and area weights
    and the published checks of the R package ptools (``wdd``,
    tests/testthat/test-wdd.R): the paper's example gives −118 with
    SE √1568; time weights (2, 1) on C (100, 50), T (80, 20) give −20 with
    SE √115.

    Examples
    --------
    >>> r = wdd((207, 110), (308, 318), (178, 157), (150, 140))
    >>> r.total.estimate, r.total.variance, round(r.total.z, 2)
    (-118.0, 1568.0, -2.98)
    >>> r = wdd((80, 20), (100, 50), time_weights=(2, 1))
    >>> r.total.estimate, r.total.variance
    (-20.0, 115.0)
    """
    _check_options(confidence, dispersion)
    if min(time_weights) <= 0:
        raise ValueError("time weights must be positive")
    aw = area_weights or AreaWeights()
    if min(aw.treated, aw.control, aw.buffer, aw.buffer_control) <= 0:
        raise ValueError("area weights must be positive")
    t_change, t_var = _weighted_change("treated", treated, aw.treated, time_weights)
    c_change, c_var = _weighted_change("control", control, aw.control, time_weights)
    local = _difference_estimate(t_change - c_change, t_var + c_var, confidence, dispersion, False)
    if buffer is None:
        return WeightedWdd(local, None, local)
    d_change, d_var = _weighted_change("buffer", buffer, aw.buffer, time_weights)
    dc_change, dc_var = _weighted_change(
        "buffer_control", buffer_control or (0.0, 0.0), aw.buffer_control, time_weights
    )
    displacement = _difference_estimate(
        d_change - dc_change, d_var + dc_var, confidence, dispersion, True
    )
    total = _difference_estimate(
        local.estimate + displacement.estimate,
        (t_var + c_var + d_var + dc_var),
        confidence,
        dispersion,
        True,
    )
    return WeightedWdd(local, displacement, total)


def wdd_harm(
    estimates: Sequence[DifferenceEstimate],
    harm_weights: Sequence[float],
    *,
    confidence: float = 0.95,
) -> DifferenceEstimate:
    """Combine WDD estimates for several crime types with harm weights.

    Parameters
    ----------
    estimates : sequence of DifferenceEstimate
        One WDD per crime type (e.g. ``wdd(...).total`` or ``.local``).
    harm_weights : sequence of float
        Harm of one offence of each type (e.g. the Cambridge Crime Harm
        Index, or days of a typical sentence).
    confidence : float
        Coverage of the interval.

    Returns
    -------
    DifferenceEstimate
        ``Σ h_k Est_k`` in harm units, variance ``Σ h_k² Var_k`` (the types
        are independent counts).

    Notes
    -----
    Wheeler (2020), "Amending the WDD test to incorporate harm weights"; the
    R package ptools ``wdd_harm``, whose published check (five crime types,
    weights 3, 2, 5, 7, 10) gives −1721 with SE 304.1036 and is a test here.

    Examples
    --------
    >>> rob = wdd((20, 10), (20, 20)).local
    >>> theft = wdd((70, 20), (80, 60)).local
    >>> h = wdd_harm([rob, theft], [10, 1])
    >>> h.estimate, h.variance
    (-130.0, 7230.0)
    """
    if len(estimates) != len(harm_weights) or not estimates:
        raise ValueError("give one harm weight per estimate, and at least one estimate")
    if any(not (math.isfinite(h) and h >= 0) for h in harm_weights):
        raise ValueError("harm weights must be finite and non-negative")
    estimate = sum(h * e.estimate for e, h in zip(estimates, harm_weights, strict=True))
    variance = sum(h * h * e.variance for e, h in zip(estimates, harm_weights, strict=True))
    buffer = any(e.includes_buffer for e in estimates)
    return _difference_estimate(estimate, variance, confidence, 1.0, buffer)


# --------------------------------------------------------------------------- WDQ


def weighted_displacement_quotient(counts: EvaluationCounts) -> WeightedDisplacementQuotient:
    """Weighted displacement quotient and total net effect (Bowers & Johnson 2003).

    Parameters
    ----------
    counts : EvaluationCounts
        Must include buffer counts. The WDQ uses the main control area for both
        target and buffer, as in the original; a buffer control is ignored here.

    Returns
    -------
    WeightedDisplacementQuotient
        ``wdq`` is ``None`` (with a reason) when the success measure is not
        negative; every part is ``None`` when a control count is zero.

    Raises
    ------
    ValueError
        If ``counts`` has no buffer counts.

    Notes
    -----
    ``SM = R_a/C_a − R_b/C_b`` (success when negative), ``BDM = D_a/C_a −
    D_b/C_b`` and ``WDQ = BDM/SM``: above 0 diffusion of benefits, below 0
    displacement, below −1 displacement larger than the success. ``TNE = [R_b·C_a/C_b
    − R_a] + [D_b·C_a/C_b − D_a]`` counts events prevented in target plus buffer
    (Bowers, K. J. & Johnson, S. D. 2003, *Measuring the geographical displacement
    and diffusion of benefit effects of crime prevention activity*, Journal of
    Quantitative Criminology 19(3):275–301). The WDQ has no sampling distribution;
    read it together with the tests of the target and buffer changes.

    Examples
    --------
    >>> q = weighted_displacement_quotient(EvaluationCounts(207, 110, 308, 318, 178, 157))
    >>> round(q.success_measure, 5), round(q.wdq, 3), round(q.total_net_effect, 1)
    (-0.32617, 0.258, 130.5)
    """
    d_before, d_after = counts.buffer_before, counts.buffer_after
    if d_before is None or d_after is None:
        raise ValueError("the WDQ needs buffer counts")
    c = counts
    if c.control_before == 0 or c.control_after == 0:
        reason = "a control count is zero, so the quotients are undefined"
        return WeightedDisplacementQuotient(None, None, None, None, reason)
    sm = c.target_after / c.control_after - c.target_before / c.control_before
    bdm = d_after / c.control_after - d_before / c.control_before
    scale = c.control_after / c.control_before
    tne = (c.target_before * scale - c.target_after) + (d_before * scale - d_after)
    if sm >= 0:
        reason = "the success measure is not negative, so there is no success to displace"
        return WeightedDisplacementQuotient(sm, bdm, None, tne, reason)
    return WeightedDisplacementQuotient(sm, bdm, bdm / sm, tne)


# ---------------------------------------------------------------------- evaluate


def _too_few_reason(counts: EvaluationCounts, min_events: int) -> str | None:
    c = counts
    if min(c.target_before, c.target_after, c.control_before, c.control_after) == 0:
        return "a target or control count is zero"
    if c.target_before + c.target_after < min_events:
        return f"fewer than {min_events} events in the target area before and after together"
    if c.control_before + c.control_after < min_events:
        return f"fewer than {min_events} events in the control area before and after together"
    return None


def _verdict(res: RelativeEffectSize, too_few: str | None) -> tuple[Verdict, str]:
    if too_few is not None:
        return Verdict.TOO_FEW_EVENTS, too_few
    assert res.ci_low is not None and res.ci_high is not None  # no zero cell here
    if res.ci_low > 1.0:
        return Verdict.EFFECT, "the RES interval lies above 1: a reduction relative to control"
    if res.ci_high < 1.0:
        return Verdict.INCREASE, "the RES interval lies below 1: an increase relative to control"
    return Verdict.NO_CLEAR_EFFECT, "the RES interval contains 1: the change may be chance"


def _displacement(
    counts: EvaluationCounts,
    wdq: WeightedDisplacementQuotient | None,
    verdict: Verdict,
    min_events: int,
    buffer_res: RelativeEffectSize | None,
) -> tuple[Displacement, str]:
    if wdq is None or counts.buffer_before is None or counts.buffer_after is None:
        return Displacement.NOT_APPLICABLE, "no buffer area was given"
    if wdq.wdq is None:
        return Displacement.NOT_APPLICABLE, wdq.reason or "the WDQ is undefined"
    if verdict is not Verdict.EFFECT:
        # A quotient over a success that may be chance can take any value.
        return Displacement.UNCLEAR, "the reduction in the target area is not significant"
    if counts.buffer_before + counts.buffer_after < min_events:
        return Displacement.UNCLEAR, f"fewer than {min_events} events in the buffer area"
    if min(counts.buffer_before, counts.buffer_after) < MIN_COUNT:
        return Displacement.UNCLEAR, f"fewer than {MIN_COUNT} events in the buffer before or after"
    if _within_chance(buffer_res):
        return Displacement.UNCLEAR, "the buffer's change against its control may be chance"
    return _displacement_from_sign(wdq.wdq)


def _within_chance(res: RelativeEffectSize | None) -> bool:
    if res is None or res.ci_low is None or res.ci_high is None:
        return True
    return res.ci_low <= 1.0 <= res.ci_high


def buffer_change_is_chance(e: Evaluation) -> bool:
    """Whether the buffer's change cannot be told from chance: its counts are small (one below
    :data:`MIN_COUNT`, or fewer than ``min_events`` together) or its RES against its control
    has an interval that holds 1. Neither displacement nor diffusion is named then."""
    c = e.counts
    if c.buffer_before is None or c.buffer_after is None:
        return False
    small = min(c.buffer_before, c.buffer_after) < MIN_COUNT
    return (
        small
        or c.buffer_before + c.buffer_after < e.min_events
        or (_within_chance(e.buffer_relative_effect))
    )


def _displacement_from_sign(wdq: float) -> tuple[Displacement, str]:
    if wdq > 0:
        return Displacement.DIFFUSION, "WDQ > 0: the buffer improved as well"
    if wdq < -1:
        return Displacement.DISPLACEMENT_ERASED_EFFECT, "WDQ < −1: displacement exceeds the success"
    if wdq < 0:
        return Displacement.DISPLACEMENT, "−1 ≤ WDQ < 0: some events moved to the buffer"
    return Displacement.UNCLEAR, "WDQ = 0: the buffer changed like the control"


def evaluate(
    counts: EvaluationCounts,
    *,
    min_events: int = DEFAULT_MIN_EVENTS,
    confidence: float = 0.95,
    dispersion: float = 1.0,
) -> Evaluation:
    """Evaluate a measure: effect in the target area and displacement to the buffer.

    Parameters
    ----------
    counts : EvaluationCounts
        Counts before and after; buffer counts are optional.
    min_events : int, default 20
        Minimum events, before and after together, in the target area and in the
        control area for a verdict on the effect.
    confidence : float, default 0.95
        Coverage of all intervals; the verdicts test at ``1 − confidence``.
    dispersion : float, default 1.0
        Factor multiplying all Poisson variances (above 1 for overdispersed counts).

    Returns
    -------
    Evaluation
        All estimates that can be computed, plus ``verdict`` and ``displacement``.

    Notes
    -----
    *Verdict.* Read from the relative effect size: ``effect`` when its interval
    lies wholly above 1 (a reduction relative to control), ``increase`` when it
    lies wholly below 1, else ``no_clear_effect``. The RES is used rather than the
    count difference because it compares *proportional* change, which stays fair
    when the control area is larger or smaller than the target.

    *Too few events.* The verdict is ``too_few_events`` when any of the four
    target and control counts is zero (the log ratio is undefined) or when the
    target or the control has fewer than ``min_events`` events before and after
    together. Why 20: with 20 events split 10/10 the standard error of ln RES is
    already at least ``sqrt(1/10 + 1/10) ≈ 0.45``, so the 95 % interval spans a
    factor of about 0.4–2.4; only drastic changes could show, the normal
    approximation on the log scale is poor for cells this small, and a tiny
    area's before–after swing is dominated by regression to the mean. The
    estimates are still reported; only the verdict abstains.

    *Displacement.* From the WDQ, only when a buffer was given:
    ``not_applicable`` when there is no buffer or no success (SM ≥ 0);
    ``unclear`` when the effect verdict is not ``effect`` (the WDQ divides by a
    success that may be chance), when the buffer has fewer than ``min_events``
    events or fewer than 20 before or after, when the buffer's change against its
    control may be chance (its RES interval holds 1), or when WDQ = 0; otherwise
    by sign as Bowers & Johnson (2003) interpret it: ``diffusion`` (> 0),
    ``displacement`` (−1 ≤ WDQ < 0) or ``displacement_erased_effect`` (< −1).
    ``buffer_relative_effect`` is the buffer against its control. Following Brå,
    an effect estimate means something only if the measure was actually carried
    out; that is checked elsewhere.

    Examples
    --------
    >>> e = evaluate(EvaluationCounts(207, 110, 308, 318, 178, 157))
    >>> e.verdict.value, e.displacement.value  # the buffer's 178 → 157 may be chance
    ('effect', 'unclear')
    >>> evaluate(EvaluationCounts(3, 1, 40, 38)).verdict.value
    'too_few_events'
    """
    _check_options(confidence, dispersion)
    if min_events < 0:
        raise ValueError(f"min_events must be non-negative, got {min_events}")
    res = relative_effect_size(counts, confidence=confidence, dispersion=dispersion)
    verdict, verdict_reason = _verdict(res, _too_few_reason(counts, min_events))
    wdq = weighted_displacement_quotient(counts) if counts.has_buffer else None
    buffer_res = _buffer_res(counts, confidence, dispersion)
    displacement, displacement_reason = _displacement(counts, wdq, verdict, min_events, buffer_res)
    return Evaluation(
        counts=counts,
        relative_effect=res,
        difference_in_differences=difference_in_differences(
            counts, confidence=confidence, dispersion=dispersion
        ),
        wdd=_optional_wdd(counts, confidence, dispersion),
        wdq=wdq,
        buffer_relative_effect=buffer_res,
        verdict=verdict,
        verdict_reason=verdict_reason,
        displacement=displacement,
        displacement_reason=displacement_reason,
        confidence=confidence,
        min_events=min_events,
    )


def _optional_wdd(
    counts: EvaluationCounts, confidence: float, dispersion: float
) -> DifferenceEstimate | None:
    if not counts.has_buffer:
        return None
    return weighted_displacement_difference(counts, confidence=confidence, dispersion=dispersion)


def _buffer_res(
    counts: EvaluationCounts, confidence: float, dispersion: float
) -> RelativeEffectSize | None:
    if counts.buffer_before is None or counts.buffer_after is None:
        return None
    dc_before, dc_after = counts.displacement_control
    return _log_ratio_effect(
        counts.buffer_before, counts.buffer_after, dc_before, dc_after, confidence, dispersion
    )


# ------------------------------------------------------------------ formatting


def format_number_sv(value: float, decimals: int = 0) -> str:
    """Format a number the Swedish way: decimal comma, non-breaking-space thousands.

    Parameters
    ----------
    value : float
        The number.
    decimals : int, default 0
        Digits after the decimal comma.

    Returns
    -------
    str
        E.g. ``"12 345,6"`` (with U+00A0) and a true minus sign (U+2212) for negatives,
        as the Swedish Language Council recommends.

    Examples
    --------
    >>> format_number_sv(12345.678, 1) == "12\\u00a0345,7"
    True
    >>> format_number_sv(-0.258, 2) == "\\u22120,26"
    True
    """
    return format_number(value, decimals, "sv")


def format_number_en(value: float, decimals: int = 0) -> str:
    """Format a number the English way: decimal point, comma thousands.

    Parameters
    ----------
    value : float
        The number.
    decimals : int, default 0
        Digits after the decimal point.

    Returns
    -------
    str
        E.g. ``"12,345.6"``; negatives with a true minus sign (U+2212).

    Examples
    --------
    >>> format_number_en(12345.678, 1)
    '12,345.7'
    """
    return format_number(value, decimals, "en")


def _percent(fraction: float) -> int:
    # Half-up rounding of a magnitude, so 48.5 % reads 49 % as a reader would round it.
    return abs(rounded_percent(fraction))


def _magnitude(fraction: float, lang: str) -> str:
    """A whole percent's magnitude; an end that rounds to 0 but is not 0 is "strax över 0"
    (rule 12 of docs/statistics.md, as core.narrative writes a trend's interval)."""
    pct = _percent(fraction)
    return off_zero(100 * abs(fraction), 0, lang) if pct == 0 else str(pct)


def _magnitudes(low: float, high: float, lang: str) -> str:
    """Both ends of an interval of one sign, smaller magnitude first: '12–67', 'strax över 0
    till 67' (a dash beside words would read as a minus)."""
    ends = sorted((low, high), key=abs)
    first, second = (_magnitude(x, lang) for x in ends)
    joiner = _EN_DASH if first.isdigit() else (" till " if lang == "sv" else " to ")
    return f"{first}{joiner}{second}"


def lengths_differ(days: tuple[int, int] | None) -> bool:
    """Whether periods of these lengths (days before, after) are compared per :data:`PER_DAYS`."""
    return days is not None and abs(days[0] - days[1]) > LENGTH_TOLERANCE * max(days)


_UNEQUAL_LENGTHS: Final[dict[str, str]] = {
    "sv": "Perioderna är olika långa ({b} och {a} dagar)",
    "en": "The periods differ in length ({b} and {a} days)",
}


def unequal_lengths(days: tuple[int, int], lang: str | None = None) -> str:
    """The opening of the core's sentences on periods whose lengths differ (:func:`lengths_differ`),
    in ``lang`` (default: the active language); each goes on to say what that changes. The
    measure page's notes open alike as whole sentences of the catalogue, which a translator reads
    whole (``measures.evaluation.period_days``).

    >>> unequal_lengths((365, 30), "sv")
    'Perioderna är olika långa (365 och 30 dagar)'
    >>> unequal_lengths((365, 30), "en")
    'The periods differ in length (365 and 30 days)'
    >>> unequal_lengths((1000, 30), "sv") == "Perioderna är olika långa (1\\u00a0000 och 30 dagar)"
    True
    >>> unequal_lengths((1000, 30), "en")
    'The periods differ in length (1,000 and 30 days)'
    """
    before, after = days
    english = is_english(lang)
    write = format_number_en if english else format_number_sv  # "1 000 dagar", "1,000 days"
    return _UNEQUAL_LENGTHS["en" if english else "sv"].format(b=write(before), a=write(after))


def _direction(before: float, after: float) -> int:
    """-1 fell, 0 broadly unchanged, +1 rose: decided on the printed whole percent, as the
    counts table beside the sentence prints it (``rounded_percent``), and broadly unchanged only
    below :data:`~lagesbild.core.narrative.UNCHANGED_PERCENT` (rule 3 of docs/statistics.md: a
    change printed as 3 % is a change). It only chooses words, never the verdict.

    >>> _direction(308, 318), _direction(100, 102), _direction(100, 105), _direction(0, 0)
    (1, 0, 1, 0)
    """
    if before == 0:
        return 0 if after == 0 else 1
    printed = rounded_percent((after - before) / before)
    if abs(printed) < UNCHANGED_PERCENT:
        return 0
    return 1 if printed > 0 else -1


# ------------------------------------------------------------------- Swedish text


def percent_effect_is_stated(c: EvaluationCounts) -> bool:
    """Whether the change relative to the comparison area may be given in per cent: every
    target and control count is at least :data:`MIN_COUNT` (rule 5 of docs/statistics.md,
    ``core.narrative.percent_is_stated``); otherwise the counts and the RES are given."""
    return percent_is_stated(c.target_before, c.target_after) and percent_is_stated(
        c.control_before, c.control_after
    )


_SMALL_WORDS: Final[dict[str, dict[str, str]]] = {
    "sv": {
        "both": "båda antalen i {where}",
        "before": "antalet före i {where}",
        "after": "antalet efter i {where}",
        "target": "målområdet",
        "control": "jämförelseområdet",
        "and": " och ",
    },
    "en": {
        "both": "both counts in the {where}",
        "before": "the count before in the {where}",
        "after": "the count after in the {where}",
        "target": "target area",
        "control": "comparison area",
        "and": " and ",
    },
}


def _small_counts(c: EvaluationCounts, lang: str) -> tuple[str, bool]:
    """Name the counts below :data:`MIN_COUNT` ("antalet efter i målområdet"); and whether
    more than one count is named."""
    words, parts, plural = _SMALL_WORDS[lang], [], False
    for where, before, after in (
        ("target", c.target_before, c.target_after),
        ("control", c.control_before, c.control_after),
    ):
        if max(before, after) < MIN_COUNT:
            key, plural = "both", True
        elif min(before, after) >= MIN_COUNT:
            continue
        else:
            key = "before" if before < MIN_COUNT else "after"
        parts.append(words[key].format(where=words[where]))
    return words["and"].join(parts), plural or len(parts) > 1


def _per_days(count: int, days: int) -> float:
    return count * PER_DAYS / days


def _running_sentence(days: tuple[int, int] | None, running: bool, lang: str) -> str | None:
    if not running or days is None:
        return None
    if lang == "sv":
        first = "dag" if days[1] == 1 else f"{days[1]} dagar"
        return f"Efter-perioden pågår, och antalen efter gäller dess första {first}."
    first = "day" if days[1] == 1 else f"{days[1]} days"
    return f"The after period is still running; the counts after cover its first {first}."


def _counts_sentence_sv(c: EvaluationCounts, days: tuple[int, int] | None = None) -> str:
    if lengths_differ(days):
        assert days is not None
        return _rates_sentence_sv(c, days)
    tb, ta = format_number_sv(c.target_before), format_number_sv(c.target_after)
    cb, ca = format_number_sv(c.control_before), format_number_sv(c.control_after)
    target_dir = _direction(c.target_before, c.target_after)
    control_dir = _direction(c.control_before, c.control_after)
    target = {
        -1: f"I målområdet minskade antalet från {tb} till {ta}",
        1: f"I målområdet ökade antalet från {tb} till {ta}",
        0: f"I målområdet var antalet i stort sett oförändrat ({tb} till {ta})",
    }[target_dir]
    control = {
        -1: f"antalet i jämförelseområdet minskade från {cb} till {ca}",
        1: f"antalet i jämförelseområdet ökade från {cb} till {ca}",
        0: f"jämförelseområdet var i stort sett oförändrat ({cb} till {ca})",
    }[control_dir]
    joiner = "och" if target_dir == control_dir else "medan"
    return f"{target} {joiner} {control}."


def _rates_sentence_sv(c: EvaluationCounts, days: tuple[int, int]) -> str:
    """Periods of different lengths: the counts per 30 days, with the counts beside them."""
    b, a = days
    tb, ta = _per_days(c.target_before, b), _per_days(c.target_after, a)
    cb, ca = _per_days(c.control_before, b), _per_days(c.control_after, a)
    target_dir, control_dir = _direction(tb, ta), _direction(cb, ca)
    t = f"{format_number_sv(tb, 1)} till {format_number_sv(ta, 1)}"
    k = f"{format_number_sv(cb, 1)} till {format_number_sv(ca, 1)}"
    t_counts = (
        f"{format_number_sv(c.target_before)} före och {format_number_sv(c.target_after)} efter"
    )
    k_counts = f"{format_number_sv(c.control_before)} och {format_number_sv(c.control_after)}"
    target = {
        -1: f"I målområdet minskade antalet per {PER_DAYS} dagar från {t}",
        1: f"I målområdet ökade antalet per {PER_DAYS} dagar från {t}",
        0: f"I målområdet var antalet per {PER_DAYS} dagar i stort sett oförändrat ({t})",
    }[target_dir]
    # Subject first: the clause follows "och" or "medan" (a subordinate clause keeps no
    # inverted "i jämförelseområdet var det").
    control = {
        -1: f"antalet i jämförelseområdet minskade från {k}",
        1: f"antalet i jämförelseområdet ökade från {k}",
        0: f"jämförelseområdet var i stort sett oförändrat ({k})",
    }[control_dir]
    joiner = "och" if target_dir == control_dir else "medan"
    return (
        f"{unequal_lengths(days, 'sv')}, så antalen jämförs per {PER_DAYS} dagar. "
        f"{target} ({t_counts}) {joiner} {control} ({k_counts})."
    )


def _change_sv(fraction: float) -> str:
    pct = _percent(fraction)
    if pct == 0:
        return "ingen förändring"
    return f"en {'minskning' if fraction < 0 else 'ökning'} med {pct} procent"


def _interval_sv(low: float, high: float) -> str:
    if low < 0 < high:
        return f"från {_change_sv(low)} till {_change_sv(high)}"
    return f"{_magnitudes(low, high, 'sv')} procent"


def _level_sv(confidence: float) -> str:
    return f"{format_number_sv(confidence * 100, _level_decimals(confidence))}{_NBSP}%"


def _level_decimals(confidence: float) -> int:
    return 0 if abs(confidence * 100 - round(confidence * 100)) < 1e-9 else 1


def _effect_sentence_sv(e: Evaluation) -> str:
    r = e.relative_effect
    assert r.relative_change is not None  # guaranteed outside too_few_events
    assert r.relative_change_ci_low is not None and r.relative_change_ci_high is not None
    assert r.res is not None and r.ci_low is not None and r.ci_high is not None
    if percent_effect_is_stated(e.counts):
        interval = _interval_sv(r.relative_change_ci_low, r.relative_change_ci_high)
        head = (
            f"Relativt jämförelseområdet motsvarar det {_change_sv(r.relative_change)} "
            f"({_level_sv(e.confidence)} konfidensintervall {interval})."
        )
    else:
        which, _plural = _small_counts(e.counts, "sv")
        head = (
            f"Förändringen relativt jämförelseområdet anges inte i procent eftersom {which} är "
            f"under {MIN_COUNT}; den relativa effektstorleken (RES) är "
            f"{format_number_sv(r.res, 3)} ({_level_sv(e.confidence)} konfidensintervall "
            f"{format_number_sv(r.ci_low, 3)} till {format_number_sv(r.ci_high, 3)}; över 1 "
            f"betyder att målområdet utvecklades bättre än jämförelseområdet)."
        )
    tail = {
        Verdict.EFFECT: "Minskningen är statistiskt säkerställd.",
        Verdict.INCREASE: "Ökningen är statistiskt säkerställd.",
        Verdict.NO_CLEAR_EFFECT: "Skillnaden kan bero på slumpen; någon effekt kan inte påvisas.",
    }[e.verdict]
    return f"{head} {tail}"


def _buffer_is_chance(e: Evaluation) -> bool:
    # Only an effect gets a reading of the buffer; without one the WDQ is unclear anyway.
    return e.verdict is Verdict.EFFECT and buffer_change_is_chance(e)


def _displacement_sentence_sv(e: Evaluation) -> str | None:
    if not e.counts.has_buffer:
        return None
    if e.displacement is Displacement.NOT_APPLICABLE:
        return (
            "Förflyttning till buffertzonen bedöms inte eftersom målområdet inte minskade "
            "jämfört med jämförelseområdet."
        )
    wdq = e.wdq.wdq if e.wdq is not None else None
    assert wdq is not None  # every other displacement verdict has a WDQ
    w = f"WDQ {format_number_sv(wdq, 2)}"
    if _buffer_is_chance(e):
        c = e.counts
        assert c.buffer_before is not None and c.buffer_after is not None
        return (
            f"Förändringen i buffertzonen ({format_number_sv(c.buffer_before)} till "
            f"{format_number_sv(c.buffer_after)}) går inte att skilja från slumpen, så varken "
            f"förflyttning dit eller spridning av positiva effekter kan påvisas ({w})."
        )
    text = {
        Displacement.DIFFUSION: (
            f"Ingen förflyttning till buffertzonen syns; i stället en spridning av "
            f"positiva effekter ({w})"
        ),
        Displacement.DISPLACEMENT: (
            f"En del av brottsligheten verkar ha förflyttats till buffertzonen ({w}), "
            f"men mindre än minskningen i målområdet"
        ),
        Displacement.DISPLACEMENT_ERASED_EFFECT: (
            f"Förflyttningen till buffertzonen är större än minskningen i målområdet ({w}), "
            f"så nettoeffekten är negativ"
        ),
        Displacement.UNCLEAR: f"Om brottsligheten har förflyttats går inte att avgöra ({w})",
    }[e.displacement]
    return text + "."


def _too_few_sentence_sv(
    c: EvaluationCounts, min_events: int, days: tuple[int, int] | None = None
) -> str:
    """The counts of the area with too few events; over periods of different lengths with
    their days, so 10 in a year and 0 in a fortnight do not read as a fall to nothing."""
    if _target_is_too_small(c, min_events):
        before, after, where = c.target_before, c.target_after, ""
    else:
        before, after, where = c.control_before, c.control_after, " i jämförelseområdet"
    if lengths_differ(days):
        assert days is not None
        counts = (
            f"{format_number_sv(before)} före på {_days_sv(days[0])} och "
            f"{format_number_sv(after)} efter på {_days_sv(days[1])}"
        )
    else:
        counts = f"{format_number_sv(before)} före och {format_number_sv(after)} efter"
    return f"För få händelser{where} för att kunna säga något om effekten ({counts})."


def _days_sv(n: int) -> str:
    return "1 dag" if n == 1 else f"{n} dagar"


def _days_en(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _target_is_too_small(c: EvaluationCounts, min_events: int) -> bool:
    return min(c.target_before, c.target_after) == 0 or (
        c.target_before + c.target_after < min_events
    )


def describe_sv(
    evaluation: Evaluation, *, days: tuple[int, int] | None = None, running: bool = False
) -> str:
    """Describe an evaluation in plain Swedish, with its uncertainty.

    Parameters
    ----------
    evaluation : Evaluation
        The result of :func:`evaluate`.
    days : (int, int), optional
        The days the counts before and after cover. When they differ by more than
        :data:`LENGTH_TOLERANCE`, the counts are compared per :data:`PER_DAYS` days.
    running : bool
        The after period is still running: the sentence says which part the counts cover.

    Returns
    -------
    str
        A few sentences: the raw change, the change relative to the comparison
        area with its interval, and the buffer zone.

    Notes
    -----
    Numbers use Swedish formatting (:func:`format_number_sv`). The interval of
    the relative change is printed as magnitudes when both ends agree in sign,
    otherwise spelt out ("från en minskning med 30 procent till en ökning med
    15 procent") so that a reader cannot mistake it for a certain effect; an end
    that rounds to 0 on a significant interval is "strax över 0". Below 20 in any
    target or control count no percentage is given, only the counts and the RES;
    a buffer change that may be chance names neither displacement nor diffusion.

    Examples
    --------
    >>> print(describe_sv(evaluate(EvaluationCounts(3, 1, 40, 38))))
    För få händelser för att kunna säga något om effekten (3 före och 1 efter).
    """
    e = evaluation
    running_sentence = _running_sentence(days, running, "sv")
    parts = [running_sentence] if running_sentence else []
    if e.verdict is Verdict.TOO_FEW_EVENTS:
        return " ".join([*parts, _too_few_sentence_sv(e.counts, e.min_events, days)])
    parts += [_counts_sentence_sv(e.counts, days), _effect_sentence_sv(e)]
    displacement = _displacement_sentence_sv(e)
    if displacement is not None:
        parts.append(displacement)
    return " ".join(parts)


# -------------------------------------------------------------------- English text


def _counts_sentence_en(c: EvaluationCounts, days: tuple[int, int] | None = None) -> str:
    if lengths_differ(days):
        assert days is not None
        return _rates_sentence_en(c, days)
    tb, ta = format_number_en(c.target_before), format_number_en(c.target_after)
    cb, ca = format_number_en(c.control_before), format_number_en(c.control_after)
    target_dir = _direction(c.target_before, c.target_after)
    control_dir = _direction(c.control_before, c.control_after)
    target = {
        -1: f"In the target area the count fell from {tb} to {ta}",
        1: f"In the target area the count rose from {tb} to {ta}",
        0: f"In the target area the count was roughly unchanged ({tb} to {ta})",
    }[target_dir]
    control = {
        -1: f"the count in the comparison area fell from {cb} to {ca}",
        1: f"the count in the comparison area rose from {cb} to {ca}",
        0: f"the count in the comparison area was roughly unchanged ({cb} to {ca})",
    }[control_dir]
    joiner = "and" if target_dir == control_dir else "while"
    return f"{target} {joiner} {control}."


def _rates_sentence_en(c: EvaluationCounts, days: tuple[int, int]) -> str:
    b, a = days
    tb, ta = _per_days(c.target_before, b), _per_days(c.target_after, a)
    cb, ca = _per_days(c.control_before, b), _per_days(c.control_after, a)
    target_dir, control_dir = _direction(tb, ta), _direction(cb, ca)
    t = f"{format_number_en(tb, 1)} to {format_number_en(ta, 1)}"
    k = f"{format_number_en(cb, 1)} to {format_number_en(ca, 1)}"
    t_counts = (
        f"{format_number_en(c.target_before)} before and {format_number_en(c.target_after)} after"
    )
    k_counts = f"{format_number_en(c.control_before)} and {format_number_en(c.control_after)}"
    target = {
        -1: f"In the target area the count per {PER_DAYS} days fell from {t}",
        1: f"In the target area the count per {PER_DAYS} days rose from {t}",
        0: f"In the target area the count per {PER_DAYS} days was roughly unchanged ({t})",
    }[target_dir]
    control = {
        -1: f"in the comparison area it fell from {k}",
        1: f"in the comparison area it rose from {k}",
        0: f"in the comparison area it was roughly unchanged ({k})",
    }[control_dir]
    joiner = "and" if target_dir == control_dir else "while"
    return (
        f"{unequal_lengths(days, 'en')}, so the counts are compared per {PER_DAYS} days. "
        f"{target} ({t_counts}) {joiner} {control} ({k_counts})."
    )


def _change_en(fraction: float) -> str:
    pct = _percent(fraction)
    if pct == 0:
        return "no change"
    return f"{'a reduction' if fraction < 0 else 'an increase'} of {pct} per cent"


def _interval_en(low: float, high: float) -> str:
    if low < 0 < high:
        return f"from {_change_en(low)} to {_change_en(high)}"
    return f"{_magnitudes(low, high, 'en')} per cent"


def _effect_sentence_en(e: Evaluation) -> str:
    r = e.relative_effect
    assert r.relative_change is not None
    assert r.relative_change_ci_low is not None and r.relative_change_ci_high is not None
    assert r.res is not None and r.ci_low is not None and r.ci_high is not None
    level = f"{format_number_en(e.confidence * 100, _level_decimals(e.confidence))}{_NBSP}%"
    if percent_effect_is_stated(e.counts):
        interval = _interval_en(r.relative_change_ci_low, r.relative_change_ci_high)
        head = (
            f"Relative to the comparison area this corresponds to "
            f"{_change_en(r.relative_change)} ({level} confidence interval {interval})."
        )
    else:
        which, plural = _small_counts(e.counts, "en")
        head = (
            f"The change relative to the comparison area is not given in per cent because "
            f"{which} {'are' if plural else 'is'} below {MIN_COUNT}; the relative effect size "
            f"(RES) is {format_number_en(r.res, 3)} ({level} confidence interval "
            f"{format_number_en(r.ci_low, 3)} to {format_number_en(r.ci_high, 3)}; above 1 "
            f"means the target area did better than the comparison area)."
        )
    tail = {
        Verdict.EFFECT: "The reduction is statistically significant.",
        Verdict.INCREASE: "The increase is statistically significant.",
        Verdict.NO_CLEAR_EFFECT: "The difference may be chance; no effect can be shown.",
    }[e.verdict]
    return f"{head} {tail}"


def _displacement_sentence_en(e: Evaluation) -> str | None:
    if not e.counts.has_buffer:
        return None
    if e.displacement is Displacement.NOT_APPLICABLE:
        return (
            "Displacement to the buffer zone is not assessed as the target area did not "
            "improve relative to the comparison area."
        )
    wdq = e.wdq.wdq if e.wdq is not None else None
    assert wdq is not None
    w = f"WDQ {format_number_en(wdq, 2)}"
    if _buffer_is_chance(e):
        c = e.counts
        assert c.buffer_before is not None and c.buffer_after is not None
        return (
            f"The change in the buffer zone ({format_number_en(c.buffer_before)} to "
            f"{format_number_en(c.buffer_after)}) cannot be told from chance, so neither "
            f"displacement to it nor a diffusion of benefits can be shown ({w})."
        )
    text = {
        Displacement.DIFFUSION: (
            f"No displacement to the buffer zone is seen; instead a diffusion of benefits ({w})"
        ),
        Displacement.DISPLACEMENT: (
            f"Some crime appears to have moved to the buffer zone ({w}), "
            f"but less than the reduction in the target area"
        ),
        Displacement.DISPLACEMENT_ERASED_EFFECT: (
            f"Displacement to the buffer zone exceeds the reduction in the target area ({w}), "
            f"so the net effect is negative"
        ),
        Displacement.UNCLEAR: f"Whether crime has moved cannot be determined ({w})",
    }[e.displacement]
    return text + "."


def _too_few_sentence_en(
    c: EvaluationCounts, min_events: int, days: tuple[int, int] | None = None
) -> str:
    if _target_is_too_small(c, min_events):
        before, after, where = c.target_before, c.target_after, ""
    else:
        before, after, where = c.control_before, c.control_after, " in the comparison area"
    if lengths_differ(days):
        assert days is not None
        counts = (
            f"{format_number_en(before)} before in {_days_en(days[0])} and "
            f"{format_number_en(after)} after in {_days_en(days[1])}"
        )
    else:
        counts = f"{format_number_en(before)} before and {format_number_en(after)} after"
    return f"Too few events{where} to say anything about the effect ({counts})."


def describe_en(
    evaluation: Evaluation, *, days: tuple[int, int] | None = None, running: bool = False
) -> str:
    """Describe an evaluation in plain English, with its uncertainty.

    Parameters
    ----------
    evaluation : Evaluation
        The result of :func:`evaluate`.
    days, running
        As for :func:`describe_sv`.

    Returns
    -------
    str
        The same sentences as :func:`describe_sv`, in English.

    Notes
    -----
    Mirrors :func:`describe_sv`; numbers use :func:`format_number_en`.

    Examples
    --------
    >>> print(describe_en(evaluate(EvaluationCounts(3, 1, 40, 38))))
    Too few events to say anything about the effect (3 before and 1 after).
    """
    e = evaluation
    running_sentence = _running_sentence(days, running, "en")
    parts = [running_sentence] if running_sentence else []
    if e.verdict is Verdict.TOO_FEW_EVENTS:
        return " ".join([*parts, _too_few_sentence_en(e.counts, e.min_events, days)])
    parts += [_counts_sentence_en(e.counts, days), _effect_sentence_en(e)]
    displacement = _displacement_sentence_en(e)
    if displacement is not None:
        parts.append(displacement)
    return " ".join(parts)


# ---------------------------------------------------------------- control choice


#: The days at the end of a before period checked for a peak that a measure may have been
#: chosen on: the four weeks the week's hotspots and alerts read.
PEAK_DAYS: Final[int] = 28
#: The fewest reports in those days that can make a peak (``before_peak``).
PEAK_MIN_TAIL: Final[int] = 5


@dataclass(frozen=True)
class BeforePeak:
    """The target's count in the last :data:`PEAK_DAYS` days of the before period against what
    the rest of the period predicts, with the one-sided p-value of the difference."""

    tail: int
    expected: float
    p_value: float


def before_peak(
    tail: int, rest: int, rest_days: int, *, tail_days: int = PEAK_DAYS, alpha: float = 0.05
) -> BeforePeak | None:
    """A peak at the end of the before period, or None when there is none to speak of.

    A place is often chosen for a measure when it is at its worst (an alert, a hotspot, a repeat
    place of the last four weeks), and a count at its peak tends to fall back whatever is done:
    regression to the mean, which a comparison area does not remove, since the comparison area
    was not chosen at its peak (Farrington & Welsh 2002). The before period's last ``tail_days``
    days hold ``tail`` reports and its earlier ``rest_days`` days ``rest``; under one rate the
    tail's share of the ``tail + rest`` reports is binomial with ``tail_days / (tail_days +
    rest_days)``, and the peak is the upper tail of that at ``alpha``. None when the earlier days
    are fewer than the tail's (too little to tell a peak from the level), when the tail holds
    fewer than :data:`PEAK_MIN_TAIL` reports (one report after a quiet year is no peak to warn
    of, though a binomial test over a long period can call it one) or the test does not reject.

    >>> before_peak(40, 60, 337).tail, round(before_peak(40, 60, 337).expected, 1)
    (40, 5.0)
    >>> before_peak(5, 60, 337) is None, before_peak(9, 0, 20) is None
    (True, True)
    >>> before_peak(1, 0, 600) is None, before_peak(5, 0, 600) is None
    (True, False)
    """
    if rest_days < tail_days or tail < PEAK_MIN_TAIL or rest < 0:
        return None
    from scipy import stats

    share = tail_days / (tail_days + rest_days)
    p = float(stats.binom.sf(tail - 1, tail + rest, share))
    if p >= alpha:
        return None
    return BeforePeak(tail, rest * tail_days / rest_days, p)


def suggest_control(target_before: int, candidates: Mapping[str, int]) -> str | None:
    """Suggest a comparison area whose level is closest to the target's.

    Parameters
    ----------
    target_before : int
        Events in the target area in the before period.
    candidates : Mapping[str, int]
        Candidate areas and their events in the same period.

    Returns
    -------
    str or None
        The candidate nearest in log space; ``None`` if the target count is zero
        or no candidate has a positive count.

    Notes
    -----
    Distance is ``|ln n − ln target|``, so 50 and 200 are equally far from 100:
    what matters for the ratio methods is relative level, not absolute gap.
    Zero-count areas are skipped because their ratios are undefined. Ties go to
    the alphabetically first name, so the suggestion is reproducible. Level is
    only a first filter; a good control is also similar in kind and not
    reachable by displacement.

    Examples
    --------
    >>> suggest_control(100, {"Centrum": 400, "Norr": 60, "Söder": 0})
    'Norr'
    """
    if target_before < 0 or any(n < 0 for n in candidates.values()):
        raise ValueError("counts must be non-negative")
    if target_before == 0:
        return None
    usable = [(abs(math.log(n / target_before)), name) for name, n in candidates.items() if n > 0]
    return min(usable)[1] if usable else None

"""Rates for small areas that chance does not drive to the extremes: empirical Bayes smoothing.

A district's rate from a handful of reports, or over a small population, swings by chance: one
report among 200 inhabitants is 5 per 1 000, the highest rate on a map of districts of thousands.
Marshall's global (aspatial) empirical Bayes estimator draws each area's rate toward the overall
rate, the more the less it rests on; esda computes it (``esda.smoothing.Empirical_Bayes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["SmoothedRates", "empirical_bayes"]


@dataclass(frozen=True)
class SmoothedRates:
    """Each area's smoothed rate (events per unit of population, in the input's order), the
    overall rate they are drawn toward and the estimated variance of the areas' true rates."""

    rates: tuple[float, ...]
    overall: float  # m = Σ events / Σ population
    variance: float  # s², the between-area variance estimate; ≤ 0: no differences beyond chance

    @property
    def pooled(self) -> bool:
        """The areas differ no more than chance would make them: each rate is the overall rate."""
        return self.variance <= 0


def empirical_bayes(events: Sequence[float], populations: Sequence[float]) -> SmoothedRates:
    """Marshall's global empirical Bayes rates (Marshall 1991, "Mapping disease and mortality
    rates using empirical Bayes estimators", Applied Statistics 40(2), 283–294).

    With r_i = e_i / b_i, m = Σe / Σb and b̄ the mean population, the variance of the true rates
    is estimated as s² = Σ b_i (r_i − m)² / Σb − m / b̄, the second term being what Poisson chance
    alone adds. Each area's rate is w_i r_i + (1 − w_i) m with w_i = s² / (s² + m / b_i): an area
    with a small population (large m / b_i) is drawn toward m, a large one keeps nearly its own.

    When s² ≤ 0 the areas' rates spread no more than chance would spread equal rates: w_i = 0 and
    every area gets m (``pooled``). esda does not clip s² there: its weights go negative (an area
    is pushed past m to the other side), above 1, or divide by zero, and with no events at all
    it answers NaN (0 / 0); so it is called only when s² > 0.

    >>> smoothed = empirical_bayes([1, 40, 10], [200, 10_000, 10_000])
    >>> [round(1000 * r, 2) for r in smoothed.rates], round(1000 * smoothed.overall, 2)
    ([2.85, 3.83, 1.18], 2.52)
    >>> empirical_bayes([1, 25], [200, 10_000]).pooled  # 5 and 2,5 per 1 000: within chance
    True
    """
    e = np.asarray(events, dtype=float)
    b = np.asarray(populations, dtype=float)
    if e.shape != b.shape or e.ndim != 1:
        raise ValueError("events and populations must be two lists of the same length")
    if not e.size:
        return SmoothedRates((), 0.0, 0.0)
    if (b <= 0).any() or (e < 0).any():
        raise ValueError("every population must be positive and every count at least 0")
    overall = float(e.sum() / b.sum())
    variance = float((b * (e / b - overall) ** 2).sum() / b.sum() - overall / b.mean())
    if variance <= 0:
        return SmoothedRates((overall,) * e.size, overall, variance)
    from esda.smoothing import Empirical_Bayes

    rates = Empirical_Bayes(e.reshape(-1, 1), b.reshape(-1, 1)).r
    return SmoothedRates(tuple(float(r) for r in rates.ravel()), overall, variance)

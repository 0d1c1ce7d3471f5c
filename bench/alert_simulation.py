"""Simulation study: false-alarm rate and detection of the weekly alert methods.

    .venv/bin/python bench/alert_simulation.py                 # the table in docs/statistics.md
    .venv/bin/python bench/alert_simulation.py --series 5      # a quick look

Design after Noufaily et al. (2013, Stat Med 32:1206-1222, section 4): weekly counts with mean
``mu(t) = exp(theta + beta t + gamma (cos 2 pi t / 52 + sin 2 pi t / 52))``, Poisson or negative
binomial with variance ``phi mu``; four past outbreaks in the baseline years, each of
``Poisson(k sd)`` cases (k drawn from 2..10, sd the baseline sd at its start) spread over the
following weeks with log-normal delays. The last 52 weeks are examined one by one: a false alarm is
a clean week above the threshold; detection is the share of those weeks that are above it once an
outbreak of ``Poisson(k sd)`` cases is added to the week (k = 2, 3, 5). The current week never
enters its own baseline, so one fit per week serves both questions and both levels α.

No minimum-count rule in the main table (it would hide the calibration); the last columns give the
false-alarm rate with the rule "at least 5 cases in the last 4 weeks" that the product applies.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lagesbild.core.stats.surveillance import (  # noqa: E402
    Prediction,
    ears_c1,
    farrington_prediction,
)

WEEKS = 52
TEST_WEEKS = 52
# Five years and w = 3 weeks of history before the first examined week, as Farrington needs.
LENGTH = 5 * WEEKS + 4 + TEST_WEEKS
OUTBREAK_KS = (2, 3, 5)
ALPHAS = (0.01, 0.05)
MIN_COUNT, MIN_COUNT_WEEKS = 5, 4


@dataclass(frozen=True)
class Scenario:
    """One kind of series: level in the examined year, dispersion, seasonality, trend."""

    name: str
    level: float
    phi: float
    season: float
    trend_per_year: float


SCENARIOS = (
    Scenario("Poisson, flat, μ 5", 5.0, 1.0, 0.0, 0.0),
    Scenario("Poisson, seasonal, μ 10", 10.0, 1.0, 0.4, 0.0),
    Scenario("NB φ 2, seasonal, μ 10", 10.0, 2.0, 0.4, 0.0),
    Scenario("NB φ 5, seasonal, μ 10", 10.0, 5.0, 0.4, 0.0),
    Scenario("NB φ 2, seasonal, +10 %/yr, μ 10", 10.0, 2.0, 0.4, 0.10),
    Scenario("NB φ 3, seasonal, −10 %/yr, μ 40", 40.0, 3.0, 0.4, -0.10),
    Scenario("NB φ 1.5, flat, μ 2", 2.0, 1.5, 0.0, 0.0),
    Scenario("NB φ 5, strong season, +5 %/yr, μ 40", 40.0, 5.0, 0.8, 0.05),
)


def baseline_mean(s: Scenario) -> np.ndarray:
    """Mean count of every week; ``level`` is the mean level of the examined (last) year."""
    t = np.arange(LENGTH, dtype=float)
    beta = np.log1p(s.trend_per_year) / WEEKS
    seasonal = s.season * (np.cos(2 * np.pi * t / WEEKS) + np.sin(2 * np.pi * t / WEEKS))
    return np.exp(np.log(s.level) + beta * (t - (LENGTH - 1)) + seasonal)


def draw(mu: np.ndarray, phi: float, rng: np.random.Generator) -> np.ndarray:
    """Poisson at phi = 1, else negative binomial with variance phi mu."""
    if phi <= 1.0:
        return rng.poisson(mu).astype(float)
    return rng.negative_binomial(mu / (phi - 1.0), 1.0 / phi).astype(float)


def add_past_outbreaks(
    y: np.ndarray, mu: np.ndarray, phi: float, rng: np.random.Generator, n: int = 4
) -> None:
    """Four outbreaks in the baseline years, cases spread by log-normal delays (in place)."""
    last_start = LENGTH - TEST_WEEKS - 8
    for start in rng.integers(0, last_start, size=n):
        k = rng.integers(2, 11)
        cases = rng.poisson(k * np.sqrt(phi * mu[start]))
        delays = np.floor(rng.lognormal(0.0, 0.5, size=cases)).astype(int)
        np.add.at(y, np.minimum(start + delays, LENGTH - TEST_WEEKS - 1), 1.0)


@dataclass(frozen=True)
class Method:
    """A detector: how to fit (shared between methods with the same key) and how to bound."""

    name: str
    fit_key: str
    threshold_method: str


FITS: dict[str, Callable[[np.ndarray, int], Prediction]] = {
    "classic": lambda y, t0: farrington_prediction(y, t0, reweight_threshold=1.0),
    "windows": lambda y, t0: farrington_prediction(y, t0),
    "noufaily": lambda y, t0: farrington_prediction(
        y, t0, seasonal_periods=10, past_weeks_not_included=26
    ),
}

METHODS = (
    Method("Farrington 1996 (windows, s>1, 2/3 power)", "classic", "delta"),
    Method("Flexible, windows, 2/3 power (previous default)", "windows", "delta"),
    Method("Flexible, windows, NB plug-in", "windows", "nbPlugin"),
    Method("Noufaily: 10 periods, 26 wk out, 2/3 power", "noufaily", "delta"),
    Method("Noufaily: 10 periods, 26 wk out, NB plug-in", "noufaily", "nbPlugin"),
    Method("Noufaily: 10 periods, 26 wk out, NB muan", "noufaily", "muan"),
    Method("EARS C1 (7-week baseline)", "ears", "normal"),
)


@dataclass
class Tally:
    """Counts of examined weeks, false alarms and detections for one method."""

    weeks: int = 0
    false: dict[float, int] | None = None
    false_min_count: dict[float, int] | None = None
    detected: dict[tuple[float, int], int] | None = None

    def __post_init__(self) -> None:
        self.false = {a: 0 for a in ALPHAS}
        self.false_min_count = {a: 0 for a in ALPHAS}
        self.detected = {(a, k): 0 for a in ALPHAS for k in OUTBREAK_KS}


def upper_bound(method: Method, pred: Prediction | None, y: np.ndarray, t0: int, a: float) -> float:
    """Threshold of one method at level ``a`` (a count above it is an alarm)."""
    if method.fit_key == "ears":
        return ears_c1(y, t0, a, min_count=0).upper
    assert pred is not None
    return pred.bound(a, float(y[t0]), method.threshold_method).upper  # type: ignore[arg-type]


def run_series(
    s: Scenario, rng: np.random.Generator, tallies: dict[str, Tally], totals: dict[str, Tally]
) -> None:
    """Simulate one series and tally every method over its last 52 weeks."""
    mu = baseline_mean(s)
    y = draw(mu, s.phi, rng)
    add_past_outbreaks(y, mu, s.phi, rng)
    for t0 in range(LENGTH - TEST_WEEKS, LENGTH):
        sd = np.sqrt(s.phi * mu[t0])
        extra = {k: float(rng.poisson(k * sd)) for k in OUTBREAK_KS}
        recent_ok = y[t0 - MIN_COUNT_WEEKS + 1 : t0 + 1].sum() >= MIN_COUNT
        preds = {key: fit(y, t0) for key, fit in FITS.items()}
        for m in METHODS:
            for tally in (tallies[m.name], totals[m.name]):
                tally.weeks += 1
            for a in ALPHAS:
                upper = upper_bound(m, preds.get(m.fit_key), y, t0, a)
                for tally in (tallies[m.name], totals[m.name]):
                    assert tally.false is not None and tally.false_min_count is not None
                    assert tally.detected is not None
                    alarm = y[t0] > upper
                    tally.false[a] += int(alarm)
                    tally.false_min_count[a] += int(alarm and recent_ok)
                    for k in OUTBREAK_KS:
                        tally.detected[(a, k)] += int(y[t0] + extra[k] > upper)


def percent(n: int, d: int) -> str:
    return f"{100.0 * n / d:.1f}"


def print_table(title: str, tallies: dict[str, Tally], alpha: float) -> None:
    print(f"\n#### {title} (α = {alpha})\n")
    ks = " | ".join(f"detected k={k} %" for k in OUTBREAK_KS)
    print(f"| method | weeks | false alarms % | × α | with 5-in-4 rule % | {ks} |")
    print("|---|---:|---:|---:|---:|" + "---:|" * len(OUTBREAK_KS))
    for m in METHODS:
        t = tallies[m.name]
        assert t.false is not None and t.false_min_count is not None and t.detected is not None
        ratio = t.false[alpha] / t.weeks / alpha
        det = " | ".join(percent(t.detected[(alpha, k)], t.weeks) for k in OUTBREAK_KS)
        print(
            f"| {m.name} | {t.weeks} | {percent(t.false[alpha], t.weeks)} | {ratio:.2f} | "
            f"{percent(t.false_min_count[alpha], t.weeks)} | {det} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=20, help="series per scenario")
    parser.add_argument("--seed", type=int, default=20130415)
    parser.add_argument("--per-scenario", action="store_true", help="a table per scenario too")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    began = time.perf_counter()
    totals = {m.name: Tally() for m in METHODS}
    per_scenario = {}
    for s in SCENARIOS:
        tallies = {m.name: Tally() for m in METHODS}
        for _ in range(args.series):
            run_series(s, rng, tallies, totals)
        per_scenario[s.name] = tallies
        print(f"done: {s.name} ({time.perf_counter() - began:.0f} s)", file=sys.stderr)
    print(
        f"Seed {args.seed}, {args.series} series × {TEST_WEEKS} weeks per scenario, "
        f"{len(SCENARIOS)} scenarios."
    )
    for a in ALPHAS:
        print_table("All scenarios", totals, a)
    if args.per_scenario:
        for name, tallies in per_scenario.items():
            for a in ALPHAS:
                print_table(name, tallies, a)


if __name__ == "__main__":
    main()

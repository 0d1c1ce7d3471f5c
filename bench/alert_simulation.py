"""Simulation study: false-alarm rate and detection of the weekly alert methods.

    .venv/bin/python bench/alert_simulation.py --jobs 2 --series 60   # docs/statistics.md
    .venv/bin/python bench/alert_simulation.py --series 8 --variants   # the pilot of w = 1, b = 3
    .venv/bin/python bench/alert_simulation.py --methods "previous default" "mid-p"   # a subset
    .venv/bin/python bench/alert_simulation.py --bound   # what a detector knowing μ, φ reaches

Design after Noufaily et al. (2013, Stat Med 32:1206-1222, section 4): weekly counts with mean
``mu(t) = exp(theta + beta t + gamma (cos 2 pi t / 52 + sin 2 pi t / 52))``, Poisson or negative
binomial with variance ``phi mu``; four past outbreaks in the baseline years, each of
``Poisson(k sd)`` cases (k drawn from 2..10, sd the baseline sd at its start) spread over the
following weeks with log-normal delays. The last 52 weeks are examined one by one: a false alarm is
a clean week above the threshold; detection is the share of those weeks that are above it once an
outbreak of ``Poisson(k sd)`` cases is added to the week (k = 2, 3, 5). The current week never
enters its own baseline, so one fit per week serves every threshold and level α.

Every method gives each count an upper-tail probability p (a count is above the threshold of
level α exactly when p <= α), so the same run also gives detection at a *matched* false-alarm
rate: the cut-off on p is set so that the pooled false-alarm rate of the clean weeks is α, which
compares methods at equal false alarms (muan's threshold moves with α and has no such p).
"NB mid-p" alarms when P(Y > y) + P(Y = y) / 2 <= α (Lancaster's mid-p), which removes most of
the conservatism of the discrete quantile; "NB predictive" adds the estimation error of mu0 to the
count's variance (phi mu0 + se^2), which the plug-in ignores. "trend p < 0.2" and "trend always"
loosen Farrington's rule for keeping the linear trend (p < 0.05).

``--bound`` prints the detection of a detector that knows every week's true distribution and
spends the false-alarm budget where the likelihood ratio is highest (Neyman-Pearson): no method
that estimates the distribution from the history detects more in expectation.

No minimum-count rule in the main columns (it would hide the calibration); "with 5-in-4 rule"
gives the false-alarm rate with the rule "at least 5 cases in the last 4 weeks" that the product
applies.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import special, stats

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


def _noufaily(**options: Any) -> Callable[[np.ndarray, int], Prediction]:
    """Seasonal periods with the last 26 weeks out (Noufaily et al. 2013): ten unless given."""
    settings = {"seasonal_periods": 10, "past_weeks_not_included": 26} | options
    return lambda y, t0: farrington_prediction(y, t0, **settings)


FITS: dict[str, Callable[[np.ndarray, int], Prediction]] = {
    "classic": lambda y, t0: farrington_prediction(y, t0, reweight_threshold=1.0),
    "windows": lambda y, t0: farrington_prediction(y, t0),
    "noufaily": _noufaily(),
    "noufaily_unweighted": _noufaily(reweight_threshold=None),
    "noufaily_20": _noufaily(seasonal_periods=20),
    # Looser trend rules: keep the trend when p < 0.2, or whenever it does not extrapolate
    # beyond the largest baseline count (p < 1).
    "noufaily_p20": _noufaily(p_trend=0.2),
    "noufaily_trend": _noufaily(p_trend=1.0),
}

METHODS: tuple[Method, ...] = (
    Method("Farrington 1996 (windows, s>1, 2/3 power)", "classic", "delta"),
    Method("Flexible, windows, 2/3 power (previous default)", "windows", "delta"),
    Method("Flexible, windows, NB plug-in", "windows", "nbPlugin"),
    Method("Noufaily: 10 periods, 2/3 power", "noufaily", "delta"),
    Method("Noufaily: 10 periods, NB plug-in", "noufaily", "nbPlugin"),
    Method("Noufaily: 10 periods, NB mid-p", "noufaily", "nbMidP"),
    Method("Noufaily: 10 periods, NB predictive", "noufaily", "nbPredictive"),
    Method("Noufaily: 10 periods, NB predictive mid-p (default)", "noufaily", "nbPredictiveMidP"),
    Method("Noufaily: 10 periods, NB muan", "noufaily", "muan"),
    Method("Noufaily: 10 periods, no reweighting, NB plug-in", "noufaily_unweighted", "nbPlugin"),
    Method("Noufaily: 20 periods, 2/3 power", "noufaily_20", "delta"),
    Method("Noufaily: 20 periods, NB plug-in", "noufaily_20", "nbPlugin"),
    Method("Noufaily: 20 periods, NB mid-p", "noufaily_20", "nbMidP"),
    Method("Noufaily: 20 periods, NB predictive mid-p", "noufaily_20", "nbPredictiveMidP"),
    Method("Noufaily: 10 periods, trend p < 0.2, NB plug-in", "noufaily_p20", "nbPlugin"),
    Method("Noufaily: 10 periods, trend p < 0.2, NB mid-p", "noufaily_p20", "nbMidP"),
    Method(
        "Noufaily: 10 periods, trend p < 0.2, NB predictive mid-p",
        "noufaily_p20",
        "nbPredictiveMidP",
    ),
    Method("Noufaily: 10 periods, trend always, NB plug-in", "noufaily_trend", "nbPlugin"),
    Method("Noufaily: 10 periods, trend always, NB mid-p", "noufaily_trend", "nbMidP"),
    Method(
        "Noufaily: 10 periods, trend always, NB predictive mid-p",
        "noufaily_trend",
        "nbPredictiveMidP",
    ),
    Method("EARS C1 (7-week baseline)", "ears", "normal"),
)

#: Tried in a pilot (``--variants``), not in the table: a narrower window, three years.
VARIANT_FITS: dict[str, Callable[[np.ndarray, int], Prediction]] = {
    "noufaily_w1": _noufaily(w=1),
    "noufaily_b3": _noufaily(b=3),
}
VARIANT_METHODS: tuple[Method, ...] = (
    Method("Noufaily: 10 periods, w = 1, NB plug-in", "noufaily_w1", "nbPlugin"),
    Method("Noufaily: 10 periods, w = 1, NB mid-p", "noufaily_w1", "nbMidP"),
    Method("Noufaily: 10 periods, b = 3, NB plug-in", "noufaily_b3", "nbPlugin"),
    Method("Noufaily: 10 periods, b = 3, NB mid-p", "noufaily_b3", "nbMidP"),
)


def _nb_sf(k: np.ndarray, mu: float, phi: float) -> np.ndarray:
    """P(Y > k) for the core's count distribution: NB with variance phi mu, Poisson at phi = 1."""
    k_ = np.maximum(k, 0.0)
    if phi > 1.0:  # size mu / (phi - 1), probability 1 / phi: P(Y > k) = I_{1-p}(k + 1, size)
        sf = special.betainc(k_ + 1.0, mu / (phi - 1.0), 1.0 - 1.0 / phi)
    else:
        sf = special.pdtrc(k_, mu)
    return np.where(k < 0.0, 1.0, sf)


def muan_alarms(pred: Prediction, counts: np.ndarray, alpha: float) -> np.ndarray:
    """Alarms of the muan threshold: above the quantile at mu0 shifted by z_{1-alpha} se (log)."""
    if pred.expected <= 0.0:
        return counts > 0
    z = float(stats.norm.ppf(1.0 - alpha))
    mu = pred.expected * np.exp(z * pred.se / pred.expected)
    return _nb_sf(counts - 1.0, mu, pred.phi) <= alpha


def p_values(
    method: Method, pred: Prediction | None, y: np.ndarray, t0: int, counts: np.ndarray
) -> np.ndarray:
    """Upper-tail probability of each count in ``counts`` for week ``t0``; alarm when ``p <= α``.

    The same quantity as ``Threshold.prob`` of the core (a count is above the threshold of
    level α exactly when its probability is at most α), computed for several counts at once.
    """
    if method.fit_key == "ears":
        # At level sf(1) the bound is one sd above the mean: the core's mean and floored sd.
        r = ears_c1(y, t0, float(stats.norm.sf(1.0)), min_count=0)
        sd = r.upper - r.expected
        return stats.norm.sf((counts - r.expected) / sd)
    assert pred is not None
    if pred.expected <= 0.0:
        return np.where(counts > 0, 0.0, 1.0)
    if method.threshold_method == "delta":
        return np.array([pred.bound(0.5, float(c), "delta").prob for c in counts])
    if method.threshold_method == "nbPlugin":
        return _nb_sf(counts - 1.0, pred.expected, pred.phi)
    if method.threshold_method in ("nbPredictive", "nbPredictiveMidP"):
        # The estimation error of mu0 added to the count's variance: phi mu0 + se^2.
        phi = pred.phi + pred.se**2 / pred.expected
        above = _nb_sf(counts - 1.0, pred.expected, phi)
        if method.threshold_method == "nbPredictive":
            return above
        return 0.5 * (_nb_sf(counts, pred.expected, phi) + above)
    if method.threshold_method == "nbMidP":
        return 0.5 * (
            _nb_sf(counts, pred.expected, pred.phi) + _nb_sf(counts - 1.0, pred.expected, pred.phi)
        )
    raise ValueError(method.threshold_method)


@dataclass
class Record:
    """Per examined week: p-value of the clean count and of each outbreak; alarms of muan."""

    clean: list[float]
    outbreak: dict[int, list[float]]
    alarms: dict[tuple[float, int], list[bool]]  # (alpha, k) -> alarm; k = 0 is the clean week
    recent_ok: list[bool]

    @classmethod
    def empty(cls) -> Record:
        return cls(
            [],
            {k: [] for k in OUTBREAK_KS},
            {(a, k): [] for a in ALPHAS for k in (0, *OUTBREAK_KS)},
            [],
        )

    def extend(self, other: Record) -> None:
        self.clean += other.clean
        self.recent_ok += other.recent_ok
        for k in OUTBREAK_KS:
            self.outbreak[k] += other.outbreak[k]
        for key in self.alarms:
            self.alarms[key] += other.alarms[key]

    def alarm_rate(self, alpha: float, k: int) -> float:
        """Share of weeks with an alarm at nominal level alpha (k = 0: clean weeks)."""
        return float(np.mean(self.alarms[(alpha, k)]))

    def false_with_rule(self, alpha: float) -> float:
        return float(np.mean(np.array(self.alarms[(alpha, 0)]) & np.array(self.recent_ok)))

    def matched(self, alpha: float) -> tuple[float, dict[int, float]] | None:
        """Detection when the level is tuned so that the empirical false-alarm rate is α.

        The cut-off is the largest p-value c with share(clean p <= c) <= α (discrete p-values
        may leave the achieved rate below α); returns the achieved rate and detection per k.
        """
        if not self.clean:
            return None
        clean = np.sort(np.asarray(self.clean))
        n_allowed = int(np.floor(alpha * clean.size))
        # c just below the (n_allowed+1)-th smallest p-value, so at most n_allowed clean alarms.
        c = np.nextafter(clean[n_allowed], -np.inf) if n_allowed < clean.size else 1.0
        achieved = float(np.mean(clean <= c))
        return achieved, {k: float(np.mean(np.asarray(self.outbreak[k]) <= c)) for k in OUTBREAK_KS}


def run_series(s: Scenario, rng: np.random.Generator, records: dict[str, Record]) -> None:
    """Simulate one series and record every method over its last 52 weeks."""
    mu = baseline_mean(s)
    y = draw(mu, s.phi, rng)
    add_past_outbreaks(y, mu, s.phi, rng)
    for t0 in range(LENGTH - TEST_WEEKS, LENGTH):
        sd = np.sqrt(s.phi * mu[t0])
        extra = {k: float(rng.poisson(k * sd)) for k in OUTBREAK_KS}
        counts = np.array([y[t0]] + [y[t0] + extra[k] for k in OUTBREAK_KS])
        recent_ok = bool(y[t0 - MIN_COUNT_WEEKS + 1 : t0 + 1].sum() >= MIN_COUNT)
        keys = {m.fit_key for m in METHODS} - {"ears"}
        preds = {key: FITS[key](y, t0) for key in keys}
        for m in METHODS:
            rec = records[m.name]
            pred = preds.get(m.fit_key)
            rec.recent_ok.append(recent_ok)
            if m.threshold_method == "muan":
                assert pred is not None
                for a in ALPHAS:
                    for k, alarm in zip(
                        (0, *OUTBREAK_KS), muan_alarms(pred, counts, a), strict=True
                    ):
                        rec.alarms[(a, k)].append(bool(alarm))
                continue
            p = p_values(m, pred, y, t0, counts)
            rec.clean.append(float(p[0]))
            for k, pk in zip(OUTBREAK_KS, p[1:], strict=True):
                rec.outbreak[k].append(float(pk))
            for a in ALPHAS:
                for k, pk in zip((0, *OUTBREAK_KS), p, strict=True):
                    rec.alarms[(a, k)].append(bool(pk <= a))


def run_scenario(task: tuple[int, int, int]) -> dict[str, Record]:
    """Every series of one scenario, from its own seed (the scenario's index beside the seed)."""
    seed, index, series = task
    rng = np.random.default_rng([seed, index])
    records = {m.name: Record.empty() for m in METHODS}
    for _ in range(series):
        run_series(SCENARIOS[index], rng, records)
    print(f"done: {SCENARIOS[index].name}", file=sys.stderr)
    return records


def print_table(title: str, records: dict[str, Record], alpha: float) -> None:
    print(f"\n#### {title} (α = {alpha})\n")
    ks = " | ".join(f"detected k={k} %" for k in OUTBREAK_KS)
    mk = " | ".join(f"k={k} at FAR α %" for k in OUTBREAK_KS)
    print(f"| method | weeks | false alarms % | × α | with 5-in-4 rule % | {ks} | {mk} |")
    print("|---|---:|---:|---:|---:|" + "---:|" * 2 * len(OUTBREAK_KS))
    for m in METHODS:
        r = records[m.name]
        far = r.alarm_rate(alpha, 0)
        det = " | ".join(f"{100 * r.alarm_rate(alpha, k):.1f}" for k in OUTBREAK_KS)
        matched = r.matched(alpha)
        md = (
            " | ".join(f"{100 * matched[1][k]:.1f}" for k in OUTBREAK_KS)
            if matched
            else " | ".join("–" for _ in OUTBREAK_KS)
        )
        print(
            f"| {m.name} | {len(r.recent_ok)} | {100 * far:.1f} | {far / alpha:.2f} | "
            f"{100 * r.false_with_rule(alpha):.1f} | {det} | {md} |"
        )


def print_per_scenario(per_scenario: dict[str, dict[str, Record]], alpha: float, k: int) -> None:
    """One row per method, one column per scenario: false alarms × α (k = 0) or detection %."""
    what = "false alarms × α" if k == 0 else f"detected k={k} %"
    print(f"\n#### Per scenario, {what} (α = {alpha})\n")
    print("| method | " + " | ".join(per_scenario) + " |")
    print("|---|" + "---:|" * len(per_scenario))
    for m in METHODS:
        cells = []
        for records in per_scenario.values():
            rate = records[m.name].alarm_rate(alpha, k)
            cells.append(f"{rate / alpha:.2f}" if k == 0 else f"{100 * rate:.1f}")
        print(f"| {m.name} | " + " | ".join(cells) + " |")


def _null_and_outbreak_pmf(
    mu: float, phi: float, k: int, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities of 0..size-1 for a clean week and for one with Poisson(k sd) added."""
    y = np.arange(size)
    if phi > 1.0:
        clean = stats.nbinom.pmf(y, mu / (phi - 1.0), 1.0 / phi)
    else:
        clean = stats.poisson.pmf(y, mu)
    extra = stats.poisson.pmf(y, k * np.sqrt(phi * mu))
    return clean, np.convolve(clean, extra)[:size]


def detection_bound(s: Scenario, k: int, far: float, size: int = 3000) -> float:
    """Highest expected detection of any detector whose false alarms in ``s`` average ``far``.

    A detector that knows every week's true distribution and spends the false-alarm budget of
    the 52 examined weeks where the likelihood ratio outbreak/clean is highest (Neyman-Pearson
    over all weeks and counts together, randomised at the margin). No method that estimates the
    mean and dispersion from the history can do better in expectation, since the examined
    week's count is independent of the history.
    """
    mu = baseline_mean(s)[LENGTH - TEST_WEEKS :]
    pairs = [_null_and_outbreak_pmf(float(m), s.phi, k, size) for m in mu]
    clean = np.concatenate([p[0] for p in pairs])
    outbreak = np.concatenate([p[1] for p in pairs])
    with np.errstate(divide="ignore", invalid="ignore"):
        order = np.argsort(-np.where(clean > 0.0, outbreak / clean, np.inf))
    spent, found = np.cumsum(clean[order]), np.cumsum(outbreak[order])
    budget = far * mu.size
    i = int(np.searchsorted(spent, budget))
    before_spent = spent[i - 1] if i else 0.0
    before_found = found[i - 1] if i else 0.0
    margin = (budget - before_spent) / clean[order][i]
    return float((before_found + margin * outbreak[order][i]) / mu.size)


def print_bound() -> None:
    """Detection bound per scenario and pooled at false alarms α, 1.2 α and 1.38 α."""
    for alpha in ALPHAS:
        print(f"\n#### Detection bound (knows μ and φ; α = {alpha})\n")
        print("| false alarms | k | pooled % | " + " | ".join(s.name for s in SCENARIOS) + " |")
        print("|---|---:|---:|" + "---:|" * len(SCENARIOS))
        for factor in (1.0, 1.2, 1.38):
            for k in OUTBREAK_KS:
                cells = [100 * detection_bound(s, k, factor * alpha) for s in SCENARIOS]
                row = " | ".join(f"{c:.1f}" for c in cells)
                print(f"| {factor:.2f} × α | {k} | {np.mean(cells):.1f} | {row} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=20, help="series per scenario")
    parser.add_argument("--seed", type=int, default=20130415)
    parser.add_argument("--jobs", type=int, default=1, help="processes (same result for any)")
    parser.add_argument("--variants", action="store_true", help="also w = 1 and b = 3 (pilot)")
    parser.add_argument(
        "--methods",
        nargs="+",
        metavar="TEXT",
        help="only the methods whose name contains one of these texts (fits only what they need)",
    )
    parser.add_argument(
        "--bound",
        action="store_true",
        help="only the detection bound of a detector that knows μ, φ",
    )
    args = parser.parse_args()
    if args.bound:
        print_bound()
        return
    global METHODS
    if args.variants:
        FITS.update(VARIANT_FITS)
        METHODS = METHODS + VARIANT_METHODS
    if args.methods:
        METHODS = tuple(m for m in METHODS if any(text in m.name for text in args.methods))
        if not METHODS:
            parser.error("no method name contains any of --methods")
    began = time.perf_counter()
    tasks = [(args.seed, i, args.series) for i in range(len(SCENARIOS))]
    with multiprocessing.Pool(args.jobs) as pool:
        results = pool.map(run_scenario, tasks)
    print(f"{time.perf_counter() - began:.0f} s", file=sys.stderr)
    totals = {m.name: Record.empty() for m in METHODS}
    per_scenario = {}
    for s, records in zip(SCENARIOS, results, strict=True):
        for name, rec in records.items():
            totals[name].extend(rec)
        per_scenario[s.name] = records
    print(
        f"Seed {args.seed}, {args.series} series × {TEST_WEEKS} weeks per scenario, "
        f"{len(SCENARIOS)} scenarios."
    )
    for a in ALPHAS:
        print_table("All scenarios", totals, a)
    for a in ALPHAS:
        print_per_scenario(per_scenario, a, 0)
    for k in OUTBREAK_KS:
        print_per_scenario(per_scenario, ALPHAS[0], k)


if __name__ == "__main__":
    main()

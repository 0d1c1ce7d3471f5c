"""Timing and printing shared by the benchmarks: every figure is printed beside its baseline."""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def per_call(function: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Return the median seconds per call over ``repeat`` rounds of ``number`` calls."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds)


def timed(function: Callable[[], T]) -> tuple[T, float]:
    """Call ``function`` once; return its result and the seconds it took."""
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def peak_memory(function: Callable[[], object]) -> int:
    """Return the peak bytes Python allocated while ``function`` ran (tracemalloc)."""
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def report(name: str, measured: float, baseline: float, baseline_name: str) -> None:
    """Print a time per operation beside its baseline's (the pure-core benchmarks' format)."""
    print(
        f"{name:<38} {measured * 1e6:>10.1f} µs   "
        f"{baseline_name:<30} {baseline * 1e6:>10.1f} µs   "
        f"ratio {measured / baseline:6.1f}",
        flush=True,
    )


def figure(
    label: str, name: str, value: float, unit: str, baseline_name: str, baseline: float
) -> None:
    """Print one figure and its baseline from the same run; ratio = figure / baseline."""
    ratio = value / baseline if baseline else float("nan")
    print(
        f"[{label}] {name:<34} {value:>11.3f} {unit:<6} | "
        f"{baseline_name:<34} {baseline:>11.3f} {unit:<6} | ratio {ratio:8.3f}",
        flush=True,
    )


def note(label: str, text: str) -> None:
    """Print a line without a baseline (a size, a skipped part and why)."""
    print(f"[{label}] {text}", flush=True)


def section(title: str) -> None:
    print(f"\n== {title}", flush=True)
    sys.stdout.flush()

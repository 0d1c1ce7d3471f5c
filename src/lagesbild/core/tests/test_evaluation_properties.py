"""Property tests: evaluating any non-negative counts never raises nor yields NaN/inf."""

from __future__ import annotations

import dataclasses
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from lagesbild.core.stats.evaluation import (
    Displacement,
    EvaluationCounts,
    Verdict,
    describe_en,
    describe_sv,
    evaluate,
)

# Up to a billion events per cell covers any municipality with room to spare.
count = st.integers(min_value=0, max_value=10**9)
small = st.integers(min_value=0, max_value=30)
cell = st.one_of(small, count)


@st.composite
def evaluation_counts(draw: st.DrawFn) -> EvaluationCounts:
    target_before, target_after, control_before, control_after = (draw(cell) for _ in range(4))
    main = (target_before, target_after, control_before, control_after)
    if not draw(st.booleans()):
        return EvaluationCounts(*main)
    buffer_before, buffer_after = draw(cell), draw(cell)
    if not draw(st.booleans()):
        return EvaluationCounts(*main, buffer_before, buffer_after)
    return EvaluationCounts(*main, buffer_before, buffer_after, draw(cell), draw(cell))


def _leaves(obj: object) -> list[object]:
    values: list[object] = []
    for field in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, field.name)
        if dataclasses.is_dataclass(value):
            values.extend(_leaves(value))
        else:
            values.append(value)
    return values


@settings(max_examples=400, deadline=None)
@given(evaluation_counts(), st.integers(min_value=0, max_value=50))
def test_evaluate_never_raises_and_every_number_is_finite_or_none(
    counts: EvaluationCounts, min_events: int
) -> None:
    e = evaluate(counts, min_events=min_events)
    for value in _leaves(e):
        if isinstance(value, float):
            assert math.isfinite(value)
        else:
            # Counts are ints, verdicts enums, reasons strings: no stray numpy types.
            assert value is None or isinstance(value, int | str | bool)
    assert describe_sv(e) and describe_en(e)


@settings(max_examples=200, deadline=None)
@given(evaluation_counts())
def test_a_zero_main_cell_always_means_too_few_events(counts: EvaluationCounts) -> None:
    zero = 0 in (
        counts.target_before,
        counts.target_after,
        counts.control_before,
        counts.control_after,
    )
    if zero:
        assert evaluate(counts, min_events=0).verdict is Verdict.TOO_FEW_EVENTS


@settings(max_examples=200, deadline=None)
@given(evaluation_counts())
def test_a_displacement_verdict_other_than_not_applicable_needs_a_buffer_and_a_wdq(
    counts: EvaluationCounts,
) -> None:
    e = evaluate(counts)
    if e.displacement is not Displacement.NOT_APPLICABLE:
        assert e.wdq is not None and e.wdq.wdq is not None

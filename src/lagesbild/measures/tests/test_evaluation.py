"""A measure's evaluation through the app: counting, the frozen baseline, the suggested control."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from lagesbild.areas.models import Area
from lagesbild.categories.models import Category
from lagesbild.core.stats.evaluation import Displacement, Verdict
from lagesbild.core.tests.known import all_known, known
from lagesbild.measures.evaluation import (
    EvaluationInput,
    Period,
    default_periods,
    evaluate_measure,
    set_up_evaluation,
)
from lagesbild.measures.models import MeasureEvaluation
from lagesbild.measures.services import update_measure
from lagesbild.measures.tests.helpers import AFTER, BEFORE, bulk_reports, district, make_measure
from lagesbild.reports.models import Report
from lagesbild.testing import Cast


def set_up(cast: Cast, measure, **fields: Any) -> MeasureEvaluation:
    data = EvaluationInput(target_area=cast.norr, before=BEFORE, after=AFTER)
    return set_up_evaluation(measure, replace(data, **fields), cast.cecilia)


def test_the_worked_counts_give_the_hand_computed_res_interval_and_wdq(cast: Cast, worked) -> None:
    measure = make_measure(cast, "Belysning i Norr", status="proposed")
    set_up(cast, measure, control_area=cast.soder, buffer_area=worked)
    result = evaluate_measure(measure)

    c = result.counts
    assert (c.target_before, c.target_after, c.control_before, c.control_after) == (
        207,
        110,
        308,
        318,
    )
    assert (c.buffer_before, c.buffer_after) == (178, 157)
    r = result.relative_effect
    res, ci_low, ci_high = all_known([r.res, r.ci_low, r.ci_high])
    assert (round(res, 3), round(ci_low, 3), round(ci_high, 3)) == (1.943, 1.469, 2.569)
    wdq = known(result.wdq)
    assert round(known(wdq.wdq), 3) == 0.258
    assert round(known(wdq.total_net_effect), 1) == 130.5
    assert result.difference_in_differences.estimate == -107
    # WDQ 0.258 is Bowers & Johnson's diffusion, but the buffer's 178 -> 157 may be chance.
    assert (result.verdict, result.displacement) == (Verdict.EFFECT, Displacement.UNCLEAR)

    stored = MeasureEvaluation.objects.get(measure=measure).result
    assert stored["evaluation"]["verdict"] == "effect"
    assert round(stored["evaluation"]["relative_effect"]["res"], 3) == 1.943
    assert round(stored["evaluation"]["wdq"]["wdq"], 3) == 0.258
    assert stored["areas"] == {"target": "Norr", "control": "Söder", "buffer": "Mellan"}
    assert stored["text_sv"].startswith("I målområdet minskade antalet från 207 till 110")
    assert "Minskningen är statistiskt säkerställd." in stored["text_sv"]


def test_rejected_merged_sensitive_and_unchosen_reports_are_not_counted(cast: Cast) -> None:
    bulk_reports(cast, cast.norr, 30, BEFORE)
    bulk_reports(cast, cast.norr, 5, BEFORE, review_status=Report.Review.REJECTED)
    bulk_reports(cast, cast.norr, 4, BEFORE, review_status=Report.Review.MERGED)
    bulk_reports(cast, cast.norr, 6, BEFORE, category="narkotika_forsaljning")  # sensitive
    bulk_reports(cast, cast.norr, 7, BEFORE, category="bostadsinbrott")  # not chosen
    bulk_reports(cast, cast.norr, 3, Period(date(2022, 6, 1), date(2022, 6, 30)))  # too early
    for area in (cast.norr, cast.soder):
        bulk_reports(cast, area, 25, AFTER)
    bulk_reports(cast, cast.soder, 40, BEFORE)
    measure = make_measure(cast, status="proposed")
    categories = (Category.objects.get(code="skadegorelse"), Category.objects.get(code="narkotika"))
    set_up(cast, measure, control_area=cast.soder, categories=categories)
    counts = evaluate_measure(measure).counts
    assert (counts.target_before, counts.target_after) == (30, 25)


def test_zero_or_tiny_counts_give_the_honest_too_few_events_answer(cast: Cast) -> None:
    far = district(cast, "fjarran", 13.1, 56.1)
    bulk_reports(cast, cast.norr, 3, AFTER)
    bulk_reports(cast, far, 40, BEFORE)
    bulk_reports(cast, far, 38, AFTER)
    measure = make_measure(cast, status="proposed")
    set_up(cast, measure, control_area=far, buffer_metres=300)
    result = evaluate_measure(measure)
    assert result.verdict == Verdict.TOO_FEW_EVENTS
    assert result.relative_effect.res is None
    stored = MeasureEvaluation.objects.get(measure=measure).result
    json.dumps(stored, allow_nan=False)  # no NaN or infinity anywhere
    assert stored["text_sv"] == (
        "För få händelser för att kunna säga något om effekten (0 före och 3 efter)."
    )
    values = [v for v in stored["evaluation"]["relative_effect"].values() if isinstance(v, float)]
    assert all(math.isfinite(v) for v in values)


def test_the_baseline_freezes_when_the_measure_is_decided_and_later_reports_do_not_move_it(
    cast: Cast, worked
) -> None:
    measure = make_measure(cast, status="proposed")
    setup = set_up(cast, measure, control_area=cast.soder, buffer_area=worked)
    assert not setup.is_frozen  # a proposal's baseline may still change

    update_measure(measure, {"status": "decided"}, cast.cecilia)
    setup.refresh_from_db()
    assert setup.is_frozen
    frozen = setup.frozen_baseline
    assert frozen["totals"] == {"target": 207, "control": 308, "buffer": 178}
    assert frozen["by_category"] == {"skadegorelse": {"target": 207, "control": 308, "buffer": 178}}

    # A late report into the before period, and a correction that moves one out of it.
    bulk_reports(cast, cast.norr, 12, BEFORE)
    Report.objects.filter(area=cast.soder, occurred_from__year=2023).first().delete()
    update_measure(measure, {"status": "ongoing"}, cast.cecilia)
    result = evaluate_measure(measure)
    setup.refresh_from_db()
    assert setup.frozen_baseline == frozen
    assert (result.counts.target_before, result.counts.control_before) == (207, 308)


def test_an_evaluation_set_up_for_a_decided_measure_is_frozen_at_set_up(cast: Cast, worked) -> None:
    measure = make_measure(cast, status="decided")
    setup = set_up(cast, measure, control_area=cast.soder)
    assert setup.is_frozen and setup.frozen_baseline["totals"]["target"] == 207
    assert setup.frozen_baseline["totals"]["buffer"] is None


def test_without_a_control_the_district_of_most_similar_level_outside_the_buffer_is_suggested(
    cast: Cast, mellan: Area
) -> None:
    oster = district(cast, "oster", 13.02, 56.0)
    vaster = district(cast, "vaster", 12.98, 56.0)
    for area, n in ((cast.norr, 100), (cast.soder, 150), (oster, 60), (vaster, 400), (mellan, 100)):
        bulk_reports(cast, area, n, BEFORE)
    measure = make_measure(cast, status="proposed")
    # Mellan has exactly the target's level, but it is the buffer: displacement could reach it.
    setup = set_up(cast, measure, buffer_area=mellan)
    assert (setup.control_area, setup.control_suggested) == (cast.soder, True)
    # A 400 m ring around Norr reaches into both its neighbours, Mellan and Söder.
    setup = set_up(cast, measure, buffer_metres=400)
    assert setup.control_area == oster
    assert list(measure.changes.filter(changes__has_key="evaluation"))


def test_a_ring_buffer_counts_reports_by_their_point_around_the_target(cast: Cast) -> None:
    def points(lat: float, lon: float, n: int, period: Period) -> None:
        bulk_reports(cast, None, n, period, latitude=lat, longitude=lon)

    # Norr spans lat 56.01–56.02, lon 13.00–13.01; 0.002° of latitude is about 220 m.
    points(56.022, 13.005, 25, BEFORE)  # 220 m north of Norr: in a 300 m ring
    points(56.022, 13.005, 15, AFTER)
    points(56.03, 13.005, 50, BEFORE)  # over 1 km north: outside
    points(56.015, 13.005, 9, BEFORE)  # inside Norr itself: not the ring
    far = district(cast, "fjarran", 13.1, 56.1)  # Söder borders Norr, so the ring reaches it
    bulk_reports(cast, far, 30, BEFORE)
    bulk_reports(cast, far, 30, AFTER)
    measure = make_measure(cast, status="proposed")
    set_up(cast, measure, control_area=far, buffer_metres=300)
    counts = evaluate_measure(measure).counts
    assert (counts.buffer_before, counts.buffer_after) == (25, 15)


def test_invalid_set_ups_are_refused_with_a_reason(cast: Cast, mellan: Area) -> None:
    measure = make_measure(cast, status="proposed")
    other_area = Area.objects.get(municipality=cast.other_municipality)
    cases: list[tuple[dict[str, object], str]] = [
        ({"control_area": other_area}, "control_area"),
        ({"control_area": cast.norr}, "control_area"),  # the target itself
        (
            {"control_area": cast.soder, "after": Period(date(2023, 6, 1), date(2023, 12, 1))},
            "after_start",
        ),
        (
            {"control_area": cast.soder, "buffer_area": mellan, "buffer_metres": 200},
            "buffer_metres",
        ),
        ({"control_area": cast.soder, "buffer_metres": 10}, "buffer_metres"),
        ({"control_area": mellan, "buffer_metres": 500}, "control_area"),  # inside the ring
        (
            {"control_area": cast.soder, "categories": [Category.objects.get(code="organiserad")]},
            "categories",
        ),
        ({}, "control_area"),  # no reports: nothing to suggest from
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as caught:
            set_up(cast, measure, **fields)
        assert field in caught.value.error_dict, (fields, caught.value)
    assert not MeasureEvaluation.objects.exists()


def test_only_coordinators_and_admins_set_up_an_evaluation(cast: Cast) -> None:
    measure = make_measure(cast, owner=cast.polisen)
    data = EvaluationInput(cast.norr, BEFORE, AFTER, control_area=cast.soder)
    for user in (cast.anders, cast.sara, cast.rut):
        with pytest.raises(PermissionDenied):
            set_up_evaluation(measure, data, user)


def test_the_default_periods_are_the_year_before_the_start_and_the_time_since() -> None:
    before, after = default_periods(date(2024, 3, 1), today=date(2024, 9, 15))
    assert before == Period(date(2023, 3, 1), date(2024, 2, 29))
    assert after == Period(date(2024, 3, 1), date(2024, 9, 15))
    assert default_periods(date(2024, 2, 29), date(2024, 3, 1))[0].start == date(2023, 2, 28)


def test_the_evaluate_command_prints_the_result_as_json_and_as_text(cast: Cast, worked) -> None:
    measure = make_measure(cast, "Belysning i Norr")
    set_up(cast, measure, control_area=cast.soder, buffer_area=worked)
    out = StringIO()
    call_command("evaluate", str(measure.pk), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["measure"] == {"id": measure.pk, "title": "Belysning i Norr"}
    assert data["baseline_frozen"] is True
    assert data["periods"] == {
        "before": ["2023-01-01", "2023-12-31"],
        "after": ["2024-01-01", "2024-12-31"],
        "before_counted": ["2023-01-01", "2023-12-31"],
        "after_counted": ["2024-01-01", "2024-12-31"],
    }
    assert round(data["evaluation"]["relative_effect"]["ci_low"], 3) == 1.469
    assert data["evaluation"]["displacement"] == "unclear"

    out = StringIO()
    call_command("evaluate", str(measure.pk), stdout=out)
    text = out.getvalue()
    assert "target   Norr: 207 → 110" in text and "bedömning: effect" in text


def test_the_evaluate_command_explains_a_missing_measure_or_set_up(cast: Cast) -> None:
    with pytest.raises(CommandError, match="no measure 999"):
        call_command("evaluate", "999")
    measure = make_measure(cast)
    with pytest.raises(CommandError, match="ingen utvärdering"):
        call_command("evaluate", str(measure.pk))
